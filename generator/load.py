"""Reading story files: front matter (with line numbers) and Markdown body, nothing resolved yet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problems
from .yamlsource import Lines, load_yaml, yaml_error_line

STORIES_DIR = Path("content") / "stories"


@dataclass(frozen=True)
class RawStory:
    """A story file as written: its front matter, the lines of each key, and its body."""

    source: str
    meta: dict[str, Any]
    lines: Lines
    body: str
    body_line: int


def story_paths(root: Path) -> list[Path]:
    """Every Markdown file under content/stories, in a stable order."""
    folder = root / STORIES_DIR
    return sorted(folder.rglob("*.md")) if folder.exists() else []


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line number where the body starts)."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return "\n".join(lines[1:]), "", len(lines) + 1


def read_story(path: Path, root: Path, problems: Problems) -> RawStory | None:
    """Parse one story file; a missing or broken front matter is an error, not a skip."""
    return parse_story(path.relative_to(root).as_posix(), path.read_bytes(), problems)


def parse_story(source: str, data: bytes, problems: Problems) -> RawStory | None:
    """Parse the bytes of the story file `source` (as `read_story` does)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.error(source, line, "file", f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                       "ไฟล์ไม่ใช่ข้อความ UTF-8", "save the file as UTF-8", "บันทึกไฟล์เป็น UTF-8")
        return None
    front, body, body_line = split_front_matter(text.replace("\r\n", "\n"))
    if front is None:
        problems.error(source, 1, "front matter", "the file must start with a '---' front-matter block",
                       "ไฟล์ต้องขึ้นต้นด้วยส่วนหัว '---'", "copy the header of another story",
                       "คัดลอกส่วนหัวจากบันทึกอื่นมาแก้")
        return None
    try:
        meta, lines = load_yaml(front, offset=1)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        problems.error(source, yaml_error_line(exc, offset=1), "front matter",
                       f"cannot parse YAML: {problem}", "อ่านส่วนหัว YAML ไม่ได้",
                       'check the colon after each key and quote values that contain ":" or "#"',
                       'ตรวจเครื่องหมาย : หลังชื่อช่อง และใส่เครื่องหมายคำพูดรอบค่าที่มี ":" หรือ "#"')
        return None
    if not isinstance(meta, dict):
        problems.error(source, 2, "front matter", "front matter must be key: value lines",
                       "ส่วนหัวต้องเป็นบรรทัดแบบ ชื่อช่อง: ค่า")
        return None
    return RawStory(source, {str(k): v for k, v in meta.items()}, lines, body, body_line)


def load_stories(root: Path, problems: Problems, read=None) -> list[RawStory]:
    """Read every story file under content/stories (errors collected, none skipped silently);
    `read` replaces `read_story` (`wongrian serve` passes a cached one)."""
    raws = ((read or read_story)(path, root, problems) for path in story_paths(root))
    return [raw for raw in raws if raw is not None]
