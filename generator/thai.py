"""Thai text: normalisation, word segmentation with the programme's vocabulary, slugs."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\ufeff"
ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH_CHARS), None)
THAI_CHARS = "\u0e00-\u0e7f"
_WORD_CHAR = re.compile(r"\w")
_THAI_CHAR = re.compile(f"[{THAI_CHARS}]")
_SPACES = re.compile(r"\s+")

# Words the programme uses that the stock dictionary splits wrongly.
KM_VOCABULARY = (
    "วงเรียนรู้", "คุณเอื้อ", "คุณอำนวย", "คุณกิจ", "คุณลิขิต", "คุณประสาน",
    "วิทยากรกระบวนการ", "บัญชีครัวเรือน", "แผนแม่บทชุมชน", "ชุมชนอินทรีย์",
    "อยู่ดีมีสุข", "เศรษฐกิจพอเพียง", "ศูนย์เรียนรู้", "จัดการความรู้", "แผนที่ศักยภาพ",
    "กลุ่มออมทรัพย์", "สวัสดิการชุมชน", "ตลาดนัดความรู้", "พัฒนากร", "พัฒนาชุมชน",
)


def _drop_zero_width(text: str) -> str:
    # str.replace is ~20× faster than str.translate with a dict on long Thai texts
    for char in ZERO_WIDTH_CHARS:
        if char in text:
            text = text.replace(char, "")
    return text


# pythainlp's character sets (`pythainlp.thai_above_vowels` …; tests/test_thai.py checks
# them): importing pythainlp costs 50 ms, which a build that segments nothing need not pay.
THAI_SETS = {"above": "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e4d\u0e47", "below": "\u0e38\u0e39",
             "follow": "\u0e30\u0e32\u0e33\u0e45", "lead": "\u0e40\u0e41\u0e42\u0e43\u0e44",
             "tonemarks": "\u0e48\u0e49\u0e4a\u0e4b"}


def _normalize_would_change() -> re.Pattern[str]:
    """Where pythainlp's `normalize` could change a text: a superset of what each of its rules
    matches (zero-width characters, doubled or edge spaces, spaces around a newline, marks after
    a space or at the start, vowels and marks out of order or repeated). Built from pythainlp's
    own character sets; text without a match comes back from `normalize` unchanged."""
    above, below, follow, lead, tones = (THAI_SETS[k] for k in ("above", "below", "follow",
                                                                "lead", "tonemarks"))
    signs = "\u0e3a\u0e4c\u0e4d\u0e4e"
    dangling, repeatable = above + below + tones + signs, follow + lead + above + below + signs
    return re.compile("|".join((
        "[\u200b\u200c]", "  ", " \n|\n[ \n]", r"^\s|\s$", f"^[{dangling}]", f" [{dangling}]",
        "\u0e40\u0e40", f"[{tones}\u0e4c][{above}{below}]", f"\u0e4d[{tones}]*\u0e32",
        f"[{follow}][{tones}]", "\u0e45", f"([{repeatable}]) *\\1", f"[{tones}]{{2}}")))


_NORMALIZE_WOULD_CHANGE = _normalize_would_change()


@lru_cache(maxsize=65536)
def _clean(text: str) -> str:
    text = _drop_zero_width(unicodedata.normalize("NFC", text))
    if not _NORMALIZE_WOULD_CHANGE.search(text):
        return text
    from pythainlp.util import normalize

    return normalize(text)


def clean(text: str) -> str:
    """Normalise Thai text for matching: NFC, one spelling of sara am, no zero-width chars."""
    return _clean(str(text))


def clean_fast(text: str) -> str:
    """The cheap part of `clean` for long texts: NFC, one sara am, no zero-width characters."""
    text = _drop_zero_width(unicodedata.normalize("NFC", str(text)))
    return text.replace("\u0e4d\u0e32", "\u0e33")


def squash(text: str) -> str:
    """A matching key: cleaned, lower-cased, with all white space removed."""
    return _squash(str(text))


@lru_cache(maxsize=65536)
def _squash(text: str) -> str:
    return _SPACES.sub("", _clean(text)).lower()


_EXTRA_WORDS: set[str] = set()


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter more words (agency and area names); call before segmenting."""
    new = {clean(w) for w in words if w and _THAI_CHAR.search(w)}
    if not new <= _EXTRA_WORDS:
        _EXTRA_WORDS.update(new)
        _segmenter.cache_clear()


def _dictionary(with_site_words: bool) -> set[str]:
    from pythainlp.corpus import thai_words

    return set(thai_words()) | set(KM_VOCABULARY) | (_EXTRA_WORDS if with_site_words else set())


@lru_cache(maxsize=2)
def _segmenter(with_site_words: bool = True):
    """A word segmenter over the dictionary: nlpO3 (Rust, ~4× faster) or pythainlp's newmm."""
    try:
        import nlpo3
    except ImportError:
        from pythainlp.tokenize import word_tokenize
        from pythainlp.util import dict_trie

        trie = dict_trie(sorted(_dictionary(with_site_words)))
        return lambda text: word_tokenize(text, custom_dict=trie, engine="newmm")
    from importlib.metadata import version

    extra = sorted(_EXTRA_WORDS) if with_site_words else []
    made_of = "\n".join([version("pythainlp"), *KM_VOCABULARY, "", *extra])
    name = "wongrian-" + hashlib.sha256(made_of.encode()).hexdigest()[:32]
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wongrian"
    try:
        nlpo3.load_dict(str(_dictionary_file(home / "words", name, with_site_words)), name)
    except OSError:  # no cache folder to write: a temporary file, made again each time
        with tempfile.TemporaryDirectory() as folder:
            nlpo3.load_dict(str(_dictionary_file(Path(folder), name, with_site_words)), name)
    # (a copy of the text: nlpO3 asks for its UTF-8, which Python then keeps inside the string
    # for as long as the string lives, 1.5 times its size for Thai: a story's body lives for the
    # whole build)
    return lambda text: nlpo3.segment("".join((text, "")), name)


def _dictionary_file(folder: Path, name: str, with_site_words: bool) -> Path:
    """The dictionary as the file nlpO3 loads, kept in the user's cache folder under a hash
    of what it is made of (pythainlp's version, the programme's words, the site's): making it
    imports pythainlp and sorts 62,000 words (0.1 s), which a one-story edit need not repeat."""
    path = folder / f"{name}.txt"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("\n".join(sorted(_dictionary(with_site_words))))
        os.replace(temporary, path)  # whole or not at all, whoever writes it at the same time
    return path


def words(text: str, site_words: bool = True) -> list[str]:
    """Split text into words (Thai by dictionary, others by white space), no blanks.

    `site_words` adds the registry's agency and area names to the dictionary; slugs leave
    them out so that a registry edit never changes an existing page address.
    """
    tokens = _segmenter(site_words)(clean_fast(text))
    return [t for t in (t.strip() for t in tokens) if t and _WORD_CHAR.search(t)]


_SEEN_TOKENS: set[str] = set()   # every distinct token classified so far
_NOT_WORDS: set[str] = set()     # those of them without a word character (spaces, punctuation)


def count_words(text: str) -> int:
    """Number of words, counting Thai words by dictionary rather than by spaces.

    Same count as `len(words(text))`, in bulk: one segmentation call, the tokens counted by
    `Counter`, and only tokens never seen before tested for a word character (a story of
    ~1,000 words has a few hundred distinct tokens, nearly all seen in earlier stories)."""
    tokens = Counter(_segmenter(True)(clean_fast(text)))
    for token in tokens.keys() - _SEEN_TOKENS:
        _SEEN_TOKENS.add(token)
        if not _WORD_CHAR.search(token):
            _NOT_WORDS.add(token)
    return sum(tokens.values()) - sum(tokens[t] for t in _NOT_WORDS.intersection(tokens))


# Programme words that the rule-based romaniser gets wrong ("chumtn", "tampn").
ROMAN = {
    "ชุมชน": "chumchon", "ตำบล": "tambon", "แผนแม่บทชุมชน": "phaen-maebot-chumchon",
    "เศรษฐกิจพอเพียง": "setthakit-phophiang", "บัญชีครัวเรือน": "banchi-khruaruean",
    "วงเรียนรู้": "wong-rianru", "คุณอำนวย": "khun-amnuai", "คุณเอื้อ": "khun-uea",
    "คุณกิจ": "khun-kit", "คุณลิขิต": "khun-likhit", "คุณประสาน": "khun-prasan",
    "ชุมชนอินทรีย์": "chumchon-insi", "อำเภอ": "amphoe", "จังหวัด": "changwat",
    "หมู่บ้าน": "muban", "สวัสดิการ": "sawatdikan", "สาธารณสุข": "satharanasuk",
    "ศูนย์เรียนรู้": "sun-rianru", "กลุ่มออมทรัพย์": "klum-omsap", "อยู่ดีมีสุข": "yudi-misuk",
    "จัดการความรู้": "chatkan-khwamru", "แผนที่ศักยภาพ": "phaenthi-sakkayaphap",
    "พัฒนาชุมชน": "phatthana-chumchon", "ครัวเรือน": "khruaruean", "สุขภาพ": "sukkhaphap",
}


class _WordSet:
    """What newmm asks of pythainlp's `Trie` (`prefixes`, `len`), answered from a set: built in
    milliseconds where the stock dictionary's Trie takes half a second, with the same answers."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(w for w in (w.strip() for w in words) if w)  # as Trie.add strips
        self.longest = max(map(len, self.words), default=0)

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        end = min(len(text), start + self.longest)
        return [text[start:i] for i in range(start + 1, end + 1) if text[start:i] in self.words]


@lru_cache(maxsize=1)
def _stock_words() -> _WordSet:
    from pythainlp.corpus import thai_words

    return _WordSet(thai_words())


def _royin(text: str) -> str:
    """`pythainlp.transliterate.romanize(text, engine="royin")`, step for step, with the stock
    dictionary as a `_WordSet` (the only difference: no Trie to build on first use)."""
    from pythainlp.tokenize import word_tokenize
    from pythainlp.transliterate.royin import _romanize, _should_add_syllable_separator

    def royin(part: str) -> str:  # pythainlp.transliterate.royin.romanize
        tokens = word_tokenize(part, custom_dict=_stock_words(), engine="newmm")
        done: list[str] = []
        for i, token in enumerate(tokens):
            roman = _romanize(token)
            if i > 0 and roman and _should_add_syllable_separator(
                    tokens[i - 1], token, done[-1] if done else ""):
                roman = "a" + roman
            done.append(roman)
        return "".join(done)

    return " ".join(royin(part) for part in text.split(" ")) if text else ""


@lru_cache(maxsize=4096)
def _romanize_word(word: str) -> str:
    return ROMAN.get(word) or _royin(word)


slugs: dict[str, str] = {}  # `ascii_slug`'s results by call, kept between runs by the check cache


def slug_key(text: str, max_words: int = 6, max_len: int = 60) -> str:
    return f"{max_words},{max_len},{text}"


def ascii_slug(text: str, max_words: int = 6, max_len: int = 60) -> str:
    """A readable ASCII slug: Thai words romanised one by one, joined with '-' (remembered in
    `slugs`: segmenting a title needs the dictionary loaded, 0.1 s, and a body edit leaves the
    titles and tags as they were)."""
    key = slug_key(text, max_words, max_len)
    slug = slugs.get(key)
    if slug is None:
        slug = slugs[key] = _ascii_slug(text, max_words, max_len)
    return slug


def _ascii_slug(text: str, max_words: int, max_len: int) -> str:
    parts: list[str] = []
    for word in words(text, site_words=False):
        if re.search(f"[{THAI_CHARS}]", word):
            word = _romanize_word(word)
        word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        word = re.sub(r"[^a-z0-9]+", "-", word.lower()).strip("-")
        if word:
            parts.append(word)
        if len(parts) >= max_words:
            break
    return "-".join(parts)[:max_len].strip("-")


def heading_slug(value: str, separator: str = "-") -> str:
    """Anchor slug that keeps every Thai letter, vowel and tone mark (unlike `\\w`-based ones)."""
    value = clean(value).lower()
    value = re.sub(rf"[^0-9a-z{THAI_CHARS}\s_-]", "", value)
    return re.sub(r"[\s_-]+", separator, value).strip(separator)
