"""The story file an imported post becomes, as text: the front matter (commented YAML) and
the body (the author's lines shown as written; comments after them, without names)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from ..dates import thai_date
from .gotoknow import Post


_YAML_BREAKS = {"\x85": "\\x85", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_NOT_IN_COMMENT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML); the characters YAML reads as
    a line break but JSON leaves as they are are written as escapes."""
    return json.dumps(text, ensure_ascii=False).translate(str.maketrans(_YAML_BREAKS))


def comment(text: str) -> str:
    """Text for a `# …` line of the front matter: one line, whatever the capture held (a line
    break YAML sees would end the comment and start a key)."""
    return _NOT_IN_COMMENT.sub(" ", text)


def escape_markdown(line: str) -> str:
    """The author's line, shown as written: Markdown punctuation is escaped, and `<` (which
    Markdown cannot escape: raw HTML would be removed, `\\<` shown as it is), an `&` that
    starts an entity, and a `~` or `:` that starts the line (a code fence "~~~~", a definition:
    Markdown has no escape for them) are written as entities."""
    line = re.sub(r"&(?=#?\w+;)", "&amp;", line).replace("<", "&lt;")
    line = re.sub(r"^[~:]", lambda m: f"&#{ord(m.group())};", line)
    line = re.sub(r"([\\`*_\[\]>|])", r"\\\1", line)
    line = re.sub(r"^(#|>|[-+=](?=\s|$))", r"\\\1", line)
    return re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", line)


def render_body(post: Post, with_comments: bool) -> str:
    """The body: one paragraph per line of the post; comments after, without names."""
    parts = [escape_markdown(line) for line in post.body]
    if with_comments and post.comments:
        parts += ["## ความเห็นจากผู้อ่านใน GotoKnow { #comments }",
                  f"*นำเข้าความเห็น {len(post.comments)} รายการ "
                  f"(หน้าเดิมแสดง {post.comment_count if post.comment_count is not None else '?'} "
                  "รายการ) ไม่แสดงชื่อผู้อ่าน*"]
        for comment in post.comments:
            lines = [escape_markdown(x) for p in comment.paragraphs for x in p.split("\n")]
            parts.append("\n>\n".join(f"> {x}" for x in lines) + f"\n>\n> — ผู้อ่าน {comment.reader}")
    return "\n\n".join(parts) + "\n"


@dataclass
class FrontMatter:
    """The fields an import writes, before they become commented YAML."""

    title: str
    date: dt.date
    updated: dt.date | None
    circle: str
    roles: list[str]
    author: str
    agencies: list[tuple[str, str]]   # (name to write, comment)
    areas: list[tuple[str, str]]
    tags: list[str]
    summary: str
    source: str
    review: bool
    comments: list[str]               # comment lines about the import (ambiguous names …)
    extra: dict = field(default_factory=dict)  # fields kept from an earlier, reviewed import


def render_front_matter(fm: FrontMatter) -> str:
    lines = ["---", f"# นำเข้าจาก GotoKnow ({fm.source})"]
    if fm.review:
        lines.append("# ตรวจหน่วยงาน พื้นที่ ระดับวง และบทบาท แล้วลบบรรทัด review: true")
    lines += [f"title: {q(fm.title)}", f"date: {fm.date.isoformat()}  # {thai_date(fm.date)}"]
    if fm.updated:
        lines.append(f"updated: {fm.updated.isoformat()}  # แก้ไขใน GotoKnow {thai_date(fm.updated)}")
    lines += [f"circle: {fm.circle}",
              f"roles: [{', '.join(fm.roles)}]", f"author: {q(fm.author)}"]
    for key, items in (("agencies", fm.agencies), ("areas", fm.areas)):
        lines.append(f"{key}:" + ("" if items else " []"))
        lines += [f"  - {q(name)}" + (f"  # {comment(note)}" if note else "") for name, note in items]
    lines.append(f"tags: [{', '.join(q(t) for t in fm.tags)}]")
    if fm.summary:
        lines.append(f"summary: {q(fm.summary)}")
    for key, value in fm.extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append(f"source: {fm.source}")
    if fm.review:
        lines.append("review: true")
    lines += [f"# {comment(c)}" for c in fm.comments]
    return "\n".join(lines + ["---", ""])
