"""Reading story files: front matter (with line numbers) and Markdown body, nothing resolved yet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import re

import yaml

from .errors import TEXT_DIRECTION, Problems
from .files import relative, story_files
from .yamlsource import Lines, load_yaml, yaml_error_line, yaml_error_text

# Control characters other than tab and newline (and a CR before a newline): invisible, and a
# NUL or an escape code in a title breaks feeds and terminals. C1 codes come from bad copies.
_CONTROL = r"\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls but tab and line feed
CONTROL = re.compile(f"[{_CONTROL}]")
UNSEEN = re.compile(f"[{_CONTROL}{TEXT_DIRECTION}]")  # and text-direction overrides
NOT_ONE_LINE = re.compile(f"[\n\u2028\u2029{_CONTROL}{TEXT_DIRECTION}]")  # for `new`
MAX_CONTROL_LINES = 5  # a file full of them gets this many errors, not thousands


@dataclass(frozen=True)
class RawStory:
    """A story file as written: its front matter, the lines of each key, and its body."""

    source: str
    meta: dict[str, Any]
    lines: Lines
    body: str
    body_line: int


def story_paths(root: Path, problems: Problems | None = None) -> list[Path]:
    """Every Markdown file under content/stories, in a stable order (see files.walk: links
    out of content/, lock and backup files are left out; found problems go to `problems`)."""
    return story_files(root, problems if problems is not None else Problems())[0]


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line number where the body starts)."""
    text = text.lstrip("\ufeff")
    end = text.find("\n")
    if (text if end < 0 else text[:end]).strip() != "---":
        return None, text, 1
    front = start = len(text) if end < 0 else end + 1  # only the header's lines are looked at
    index = 1
    while end >= 0:
        end = text.find("\n", start)
        if (text[start:] if end < 0 else text[start:end]).strip() in ("---", "..."):
            return text[front:max(front, start - 1)], "" if end < 0 else text[end + 1:], index + 2
        start, index = end + 1, index + 1
    return text[front:], "", index + 1


def story_body(data: bytes) -> str:
    """The body `parse_story` finds in these bytes, for a file it read without errors (the
    check cache keeps everything else about the file, and takes the body from the file)."""
    return split_front_matter(data.decode("utf-8").replace("\r\n", "\n"))[1]


def read_story(path: Path, root: Path, problems: Problems) -> RawStory | None:
    """Parse one story file; a missing or broken front matter is an error, not a skip."""
    source = relative(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:  # removed while the build ran, or not readable
        problems.error(source, 0, "file", f"cannot read the file ({exc.strerror})", "อ่านไฟล์ไม่ได้",
                       "check that it exists and can be read", "ตรวจว่ามีไฟล์อยู่และเปิดอ่านได้")
        return None
    return parse_story(source, data, problems)


def parse_story(source: str, data: bytes, problems: Problems) -> RawStory | None:
    """Parse the bytes of the story file `source` (as `read_story` does)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.error(source, line, "file", f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                       "ไฟล์ไม่ใช่ข้อความ UTF-8", "save the file as UTF-8", "บันทึกไฟล์เป็น UTF-8")
        return None
    text = text.replace("\r\n", "\n")
    if not check_characters(text, source, problems):
        return None
    front, body, body_line = split_front_matter(text)
    if front is None:
        problems.error(source, 1, "front matter", "the file must start with a '---' front-matter block",
                       "ไฟล์ต้องขึ้นต้นด้วยส่วนหัว '---'", "copy the header of another story",
                       "คัดลอกส่วนหัวจากบันทึกอื่นมาแก้")
        return None
    if not body and not any(line.strip() in ("---", "...") for line in text.split("\n")[1:]):
        problems.error(source, 1, "front matter", "the front matter is not closed: no '---' line "
                       "after it", "ส่วนหัวไม่มีบรรทัด '---' ปิดท้าย",
                       "add a line of three dashes --- between the header and the story",
                       "เพิ่มบรรทัด --- คั่นระหว่างส่วนหัวกับเนื้อเรื่อง")
        return None
    try:
        meta, lines = load_yaml(front, offset=1)
    except yaml.YAMLError as exc:
        problems.error(source, yaml_error_line(exc, offset=1), "front matter", *yaml_error_text(
            exc, 1, "อ่านส่วนหัว YAML ไม่ได้",
            'check the colon after each key and quote values that contain ":" or "#" or start '
            "with [ { @ (a value with \" inside goes in '…')",
            'ตรวจเครื่องหมาย : หลังชื่อช่อง และใส่เครื่องหมายคำพูดรอบค่าที่มี ":" หรือ "#" '
            "หรือขึ้นต้นด้วย [ { @ (ค่าที่มี \" อยู่ข้างใน ให้ครอบด้วย '…')"))
        return None
    if not isinstance(meta, dict):
        problems.error(source, 2, "front matter", "front matter must be key: value lines",
                       "ส่วนหัวต้องเป็นบรรทัดแบบ ชื่อช่อง: ค่า")
        return None
    return RawStory(source, {str(k): v for k, v in meta.items()}, lines, body, body_line)


def check_characters(text: str, source: str, problems: Problems) -> bool:
    """False (with an error per line, up to a few) when the text has control characters."""
    if not CONTROL.search(text):  # nearly always: no line to look at
        return True
    found = ((n, CONTROL.search(line)) for n, line in enumerate(text.split("\n"), 1))
    return control_lines(source, found, ("in the text", "ในข้อความ"), problems,
                         "delete it (often pasted from another program); save as plain UTF-8 text",
                         "ลบออก (มักติดมาจากการคัดลอกจากโปรแกรมอื่น) แล้วบันทึกเป็นข้อความ UTF-8")


def control_lines(source: str, found, where: tuple[str, str], problems: Problems,
                  hint_en: str, hint_th: str) -> bool:
    """False, with an error per line up to MAX_CONTROL_LINES, when a (line, match of a control
    character or None) of `found` has a match; `where` says where it is (English, Thai)."""
    bad = 0
    for number, match in found:
        if match and bad < MAX_CONTROL_LINES:
            code = f"U+{ord(match.group()):04X}"
            problems.error(source, number, "file", f"control character {code} {where[0]}",
                           f"มีอักขระควบคุม {code} {where[1]}", hint_en, hint_th)
        bad += bool(match)
    return not bad


def unseen_error(value: str, where_en: str, where_th: str) -> tuple[str, str, str, str] | None:
    """The error (English, Thai, and their hints) for a value holding a control or
    text-direction character, which a YAML escape ("\\u0000", "\\u202e") writes past a
    file's own check; None when it holds none."""
    found = UNSEEN.search(value)
    if not found:
        return None
    code = f"U+{ord(found.group()):04X}"
    return (f"control character {code} {where_en}", f"มีอักขระควบคุม {code} {where_th}",
            "delete it (and any \\u or \\x escape that writes it)",
            "ลบออก (รวมถึงรหัส \\u หรือ \\x ที่เขียนมันไว้)")


def too_big(path: Path, source: str, max_kb: int, problems: Problems) -> bool:
    """True (with an error) when a story file is bigger than `build.max_story_kb`."""
    try:
        size = path.stat().st_size
    except OSError:  # read_story says what is wrong with it
        return False
    if size <= max_kb * 1024:
        return False
    problems.error(source, 0, "file", f"the story is {size // 1024} KB, over the limit of {max_kb} KB",
                   f"บันทึกยาว {size // 1024} KB เกินกำหนด {max_kb} KB",
                   "split it into a series of stories (limit: build.max_story_kb)",
                   "แบ่งเป็นบันทึกชุดหลายตอน (กำหนดที่ build.max_story_kb)")
    return True


def load_stories(root: Path, problems: Problems, read=None, paths: list[Path] | None = None,
                 max_kb: int = 2048) -> list[RawStory]:
    """Read every story file under content/stories (errors collected, none skipped silently);
    `read` replaces `read_story` (`wongrian serve` passes a cached one); `paths` are the
    story files when they were already found (files.story_files)."""
    paths = story_paths(root, problems) if paths is None else paths
    raws = ((read or read_story)(path, root, problems) for path in paths
            if not too_big(path, relative(path, root), max_kb, problems))
    return [raw for raw in raws if raw is not None]
