"""The Thai search index (pure): documents from the Site, normalised character trigrams, JS files.

Thai has no spaces between words and segmenters disagree (pythainlp at build time, ICU's
Intl.Segmenter in the browser), so the index does not use words: both sides cut normalised text
into the same character trigrams (`normalize`, `chunks`, `grams`; mirrored line for line in
theme/overrides/assets/search/search.js and checked against each other in tests/test_search.py).
A tone mark belongs to the letter before it, so a query typed without tone marks can match every
tone variant of its trigrams (ranked below exact matches). Trigrams only find candidates: the
browser confirms each word against the page's text (`t/<n>.js`), which also gives the snippet.

Abbreviations and place names are expanded at index time: a story's metadata text carries the
full names, abbreviations, aliases and former names of its agencies and the names of its areas,
so "พช." finds stories of สำนักงานพัฒนาชุมชน… and "ท่าซัก" finds the tambon and its stories.

The parts: `normal.py` (the normal form and trigrams, one text at a time), `documents.py` (what a
page is to search), `grams.py` (the same trigrams for all documents at once, with numpy, and the
postings encoded in bulk), `memo.py` (each document's grams kept in the build cache), and this
module: the index and its files. `build_index_by_regex` is the plain reference of `build_index`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping

import numpy as np

from ..escape import script_json
from . import memo
from .documents import *  # noqa: F401,F403 (the documents, as before: index.search_docs …)
from .documents import KINDS, TEXT_KINDS, BODY, META, OFTEN, SearchDoc
from .grams import Letters, encode_keys, sorted_keys
from .normal import *  # noqa: F401,F403 (the normal form, as before: index.normalize …)
from .normal import END, count_grams, fnv1a, shard_key

# -- the index --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchIndex:
    """Documents and, per trigram in gram order, its postings (document number, META|BODY|OFTEN
    flags) encoded by `encode_postings`, and how many there are."""

    docs: tuple[SearchDoc, ...]
    encoded: Mapping[str, str]
    counts: Mapping[str, int]

    @property
    def postings(self) -> Mapping[str, tuple[tuple[int, int], ...]]:
        """The postings of a gram, decoded (for tests and tools)."""
        return {gram: decode_postings(text) for gram, text in self.encoded.items()}

    def shard_count(self, target_bytes: int = 24_000) -> int:
        """A power of two that keeps a shard near `target_bytes` (8 … 1024 shards)."""
        size = sum(len(g) * 3 + 2 * n for g, n in self.counts.items())
        count = 8
        while count < 1024 and size / count > target_bytes:
            count *= 2
        return count


def build_index(docs: Iterable[SearchDoc]) -> SearchIndex:
    """Postings of every trigram of every document's metadata and text, cut in bulk
    (`grams.py`); each document's grams come from `memo` when its text was indexed before."""
    docs = tuple(docs)
    letters = Letters()
    try:
        found = memo.doc_grams([(d.meta_text, d.text) for d in docs], letters)
    except OverflowError:  # hundreds of letters typed with several tone marks
        return build_index_by_regex(docs)
    key, doc_bits = sorted_keys(found)
    del found  # the grams are in `key` now (the largest arrays of a build: let them go)
    codes, counts, chars, text = encode_keys(key, doc_bits)
    del key
    names, ends = letters.names(), np.cumsum(chars).tolist()
    grams_ = [names[c >> 18] + names[c >> 9 & 511] + names[c & 511] for c in codes.tolist()]
    rows = sorted(zip(grams_, [0, *ends[:-1]], ends, counts.tolist()))
    return SearchIndex(docs, {g: text[a:b] for g, a, b, _ in rows}, {g: n for g, _, _, n in rows})


def build_index_by_regex(docs: Iterable[SearchDoc]) -> SearchIndex:
    """`build_index` one document and one gram at a time (the reference it is tested against)."""
    docs = tuple(docs)
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, doc in enumerate(docs):
        flags = dict.fromkeys(count_grams(doc.meta_text, prepared=True), META)
        for gram, count in count_grams(doc.text, prepared=True).items():
            flags[gram] = flags.get(gram, 0) | (BODY | OFTEN if count >= 3 else BODY)
        for gram, flag in flags.items():
            postings[gram].append((number, flag))
    ordered = sorted(postings.items())
    return SearchIndex(docs, {g: encode_postings(p) for g, p in ordered},
                       {g: len(p) for g, p in ordered})


# -- files: JavaScript that registers itself (file:// pages cannot fetch JSON) ---------------------

FINAL = "0123456789abcdefghijklmnopqrstuv"   # last base-32 digit of a number
MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ+/=*!~"   # any earlier digit


def encode_number(value: int) -> str:
    digits = [FINAL[value & 31]]
    value >>= 5
    while value:
        digits.append(MORE[value & 31])
        value >>= 5
    return "".join(reversed(digits))


_CODES = [encode_number(v) for v in range(4096)]


def encode_postings(postings: Iterable[tuple[int, int]]) -> str:
    """Each posting as one number, (gap to the previous document) * 8 + flags."""
    previous, out = -1, []
    for number, flags in postings:
        value = (number - previous - 1) * 8 + flags
        out.append(_CODES[value] if value < len(_CODES) else encode_number(value))
        previous = number
    return "".join(out)


def decode_postings(text: str) -> tuple[tuple[int, int], ...]:
    out, value, previous = [], 0, -1
    for char in text:
        if char in MORE:
            value = value * 32 + MORE.index(char)
            continue
        value = value * 32 + FINAL.index(char)
        previous += (value >> 3) + 1
        out.append((previous, value & 7))
        value = 0
    return tuple(out)


def _js(call: str, *args: object) -> bytes:
    body = ",".join(script_json(a, separators=(",", ":")) for a in args)
    return f"wongrianSearch.{call}({body});\n".encode("utf-8")


def doc_row(doc: SearchDoc) -> list:
    return [KINDS.index(doc.kind), doc.url, doc.title, doc.date, doc.where, "|".join(doc.names)]


def has_text(doc: SearchDoc) -> bool:
    return doc.kind in TEXT_KINDS


def index_files(index: SearchIndex) -> dict[str, bytes]:
    """`docs.js` (the result table), `s/<k>.js` (postings by shard), `t/<n>.js` (a story's
    facts, text and name groups, or a page's text: to confirm words, cut snippets, say why)."""
    return dict(IndexFiles(index))


class IndexFiles(Mapping):
    """`index_files(index)`, each `t/<n>.js` made when it is read: the texts are most of the
    index's bytes (170 MB at 10,000 stories), and a build writes them one at a time."""

    def __init__(self, index: SearchIndex):
        self.index = index
        count = index.shard_count()
        shards: dict[int, dict[str, str]] = defaultdict(dict)
        hashes: dict[str, int] = {}
        for gram, encoded in index.encoded.items():
            key = shard_key(gram)
            if key not in hashes:
                hashes[key] = fnv1a(key) % count
            shards[hashes[key]][gram] = encoded
        self.made = {f"s/{k}.js": _js("addShard", k, shards.get(k, {})) for k in range(count)}
        self.texts = {f"t/{n}.js": n for n, doc in enumerate(index.docs) if has_text(doc)}
        self.text_keys: dict[str, str] = {}  # `made_from`'s
        self.made["docs.js"] = _js("addDocs", {"shards": count, "kinds": list(KINDS),
                                               "docs": [doc_row(d) for d in index.docs]})

    def made_from(self, name: str) -> str | None:
        """A hash of everything the text file `name` is made of (None for the other files):
        the same hash, the same bytes (a build skips making the texts of unchanged stories)."""
        n = self.texts.get(name)
        if n is None:
            return None
        key = self.text_keys.get(name)
        if key is None:
            doc = self.index.docs[n]  # its parts, each after its length
            key = self.text_keys[name] = hashlib.sha256(
                f"{name}\0{len(doc.meta)}:{doc.meta}{len(doc.text)}:{doc.text}{doc.groups!r}"
                .encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return key

    def __getitem__(self, name: str) -> bytes:
        if name in self.made:
            return self.made[name]
        doc = self.index.docs[self.texts[name]]
        return _js("addText", self.texts[name], doc.meta, doc.text, [list(g) for g in doc.groups])

    def __iter__(self) -> Iterator[str]:
        return iter([*(k for k in self.made if k.startswith("s/")), *self.texts, "docs.js"])

    def __len__(self) -> int:
        return len(self.made) + len(self.texts)

    def version(self) -> str:
        """A short hash of every file, from what each text file is made of (`made_from`: the
        texts are not made twice, once for the hash, once to be written)."""
        digest = hashlib.sha256()
        for name in sorted(self):
            part = self.made[name] if name in self.made else self.made_from(name).encode()
            digest.update(name.encode() + b"\0" + part + b"\0")
        return digest.hexdigest()[:10]


def files_hash(files: Mapping[str, bytes]) -> str:
    """A short content hash of the index files (names the folder, so caches never mix builds)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    return digest.hexdigest()[:10]
