"""The normal form of Thai search text and its character trigrams (pure; mirrored line for line
in theme/overrides/assets/search/search.js, see `index.py`)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# -- the normal form: keep in step with search.js -------------------------------------------------

TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff\u00ad]")
_TONE_BEFORE_VOWEL = re.compile("([\u0e48-\u0e4b])([\u0e31\u0e34-\u0e37])")
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
_FOLD = {**{ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
         **{0x0E50 + d: str(d) for d in range(10)}}
_TO_FOLD = re.compile("[A-Z\u0e50-\u0e59]")
_THAI = "\u0e01-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
_CHUNK = re.compile(f"[{_THAI}]+|[0-9a-z]+")                 # digits are cut from Thai letters
_SCRIPT_EDGE = re.compile(f"(?<=[0-9a-z])(?=[{_THAI}])|(?<=[{_THAI}])(?=[0-9a-z])")
_DIGIT = "0-9\u0e50-\u0e59"
_THOUSANDS = re.compile(f"(?<=[{_DIGIT}]),(?=[{_DIGIT}]{{3}}(?![{_DIGIT}]))")  # 30,000 → 30000
_LETTER = re.compile("[^\u0e48-\u0e4b][\u0e48-\u0e4b]*")
_L = "[\u0e01-\u0e3a\u0e40-\u0e45\u0e47\u0e4c-\u0e4e0-9a-z][\u0e48-\u0e4b]*"  # one letter
_TRIGRAMS = re.compile(f"(?=({_L}{_L}{_L}))")               # what `grams` gives, on a whole text
_ENDS = re.compile(f"({_L}{_L})(?![\u0e01-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e0-9a-z])")
_NO_TONES = dict.fromkeys(map(ord, TONES), None)
END = " "  # marks the end of a chunk, so that every two-letter substring starts some gram


def prepare(text: str) -> str:
    """The spelling fixes that change length: NFC, no zero-width, vowel order, sara am, เเ→แ."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    text = _TONE_BEFORE_VOWEL.sub(r"\2\1", text)
    text = _SARA_AM.sub("\\1\u0e33", text)
    return text.replace("\u0e40\u0e40", "\u0e41")


def normalize(text: str, prepared: bool = False) -> str:
    """Search form: prepared, ASCII lower-case, Thai digits as ASCII, full stops and thousands
    separators removed (30,000 = ๓๐,๐๐๐ = 30000)."""
    text = _THOUSANDS.sub("", (text if prepared else prepare(text)).replace(".", ""))
    return text.translate(_FOLD) if _TO_FOLD.search(text) else text


def chunks(text: str) -> list[str]:
    """Runs of Thai letters, and runs of ASCII letters/digits (`27ข้อ` is `27`, `ข้อ`);
    everything else separates them."""
    return _CHUNK.findall(normalize(text))


def letters(chunk: str) -> list[str]:
    """Letters of a chunk, each with its tone mark (a stray leading tone mark is dropped)."""
    return _LETTER.findall(chunk.lstrip(TONES))


def toneless(text: str) -> str:
    return text.translate(_NO_TONES)


def grams(chunk: str) -> list[str]:
    """The chunk's letter trigrams, plus its last two letters followed by END."""
    ls = letters(chunk)
    if len(ls) < 2:
        return []
    return ["".join(ls[i:i + 3]) for i in range(len(ls) - 2)] + ["".join(ls[-2:]) + END]


def shard_key(gram: str) -> str:
    """The first two letters without tone marks: every tone variant shares a shard."""
    return toneless("".join(letters(gram)[:2]))


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units (what JavaScript's charCodeAt sees)."""
    data, value = text.encode("utf-16-le"), 0x811C9DC5
    for i in range(0, len(data), 2):
        value = ((value ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return value


def count_grams(text: str, prepared: bool = False) -> Counter[str]:
    """How often each gram of `grams` occurs in the text (regular expressions: fast)."""
    text = _SCRIPT_EDGE.sub(" ", normalize(text, prepared))
    counts = Counter(_TRIGRAMS.findall(text))
    counts.update(end + END for end in _ENDS.findall(text))
    return counts
