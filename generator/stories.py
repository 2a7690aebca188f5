"""Validating raw stories into typed Story objects, every reference resolved to an id."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import replace
from typing import Any, Callable

from .areas import ResolveError
from .dates import DateError, parse_date
from .errors import Problems
from .load import RawStory
from .model import CIRCLE_WORDS, CIRCLES, ROLES, SeriesRef, Story
from .registry import Resolvers
from .thai import ascii_slug, clean, count_words

FIELDS = ("title", "date", "updated", "circle", "roles", "author", "agencies", "areas", "tags",
          "series", "summary", "draft", "slug", "source", "review", "indicators")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class _Checker:
    """Checks one raw story, reporting problems with the file and line of each field."""

    def __init__(self, raw: RawStory, problems: Problems):
        self.raw, self.problems = raw, problems

    def error(self, fld: str, en: str, th: str, hint_en: str = "", hint_th: str = "",
              line: int | None = None) -> None:
        line = self.raw.lines.line(fld) if line is None else line
        self.problems.error(self.raw.source, line, fld, en, th, hint_en, hint_th)

    def text(self, fld: str, required: bool) -> str:
        value = self.raw.meta.get(fld)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(fld, f"missing {fld}", f"ไม่มีช่อง {fld}",
                           f"add a line '{fld}: …' to the front matter",
                           f"เพิ่มบรรทัด '{fld}: …' ในส่วนหัว", line=self.raw.lines.start)
            return ""
        if isinstance(value, (list, dict)):
            self.error(fld, f"{fld} must be text, not a list", f"{fld} ต้องเป็นข้อความ ไม่ใช่รายการ")
            return ""
        return clean(str(value)).strip()

    def items(self, fld: str) -> list[tuple[Any, int]]:
        value = self.raw.meta.get(fld)
        if value is None:
            return []
        if isinstance(value, (str, int)):
            return [(value, self.raw.lines.line(fld))]
        if not isinstance(value, list):
            self.error(fld, f"{fld} must be a list like [a, b]", f"{fld} ต้องเป็นรายการ เช่น [ก, ข]")
            return []
        return [(v, self.raw.lines.item(fld, i)) for i, v in enumerate(value) if v is not None]

    def date(self, fld: str, required: bool):
        value = self.raw.meta.get(fld)
        if value is None:
            if required:
                self.error(fld, f"missing {fld}", f"ไม่มีช่อง {fld}", "add e.g. 'date: 3 พฤษภาคม 2551'",
                           "เพิ่ม เช่น 'date: 3 พฤษภาคม 2551'", line=self.raw.lines.start)
            return None
        try:
            return parse_date(value)
        except DateError as exc:
            self.error(fld, exc.en, exc.th, exc.hint_en, exc.hint_th)
            return None

    def references(self, fld: str, resolve: Callable[[object], str]) -> list[str]:
        ids: list[str] = []
        for value, line in self.items(fld):
            try:
                found = resolve(value)
            except ResolveError as exc:
                self.error(fld, exc.en, exc.th, exc.hint_en, exc.hint_th, line=line)
                continue
            if found not in ids:
                ids.append(found)
        return ids


def _circle(check: _Checker) -> str:
    value = check.text("circle", required=True)
    key = value.removeprefix("วงเรียนรู้").removeprefix("ระดับ").strip()
    circle = key if key in CIRCLES else CIRCLE_WORDS.get(key, "")
    if value and not circle:
        allowed = ", ".join(CIRCLES)
        check.error("circle", f'unknown circle level "{value}"', f'ไม่รู้จักระดับวง "{value}"',
                    f"use one of: {allowed}", f"ใช้หนึ่งใน: {allowed} (หรือ จังหวัด โซน อำเภอ ตำบล หมู่บ้าน)")
    return circle


def _roles(check: _Checker) -> list[str]:
    roles: list[str] = []
    for value, line in check.items("roles"):
        role = clean(str(value)).strip()
        if role in ROLES:
            roles.append(role) if role not in roles else None
            continue
        close = difflib.get_close_matches(role, list(ROLES), n=1, cutoff=0.5)
        hint = (f'did you mean "{close[0]}"?', f'หมายถึง "{close[0]}" หรือไม่') if close else (
            "roles are: " + ", ".join(ROLES), "บทบาทที่ใช้ได้: " + ", ".join(ROLES))
        check.error("roles", f'unknown role "{role}"', f'ไม่รู้จักบทบาท "{role}"', *hint, line=line)
    return roles


def _series(check: _Checker) -> SeriesRef | None:
    value = check.raw.meta.get("series")
    if value is None:
        return None
    if not isinstance(value, dict):
        check.error("series", "series must be a mapping like {id: x, part: 1, total: 3}",
                    "series ต้องเขียนแบบ {id: x, part: 1, total: 3}")
        return None
    sid, part, total = str(value.get("id") or ""), value.get("part"), value.get("total")
    if not SLUG.fullmatch(sid):
        check.error("series", f'series id "{sid}" must be lower-case ASCII words joined by "-"',
                    f'รหัสชุด "{sid}" ต้องเป็นอักษรอังกฤษตัวเล็กคั่นด้วย "-"', "e.g. tha-sak-master-plan",
                    "เช่น tha-sak-master-plan")
        return None
    if not (isinstance(part, int) and isinstance(total, int) and 1 <= part <= total):
        check.error("series", f"series part {part!r} of total {total!r}: need 1 ≤ part ≤ total",
                    f"ตอนที่ {part!r} จาก {total!r}: ต้องเป็น 1 ≤ ตอน ≤ จำนวนตอน")
        return None
    return SeriesRef(sid, part, total, clean(str(value.get("title") or "")).strip())


def _bind_local_units(agencies: list[str], areas: list[str], resolvers: Resolvers) -> list[str]:
    """A bare template ('อบต.') means the unit of the story's one area of that level."""
    registry = resolvers.registry
    bound = []
    for agency_id in agencies:
        agency = registry.agencies.get(agency_id)
        if agency and agency.placeholder:
            levels = {a.id for area in areas
                      for a in [registry.areas[area], *registry.ancestors(area)]
                      if a.level == agency.placeholder}
            if len(levels) == 1:
                agency_id = f"{agency_id}-{levels.pop()}"
        if agency_id not in bound:
            bound.append(agency_id)
    return bound


def check_story(raw: RawStory, resolvers: Resolvers, problems: Problems,
                count: Callable[[str], int] = count_words) -> Story | None:
    """A Story from a raw story, or None (with problems recorded) when it is not valid;
    `count` counts the body's words (the check cache passes one that counts ahead)."""
    check = _Checker(raw, problems)
    before = len(problems.errors)
    for key in sorted(set(raw.meta) - set(FIELDS)):
        close = difflib.get_close_matches(key, FIELDS, n=1)
        problems.warn(raw.source, raw.lines.line(key), key, "unknown field, ignored",
                      "ไม่รู้จักช่องนี้ จึงข้ามไป", *((f'did you mean "{close[0]}"?',
                                                   f'หมายถึง "{close[0]}" หรือไม่') if close else ()))
    title, date = check.text("title", True), check.date("date", True)
    areas = check.references("areas", resolvers.areas.resolve)
    agencies = _bind_local_units(check.references("agencies", resolvers.agencies.resolve),
                                 areas, resolvers)
    story = dict(
        title=title, date=date, updated=check.date("updated", False), circle=_circle(check),
        roles=tuple(_roles(check)), author=check.text("author", True),
        agencies=tuple(agencies), areas=tuple(areas),
        tags=tuple(dict.fromkeys(clean(str(t)).strip() for t, _ in check.items("tags")
                                 if str(t).strip())),
        series=_series(check), summary=check.text("summary", False),
        origin=check.text("source", False), draft=raw.meta.get("draft") is True,
        review=raw.meta.get("review") is True,
        indicators=tuple(i for i, _ in check.items("indicators")),
        indicator_lines=tuple(line for _, line in check.items("indicators")),
    )
    slug = check.text("slug", False)
    if slug and not SLUG.fullmatch(slug):
        check.error("slug", f'slug "{slug}" must be lower-case ASCII words joined by "-"',
                    f'slug "{slug}" ต้องเป็นอักษรอังกฤษตัวเล็กคั่นด้วย "-"', "e.g. tha-sak-first-circle",
                    "เช่น tha-sak-first-circle")
    if len(problems.errors) > before or date is None:
        return None
    slug = slug or ascii_slug(title) or "story"
    return Story(id=f"{date.isoformat()}-{slug}", source=raw.source, body=raw.body,
                 words=count(raw.body), body_line=raw.body_line, **story)


def check_stories(raws: list[RawStory], resolvers: Resolvers, problems: Problems,
                  check=None) -> list[Story]:
    """Every valid story, with unique ids and consistent series; problems collected.
    `check` replaces `check_story` (`wongrian serve` passes a cached one)."""
    stories = [s for s in ((check or check_story)(raw, resolvers, problems) for raw in raws) if s]
    stories = _unique_ids(stories, problems)
    _check_series(stories, {raw.source: raw.lines.line("series") for raw in raws}, problems)
    return sorted(stories, key=lambda s: (s.date, s.id), reverse=True)


def _unique_ids(stories: list[Story], problems: Problems) -> list[Story]:
    """Same date and slug twice: the later file (by path) gets -2, -3 …, and it is reported."""
    by_id: dict[str, list[Story]] = defaultdict(list)
    for story in sorted(stories, key=lambda s: s.source):
        by_id[story.id].append(story)
    taken = set(by_id)
    result = []
    for story_id, group in sorted(by_id.items()):
        result.append(group[0])
        for number, story in enumerate(group[1:], 2):
            new_id = f"{story_id}-{number}"
            while new_id in taken:
                number += 1
                new_id = f"{story_id}-{number}"
            taken.add(new_id)
            problems.warn(story.source, 1, "slug",
                          f'same date and slug as {group[0].source}; this story is published as "{new_id}"',
                          f'วันที่และ slug ซ้ำกับ {group[0].source} บันทึกนี้จึงใช้ชื่อ "{new_id}"',
                          "set a distinct 'slug:'", "ตั้ง 'slug:' ให้ไม่ซ้ำ")
            result.append(replace(story, id=new_id))
    return result


def _check_series(stories: list[Story], lines: dict[str, int], problems: Problems) -> None:
    parts: dict[str, dict[int, Story]] = defaultdict(dict)
    totals: dict[str, int] = {}
    for story in sorted((s for s in stories if s.series), key=lambda s: s.source):
        ref = story.series
        assert ref is not None
        if ref.id in totals and totals[ref.id] != ref.total:
            problems.error(story.source, lines[story.source], "series",
                           f'series "{ref.id}" has total {totals[ref.id]} elsewhere, {ref.total} here',
                           f'ชุด "{ref.id}" มีจำนวนตอน {totals[ref.id]} ในไฟล์อื่น แต่ {ref.total} ในไฟล์นี้')
        totals.setdefault(ref.id, ref.total)
        if ref.part in parts[ref.id]:
            other = parts[ref.id][ref.part].source
            problems.error(story.source, lines[story.source], "series",
                           f'part {ref.part} of series "{ref.id}" is also {other}',
                           f'ตอนที่ {ref.part} ของชุด "{ref.id}" ซ้ำกับ {other}')
        parts[ref.id].setdefault(ref.part, story)
