"""Reading the comments of a GotoKnow capture (pure; see `gotoknow` for the rest of it).

The comments are the text after "ความเห็น (N)". Commenters sign with a short line after their
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
published; contacts or a date after a name ("สมศรี โทร 081-…", "วิชัย 12/03/2008") do not
keep it. A comment's numbered heading with its writer's name ("ความเห็นที่ 2 โดย …", or
"#2 …"/"2. …" above its date or ``IP:`` line) names the comment below it. ``IP:`` lines,
date lines and phone, ID-card and e-mail patterns never reach the output. Signed names are
kept (`Post.readers`) only so that `pseudonyms` can hide them everywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..dates import DateError, parse_date
from ..privacy import LINE_ID, redact as redact_personal

IP_LINE = re.compile(r"\bIP\s*:", re.I)
META_LINE = re.compile(r"^\s*(?:#\s*\d+\s*)?(?:เขียนเมื่อ|เมื่อ|เมื่อวันที่)?\s*"
                       r"\d{1,2}\s*[^\d\s]+\.?\s*\d{2,4}\s*(?:@|เวลา|\d{1,2}[:.]\d{2})")
PERSONAL = (  # replaced in comments (the body is scanned by generator.privacy)
    re.compile(r"(?<!\d)(?:\+66[- ]?|0)(?:[- ]?\d){8,9}(?!\d)"),  # phones, 0-xxxx-xxxx too
    re.compile(r"(?<!\d)\d[- ]?\d{4}[- ]?\d{5}[- ]?\d{2}[- ]?\d(?!\d)"),  # ID-card numbers
    re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+"),  # e-mail (each run tried once: linear)
)
REDACTED = "[ลบข้อมูลส่วนบุคคล]"
PRIVATE = ("id", "ip", "mobile", "email", "line")  # `privacy` findings removed from comments
SOCIAL = re.compile(  # a reader's page on LINE or a social network is a contact too
    r"(?<![\w.\-/])(?:https?://)?(?:www\.|m\.)?(?:line\.me|lin\.ee|facebook\.com|fb\.com|fb\.me|"
    r"instagram\.com|twitter\.com|x\.com|tiktok\.com)/\S*", re.I)
READER_LINE = re.compile(  # and the LINE IDs `privacy` leaves to a person: "ไลน์ somchai99" (no
    # colon), "แอดไลน์มาที่ somchai", "LINE ID: @somchai" (an "@" account); not "ไลน์ 555"
    r"(?:ไลน์[\u0e00-\u0e7f\s:：=]{0,15}?|(?<![A-Za-z])(?i:line)\s*(?:(?i:id)\s*)?[:：=]?\s*(?=@))"
    r"(?=@?[A-Za-z0-9._\-]*[A-Za-z])(?P<line>@?[A-Za-z0-9][A-Za-z0-9._\-]{2,19})(?![A-Za-z0-9_\-])")
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
    if dated and (dated.group("slash") or _is_date(dated.group("date"))):
        line = line[:dated.start()]
    return _SIGNED.sub("", line)
def _is_date(text: str) -> bool:
    try:
        parse_date(text)
    except DateError:
        return False
    return True


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
    """The line with phone, ID-card and e-mail patterns, LINE IDs and social-network pages
    replaced: all that `privacy` finds (every form `wongrian check` reports), then landlines
    and the rest."""
    line = SOCIAL.sub(REDACTED, redact_personal(line, PRIVATE)[0])
    for pattern in PERSONAL:
        line = pattern.sub(REDACTED, line)
    for pattern in (LINE_ID, READER_LINE):
        line = pattern.sub(lambda m: m.group()[:m.start("line") - m.start()] + REDACTED, line)
    return line
