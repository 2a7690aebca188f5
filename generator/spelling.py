"""Spelling distance that knows the slips of Thai typing, for "did you mean …" hints.

A plain edit distance treats every slip alike, so "ปากพูล" is as far from "ปากพูน" as from
"ปากพูด". Thai writers mostly slip in a few known ways: letters that sound alike (ล/น/ร as
final consonants, ศ/ษ/ส, ท/ธ), a missing, extra or swapped tone mark, ำ typed as ํ + า, sara
ae typed as two sara e, and abbreviations written with or without their dots. Those slips
cost less here than other edits, so the nearest name is the one the writer meant.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from .thai import squash

# Letters people write for each other: each group is one sound (or one key slip).
SOUND_ALIKE = ("ลนรญณฬ", "ศษสซ", "ทธฑฒถ", "ตฏ", "ดฎ", "พภผ", "ขฃคฅฆ", "ชฌฉ", "บป",
               "ยญ", "อฮห", "กข", "จช")
MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e47\u0e4c\u0e4d"  # tone marks, maitaikhu, thanthakhat
SHORT_LONG = ("ะั", "ิี", "ึื", "ุู", "าะ", "โะ")
CHEAP = 0.3     # a sound-alike letter, a tone mark, a transposition, a short/long vowel
DOT = 0.1       # an abbreviation's dot added or left out
_ALIKE = {(a, b) for group in (*SOUND_ALIKE, *SHORT_LONG) for a in group for b in group if a != b}


def spelling_key(text: str) -> str:
    """The key names are compared by: squashed (no spaces, NFC, one sara am), with
    sara ae written as one letter."""
    return squash(text).replace("\u0e40\u0e40", "\u0e41")


def _insert_cost(char: str) -> float:
    if char == ".":
        return DOT
    return CHEAP if char in MARKS or char == "\u0e30" else 1.0  # sara a: สาธารณะสุข


def _substitute_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if (a, b) in _ALIKE or (a in MARKS and b in MARKS):
        return CHEAP
    return 1.0


@lru_cache(maxsize=1 << 15)
def thai_distance(a: str, b: str) -> float:
    """Weighted Damerau–Levenshtein distance between two spelling keys."""
    rows = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        rows[i][0] = rows[i - 1][0] + _insert_cost(a[i - 1])
    for j in range(1, len(b) + 1):
        rows[0][j] = rows[0][j - 1] + _insert_cost(b[j - 1])
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            best = min(rows[i - 1][j] + _insert_cost(a[i - 1]),
                       rows[i][j - 1] + _insert_cost(b[j - 1]),
                       rows[i - 1][j - 1] + _substitute_cost(a[i - 1], b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, rows[i - 2][j - 2] + CHEAP)
            rows[i][j] = best
    return rows[len(a)][len(b)]


def allowed_distance(key: str) -> float:
    """How far a name may be from what was typed and still be suggested."""
    return max(2.0, round(len(key.replace(".", "")) / 3, 1))


def scored(typed: str, names: Iterable[str]) -> list[tuple[float, int, str]]:
    """(distance, length, name) of every name within the allowed distance of `typed`."""
    key = spelling_key(typed)
    limit = allowed_distance(key)
    found = []
    for name in dict.fromkeys(names):
        other = spelling_key(name)
        if other == key or abs(len(other) - len(key)) > limit * 2 + 2:
            continue
        distance = round(thai_distance(key, other), 2)
        if distance <= limit:
            found.append((distance, len(other), name))
    return sorted(found)


def nearest(typed: str, names: Iterable[str], n: int = 3) -> list[str]:
    """The `n` names nearest to `typed`; ties go to the shorter name, then by name."""
    return [name for _, _, name in scored(typed, names)][:n]
