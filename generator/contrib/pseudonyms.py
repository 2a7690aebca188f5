"""Commenters' names replaced everywhere in an imported post (pure): "ผู้อ่าน 1", "ผู้อ่าน 2", …

A comment's signature ("สมปอง ใจงาม", "น้องฝน", "- ดร.วิภา") gives the forms to hide:
- the full name, with or without its honorific and spaces ("สมปอง ใจงาม", "สมปองใจงาม");
- the given name after any honorific, glued or not ("คุณสมปอง", "อาจารย์ วิภา"), unless
  the two make an ordinary word or a KM role ("คุณภาพ", "คุณอำนวย");
- the given name alone: a name that is not a dictionary word wherever it is a whole word
  of the text ("ทิพวัลย์" in "เห็นด้วยกับทิพวัลย์ค่ะ", not "วิภา" in "ทวิภาคี"); a name that
  is also a word ("ฝน", rain) only when it stands alone between spaces or punctuation;
- a signature that starts with a title ("นายอำเภอ", "ครูใหญ่") only as signed: "อำเภอ" is
  no given name.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import ROLES
from ..thai import words
from .gotoknow import Post
from .gotoknow_comments import HONORIFICS

LETTER = "[\u0e00-\u0e7fA-Za-z0-9]"
MARK = "[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"  # Thai vowel and tone marks: a syllable goes on
_HONORIFIC = "(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + ")"
_LEADING_MARK = re.compile(r"^(?:[-–—~]+|โดย|จาก)?\s*")
_LEADING = re.compile(_LEADING_MARK.pattern + rf"(?:{_HONORIFIC}\s*)*")


def label(number: int) -> str:
    return f"ผู้อ่าน {number}"


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | frozenset(ROLES)


def name_parts(signature: str) -> tuple[str, ...]:
    """The words of a signed name without its leading dash or honorifics."""
    return tuple(_LEADING.sub("", signature.strip()).split())


@dataclass(frozen=True)
class _Form:
    pattern: str
    number: int
    ends_at_edge: bool = False  # must also end where a word of the text ends


def titled(signature: str) -> bool:
    """Whether a signature starts with a title: an honorific glued to a word, the two a word
    themselves ("นายอำเภอ", "ครูใหญ่"); what follows the honorific is then no given name."""
    first, parts = _LEADING_MARK.sub("", signature.strip()).split()[:1], name_parts(signature)
    return bool(first and parts) and first[0] != parts[0] and first[0].endswith(parts[0]) \
        and first[0] in _dictionary()


def _forms(signature: str, number: int) -> list[_Form]:
    parts = name_parts(signature)
    if not parts or len(parts[0]) < 2:
        return []
    given, common = parts[0], parts[0] in _dictionary()
    forms = [_Form(rf"(?:{_HONORIFIC}\s*)?" + r"\s*".join(map(re.escape, parts)) + f"(?!{MARK})",
                   number)] if len(parts) > 1 else []
    if titled(signature):  # "นายอำเภอ (เกษียณ)": only as signed, never "อำเภอ" alone
        return forms
    honorifics = [h for h in HONORIFICS if h + given not in _dictionary()]
    if honorifics:
        alternatives = "|".join(re.escape(h) for h in sorted(honorifics, key=len, reverse=True))
        forms.append(_Form(rf"(?:{alternatives})\s?{re.escape(given)}(?!{MARK})", number))
    if common:
        forms.append(_Form(rf"(?<!{LETTER}){re.escape(given)}(?!{LETTER})", number))
    else:
        forms.append(_Form(rf"{re.escape(given)}(?!{MARK})", number, ends_at_edge=True))
    return forms


class Pseudonyms:
    """Every form of every signed name of a post, replaced by its reader's label. A form
    counts only where a word of the text starts ("น้าฝน" is not in "หน้าฝน"), or after the
    honorifics a word starts with ("ครูแดง" in "ขอบคุณครูแดง", read "ขอบ|คุณครู|แดง")."""

    def __init__(self, signatures: dict[str, int]):
        forms = [f for name, n in signatures.items() for f in _forms(name, n)]
        self.forms = sorted(forms, key=lambda f: (f.ends_at_edge, -len(f.pattern)))  # fullest first
        self.pattern = re.compile("|".join(f"({f.pattern})" for f in self.forms),  # (Somsri, somsri)
                                  re.IGNORECASE) if forms else None

    def apply(self, text: str) -> tuple[str, int]:
        """`text` with the names replaced, and how many were replaced."""
        if self.pattern is None or not text:
            return text, 0
        edges: list[int] | None = None
        parts, at, search = [], 0, 0
        while match := self.pattern.search(text, search):
            form = self.forms[match.lastindex - 1]
            edges = _word_edges(text) if edges is None else edges
            if _starts_word(text, match.start(), edges) and (
                    not form.ends_at_edge or edges[bisect_left(edges, match.end())] == match.end()):
                parts += [text[at:match.start()], label(form.number)]
                at = search = match.end()
            else:
                search = match.start() + 1
        return "".join(parts) + text[at:], len(parts) // 2


def _word_edges(text: str) -> list[int]:
    """Offsets where a word starts or ends, in order (Thai by dictionary, other words by
    spaces)."""
    edges, at = {0, len(text)}, 0
    for token in words(text, site_words=False):
        found = text.find(token, at)
        if found >= 0:
            edges.update((found, found + len(token)))
            at = found + len(token)
    return sorted(edges)


_HONORIFICS_ONLY = re.compile(rf"(?:{_HONORIFIC}\s*)+")


def _starts_word(text: str, at: int, edges: list[int]) -> bool:
    """Whether a word starts at `at`, or only honorifics stand between it and the word's start
    (the word breaker reads "ขอบ|คุณครู|แดง": "ครูแดง" starts inside "คุณครู")."""
    start = edges[bisect_right(edges, at) - 1]
    return start == at or bool(_HONORIFICS_ONLY.fullmatch(text, start, at))


def hide_readers(post: Post) -> tuple[Post, int]:
    """The post with its commenters' names replaced in every text it carries, and how many
    names were replaced outside the comments (in the title, lead, body, tags or group)."""
    names = Pseudonyms(dict(post.readers))
    outside = 0

    def hide(text: str) -> str:
        nonlocal outside
        text, count = names.apply(text)
        outside += count
        return text

    title, lead, group = hide(post.title), hide(post.lead), hide(post.group)
    body, tags = tuple(map(hide, post.body)), tuple(map(hide, post.tags))
    comments = tuple(replace(c, paragraphs=tuple(names.apply(p)[0] for p in c.paragraphs))
                     for c in post.comments)
    return replace(post, title=title, lead=lead, group=group, body=body, tags=tags,
                   comments=comments), outside
