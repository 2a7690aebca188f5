"""The one HTML sanitiser: what a story body may keep after Markdown (nh3, the Ammonia
bindings, with an allow-list fitted to stories), and what `check` warns was dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TAGS = HEADINGS | {
    "p", "br", "hr", "div", "span", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "pre", "code", "kbd", "samp", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub",
    "sup", "mark", "small", "abbr", "cite", "q", "table", "thead", "tbody", "tfoot", "tr",
    "th", "td", "caption", "a", "img", "figure", "figcaption", "details", "summary",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "style"},
    "td": {"colspan", "rowspan", "style"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {("a", "href"), ("img", "src")}
DROP_WITH_CONTENT = {"script", "style", "template", "textarea", "select", "noscript", "iframe",
                     "object", "title", "noembed", "noframes", "xmp", "math", "svg"}
ADMONITIONS = ("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "success",
               "check", "done", "question", "help", "faq", "warning", "caution", "attention",
               "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite")
CLASSES = {"admonition", "admonition-title", "headerlink", "footnote", "footnote-ref",
           "footnote-backref", *ADMONITIONS}
_CODE_CLASS = re.compile(r"language-[A-Za-z0-9_+#-]{1,30}")
_ALIGN = re.compile(r"\s*text-align:\s*(left|right|center)\s*;?\s*")
_SIZE = re.compile(r"\d{1,4}(%|px)?")
RESERVED_ID = re.compile(r"(__|md-|wr-|wongrian)", re.I)  # the theme's and our own element ids
_NOT_IN_ID = re.compile(r"[\s\"'<>&`\x00-\x1f\x7f]")  # white space, markup, control: an id
# is copied into the page's table of contents, links and scripts, where none of these belongs


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """Values the allow-list admits (None drops the attribute)."""
    if name == "id":
        return value if 0 < len(value) <= 120 and not RESERVED_ID.match(value) \
            and not _NOT_IN_ID.search(value) else None
    if name == "class":
        keep = [c for c in value.split() if c in CLASSES or (tag == "code" and _CODE_CLASS.fullmatch(c))]
        return " ".join(keep) or None
    if name == "style":
        return value if _ALIGN.fullmatch(value) else None
    if name in ("width", "height"):
        return value if _SIZE.fullmatch(value.strip()) else None
    if name in ("colspan", "rowspan", "start", "value"):
        return value if value.strip().isdigit() and len(value.strip()) <= 4 else None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES,
    attribute_filter=_keep_attribute, url_schemes=URL_SCHEMES, strip_comments=True,
    link_rel="noopener noreferrer",
)


def sanitize_html(html: str) -> str:
    """Story HTML with only the allowed tags, attributes, classes and URLs left."""
    return _CLEANER.clean(html)


# -- what `check` tells a contributor ------------------------------------------------------------

@dataclass(frozen=True)
class Dropped:
    """Something in a story's Markdown that the sanitiser removes, at a line of the body."""

    line: int
    en: str
    th: str


_CODE_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?\2[`~]*[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_ATTR_LIST = re.compile(r"\{:?[ \t]*((?:[#.][^\s}]+|[A-Za-z_:][-\w:.]*=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))"
                        r"(?:[ \t]+(?:[#.][^\s}]+|[A-Za-z_:][-\w:.]*=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+)))*)[ \t]*\}")
_ATTR_PAIR = re.compile(r"([A-Za-z_:][-\w:.]*)=")
_MD_URL = re.compile(r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):|^\s*\[(?!\^)[^\]\n]+\]:\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):",
                     re.M)
# A "<" that another "<" follows before any ">" or quote starts no tag; the standard library's
# HTMLParser would scan the rest of the text again for each one (hours for `<a <a <a …`).
_NO_TAG = re.compile(r"<(?=[^<>\"']*<)")
_MAYBE = re.compile(r"<[A-Za-z!/?]|\{[:#.\sA-Za-z]|\]\(|\]:")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def dropped_markup(body: str, first_line: int = 1) -> list[Dropped]:
    """Raw HTML, attribute lists and link URLs in a Markdown body that the sanitiser would
    remove, with their lines (code blocks and code spans are shown as written, so skipped)."""
    if not _MAYBE.search(body):
        return []
    text = _CODE_SPAN.sub(_blank, _CODE_FENCE.sub(_blank, body))
    found = _Finder().scan(_NO_TAG.sub(" ", text))
    for match in _ATTR_LIST.finditer(text):
        for anchor in re.findall(r"(?:^|[ \t])#([^\s}]+)", match.group(1)):
            if _keep_attribute("*", "id", anchor) is None:
                found.append((text.count("\n", 0, match.start()) + 1,
                              f'the id "#{anchor}" in {{ … }} is removed (no quotes, spaces or < > & `)',
                              f'รหัส "#{anchor}" ใน {{ … }} จะถูกตัดออก (ห้ามมีเครื่องหมายคำพูด ช่องว่าง หรือ < > & `)'))
        for name in _ATTR_PAIR.findall(match.group(1)):
            if name.lower() not in ("width", "height", "title", "lang"):
                found.append((text.count("\n", 0, match.start()) + 1,
                              f'attribute "{name}" in {{ … }} is removed',
                              f'ช่องคุณสมบัติ "{name}" ใน {{ … }} จะถูกตัดออก'))
    for match in _MD_URL.finditer(text):
        scheme = (match.group(1) or match.group(2)).lower()
        if scheme not in URL_SCHEMES:
            found.append((text.count("\n", 0, match.start()) + 1,
                          f'a link to "{scheme}:" is removed (only http, https, mailto and relative links)',
                          f'ลิงก์แบบ "{scheme}:" จะถูกตัดออก (ใช้ได้เฉพาะ http, https, mailto และลิงก์ภายใน)'))
    return sorted({Dropped(first_line + line - 1, en, th) for line, en, th in found},
                  key=lambda d: (d.line, d.en))


class _Finder(HTMLParser):
    """Start tags and their attributes in raw HTML, checked against the allow-list."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []

    def scan(self, text: str) -> list[tuple[int, str, str]]:
        self.feed(text)
        self.close()
        return self.found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if ":" in tag or "@" in tag or "." in tag:  # <https://…>, <x@y.z>: Markdown autolinks
            return
        line = self.getpos()[0]
        if tag not in TAGS:
            self.found.append((line, f"raw HTML <{tag}> is removed", f"แท็ก HTML <{tag}> จะถูกตัดออก"))
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed or _keep_attribute(tag, name, value) is None:
                self.found.append((line, f'attribute "{name}" of <{tag}> is removed',
                                   f'คุณสมบัติ "{name}" ของแท็ก <{tag}> จะถูกตัดออก'))
            elif (tag, name) in URL_ATTRIBUTES and re.match(r"\s*[A-Za-z][A-Za-z0-9+.-]*:", value) \
                    and value.split(":", 1)[0].strip().lower() not in URL_SCHEMES:
                self.found.append((line, f'the "{value.split(":", 1)[0].strip()}:" address of <{tag}> is removed',
                                   f'ที่อยู่แบบ "{value.split(":", 1)[0].strip()}:" ของแท็ก <{tag}> จะถูกตัดออก'))

    handle_startendtag = handle_starttag


_HEADING = re.compile(r"^(?:>[ \t]?)*(?:(?:[-*+]|\d+\.)[ \t]+)?(#{1,6})(?!#)", re.M)


def skipped_headings(body: str, first_line: int = 1) -> list[Dropped]:
    """Markdown headings more than one level below the heading before them (the page's title
    is the h1): screen readers list headings by level, and axe-core's heading-order rule
    fails the page. Lines as in `dropped_markup`."""
    if "##" not in body:
        return []
    text, level, found = _CODE_FENCE.sub(_blank, body), 1, []
    for match in _HEADING.finditer(text):
        depth = len(match.group(1))
        if depth > level + 1:
            found.append(Dropped(first_line + text.count("\n", 0, match.start()),
                                 f"heading level {depth} follows level {level}: a level is skipped",
                                 f"หัวข้อระดับ {depth} ต่อจากระดับ {level} ข้ามระดับไป"))
        level = depth
    return found


def warn_dropped_markup(raws, problems) -> None:
    """A warning (an error with --strict) for each piece of a story body the sanitiser drops,
    so that a contributor learns what will not be published; and for each heading that skips
    a level (`skipped_headings`)."""
    for raw in raws:
        for item in dropped_markup(raw.body, raw.body_line):
            problems.warn(raw.source, item.line, "body", item.en, item.th,
                          "see “What a story can contain” in CONTRIBUTING.md",
                          "ดูหัวข้อ “สิ่งที่ใส่ในบันทึกได้” ใน CONTRIBUTING.md")
        for item in skipped_headings(raw.body, raw.body_line):
            problems.warn(raw.source, item.line, "body", item.en, item.th,
                          "start headings under the title with ##, under a ## heading with ###",
                          "หัวข้อใต้ชื่อเรื่องขึ้นต้นด้วย ## หัวข้อย่อยใต้ ## ขึ้นต้นด้วย ###")


# Python-Markdown looks for the ")" of each "](" through the rest of its paragraph, character by
# character in Python: a paragraph of many unclosed links takes minutes (`![x](` 10,000 times),
# and one of closed links too (1,000 links in 45 KB: 15 s; 2,000 in 90 KB: 74 s);
# its HTML reader looks for the ">" of each "<" through the rest of the body (`<a ` 20,000 times).
SLOW_LINKS = 10_000_000  # characters it would look at (about 2 s)
SLOW_TAGS = 40_000_000   # (a regular expression: about 2 s)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_QUOTED = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]", re.M)
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


def _inline_runs(part: str) -> list[str]:
    """The texts Python-Markdown reads links in, one at a time, of a block between blank lines:
    each item of a list (a block that starts with one: after a paragraph's line a marker is
    text), each row of a table, else the whole block (a quote's markers set aside)."""
    part = _QUOTED.sub("", part)
    lines = part.split("\n")
    if len(lines) > 1 and _TABLE_RULE.fullmatch(lines[1]):
        return lines
    if _ITEM.match(part):
        starts = [m.start() for m in _ITEM.finditer(part)] + [len(part)]
        return [part[a:b] for a, b in zip(starts, starts[1:])]
    return [part]


def slow_markup(raws, problems) -> None:
    """An error for each paragraph whose links (Python-Markdown reads the paragraph again after
    each one it finds) or unclosed links ("](" with no ")"), and for each body whose "<" that
    start no tag, would hold the build for more than a few seconds."""
    for raw in raws:
        body = raw.body
        if body.count("<") * len(body) > SLOW_TAGS:
            text = _CODE_SPAN.sub(_blank, _CODE_FENCE.sub(_blank, body))
            stray = [m.start() for m in _NO_TAG.finditer(text)]
            if len(stray) * len(body) > SLOW_TAGS:
                problems.error(raw.source, raw.body_line + body.count("\n", 0, stray[0]), "body",
                               f"{len(stray):,} '<' from here on start no HTML tag: Markdown would "
                               "take minutes to read them",
                               f"มี '<' {len(stray):,} ตัวตั้งแต่ตรงนี้ที่ไม่ได้เปิดแท็ก HTML "
                               "ตัวแปลง Markdown จะใช้เวลาหลายนาที",
                               "write them as &lt; or inside `code`",
                               "เขียนเป็น &lt; หรือไว้ใน `code`")
        if body.count("](") * len(body) <= SLOW_LINKS:  # nearly always: no paragraph to look at
            continue
        gaps = list(_PARAGRAPH_END.finditer(body))
        for start, end in zip([0] + [m.end() for m in gaps], [m.start() for m in gaps] + [len(body)]):
            part = body[start:end]
            links = part.count("](")
            unclosed = links - part.count(")")
            if unclosed <= 0 and links * len(part) > SLOW_LINKS and sum(  # closed: as slow
                    run.count("](") * len(run) for run in _inline_runs(part)) > SLOW_LINKS:
                problems.error(raw.source, raw.body_line + body.count("\n", 0, start), "body",
                               f"{links:,} links or pictures in one paragraph: Markdown would "
                               "take minutes to read it",
                               f"ลิงก์หรือรูป {links:,} รายการอยู่ในย่อหน้าเดียว "
                               "ตัวแปลง Markdown จะใช้เวลาหลายนาที",
                               "put a blank line between groups of them, or make them a list "
                               "(after a blank line, one '- [text](address)' a line)",
                               "เว้นบรรทัดว่างคั่นเป็นกลุ่ม หรือทำเป็นรายการ "
                               "(เว้นบรรทัดว่างก่อน แล้วบรรทัดละ '- [ข้อความ](ที่อยู่)')")
            if unclosed > 0 and unclosed * len(part) > SLOW_LINKS:
                problems.error(raw.source, raw.body_line + body.count("\n", 0, start), "body",
                               f"{unclosed:,} links or pictures in this paragraph are not closed "
                               "with ')': Markdown would take minutes to read it",
                               f"ลิงก์หรือรูป {unclosed:,} รายการในย่อหน้านี้ไม่ได้ปิดด้วย ')' "
                               "ตัวแปลง Markdown จะใช้เวลาหลายนาที",
                               "write each as [text](address) or ![description](picture.jpg)",
                               "เขียนแต่ละรายการเป็น [ข้อความ](ที่อยู่) หรือ ![คำอธิบาย](รูป.jpg)")
