"""Trigrams of many texts at once (numpy): the same grams and counts as `normal.count_grams`,
and the postings of all documents encoded as `index.encode_postings` does, without a Python
step per character, trigram or posting.

Texts are joined into one array of code points (in batches); the normal form's steps that
change the text (full stops and thousands separators dropped) are masks, folding A-Z and Thai
digits is in the class tables, and a trigram is an integer: three letter codes in base `K`.
A letter is a base character and at most one tone mark; the few letters typed with two or
more tone marks get codes from `EXTRA` on, assigned as they are met (`Letters`). Each batch's
(gram, document) pairs are sorted by gram, so the postings of all documents only merge them.
`tests/test_search.py` checks `index.build_index` against `index.build_index_by_regex`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..forked import release_memory

K = 512                      # letter codes per trigram digit: 0 is END, then the letters
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
THAI_BASES = "".join(map(chr, [*range(0x0E01, 0x0E3B), *range(0x0E40, 0x0E46), 0x0E47,
                                *range(0x0E4C, 0x0E4F)]))
ASCII_BASES = "0123456789abcdefghijklmnopqrstuvwxyz"
EXTRA = 1 + 5 * len(THAI_BASES) + len(ASCII_BASES)  # first code of a letter with 2+ tone marks
END = " "

# Character classes, by code point as typed (the tables fold A-Z and Thai digits as `normalize`
# does); `kind >> 1` is the script: 0 none, 1 Thai (letters and tone marks), 2 ASCII.
OTHER, THAI, TONE, ASCII = 0, 2, 3, 4
_TOP = 0x0E80                # code points from here on are never letters
CLASS = np.zeros(_TOP, np.uint8)
BASE = np.zeros(_TOP, np.int32)
TONE_OF = np.zeros(_TOP, np.int32)
for _i, _c in enumerate(THAI_BASES):
    CLASS[ord(_c)], BASE[ord(_c)] = THAI, 1 + 5 * _i
for _i, _c in enumerate(ASCII_BASES):
    for _typed in {_c, _c.upper(), chr(0x0E50 + int(_c)) if _c.isdigit() else _c}:
        CLASS[ord(_typed)], BASE[ord(_typed)] = ASCII, 1 + 5 * len(THAI_BASES) + _i
for _i, _c in enumerate(TONE_MARKS):
    CLASS[ord(_c)], TONE_OF[ord(_c)] = TONE, 1 + _i


def _letter_names() -> list[str]:
    names = [END]
    for base in THAI_BASES:
        names += [base, *(base + tone for tone in TONE_MARKS)]
    return names + list(ASCII_BASES)


LETTER_NAMES = _letter_names()


@dataclass
class Letters:
    """Letter codes ↔ letters; letters with several tone marks are added as they are met."""

    extra: dict[str, int] = field(default_factory=dict)

    def code(self, letter: str) -> int:
        if letter not in self.extra:
            if EXTRA + len(self.extra) >= K:
                raise OverflowError("too many letters with several tone marks")
            self.extra[letter] = EXTRA + len(self.extra)
        return self.extra[letter]

    def names(self) -> list[str]:
        return LETTER_NAMES + sorted(self.extra, key=self.extra.__getitem__)

    def gram(self, code: int, names: list[str] | None = None) -> str:
        names = names or self.names()
        return names[code // (K * K)] + names[code // K % K] + names[code % K]


def _code_points(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts joined by newlines (one more at the end) as code points, and each code
    point's text number."""
    joined = "\n".join(texts) + "\n"
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.uint32)
    lengths = np.fromiter((len(t) + 1 for t in texts), np.int64, len(texts))
    return points, np.repeat(np.arange(len(texts), dtype=np.int32), lengths)


def _is_digit(points: np.ndarray) -> np.ndarray:
    return ((points >= 0x30) & (points <= 0x39)) | ((points >= 0x0E50) & (points <= 0x0E59))


def normal_points(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts as code points without what `normalize` drops (full stops, thousands
    separators), and each code point's text number; folding is left to the class tables."""
    points, owner = _code_points(texts)
    dots = points == 0x2E
    if dots.any():
        keep = ~dots
        points, owner = points[keep], owner[keep]
    commas = np.flatnonzero(points == 0x2C)
    if len(commas):                                        # 30,000 → 30000
        digit = np.concatenate([_is_digit(points), np.zeros(5, bool)])
        before = digit[commas - 1] & (commas > 0)
        dropped = before & digit[commas + 1] & digit[commas + 2] & digit[commas + 3] & ~digit[commas + 4]
        if dropped.any():
            keep = np.ones(len(points), bool)
            keep[commas[dropped]] = False
            points, owner = points[keep], owner[keep]
    return points, owner


def occurrences(texts: list[str], letters: Letters) -> tuple[np.ndarray, np.ndarray]:
    """Every gram occurrence of every text: (gram codes, text numbers), as `count_grams` cuts."""
    points, owner = normal_points(texts)
    index = np.minimum(points, _TOP - 1).astype(np.intp)
    kind = CLASS[index]
    script = kind >> 1
    joins = np.zeros(len(kind), bool)                      # same run as the character before
    joins[1:] = (script[1:] == script[:-1]) & (script[1:] != 0)
    run = np.cumsum(~joins, dtype=np.int32)
    at = np.flatnonzero(BASE[index])                       # a letter starts at each base
    code = BASE[index[at]]
    after = kind[np.minimum(at + 1, len(kind) - 1)]
    toned = np.flatnonzero((after == TONE) & (kind[at] == THAI))
    code[toned] += TONE_OF[index[at[toned] + 1]]
    more = toned[kind[np.minimum(at[toned] + 2, len(kind) - 1)] == TONE]
    for i in more:                                         # rare: two or more tone marks
        end = at[i] + 1
        while kind[end] == TONE:
            end += 1
        code[i] = letters.code("".join(map(chr, points[at[i]:end])))
    runs = run[at]
    tri = np.flatnonzero(runs[:-2] == runs[2:])
    tri_codes = (code[tri] * K + code[tri + 1]) * K + code[tri + 2]
    last = np.ones(len(at), bool)
    last[:-1] = runs[:-1] != runs[1:]
    ends = np.flatnonzero(last[1:] & (runs[1:] == runs[:-1])) + 1
    end_codes = (code[ends - 1] * K + code[ends]) * K
    return (np.concatenate([tri_codes, end_codes]),
            np.concatenate([owner[at[tri]], owner[at[ends]]]))


# -- per document: each gram once, with its flags ---------------------------------------------------

META, BODY, OFTEN = 1, 2, 4  # as in index.py: in the metadata, in the text, 3+ times there
CODE_BITS = 27               # K ** 3 == 1 << 27
Part = tuple[np.ndarray, np.ndarray]  # one document's gram codes (ascending) and their flags


class DocGrams:
    """(gram, document, flags) of some documents: each gram of a document once, in chunks
    of three: int32 codes, int32 documents (or one document's number) and uint8 flags;
    `sorted_keys` takes the chunks (and frees them) as it goes."""

    def __init__(self, chunks: list[tuple[np.ndarray, np.ndarray | int, np.ndarray]]):
        self.chunks = chunks

    def __len__(self) -> int:
        return sum(len(c) for c, _, _ in self.chunks)

    @staticmethod
    def of(parts: list[Part]) -> DocGrams:
        """The grams of documents given one by one, in document order (not copied)."""
        return DocGrams([(codes, number, flags) for number, (codes, flags) in enumerate(parts)])


def doc_grams(pairs: list[tuple[str, str]], letters: Letters, batch: int = 1 << 17,
              parts: bool = False) -> tuple[DocGrams, list[Part] | None]:
    """Flags of each gram of each (metadata, text) pair: META, BODY, and OFTEN (3+ in the text);
    with `parts`, also each document's own. Pairs go in batches of about `batch` characters,
    each sorted by gram (so that `postings` only merges the batches)."""
    codes, docs, flags, split, start, size = [], [], [], [], 0, 0
    for number, (meta, text) in enumerate(pairs):
        size += len(meta) + len(text) + 2
        if size >= batch or number == len(pairs) - 1:
            found, owner = occurrences([t for pair in pairs[start:number + 1] for t in pair], letters)
            c, d, f = _flags(found, owner, number + 1 - start)
            if parts:
                split += _by_document(c, d, f, number + 1 - start)
            codes.append(c)
            docs.append(d + start)
            flags.append(f)
            start, size = number + 1, 0
    if not pairs:
        return DocGrams.of([]), [] if parts else None
    return DocGrams(list(zip(codes, docs, flags))), split if parts else None


def _flags(codes: np.ndarray, owner: np.ndarray, docs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(codes, documents, flags) from occurrences, by gram then document; `owner` is
    2 × document + (in the text)."""
    bits = max(1, int(docs).bit_length()) + 1
    key = (codes.astype(np.int64) << bits) | owner
    key.sort()
    first = np.ones(len(key), bool)                        # runs of one (gram, document, place)
    first[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(first)
    run = np.diff(np.append(starts, len(key)))
    key = key[starts]
    flag = np.where((key & 1) == 0, META, np.where(run >= 3, BODY | OFTEN, BODY)).astype(np.uint8)
    pair = key >> 1
    later = np.zeros(len(pair), bool)                      # the text's run after the metadata's
    later[1:] = pair[1:] == pair[:-1]
    flag[np.flatnonzero(later) - 1] |= flag[later]
    pair, flag = pair[~later], flag[~later]
    return ((pair >> (bits - 1)).astype(np.int32), (pair & ((1 << (bits - 1)) - 1)).astype(np.int32),
            flag)


def _by_document(codes: np.ndarray, docs: np.ndarray, flags: np.ndarray, count: int) -> list[Part]:
    order = np.argsort(docs.astype(np.uint16) if count <= 1 << 16 else docs, kind="stable")
    codes, flags = codes[order], flags[order]
    ends = np.cumsum(np.bincount(docs, minlength=count)).tolist()
    return [(codes[a:b], flags[a:b]) for a, b in zip([0, *ends[:-1]], ends)]


def cacheable(codes: np.ndarray) -> bool:
    """Whether a document's codes hold only letters every build names alike (no EXTRA)."""
    return not len(codes) or not (((codes // (K * K)) >= EXTRA) | ((codes // K % K) >= EXTRA)
                                  | ((codes % K) >= EXTRA)).any()


# -- all documents: postings per gram, encoded -------------------------------------------------------

GIVE_BACK = 64 << 20  # bytes of grams freed before the memory is given back to the system
FINAL = b"0123456789abcdefghijklmnopqrstuv"   # last base-32 digit of a number
MORE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ+/=*!~"    # any earlier digit


def postings(grams: DocGrams, slice_size: int = 1 << 18) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Per gram (codes ascending): its code, its number of postings and the length of their
    encoding; and all postings encoded as `index.encode_postings` does, gram after gram."""
    return encode_keys(*sorted_keys(DocGrams(list(grams.chunks))), slice_size)  # grams kept


def sorted_keys(grams: DocGrams) -> tuple[np.ndarray, int]:
    """One sorted int64 per (gram, document, flags), and the bits of the document numbers.
    The chunks of `grams` are taken (and freed) one by one as the keys are written: at
    10,000 stories there are some 20 million grams, and the grams and their keys are never
    all held twice."""
    doc_bits = max(1, max((int(np.max(d)) + 1 for c, d, _ in grams.chunks if len(c)),
                          default=0).bit_length())
    key, at, freed = np.empty(len(grams), np.int64), 0, 0
    while grams.chunks:
        codes, docs, flags = grams.chunks.pop(0)
        part = key[at:at + len(codes)]
        part[:] = codes  # in place, without temporary arrays (new memory is slow to touch)
        part <<= doc_bits
        part |= docs
        part <<= 3
        part |= flags
        at += len(codes)
        freed += 9 * len(codes)
        del codes, docs, flags
        if freed > GIVE_BACK:  # the allocator keeps freed chunks: give them back as we go
            release_memory()
            freed = 0
    if 8 * len(key) > GIVE_BACK:
        release_memory()
    # In place, without a buffer. NumPy's quicksort (vectorised: AVX2, AVX-512) is 2–5 times
    # faster here than its stable sort, even on these runs already in order (2.2 million keys
    # at 2,000 stories: 0.09 → 0.02 s); the keys are unique, so any sort gives their order.
    key.sort()
    return key, doc_bits


def encode_keys(key: np.ndarray, doc_bits: int, slice_size: int = 1 << 18) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """`postings` of the keys `sorted_keys` made."""
    slice_size = max(slice_size, 1 << doc_bits)  # so that a gram spans at most two slices
    codes, counts, chars, text = [], [], [], []
    for at in range(0, len(key), slice_size):  # in slices: small temporary arrays
        before = key[at - 1] if at else -1
        c, n, w, t = _encode(key[at:at + slice_size], before, doc_bits)
        codes.append(c)
        counts.append(n)
        chars.append(w)
        text.append(t)
    if not codes:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), ""
    codes, counts, chars = map(np.concatenate, (codes, counts, chars))
    if len(codes) > 1:  # a gram cut by a slice's end: join its two pieces
        cut = np.flatnonzero(codes[1:] == codes[:-1])
        counts[cut] += counts[cut + 1]
        chars[cut] += chars[cut + 1]
        keep = np.ones(len(codes), bool)
        keep[cut + 1] = False
        codes, counts, chars = codes[keep], counts[keep], chars[keep]
    return codes, counts, chars, "".join(text)


def _encode(key: np.ndarray, before: int, doc_bits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """`postings` of a slice of the sorted keys (`before`: the key just before it, or -1)."""
    code = key >> (doc_bits + 3)
    doc = (key >> 3) & ((1 << doc_bits) - 1)
    first = np.empty(len(key), bool)
    first[0] = before < 0 or (before >> (doc_bits + 3)) != code[0]
    first[1:] = code[1:] != code[:-1]
    previous = np.empty(len(key), np.int64)
    previous[0] = (before >> 3) & ((1 << doc_bits) - 1) if before >= 0 else -1
    previous[1:] = doc[:-1]
    previous[first] = -1
    value = (doc - previous - 1) * 8 + (key & 7)
    digits, width = np.ones(len(value), np.int64), 1       # base-32 digits of each value
    while (value >= 1 << (5 * width)).any():
        digits += value >= 1 << (5 * width)
        width += 1
    ends = np.cumsum(digits)
    out = np.empty(int(ends[-1]), np.uint8)
    out[ends - 1] = np.frombuffer(FINAL, np.uint8)[value & 31]
    for k in range(1, width):
        has = digits > k
        out[ends[has] - 1 - k] = np.frombuffer(MORE, np.uint8)[(value[has] >> (5 * k)) & 31]
    starts = np.flatnonzero(first)
    if not len(starts) or starts[0] != 0:  # the slice begins inside a gram
        starts = np.concatenate([[0], starts])
    chars = np.diff(np.append(ends[starts] - digits[starts], len(out)))
    return (code[starts], np.diff(np.append(starts, len(key))), chars,
            out.tobytes().decode("ascii"))
