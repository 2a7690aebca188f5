"""Suggestions of canonical agency and area names for what a person has typed so far: a
prefix ("สำนักงานพัฒ"), an abbreviation with or without its dots ("พช", "สสอ.ทุ่ง"), or a
place ("ต.ท่า", "หมู่ 3 ท่าซัก"); when nothing matches, the names a Thai typing slip away
("อบต.ปากพูล" → อบต.ปากพูน, "สาธารณะสุข" → สาธารณสุข). Used by `wongrian new` (pick lists and Tab completion)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..agencies import PLACEHOLDER, local_unit
from ..areas import MARKERS, ResolveError, parse_area_reference
from ..model import Agency, Area
from ..registry import Resolvers
from ..spelling import nearest
from ..thai import squash

LIMIT = 9
EXACT, PREFIX, ABBREVIATION, INSIDE, SPELLING = range(5)  # how well a typed text matches a name


@dataclass(frozen=True)
class Choice:
    """One suggestion: the canonical name to write, how it is shown, and its id."""

    write: str
    label: str
    id: str


def _dotless(key: str) -> str:
    return key.replace(".", "")


def match_rank(typed: str, name: str) -> int | None:
    """How `name` (a squashed key) matches `typed` (squashed), or None."""
    if not typed:
        return None
    if name == typed or _dotless(name) == _dotless(typed) and _dotless(typed):
        return EXACT
    if name.startswith(typed):
        return PREFIX
    if _dotless(typed) and _dotless(name).startswith(_dotless(typed)):
        return ABBREVIATION
    if len(typed) >= 2 and typed in name:
        return INSIDE
    return None


class Suggester:
    """Suggests agencies and areas of one project's registries."""

    def __init__(self, resolvers: Resolvers):
        self.resolvers = resolvers
        self.registry = resolvers.registry
        self.agency_names = [(squash(n), a) for a in self.registry.agencies.values()
                             for n in (a.name_th, a.abbr_th, *a.aliases, *a.former)
                             if n and not PLACEHOLDER.search(n)]
        self.area_names = [(level, key, area_id)
                           for (level, key), ids in resolvers.areas.by_name.items() for area_id in ids]

    # -- agencies ---------------------------------------------------------------------------

    def agencies(self, text: str, limit: int = LIMIT) -> list[Choice]:
        """Agencies and local units whose names match `text`, best first."""
        typed = squash(text)
        ranked: dict[str, tuple[tuple, Choice]] = {}
        for key, agency in self.agency_names:
            rank = match_rank(typed, key)
            if rank is not None:
                _keep(ranked, (rank, len(key), agency.id), self.agency_choice(agency))
        for rank, choice in self.local_units(text):
            _keep(ranked, (rank, len(choice.write), choice.id), choice)
        if not ranked:
            for order, name in enumerate(self.resolvers.agencies.nearest(text)):
                choice = self._named_choice(name)
                if choice:
                    _keep(ranked, (SPELLING, order, choice.id), choice)
        return _best(ranked, limit)

    def _named_choice(self, name: str) -> Choice | None:
        """The choice for a name the registry resolves (a spelling suggestion)."""
        agency_id = self._resolves_agency(name)
        if agency_id in self.registry.agencies:
            return self.agency_choice(self.registry.agencies[agency_id])
        for _, choice in self.local_units(name):
            if choice.id == agency_id:
                return choice
        return None

    def agency_choice(self, agency: Agency) -> Choice:
        """A registry agency: its Thai name (a template: its abbreviation, bound to the
        story's one area of that level)."""
        if agency.placeholder:
            where = {"tambon": "ตำบล", "amphoe": "อำเภอ"}[agency.placeholder]
            name = PLACEHOLDER.sub("…", agency.name_th)
            plain = [n for n in (*agency.aliases, agency.name_th) if not PLACEHOLDER.search(n)]
            write = next((n for n in plain if self._resolves_agency(n) == agency.id), agency.id)
            return Choice(write, f"{agency.abbr_th or write} — {name} ของ{where}ในบันทึก "
                                 f"(หรือพิมพ์ต่อด้วยชื่อ{where})", agency.id)
        abbr = f" ({agency.abbr_th})" if agency.abbr_th and agency.abbr_th != agency.name_th else ""
        return Choice(agency.name_th, agency.name_th + abbr, agency.id)

    def local_units(self, text: str) -> list[tuple[int, Choice]]:
        """'อบต.ท่า' → the อบต. of every tambon whose name starts with 'ท่า'."""
        typed = squash(text)
        found = []
        for prefix, template_id in self.resolvers.agencies.prefixes:
            for typed_key, prefix_key in ((typed, prefix), (_dotless(typed), _dotless(prefix))):
                rest = typed_key[len(prefix_key):]
                if typed_key.startswith(prefix_key) and rest:
                    template = self.registry.agencies[template_id]
                    found += [(rank, self.unit_choice(template, area))
                              for rank, area in self._areas(rest, (template.placeholder,))]
                    break
        return found

    def unit_choice(self, template: Agency, area: Area) -> Choice:
        registry = self.registry
        unit = local_unit(template, area, registry.agencies, registry.ancestors(area.id))
        where = self.resolvers.areas.full_label(area.id)
        write = unit.name_th
        if self._resolves_agency(write) != unit.id:
            write = f"{unit.name_th} {where.split(' ', 1)[1]}" if " " in where else unit.id
        return Choice(write, f"{unit.name_th} ({unit.abbr_th}) — {where}", unit.id)

    def _resolves_agency(self, text: str) -> str | None:
        try:
            return self.resolvers.agencies.resolve(text)
        except ResolveError:
            return None

    # -- areas ------------------------------------------------------------------------------

    def areas(self, text: str, limit: int = LIMIT) -> list[Choice]:
        """Areas whose names match `text` (markers like ต. อ. หมู่ narrow the level)."""
        ranked: dict[str, tuple[tuple, Choice]] = {}
        exact = self._resolves_area(text)
        if exact:
            _keep(ranked, (EXACT - 1, 0, exact), self.area_choice(exact))
        parts = parse_area_reference(text)
        if parts.village:
            for choice in self.villages(parts):
                _keep(ranked, (PREFIX, 0, choice.id), choice)
            return _best(ranked, limit)
        levels, typed = ("tambon", "amphoe", "province"), parts.bare
        for level in ("tambon", "amphoe", "province"):
            if getattr(parts, level):
                levels, typed = (level,), getattr(parts, level)
                break
        for rank, area in self._areas(squash(typed), levels):
            _keep(ranked, (rank, len(area.name_th), area.id), self.area_choice(area.id))
        if not ranked and typed:
            for order, area in enumerate(self._near_areas(MARKERS.sub("", typed), levels)):
                _keep(ranked, (SPELLING, order, area.id), self.area_choice(area.id))
        return _best(ranked, limit)

    def _near_areas(self, typed: str, levels: tuple[str, ...]) -> list[Area]:
        """Areas whose names are a Thai typing slip away from `typed` ('ปากพูล' → ปากพูน)."""
        areas = [self.registry.areas[i] for level, _, i in self.area_names if level in levels]
        names = sorted({a.name_th for a in areas})
        return [a for name in nearest(typed, names, n=LIMIT) for a in sorted(areas, key=lambda a: a.id)
                if a.name_th == name]

    def area_choice(self, area_id: str) -> Choice:
        label = self.resolvers.areas.full_label(area_id)
        return Choice(label, f"{label} (รหัส {area_id})", area_id)

    def villages(self, parts) -> list[Choice]:
        """'หมู่ 3 ท่าซัก' → village 3 of each tambon named like 'ท่าซัก' that has one."""
        number = re.match(r"\s*(\d+)\s*(.*)", parts.village)
        if not number:
            return []
        tambon = parts.tambon or number.group(2) or parts.bare
        found = []
        for _, area in self._areas(squash(tambon), ("tambon",)):
            code = f"{area.id}{int(number.group(1)):02d}"
            if code in self.registry.areas:
                label = self.resolvers.areas.full_label(code)
                found.append(Choice(label, f"{label} (รหัส {code})", code))
        return found

    def _areas(self, typed: str, levels: tuple[str, ...]) -> list[tuple[int, Area]]:
        typed = MARKERS.sub("", typed) if typed else typed
        found = []
        for level, key, area_id in self.area_names:
            rank = match_rank(typed, key) if level in levels else None
            if rank is not None:
                found.append((rank, self.registry.areas[area_id]))
        return sorted(found, key=lambda x: (x[0], len(x[1].name_th), x[1].id))

    def _resolves_area(self, text: str) -> str | None:
        try:
            return self.resolvers.areas.resolve(text) if text.strip() else None
        except ResolveError:
            return None

    # -- completion -------------------------------------------------------------------------

    def completions(self, kind: str, text: str) -> list[str]:
        """Names that continue `text` exactly (for Tab completion), shortest first."""
        if kind == "agencies":
            names = {n for a in self.registry.agencies.values()
                     for n in (a.name_th, a.abbr_th, *a.aliases) if n and not PLACEHOLDER.search(n)}
            names |= {_written_unit(text, c) for _, c in self.local_units(text)}
        else:
            names = {c.write for c in self.areas(text, limit=50)}
        return sorted((n for n in names if n and n.startswith(text)), key=lambda n: (len(n), n))


def _written_unit(text: str, choice: Choice) -> str:
    """The local unit written the way the person started it: 'อบต.ท่า' → 'อบต.ท่าซัก'."""
    place = choice.label.split(" — ", 1)[1].split(" ", 1)[0]
    name = re.sub(r"^[ตอจ]\.", "", place)
    prefix = text.rstrip()
    for cut in range(len(prefix), -1, -1):
        if name.startswith(prefix[cut:].strip()) and prefix[cut:].strip():
            return prefix[:cut] + name
    return ""


def _keep(ranked: dict[str, tuple[tuple, Choice]], rank: tuple, choice: Choice) -> None:
    if choice.id not in ranked or rank < ranked[choice.id][0]:
        ranked[choice.id] = (rank, choice)


def _best(ranked: dict[str, tuple[tuple, Choice]], limit: int) -> list[Choice]:
    return [c for _, c in sorted(ranked.values(), key=lambda rc: rc[0])][:limit]
