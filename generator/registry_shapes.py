"""The shapes of the registry files, checked before anything reads them: each part of a file
that is not what the loader expects is an error at its line, and is left out, so that a
registry a person mistyped gives a message, never a crash."""

from __future__ import annotations

from typing import Any, Callable

from .errors import Problems
from .load import unseen_error
from .thai import clean
from .yamlsource import Lines

STRING_FIELDS = ("id", "name_th", "name_en", "abbr_en", "kind", "level", "parent", "head_title",
                 "note", "public_note", "status")
NAME_LISTS = ("aliases_th", "misspellings_th", "former_th", "holders_th")
MAX_VILLAGES = 99  # village numbers are two digits of the DOPA code


class Shapes:
    """Checks for one registry file (`rel`), its errors going to `problems`."""

    def __init__(self, rel: str, lines: Lines | None, problems: Problems):
        self.rel, self.lines, self.problems = rel, lines or Lines(start=0), problems

    def error(self, line: int, field: str, en: str, th: str, hint_en: str = "", hint_th: str = "") -> None:
        self.problems.error(self.rel, line, field, en, th, hint_en, hint_th)

    def top(self, data: Any, keys: tuple[str, ...]) -> dict:
        """The file's mapping (keys such as `aliases:` at the top), or {} after an error."""
        if data is None or isinstance(data, dict):
            return data or {}
        self.error(1, "file", "the file must start with " + " or ".join(f"{k}:" for k in keys),
                   "ไฟล์ต้องขึ้นต้นด้วย " + " หรือ ".join(f"{k}:" for k in keys),
                   "see the comments at the top of the file in the sample project",
                   "ดูคำอธิบายที่หัวไฟล์ในโครงการตัวอย่าง")
        return {}

    def mapping(self, data: dict, key: str, each: Callable[[str, Any, int], Any] | None = None) -> dict:
        """`data[key]` as a mapping of code → value, each value through `each(code, value, line)`
        (None leaves an entry out)."""
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(self.lines.line(key), key, f"{key}: must be lines of code: value",
                       f"{key}: ต้องเป็นบรรทัดแบบ รหัส: ค่า")
            return {}
        inner = self.lines.nested.get(key, Lines(start=self.lines.line(key)))
        found = {}
        for code, item in value.items():
            kept = each(str(code), item, inner.line(str(code))) if each else item
            if kept is not None:
                found[str(code)] = kept
        return found

    def unseen(self, value: str, field: str, line: int) -> None:
        """An error when a text holds a control or text-direction character, which a YAML
        escape ("\\u0000", "\\u202e") writes and which would reach pages and feeds (the
        text is kept: the error stops the build, and no story's reference to it fails too)."""
        unseen = unseen_error(value, f"in {field}", f"ใน {field}")
        if unseen:
            self.error(line, field, *unseen)

    def blank(self, value: str, field: str, line: int) -> None:
        """An error when a name is empty or has only invisible characters (a page or link would
        show nothing, and an empty alias would match what it should not)."""
        if not clean(value).strip():
            self.error(line, field, f"a name in {field} is empty or has only invisible characters",
                       f"มีชื่อใน {field} ที่ว่างหรือมีแต่อักขระที่มองไม่เห็น",
                       "write the name in words, or delete it", "เขียนชื่อเป็นข้อความ หรือลบออก")

    def names(self, value: Any, field: str, line: int) -> list[str] | None:
        """A list of names (words or numbers), or None after an error."""
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                           for v in value):
            names = [str(v) for v in value]
            for name in names:
                self.unseen(name, field, line)
                self.blank(name, field, line)
            return names
        self.error(line, field, f"{field} must be a list of names, e.g. [ชื่อหนึ่ง, ชื่อสอง]",
                   f"{field} ต้องเป็นรายการชื่อ เช่น [ชื่อหนึ่ง, ชื่อสอง]")
        return None


def area_aliases(data: Any, shapes: Shapes) -> dict[str, list[str]]:
    """areas.yml: `aliases: {code: [name, …]}`."""
    return shapes.mapping(shapes.top(data, ("aliases",)), "aliases",
                          lambda code, names, line: shapes.names(names, f"aliases.{code}", line))


def area_points(data: Any, shapes: Shapes) -> dict[str, tuple[float, float]]:
    """area-points.yml: `points: {code: [latitude, longitude]}`."""
    def point(code: str, value: Any, line: int) -> tuple[float, float] | None:
        if isinstance(value, list) and len(value) == 2 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value) \
                and -90 <= value[0] <= 90 and -180 <= value[1] <= 180:
            return float(value[0]), float(value[1])
        shapes.error(line, f"points.{code}", "must be [latitude, longitude] in degrees, e.g. "
                     "[8.43, 99.96]", "ต้องเป็น [ละติจูด, ลองจิจูด] เป็นองศา เช่น [8.43, 99.96]")
        return None

    return shapes.mapping(shapes.top(data, ("points",)), "points", point)


def villages(data: Any, shapes: Shapes) -> dict[str, dict[str, Any]]:
    """villages.yml: `tambon: {code: {count: n, names: {number: name}}}`."""
    def tambon(code: str, value: Any, line: int) -> dict[str, Any] | None:
        value = {} if value is None else value
        count = value.get("count") if isinstance(value, dict) else None
        if not isinstance(value, dict) or not (count is None or type(count) is int and 0 <= count <= MAX_VILLAGES):
            shapes.error(line, f"tambon.{code}", f"must be count: a number of villages from 0 to "
                         f"{MAX_VILLAGES} (and names:), got {value!r:.60}",
                         f"ต้องเป็น count: จำนวนหมู่บ้าน 0 ถึง {MAX_VILLAGES} (และ names:)")
            return None
        names, given = {}, value.get("names") or {}
        for number, name in (given.items() if isinstance(given, dict) else [(None, given)]):
            number = int(number) if isinstance(number, str) and number.strip().isdigit() else number
            if type(number) is not int or not 1 <= number <= (count or 0) or not isinstance(name, (str, int)):
                shapes.error(line, f"tambon.{code}.names", f"names: must be village number: name, "
                             f"numbers 1 to count ({count or 0}); got {number!r:.30}: {name!r:.30}",
                             f"names: ต้องเป็น หมู่ที่: ชื่อหมู่บ้าน เลขหมู่ 1 ถึง count ({count or 0})")
                continue
            shapes.unseen(str(name), f"tambon.{code}.names", line)
            shapes.blank(str(name), f"tambon.{code}.names", line)
            names[number] = str(name)
        return {"count": count or 0, "names": names}

    return shapes.mapping(shapes.top(data, ("tambon",)), "tambon", tambon)


def agency_entries(data: Any, shapes: Shapes) -> tuple[list[Any], dict[str, list[str]]]:
    """agencies.yml: the `agencies:` list, each entry's text fields text and name fields lists
    of names (a field of another shape is an error and left out), and `ambiguous_aliases`."""
    data = shapes.top(data, ("agencies",))
    entries = data.get("agencies") or []
    if not isinstance(entries, list):
        shapes.error(shapes.lines.line("agencies"), "agencies", "agencies: must be a list of "
                     "entries, each starting with - id:", "agencies: ต้องเป็นรายการ แต่ละรายการขึ้นต้นด้วย - id:")
        entries = []
    cleaned = []
    for index, entry in enumerate(entries):
        line = shapes.lines.item("agencies", index)
        if not isinstance(entry, dict):
            cleaned.append(entry)  # (check_agency_entries reports it)
            continue
        entry = dict(entry)
        for field in STRING_FIELDS:
            value = entry.get(field)
            if value is not None and not isinstance(value, str):
                shapes.error(line, field, f"{field} must be text, got {value!r:.60}",
                             f"{field} ต้องเป็นข้อความ แต่ได้ {value!r:.60}",
                             "write it as text (in quotes if it is a number)",
                             "เขียนเป็นข้อความ (ใส่เครื่องหมายคำพูดถ้าเป็นตัวเลข)")
                entry[field] = None
            elif value is not None:
                shapes.unseen(value, field, line)
                if field == "name_th" and value:  # (a missing one: check_agency_entries)
                    shapes.blank(value, field, line)
        for field in NAME_LISTS:
            names = shapes.names(entry.get(field), field, line)
            entry[field] = names or []
        if not isinstance(entry.get("former"), (list, type(None))):
            shapes.error(line, "former", "former must be a list of {name: …, until: …}",
                         "former ต้องเป็นรายการ {name: …, until: …}")
            entry["former"] = []
        for item in entry.get("former") or ():
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                shapes.unseen(item["name"], "former", line)
        cleaned.append(entry)
    ambiguous = shapes.mapping(data, "ambiguous_aliases",
                               lambda name, ids, line: shapes.names(ids, f"ambiguous_aliases.{name}", line))
    return cleaned, ambiguous
