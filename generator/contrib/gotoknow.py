"""Reading a GotoKnow post saved as plain text (pure: text in, `Post` out).

A capture has this shape, top to bottom: the title; a lead paragraph (GotoKnow's abstract,
usually repeated in the body); the body; "บันทึกนี้เขียนที่ GotoKnow โดย … ใน <group>";
optionally "คำสำคัญ (Tags)#a#b"; a footer with the post number and the dates; "ความเห็น (N)"
and the comments; then the site's own boilerplate (LINE ID, ClassStart …), which is dropped.
Any part after the body may be missing, and the parts are often glued together without a
line break ("ความเห็น (N)" glued to the byline is a count; when a footer follows it, the
comments come after the footer's own heading). The footer comes in three forms:

- Thai, glued: ``หมายเลขบันทึก: 123456เขียนเมื่อ 9 มีนาคม 2008 08:05 น. ()แก้ไขเมื่อ …``
- English dates in a comma list: ``หมายเลขบันทึก: 65432, เขียน: 15 Feb 2007 @ 09:40 (), แก้ไข: …``
- none at all (the date must then come from elsewhere).

The comments are read by `gotoknow_comments`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import dropwhile, takewhile

from ..dates import DateError, parse_date
from .gotoknow_comments import PARTICLES, Comment, read_comments

BOILERPLATE = re.compile(r"^\s*(พบปัญหาการใช้งาน|ClassStart\b|.*LINE ID\s*@gotoknow)", re.M)
BYLINE = re.compile(r"บันทึกนี้เขียนที่\s*GotoKnow\s*โดย")
TAGS = re.compile(r"คำสำคัญ\s*\(Tags\)")
FOOTER = re.compile(r"หมายเลขบันทึก\s*:(?=\s*\d)")  # with its number: "หมายเลขบันทึก: คือ…" is prose
COMMENTS = re.compile(r"ความเห็น\s*\((\d+)\)")
COMMENTS_LINE = re.compile(r"ความเห็น\s*\(\d+\)[ \t]*$", re.M)  # ends its line (glued or not)
DATE = (r"(?:วัน[^\s\d]*ที่\s*)?(?:\d{1,2}[:.]\d{2}\s*(?:น\.)?\s*)?"  # "วันอาทิตย์ที่", "08:05 น." first
        r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s*)?"  # "Sat, 3 May 2008"
        r"(\d{1,2}\s*[^\d\s@(),:]+\.?\s*(?:[พค]\.\s?ศ\.\s*)?\d{2,4})")
WRITTEN = re.compile(r"เขียน(?:เมื่อ\s*[:：]?|\s*[:：])\s*" + DATE)
EDITED = re.compile(r"แก้ไข(?:เมื่อ\s*[:：]?|\s*[:：])\s*" + DATE)
NUMBER = re.compile(r"หมายเลขบันทึก\s*:\s*(\d+)")
TAGS_MAX = 20  # tag lines read, one a line
FOOTER_COUNT = re.compile(r"ความเห็น\s*:\s*(\d+)")
GROUP = re.compile(r"โดย(?P<author>.*?)\s+ใน\s+(?P<group>.*?)\s*(?:ความเห็น\s*\(\d+\).*)?$")


@dataclass(frozen=True)
class Post:
    """What a capture holds. `blogger` is read only to be left out of the output."""

    title: str
    lead: str
    body: tuple[str, ...]             # the author's paragraphs (lines), boilerplate removed
    number: str = ""
    written: dt.date | None = None
    edited: dt.date | None = None
    group: str = ""
    blogger: str = ""
    tags: tuple[str, ...] = ()
    comment_count: int | None = None
    comments: tuple[Comment, ...] = ()
    footer: str = "none"              # "thai", "english" or "none"
    body_has_lead: bool = False       # the lead is also a paragraph of the body
    readers: tuple[tuple[str, int], ...] = ()  # signed names → reader number: only to hide them


def parse_post(text: str) -> Post:
    """A Post from the plain text of one saved GotoKnow page."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = text.translate(dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None))
    boiler = BOILERPLATE.search(text)
    text = text[: boiler.start()] if boiler else text
    cut = post_end(text)
    title, lead, body, has_lead = split_head(text[:cut])
    tail = text[cut:]
    comments_at, glued_count = comments_heading(tail)
    meta = tail[: comments_at.start()] if comments_at else tail
    written, edited, number, footer, footer_count = read_footer(meta)
    blogger, group = read_byline(tail)
    count = int(comments_at.group(1)) if comments_at else glued_count if glued_count is not None \
        else footer_count
    comment_text = tail[comments_at.end():] if comments_at else ""
    comments, readers = read_comments(comment_text)
    tags = tuple(t for t in map(plain_text, read_tags(meta)) if t)
    return Post(plain_text(title), plain_text(lead), body, number, written, edited, group, blogger,
                tags, count, comments, footer, has_lead, readers)


def post_end(text: str) -> int:
    """Where the author's text ends: at the byline, the tags line, the footer or the comments'
    heading, whichever comes first. Above a footer, a line of the body may name any of them
    ("ความเห็น (2)" alone on its line): only the last byline, the last tags line after it,
    and a heading with nothing but them between it and the footer count; with no footer,
    the byline ends the text when there is one."""
    footer, byline = FOOTER.search(text), BYLINE.search(text)
    if not footer and byline:  # (the tags and comments come after it)
        return byline.start()
    if not footer:  # ("ความเห็น (1)" inside a sentence of the body is not the heading)
        ends = [m.start() for m in (TAGS.search(text), COMMENTS_LINE.search(text)) if m]
        return min(ends, default=len(text))
    byline = _last(BYLINE, text, 0, footer.start())
    tags = _last(TAGS, text, byline if byline is not None else 0, footer.start())
    heading = _last(COMMENTS_LINE, text, 0, footer.start())
    if heading is not None:
        after = min(x for x in (byline, tags, footer.start()) if x is not None and x > heading)
        if text[COMMENTS_LINE.match(text, heading).end():after].strip():
            heading = None  # text between it and the footer: a line of the body
    return min(x for x in (byline, tags, heading, footer.start()) if x is not None)


def _last(pattern: re.Pattern, text: str, start: int, end: int) -> int | None:
    """Where the last match of `pattern` in text[start:end] starts."""
    found = None
    for found in pattern.finditer(text, start, end):
        pass
    return found.start() if found else None


def comments_heading(tail: str) -> tuple[re.Match | None, int | None]:
    """The "ความเห็น (N)" the comments follow, and the count of one glued to the byline above
    the footer, which they do not follow (they come after the footer's own heading, if any)."""
    heading, footer = COMMENTS.search(tail), FOOTER.search(tail)
    if heading and footer and heading.start() < footer.start():
        return COMMENTS.search(tail, footer.end()), int(heading.group(1))
    return heading, None


HIDDEN_ELEMENTS = ["script", "style", "iframe", "noscript", "template", "title", "textarea",
                   "xmp", "noembed", "noframes", "object", "svg", "math"]


def plain_text(text: str) -> str:
    """A title or tag as plain text: HTML tags, scripts and comments dropped, entities read
    (again, while that uncovers more markup: "&lt;script&gt;" is a script too)."""
    from selectolax.lexbor import LexborHTMLParser

    for _ in range(3):
        if "<" not in text and "&" not in text:
            break
        tree = LexborHTMLParser(text)
        tree.strip_tags(HIDDEN_ELEMENTS)
        text = tree.text(separator="") if tree.root else ""
    return re.sub(r"\s+", " ", text).strip()


def split_head(head: str) -> tuple[str, str, tuple[str, ...], bool]:
    """Title, lead, body lines, and whether the lead is repeated in the body."""
    lines = [line.strip() for line in head.split("\n")]
    content = [line for line in lines if line]
    while content and _site_header(content[0]):  # the site's menu, saved with the page
        content.pop(0)
    if not content:
        return "", "", (), False
    title = content[0]
    rest = list(dropwhile(lambda line: line == title, content[1:]))  # (a title saved twice)
    lead = rest[0] if len(rest) > 1 else ""
    body = rest[1:] if lead else rest
    repeated = bool(lead) and any(_same_words(lead, line) for line in body)
    return title, lead, tuple(body if repeated or not lead else [lead, *body]), repeated


HEADER_WORDS = {"gotoknow", "เข้าสู่ระบบ", "สมัครสมาชิก", "ลงทะเบียน", "หน้าแรก", "ค้นหา",
                "ออกจากระบบ", "login", "log in", "sign in", "sign up", "register", "home", "search"}


def _site_header(line: str) -> bool:
    """A line of GotoKnow's own menu: only its words, "/", "|" or "·" between them."""
    parts = [p.strip().lower() for p in re.split(r"[/|·•»>]", line)]
    return all(p in HEADER_WORDS for p in parts if p) and any(parts)


def _same_words(lead: str, line: str) -> bool:
    """The lead appears in the line, ignoring spaces and added (parenthesised) words."""
    plain = lambda s: re.sub(r"\s+|\([^)]*\)", "", s)  # noqa: E731
    return len(plain(lead)) > 10 and plain(lead) in plain(line)


def read_footer(meta: str) -> tuple[dt.date | None, dt.date | None, str, str, int | None]:
    """(written, edited, post number in ASCII digits, footer form, comment count) from the
    footer text."""
    number = NUMBER.search(meta)
    if not number:
        return None, None, "", "none", None
    form = "english" if re.search(r"เขียน\s*:", meta) else "thai"
    count = FOOTER_COUNT.search(meta)
    return (_date(WRITTEN.search(meta)), _date(EDITED.search(meta)), str(int(number.group(1))),
            form, int(count.group(1)) if count else None)


def _date(match: re.Match | None) -> dt.date | None:
    if not match:
        return None
    try:
        return parse_date(match.group(1).replace("เดือน", ""))  # "3 เดือนพฤษภาคม 2551"
    except DateError:
        return None


def read_byline(tail: str) -> tuple[str, str]:
    """(blogger, group) from "บันทึกนี้เขียนที่ GotoKnow โดย … ใน …"."""
    found = BYLINE.search(tail)
    if not found:
        return "", ""
    line = tail[found.start():].split("\n", 1)[0]
    parts = GROUP.search(line)
    return (parts.group("author").strip(), parts.group("group").strip()) if parts else ("", "")


def read_tags(meta: str) -> tuple[str, ...]:
    """The tags of "คำสำคัญ (Tags)#แท็กหนึ่ง#แท็กสอง" (up to the end of the line or footer; on
    the next line when nothing follows on this one, or on the lines that start with "#", one
    tag a line); "#", "," or spaces between them; tags that differ only in case are one."""
    found = TAGS.search(meta)
    if not found:
        return ()
    lines = meta[found.end():].split("\n")
    rest = lines[0].lstrip(" \t:：")
    if not rest.strip():
        after = [line.strip() for line in lines[1:] if line.strip()]
        hashed = list(takewhile(lambda line: line.startswith("#"), after))
        listed = _tag_lines(after)
        rest = "".join(hashed) if hashed else "#".join(listed) if len(listed) > 1 \
            else next(iter(after), "")
    rest = FOOTER.split(rest)[0]
    parts = rest.split("#") if "#" in rest else rest.split(",") if "," in rest else rest.split()
    tags: dict[str, str] = {}  # one tag for "KM" and "km": the first spelling
    for part in (p.strip(" ,:") for p in parts):
        if part:
            tags.setdefault(part.casefold(), part)
    return tuple(tags.values())


def _tag_lines(lines: list[str]) -> list[str]:
    """The tags saved one a line without "#" (up to the footer, which may be glued to the
    last): short lines of at most three words, no sentence; none if another line comes first."""
    tags = []
    for line in lines[:TAGS_MAX]:
        head = FOOTER.split(line)[0].strip()
        if head and (len(head) > 30 or len(head.split()) > 3 or head.endswith(PARTICLES)
                     or re.search(r"[.?!]$", head)):
            return []
        tags += [head] if head else []
        if FOOTER.search(line):
            return tags
    return tags if len(lines) <= TAGS_MAX else []
