"""What the search index made before, kept so that a warm build makes only what changed:
each document's grams by the hash of its text (`.cache/build/search.bin`), each story's
searchable text by the hash of its Markdown (`search-text.bin`), and the documents of the last
index by the page tree's shape (`search-docs.bin`: with the same shape only story texts can
differ). Merging and encoding the postings is done in bulk every time.

The memo is filled from and saved to the build cache (signed like every cache file:
`cache.signed.read_signed`) by `cache.build.BuildCache.load_search` / `save_search` (or by the
forked copy that makes the index beside MkDocs), and is used only between the two (a build
without the cache makes everything afresh); the files carry `cache.keys.code_version()`, so
any change to the generator starts them afresh. Documents with letters that are named per build
(`grams.EXTRA`) are not kept. Files only a few entries behind are left as they are
(`cache.signed.worth_rewriting`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import struct
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from ..forked import release_memory
from .grams import DocGrams, Letters, Part, cacheable, doc_grams as cut

memo: dict[bytes, Part] = {}
used: list[bytes] = []  # the documents of the last index, in order
texts: dict[bytes, str] = {}  # a story's searchable text by the hash of its Markdown
texts_used: dict[bytes, str] = {}  # those of the last index
behind = {"grams": -1, "texts": -1}  # entries made afresh since the files were read (-1: unread)
shaped: dict = {}  # the documents of the last index by the page tree's shape (`cache.pages`)
keep = False            # whether to fill the memo (a build with the cache loaded it)
save_to: tuple[Path, str] | None = None  # a build's memo file, written once grams are cut


def text_key(meta: str, text: str) -> bytes:
    data = f"{len(meta)}:{meta}\0{text}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).digest()


def markdown_key(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def story_texts(markdowns: Iterable[str], make: Callable[[str], str]) -> list[str]:
    """`make` of each Markdown text (a story's plain, prepared text), from the memo when the
    memo is in use and the text was made before (`markdowns`: an iterable, so that the
    Markdown of 10,000 stories is never all made at once)."""
    if not keep:
        return [make(markdown) for markdown in markdowns]
    texts_used.clear()
    out = []
    for markdown in markdowns:
        key = markdown_key(markdown)
        text = texts.get(key)
        if text is None:
            text = texts[key] = make(markdown)
            behind["texts"] += behind["texts"] >= 0
        out.append(text)
        texts_used[key] = text
    return out


def docs_of_shape(shape: str, stories: str) -> list[tuple] | None:
    """The documents (as `keep_docs` took them) of an index made for this shape and these
    stories (`stories`: a digest of their pages), if kept."""
    return shaped.get("docs") if keep and has_docs_of(shape, stories) else None


def has_docs_of(shape: str, stories: str) -> bool:
    """Whether the memo's documents (or the head `load_head` read) are of this shape."""
    return bool(shape) and (shaped.get("shape"), shaped.get("stories")) == (shape, stories)


def keep_docs(shape: str, stories: str, docs: list[tuple]) -> None:
    """Keep the documents of an index made for this shape and these stories (plain tuples;
    stories without their texts, which `story_texts` keeps)."""
    if keep and shape and not has_docs_of(shape, stories):
        shaped.update(shape=shape, stories=stories, docs=docs, changed=True)


def doc_grams(pairs: list[tuple[str, str]], letters: Letters) -> DocGrams:
    """`grams.doc_grams` of the (metadata, text) pairs, cutting only those not in the memo."""
    keys = [text_key(meta, text) for meta, text in pairs]
    used[:] = keys
    missing = [n for n, key in enumerate(keys) if key not in memo]
    behind["grams"] += len(missing) if behind["grams"] >= 0 else 0
    partial = len(missing) < len(pairs)
    fresh, parts = cut([pairs[n] for n in missing], letters, parts=keep or partial)
    for n, part in zip(missing, parts if keep else ()):
        if cacheable(part[0]):
            memo[keys[n]] = part
    if partial:
        found = dict(zip(missing, parts))
        fresh = DocGrams.of([found[n] if n in found else memo[key] for n, key in enumerate(keys)])
    if save_to is not None:  # written now: the memo's arrays are not held while the index is
        save(*save_to)       # sorted and encoded (hundreds of MB at 10,000 stories)
        release_memory()     # and what writing them freed is given back before the sort
    return fresh


def cut_ahead(pairs: list[tuple[str, str]]) -> None:
    """Cut the grams of these (metadata, text) pairs into the memo, before the index needs
    them (`doc_grams` then finds them there)."""
    keys = [text_key(meta, text) for meta, text in pairs]
    missing = [n for n, key in enumerate(keys) if key not in memo]
    behind["grams"] += len(missing) if behind["grams"] >= 0 else 0
    _, parts = cut([pairs[n] for n in missing], Letters(), parts=True)
    for n, part in zip(missing, parts):
        if cacheable(part[0]):
            memo[keys[n]] = part


def save(path: Path, version: str) -> None:
    """Write the grams and texts of the last index's documents (unless the files read lack only
    a few: `cache.signed.worth_rewriting`), then empty the memo: the next build loads it again, and
    one without the cache (`--no-cache`) cuts everything afresh."""
    if _stale(behind["grams"], len(used)):
        _save_grams(path, version)
    if _stale(behind["texts"], len(texts_used)):
        _save_texts(texts_path(path), version)
    if shaped.get("changed"):
        _write_headed(docs_path(path), {"version": version, "shape": shaped["shape"],
                                        "stories": shaped["stories"]},
                      [json.dumps(shaped["docs"], ensure_ascii=False).encode()])
    hand_over()


def hand_over() -> None:
    """Let the memo go without writing it (a forked copy of this process writes it)."""
    global keep, save_to
    memo.clear()
    used.clear()
    texts.clear()
    texts_used.clear()
    shaped.clear()
    behind.update(grams=-1, texts=-1)
    keep, save_to = False, None


def _stale(changed: int, total: int) -> bool:
    from ..cache.signed import worth_rewriting

    return changed < 0 or worth_rewriting(changed, total)


def _write_headed(path: Path, head: dict, parts: Iterable[bytes]) -> None:
    """A memo file: the length of its JSON head, the head, then the parts (written one at a
    time: hundreds of MB at 10,000 stories), signed like every cache file."""
    from ..cache.signed import write_signed_parts

    data = json.dumps(head).encode()
    write_signed_parts(path, itertools.chain([struct.pack("<Q", len(data)) + data], parts))


def _read_headed(path: Path, version: str) -> tuple[dict, bytes, int] | None:
    """(head, data, where the parts start) of a memo file this machine wrote for this version
    of the code, else None."""
    from ..cache.signed import read_signed

    data = read_signed(path)
    try:
        (size,) = struct.unpack_from("<Q", data or b"")
        head = json.loads(data[8:8 + size])
    except (struct.error, ValueError):
        return None
    return (head, data, 8 + size) if isinstance(head, dict) and head.get("version") == version \
        else None


def _save_grams(path: Path, version: str) -> None:
    keys = list(dict.fromkeys(k for k in used if k in memo))
    _write_headed(path, {"version": version, "keys": [k.hex() for k in keys],
                         "counts": [len(memo[k][0]) for k in keys]},
                  itertools.chain((memo[k][0].astype("<i4").tobytes() for k in keys),  # codes,
                                  (memo[k][1].astype(np.uint8).tobytes() for k in keys)))  # flags


def texts_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-text{path.suffix}")


def docs_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-docs{path.suffix}")


def load_head(path: Path, version: str) -> None:
    """Read which shape the kept documents are of (`has_docs_of`), not the documents."""
    _load_docs(docs_path(path), version, head_only=True)


def _load_docs(path: Path, version: str, head_only: bool = False) -> None:
    found = _read_headed(path, version)
    if found is None:
        return
    head, data, start = found
    try:
        docs = None if head_only else json.loads(data[start:])
    except ValueError:
        return
    if head_only or isinstance(docs, list):
        shaped.update(shape=head.get("shape"), stories=head.get("stories"), docs=docs,
                      changed=False)


def _save_texts(path: Path, version: str) -> None:
    keys, values = list(texts_used), list(texts_used.values())
    _write_headed(path, {"version": version, "keys": [k.hex() for k in keys],
                         "lengths": [len(v) for v in values]},
                  (v.encode("utf-8", "surrogatepass") for v in values))  # never all joined


def _load_texts(path: Path, version: str) -> None:
    found = _read_headed(path, version)
    if found is None:
        return
    head, data, start = found
    try:
        text = data[start:].decode("utf-8", "surrogatepass")
        lengths = [int(n) for n in head["lengths"]]
        if sum(lengths) != len(text) or len(lengths) != len(head["keys"]):
            return
    except (ValueError, KeyError, TypeError):
        return
    at = 0
    for key, length in zip(head["keys"], lengths):
        texts[bytes.fromhex(key)] = text[at:at + length]
        at += length
    behind["texts"] = 0


def load(path: Path, version: str) -> None:
    """Fill the memo from `path` when this machine wrote it for this version of the code."""
    global keep
    keep = True
    _load_texts(texts_path(path), version)
    _load_docs(docs_path(path), version)
    found = _read_headed(path, version)
    if found is None:
        return
    head, data, start = found
    try:
        counts = np.asarray(head["counts"], np.int64)
        total = int(counts.sum())
        codes = np.frombuffer(data, "<i4", total, start).astype(np.int32, copy=False)
        flags = np.frombuffer(data, np.uint8, total, start + 4 * total)
    except (ValueError, KeyError, TypeError):
        return
    ends = np.cumsum(counts).tolist()
    for key, start, end in zip(head["keys"], [0, *ends[:-1]], ends):
        memo[bytes.fromhex(key)] = (codes[start:end], flags[start:end])
    behind["grams"] = 0
