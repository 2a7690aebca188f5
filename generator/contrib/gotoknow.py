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

Comments: the text after "ความเห็น (N)". Commenters sign with a short line after their
text, and nothing marks it reliably, so a line is taken for a name (and never kept) when it
is name-shaped (short, at most four words, no digits, no sentence punctuation, not ending
in a polite particle, not a greeting; a rank before it, a handle's digits or an agency in
brackets after it allowed), unless it is one of four or more such short lines in a row (a
poem) and nothing says it is a name: a new comment starting after it (an ``IP:`` or date
line, a greeting such as "สวัสดี", or the end of the comments), or its looking like a name
by itself (an honorific or rank plus a short name, "First Last", or a given or family name
from pythainlp's name lists). A line directly before an ``IP:`` line is always taken for a
name. A comment's only line, of phrases that look like "First Last" by their shape alone, is
its text when the next line signs it. When unsure, a line is dropped rather than a name
published. A comment's numbered heading with its writer's name ("ความเห็นที่ 2 โดย …", or
"#2 …"/"2. …" above its date or ``IP:`` line) names the comment below it. ``IP:`` lines, date lines and phone, ID-card and e-mail patterns never reach the
output. Signed names are kept (`Post.readers`) only so that `pseudonyms` can hide them
everywhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import dropwhile, takewhile

from ..dates import DateError, parse_date
from ..privacy import LINE_ID, redact as redact_personal

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

IP_LINE = re.compile(r"\bIP\s*:", re.I)
META_LINE = re.compile(r"^\s*(?:#\s*\d+\s*)?(?:เขียนเมื่อ|เมื่อ|เมื่อวันที่)?\s*"
                       r"\d{1,2}\s*[^\d\s]+\.?\s*\d{2,4}\s*(?:@|เวลา|\d{1,2}[:.]\d{2})")
PERSONAL = (  # replaced in comments (the body is scanned by generator.privacy)
    re.compile(r"(?<!\d)(?:\+66|0)\d{1,2}[- ]?\d{3}[- ]?\d{3,4}(?!\d)"),    # phone numbers
    re.compile(r"(?<!\d)\d[- ]?\d{4}[- ]?\d{5}[- ]?\d{2}[- ]?\d(?!\d)"),  # ID-card numbers
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),                                # e-mail addresses
)
REDACTED = "[ลบข้อมูลส่วนบุคคล]"
PRIVATE = ("id", "ip", "mobile", "email", "line")  # `privacy` findings removed from comments
GREETINGS = ("สวัสดี", "เรียน", "ขอบคุณ", "ยินดี", "ชื่นชม", "ขออนุญาต", "ขอบพระคุณ", "ครับ",
             "ค่ะ", "มาเยี่ยม", "แวะมา", "ตามมาอ่าน", "ตามอ่าน")
PARTICLES = ("ค่ะ", "คะ", "ครับ", "ค่า", "จ้ะ", "จ้า", "จ๊ะ", "นะ", "ฮะ", "เลย", "ด้วย", "นะคะ",
             "นะครับ", "ๆ")
HONORIFICS = ("นางสาว", "น.ส.", "นาย", "นาง", "ดร.", "ผศ.", "รศ.", "ศ.", "อ.", "อาจารย์", "ครู",
              "คุณ", "พี่", "น้อง", "ป้า", "ลุง", "น้า", "พระ", "หมอ", "ท่าน")


@dataclass(frozen=True)
class Comment:
    """One reader's comment, without the reader's name."""

    reader: int          # 1, 2, … in the order of the page: shown as "ผู้อ่าน 1"
    paragraphs: tuple[str, ...]


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


# -- comments ----------------------------------------------------------------------------------

def split_comments(text: str) -> tuple[Comment, ...]:
    """The comments of the section after "ความเห็น (N)", names dropped (see module doc)."""
    return read_comments(text)[0]


def read_comments(text: str) -> tuple[tuple[Comment, ...], tuple[tuple[str, int], ...]]:
    """The comments (as `split_comments`), and each signed name with its reader's number
    (a name signed twice keeps its number)."""
    lines = [line.strip() for line in text.split("\n")]
    comments: list[tuple[str, ...]] = []
    signed: dict[int, str] = {}  # comment index → signature
    paragraph: list[str] = []
    current: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            current.append("\n".join(paragraph))
            paragraph.clear()

    def close_comment() -> None:
        close_paragraph()
        if current:
            comments.append(tuple(current))
            current.clear()

    for index, line in enumerate(lines):
        if not line:
            close_paragraph()
        elif IP_LINE.search(line) or META_LINE.match(line):
            close_comment()
        elif name := _heading_name(lines, index):
            close_comment()
            signed[len(comments)] = name  # (the comment below it)
        elif is_signature(lines, index) and (current or paragraph
                                             or not _signed_text(lines, index)):
            close_comment()
            if comments:
                signed.setdefault(len(comments) - 1, _signature(line))
        else:
            paragraph.append(redact(line))
    close_comment()
    return _number_readers(comments, signed)


HEADING = re.compile(r"(?P<number>ความเห็นที่\s*\d{1,4}|#\s*\d{1,4}|\d{1,4}[.)])\s*(?:โดย|จาก)?\s*"
                     r"(?P<name>\S.*)")


def _heading_name(lines: list[str], index: int) -> str:
    """The writer's name in a comment's numbered heading ("ความเห็นที่ 2 โดย สมศรี",
    "#2 สมศรี" or "2. สมศรี" with the date or IP line below it), or ""."""
    heading = HEADING.fullmatch(lines[index])
    if not heading or not name_shaped(heading.group("name")):
        return ""
    after = next((x for x in lines[index + 1:] if x), None)
    worded = heading.group("number").startswith("ความเห็น")
    return heading.group("name") if worded or (after is not None and _boundary(after)) else ""


def _signed_text(lines: list[str], index: int) -> bool:
    """Whether a comment's first line, name-shaped, is its text: phrases that are a name only by
    their shape ("เป็นกิจกรรมที่ดีมาก ชาวบ้านได้ประโยชน์"), signed by the next line."""
    after = next((at for at in range(index + 1, len(lines)) if lines[at]), None)
    return after is not None and len(lines[index].split()) > 1 \
        and not looks_like_name(_signature(lines[index]), by_shape=False) \
        and is_signature(lines, after)


def _number_readers(comments: list[tuple[str, ...]], signed: dict[int, str]):
    """Readers numbered 1, 2, … in order of appearance, one number per distinct name."""
    numbers: dict[str, int] = {}
    result: list[Comment] = []
    for index, paragraphs in enumerate(comments):
        name = signed.get(index)
        number = numbers.get(name) if name else None
        if number is None:
            number = max((c.reader for c in result), default=0) + 1
            numbers.update({name: number} if name else {})
        result.append(Comment(number, paragraphs))
    return tuple(result), tuple(numbers.items())


def is_signature(lines: list[str], index: int) -> bool:
    """Whether `lines[index]` is a commenter's name (see module doc)."""
    line = lines[index]
    after = next((x for x in lines[index + 1:] if x), None)
    last_of_paragraph = index + 1 >= len(lines) or not lines[index + 1] or _boundary(lines[index + 1])
    if after is not None and IP_LINE.search(after) and len(line) <= 60 and last_of_paragraph:
        return True
    if not last_of_paragraph or not name_shaped(_signature(line)):
        return False
    return _surely_signed(lines, index) or not _in_verse(lines, index)  # a name, unless a
    # line of a poem


_SIGNED = re.compile(r"^(?:[-–—~]+|โดย|จาก)\s*|\s*[-–—~]+$")
_CONTACTS = re.compile(  # a phone number, e-mail or LINE ID after a name, with its label
    r"(?:[\s,/(]*(?:โทร(?:ศัพท์)?\.?|มือถือ|tel\.?|mobile|line(?:\s*id)?|ไลน์(?:ไอดี)?|อีเมล์?|e-?mail)?"
    r"\s*[:：]?\s*" + re.escape(REDACTED) + r"\)?)+\s*$", re.I)


_DATED = re.compile(r"\s+(?:เมื่อ(?:วันที่)?\s*)?(?P<date>\d{1,2}(?P<slash>/\d{1,2}/)?\D*?\d{2,4})"
                    r"(?:\s*(?:@|เวลา)?\s*\d{1,2}[:.]\d{2}(?:\s*น\.)?)?\s*$")


@lru_cache(maxsize=4096)
def _signature(line: str) -> str:
    """The name a line would sign: without the dash or "โดย" around it, nor the contacts
    or the date after it ("สมศรี โทร 081-…", "วิชัย 12 มี.ค. 2551")."""
    line = _CONTACTS.sub("", redact(line))
    dated = _DATED.search(line)
    if dated and (dated.group("slash") or _date(dated)):
        line = line[:dated.start()]
    return _SIGNED.sub("", line)
VERSE_RUN = 4  # short lines in a row that make a poem (a name between two one-line comments: 3)


def _surely_signed(lines: list[str], index: int) -> bool:
    """A name-shaped last line of a paragraph that a new comment (or the end) follows, or that
    looks like a name by itself."""
    after = next((x for x in lines[index + 1:] if x), None)
    return after is None or _boundary(after) or after.startswith(GREETINGS) \
        or looks_like_name(_signature(lines[index]))


def _in_verse(lines: list[str], index: int) -> bool:
    """Whether `lines[index]` is one of at least VERSE_RUN short lines in a row (blank lines
    between them or not): short, no polite particle or sentence stop at the end, and not
    surely a signature."""
    def verse(at: int) -> bool:
        line = lines[at]
        return len(line) <= 40 and not _boundary(line) and not line.endswith(PARTICLES) \
            and not re.search(r"[.!?…:]$", line) \
            and not (name_shaped(_signature(line)) and _surely_signed(lines, at))

    run = 1
    for step in (-1, 1):
        at = index + step
        while 0 <= at < len(lines) and run < VERSE_RUN and (not lines[at] or verse(at)):
            run += bool(lines[at])
            at += step
    return run >= VERSE_RUN


def _boundary(line: str) -> bool:
    return bool(IP_LINE.search(line) or META_LINE.match(line))


RANKS = ("ว่าที่", "ร.ต.", "ร.ท.", "ร.อ.", "พ.ต.", "พ.ท.", "พ.อ.", "จ.ส.อ.", "จ.ส.ท.", "จ.ส.ต.",
         "ส.อ.", "ส.ท.", "ส.ต.", "ด.ต.", "พ.ต.ต.", "พ.ต.ท.", "พ.ต.อ.", "ร.ต.อ.", "ร.ต.ท.", "ร.ต.ต.",
         "นพ.", "พญ.", "ทพ.", "ภก.", "ผอ.", "จ่าเอก", "จ่าโท", "จ่าตรี")  # before a name, glued or not
RANKS = tuple(sorted(RANKS, key=len, reverse=True))  # "ร.ต.อ." before "ร.ต."


def _unranked(line: str) -> str:
    """The line without the ranks and titles it starts with ("ว่าที่ร.ต.สมพงษ์" → "สมพงษ์")."""
    while True:
        rank = next((r for r in RANKS if line.startswith(r) and len(line) > len(r)), None)
        if rank is None:
            return line
        line = line[len(rank):].lstrip()


def name_shaped(line: str) -> bool:
    """Short, at most four words, no sentence punctuation, no particle or greeting; digits
    only at the end of a one-word handle ("แดง99"); an agency after it allowed, in brackets or
    not ("รพ.สต.ท่าซัก"), but not abbreviations alone ("ธ.ก.ส.")."""
    line = _unranked(re.sub(r"\s*\([^()]{1,20}\)$", "", line))
    parts = line.split()
    if re.fullmatch(r"[^\d\s]+\d{1,4}", line):
        line = parts[0] = line.rstrip("0123456789")
    if not parts or len(parts) > 4 or re.search(r"[\d!?…:;\"“”/()]", line):
        return False
    if len(parts) == 1 and len(line) > 16 or any(len(p) > 20 for p in parts):
        return False
    if line.endswith(PARTICLES) or line.startswith(GREETINGS):
        return False
    return not (re.search(r"\.\S*\.", line) and all(p.endswith(".") for p in parts))


def looks_like_name(line: str, by_shape: bool = True) -> bool:
    """An honorific or rank with a short name, "First Last" (unless not `by_shape`), or a known
    Thai given or family name."""
    unranked = _unranked(line)
    if unranked != line and unranked:
        return True
    parts = line.split()
    for title in HONORIFICS:
        rest = line[len(title):].strip()
        if line.startswith(title) and rest and len(rest.split()) <= 2 and len(rest.split()[0]) <= 8:
            return True
    thai = all(re.fullmatch(r"[\u0e00-\u0e7f.]+", p) for p in parts)
    if by_shape and thai and 2 <= len(parts) <= 3:
        return True
    given, family = _names()
    return any(p in given or p in family for p in parts)


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset, frozenset]:
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

    return frozenset(thai_female_names()) | frozenset(thai_male_names()), frozenset(thai_family_names())


def redact(line: str) -> str:
    """The line with phone, ID-card and e-mail patterns and LINE IDs replaced: all that
    `privacy` finds (every form `wongrian check` reports), then landlines and the rest."""
    line = redact_personal(line, PRIVATE)[0]
    for pattern in PERSONAL:
        line = pattern.sub(REDACTED, line)
    return LINE_ID.sub(lambda m: m.group()[:m.start("line") - m.start()] + REDACTED, line)
