"""Validating raw stories into typed Story objects, every reference resolved to an id."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import reprlib
from typing import Any, Callable

from .areas import ResolveError
from .dates import DateError, parse_date, thai_date
from .errors import Problems
from .load import RawStory, unseen_error
from .model import CIRCLE_WORDS, CIRCLES, ROLES, SeriesRef, Story
from .registry import Resolvers
from .thai import ascii_slug, clean, count_words

FIELDS = ("title", "date", "updated", "circle", "roles", "author", "agencies", "areas", "tags",
          "series", "summary", "draft", "slug", "source", "review", "indicators")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG = 80  # characters of a slug or series id: a page's file name, within the bundle's paths
# The body text `wongrian new` writes for the contributor to replace (warned about until then).
SCAFFOLD_TEXT = ("เขียนเรื่องเล่าของวงเรียนรู้ที่นี่", "เขียนสิ่งที่วงได้เรียนรู้ที่นี่")


class _Checker:
    """Checks one raw story, reporting problems with the file and line of each field."""

    def __init__(self, raw: RawStory, problems: Problems):
        self.raw, self.problems = raw, problems

    def error(self, fld: str, en: str, th: str, hint_en: str = "", hint_th: str = "",
              line: int | None = None) -> None:
        line = self.raw.lines.line(fld) if line is None else line
        self.problems.error(self.raw.source, line, fld, en, th, hint_en, hint_th)

    def missing(self, fld: str, hint_en: str, hint_th: str) -> None:
        """A required field left out; when an unknown key is its misspelling (`auther:`), the
        error is at that key's line and says to rename it (the unknown-field warning alone is
        not printed beside errors)."""
        typo = next((key for key in sorted(k for k in self.raw.meta if isinstance(k, str))
                     if key not in FIELDS and difflib.get_close_matches(key, [fld], n=1)), None)
        if typo is None:
            self.error(fld, f"missing {fld}", f"ไม่มีช่อง {fld}", hint_en, hint_th,
                       line=self.raw.lines.start)
        else:
            self.error(fld, f'missing {fld}: is "{typo}" a misspelling of it?',
                       f'ไม่มีช่อง {fld} — "{typo}" สะกดผิดหรือไม่',
                       f'rename "{typo}:" to "{fld}:"', f'แก้ "{typo}:" เป็น "{fld}:"',
                       line=self.raw.lines.line(typo))

    def text(self, fld: str, required: bool) -> str:
        value = self.raw.meta.get(fld)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.missing(fld, f"add a line '{fld}: …' to the front matter",
                             f"เพิ่มบรรทัด '{fld}: …' ในส่วนหัว")
            return ""
        if isinstance(value, (list, dict)):
            self.error(fld, f"{fld} must be text, not a list", f"{fld} ต้องเป็นข้อความ ไม่ใช่รายการ")
            return ""
        if not isinstance(value, str):  # YAML read 123, 1.5, yes or a date as another type
            self.error(fld, f"{fld} must be text; {_shown(value)} is read as a {_kind(value)}",
                       f"{fld} ต้องเป็นข้อความ แต่ {_shown(value)} {_read_as_th(value)}",
                       *_quote_hint(fld, value))
            return ""
        value = clean(value).strip()
        if self.unseen(fld, value) or not value and required:
            if not value:
                self.error(fld, f"{fld} has only invisible characters", f"{fld} มีแต่อักขระที่มองไม่เห็น",
                           f"write the {fld} in words", f"เขียน {fld} เป็นข้อความ")
            return ""
        return value

    def unseen(self, fld: str, value: str, line: int | None = None) -> bool:
        """True (and an error) when a value holds a control or text-direction character, which
        a YAML escape ("\\u0000", "\\x1b") lets past the file's own check."""
        unseen = unseen_error(value, f"in {fld}", f"ใน {fld}")
        if unseen:
            self.error(fld, *unseen, line=line)
        return bool(unseen)

    def entries(self, fld: str) -> list[tuple[Any, int]]:
        """The items of a list field with their lines (a value that is not a list: an error)."""
        value = self.raw.meta.get(fld)
        if value is None:
            return []
        if not isinstance(value, list):
            short = isinstance(value, (str, int)) and not isinstance(value, bool) and len(str(value)) < 80
            hint = (f"write {fld}: [{value}]", f"เขียน {fld}: [{value}]") if short else ()
            self.error(fld, f"{fld} must be a list like [a, b]", f"{fld} ต้องเป็นรายการ เช่น [ก, ข]", *hint)
            return []
        return [(item, self.raw.lines.item(fld, index)) for index, item in enumerate(value)]

    def items(self, fld: str, numbers: bool = False) -> list[tuple[Any, int]]:
        """The items of a list of strings (and whole numbers too when `numbers`: area codes)."""
        found = []
        for index, (item, line) in enumerate(self.entries(fld), 1):
            if isinstance(item, str) and self.unseen(fld, item, line):
                continue
            if isinstance(item, str) and item.strip() and not clean(item).strip():
                self.error(fld, f"item {index} of {fld} has only invisible characters",
                           f"รายการที่ {index} ของ {fld} มีแต่อักขระที่มองไม่เห็น",
                           "delete it, or write it in words", "ลบออก หรือเขียนเป็นข้อความ", line=line)
            elif isinstance(item, str) or (numbers and type(item) is int):
                found.append((item, line))
            elif item is None:
                self.error(fld, f"item {index} of {fld} is empty", f"รายการที่ {index} ของ {fld} ว่างเปล่า",
                           "delete the extra comma or dash", "ลบเครื่องหมาย , หรือ - ที่เกินออก", line=line)
            elif isinstance(item, (list, dict)):
                self.error(fld, f"item {index} of {fld} is a list or mapping, not text",
                           f"รายการที่ {index} ของ {fld} ไม่ใช่ข้อความ",
                           'write plain names; quote a name that has ":", "[" or "{" in it',
                           'เขียนเป็นชื่อธรรมดา ชื่อที่มี ":" "[" หรือ "{" ให้ใส่เครื่องหมายคำพูด', line=line)
            else:
                flag = isinstance(item, bool)
                shown, shown_th = ("a yes/no word", "คำ yes/no") if flag else (_shown(item), _shown(item))
                self.error(fld, f"{shown} in {fld} is read as a {_kind(item)}, not text",
                           f"{shown_th} ใน {fld} {_read_as_th(item)} ไม่ใช่ข้อความ",
                           "put it in quotes, e.g. [\"2551\", \"yes\"]",
                           "ใส่เครื่องหมายคำพูด เช่น [\"2551\", \"yes\"]", line=line)
        return found

    def flag(self, fld: str) -> bool:
        """A true/false field; "yes" in quotes or anything else is an error, not False."""
        value = self.raw.meta.get(fld)
        if value is None or isinstance(value, bool):
            return value is True
        self.error(fld, f"{fld} must be true or false, not {_shown(value)}",
                   f"{fld} ต้องเป็น true หรือ false ไม่ใช่ {_shown(value)}",
                   f"write {fld}: true or {fld}: false (no quotes)",
                   f"เขียน {fld}: true หรือ {fld}: false (ไม่ใส่เครื่องหมายคำพูด)")
        return False

    def date(self, fld: str, required: bool):
        value = self.raw.meta.get(fld)
        if value is None:
            if required:
                self.missing(fld, "add e.g. 'date: 3 พฤษภาคม 2551'",
                             "เพิ่ม เช่น 'date: 3 พฤษภาคม 2551'")
            return None
        if isinstance(value, (list, dict, bool)):
            self.error(fld, f"{fld} must be one date, e.g. 3 พฤษภาคม 2551 or 2008-05-03",
                       f"{fld} ต้องเป็นวันที่หนึ่งวัน เช่น 3 พฤษภาคม 2551 หรือ 2008-05-03")
            return None
        try:
            return parse_date(value)
        except DateError as exc:
            self.error(fld, exc.en, exc.th, exc.hint_en, exc.hint_th)
            return None

    def references(self, fld: str, resolve: Callable[[object], str],
                   numbers: bool = False) -> list[str]:
        ids: list[str] = []
        for value, line in self.items(fld, numbers):
            try:
                found = resolve(value)
            except ResolveError as exc:
                self.error(fld, exc.en, exc.th, exc.hint_en, exc.hint_th, line=line)
                continue
            if found not in ids:
                ids.append(found)
        return ids


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60  # a value in a message: short, even if it is a huge list
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 2, 4, 4


def _shown(value: object) -> str:
    return _REPR.repr(value)


def _quote_hint(fld: str, value: object) -> tuple[str, ...]:
    """'put it in quotes' for a number or yes/no; nothing for a list, mapping or other tag."""
    if not isinstance(value, (int, float)):  # (bool is an int)
        return ()
    quoted = f'{fld}: "{_shown(value).strip(chr(39))}"'
    return f"put it in quotes: {quoted}", f"ใส่เครื่องหมายคำพูด: {quoted}"


def _kind(value: object) -> str:
    return {bool: "true/false", int: "number", float: "number"}.get(type(value), type(value).__name__)


def _read_as_th(value: object) -> str:
    return {bool: "ถูกอ่านเป็นค่าจริง/เท็จ", int: "ถูกอ่านเป็นตัวเลข",
            float: "ถูกอ่านเป็นตัวเลข"}.get(type(value), "ถูกอ่านเป็นชนิดอื่น")


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
    sid, part, total = value.get("id"), value.get("part"), value.get("total")
    if sid is not None and not isinstance(sid, str):
        check.error("series", f"series id {_shown(sid)} is read as a {_kind(sid)}, not text",
                    f"รหัสชุด {_shown(sid)} {_read_as_th(sid)} ไม่ใช่ข้อความ",
                    *_quote_hint("id", sid))
        return None
    missing = [k for k in ("id", "part", "total") if value.get(k) in (None, "")]
    if missing:  # (the editor's series fields are each optional)
        check.error("series", "series needs " + ", ".join(missing),
                    "series ต้องมี " + ", ".join(missing),
                    f"write e.g. series: {{id: {sid or 'tha-sak-master-plan'}, part: 1, total: 3}}",
                    f"เขียน เช่น series: {{id: {sid or 'tha-sak-master-plan'}, part: 1, total: 3}} "
                    "(part = ตอนที่ total = จำนวนตอนทั้งหมด)")
        return None
    if not SLUG.fullmatch(sid):
        check.error("series", f'series id "{sid}" must be lower-case ASCII words joined by "-"',
                    f'รหัสชุด "{sid}" ต้องเป็นอักษรอังกฤษตัวเล็กคั่นด้วย "-"', "e.g. tha-sak-master-plan",
                    "เช่น tha-sak-master-plan")
        return None
    if len(sid) > MAX_SLUG:
        check.error("series", f"series id is {len(sid)} characters, over the limit of {MAX_SLUG}",
                    f"รหัสชุดยาว {len(sid)} ตัวอักษร เกินกำหนด {MAX_SLUG} ตัวอักษร",
                    "shorten it, e.g. tha-sak-master-plan", "ย่อให้สั้นลง เช่น tha-sak-master-plan")
        return None
    if not (type(part) is int and type(total) is int and 1 <= part <= total):
        check.error("series", f"series part {_shown(part)} of total {_shown(total)}: need 1 ≤ part ≤ total",
                    f"ตอนที่ {_shown(part)} จาก {_shown(total)}: ต้องเป็น 1 ≤ ตอน ≤ จำนวนตอน")
        return None
    title = value.get("title")
    if title is not None and not isinstance(title, str):
        check.error("series", f"the series title must be text, not {_shown(title)}",
                    f"ชื่อชุดต้องเป็นข้อความ ไม่ใช่ {_shown(title)}", *_quote_hint("title", title))
        return None
    if title is not None and check.unseen("series", title):
        return None
    return SeriesRef(sid, part, total, clean(title or "").strip())


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
    `count` counts the body's words (`wongrian check` leaves them uncounted)."""
    check = _Checker(raw, problems)
    before = len(problems.errors)
    for key in sorted(set(raw.meta) - set(FIELDS)):
        close = difflib.get_close_matches(key, FIELDS, n=1)
        problems.warn(raw.source, raw.lines.line(key), key, "unknown field, ignored",
                      "ไม่รู้จักช่องนี้ จึงข้ามไป", *((f'did you mean "{close[0]}"?',
                                                   f'หมายถึง "{close[0]}" หรือไม่') if close else ()))
    _warn_scaffold_text(raw, problems)
    title, date = check.text("title", True), check.date("date", True)
    if date and date > dt.date.today() + dt.timedelta(days=1):  # (a day for the time zones)
        problems.warn(raw.source, raw.lines.line("date"), "date", f"{date.isoformat()} is in the "
                      "future: a story tells what happened", f"วันที่ {thai_date(date)} ยังมาไม่ถึง "
                      "บันทึกเล่าสิ่งที่เกิดขึ้นแล้ว", "check the year (Buddhist Era or Christian "
                      "Era?)", "ตรวจปี (พ.ศ. หรือ ค.ศ.)")
    areas = check.references("areas", resolvers.areas.resolve, numbers=True)
    agencies = _bind_local_units(check.references("agencies", resolvers.agencies.resolve),
                                 areas, resolvers)
    readings = [(i, n) for i, n in check.entries("indicators") if i is not None]  # see indicators
    story = dict(
        title=title, date=date, updated=check.date("updated", False), circle=_circle(check),
        roles=tuple(_roles(check)), author=check.text("author", True),
        agencies=tuple(agencies), areas=tuple(areas),
        tags=tuple(dict.fromkeys(clean(str(t)).strip() for t, _ in check.items("tags")
                                 if clean(str(t)).strip())),
        series=_series(check), summary=check.text("summary", False),
        origin=check.text("source", False), draft=check.flag("draft"),
        review=check.flag("review"),
        indicators=tuple(i for i, _ in readings), indicator_lines=tuple(n for _, n in readings),
    )
    slug = check.text("slug", False)
    if slug and not SLUG.fullmatch(slug):
        check.error("slug", f'slug "{slug}" must be lower-case ASCII words joined by "-"',
                    f'slug "{slug}" ต้องเป็นอักษรอังกฤษตัวเล็กคั่นด้วย "-"', "e.g. tha-sak-first-circle",
                    "เช่น tha-sak-first-circle")
    elif len(slug) > MAX_SLUG:
        check.error("slug", f"slug is {len(slug)} characters, over the limit of {MAX_SLUG}",
                    f"slug ยาว {len(slug)} ตัวอักษร เกินกำหนด {MAX_SLUG} ตัวอักษร",
                    "shorten it, e.g. tha-sak-first-circle", "ย่อให้สั้นลง เช่น tha-sak-first-circle")
    if len(problems.errors) > before or date is None:
        return None
    slug = slug or ascii_slug(title) or "story"
    return Story(id=f"{date.isoformat()}-{slug}", source=raw.source, body=raw.body,
                 words=count(raw.body), body_line=raw.body_line, **story)


def _warn_scaffold_text(raw: RawStory, problems: Problems) -> None:
    """A warning (an error with --strict) for each placeholder line `wongrian new` left."""
    if not any(text in raw.body for text in SCAFFOLD_TEXT):  # nearly always: no line to look at
        return
    for number, line in enumerate(raw.body.splitlines()):
        if any(text in line for text in SCAFFOLD_TEXT):
            problems.warn(raw.source, raw.body_line + number, "body",
                          f'the placeholder text "{line.strip()}" is still here',
                          f'ยังมีข้อความตัวอย่าง "{line.strip()}" อยู่',
                          "replace it with the story before publishing",
                          "เขียนเรื่องของวงแทนข้อความนี้ก่อนเผยแพร่")
