"""The search feature: writes the index as self-registering JS files and hooks in the search UI.

The index folder's name and its loader (`i.js`) never change, so no page depends on the
index's content: after a body edit a build has a forked copy make the index (`Beside`) while
it loads the pages and runs MkDocs.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any, Mapping, NamedTuple, Sequence

from ..forked import Fork
from ..pages import Docs
from . import memo
from .documents import kept_for, pages_read, story_docs
from .index import IndexFiles, build_index, search_docs
from ..site import Site

ASSETS = "assets/search"  # theme/overrides/assets/search/: search.js, search-ui.js, search.css
FOLDER = "search"


def feature(site: Site, docs: Docs, shape: str = "") -> None:
    """Index every story, agency, area and listing page of `docs` into search/ (`shape`: the
    page tree's, under which the memo keeps the documents for the next build)."""
    docs.files.update(index_folder(site, docs.pages, shape))
    hook(docs)


def index_folder(site: Site, pages, shape: str = "") -> Mapping[str, bytes]:
    """The files of search/ for these pages (each text's file made when it is read). The
    folder's name stays the same from build to build (so pages do not change when only the
    index does); `i.js` names the index's version, which the loader adds to its requests
    over http(s)."""
    files = IndexFiles(build_index(search_docs(site, pages, shape)))
    loader = f'wongrianSearch.setIndex(document.currentScript.src, "{files.version()}");\n'
    return _Folder(files, loader.encode())


class _Folder(Mapping):
    """The index's files under search/, with its loader `i.js`."""

    def __init__(self, files: Mapping[str, bytes], loader: bytes):
        self.files, self.loader = files, loader

    def __getitem__(self, rel: str) -> bytes:
        name = rel.removeprefix(f"{FOLDER}/")
        if name == "i.js":
            return self.loader
        if not rel.startswith(f"{FOLDER}/"):
            raise KeyError(rel)
        return self.files[name]

    def __iter__(self):
        return iter([*(f"{FOLDER}/{name}" for name in self.files), f"{FOLDER}/i.js"])

    def __len__(self) -> int:
        return len(self.files) + 1

    def made_from(self, rel: str) -> str | None:
        """`IndexFiles.made_from` of the file at `rel`."""
        made_from = getattr(self.files, "made_from", None)
        return made_from(rel.removeprefix(f"{FOLDER}/")) if made_from else None


def hook(docs: Docs) -> None:
    """The search UI's stylesheet and scripts, and the index's loader, on every page."""
    docs.css.append(f"{ASSETS}/search.css")
    docs.js.extend([f"{ASSETS}/search.js", f"{FOLDER}/i.js", f"{ASSETS}/search-ui.js"])


class Beside:
    """The search feature's files made by a forked copy of this process while this one runs
    MkDocs: from the documents the memo holds for the page tree's `shape` (only story bodies
    changed: the index needs no page; forked before the pages are loaded, the copy stays
    small), or from `pages` (the docs tree's, once made). The copy reads the memo (`load`),
    writes the files that changed (`published` and `made` as in `write_files`) into the
    folder `staged` (never sent through a pipe: hundreds of MB at 10,000 stories), and the
    memo; `join()` returns `write_files`' result. `hook(docs)` is this process's part."""

    def __init__(self, site: Site, staged: Path, shape: str, load=None, published=None,
                 made=None, pages: dict[str, str] | None = None, let_go: Sequence[Any] = ()):
        if pages is None and not kept_for(site, shape):
            raise ValueError("the search documents of this shape are not kept")
        self.site, self.staged, self.shape = site, staged, shape
        shutil.rmtree(staged, ignore_errors=True)
        read = pages_read(pages) if pages is not None else {}

        def work() -> Written:
            if load is not None and not memo.keep:
                load()  # the memo, read by the copy (this process read only its head)
            return write_files(index_folder(site, read, shape), staged, published, made)

        # the copy lets go of the pages, and of what this process keeps of them (`let_go`),
        # and leaves its result in a file (joined after MkDocs: `late`)
        self.fork = Fork(work, let_go=(*([pages] if pages is not None else []), *let_go),
                         late=True)
        memo.hand_over()

    def join(self) -> Written:
        return self.fork.join()

    def skipped(self, written: Written) -> bool:
        """Whether the copy left out files it found in place (not in `staged`): gone if the
        tree was then made afresh."""
        return any(not (self.staged / rel).is_file() for rel in written.digests)

    def close(self) -> None:
        """Stop the copy if it was not joined (the build failed on the way); remove what it
        wrote and was not taken."""
        self.fork.stop()
        shutil.rmtree(self.staged, ignore_errors=True)


class Written(NamedTuple):
    """What `write_files` made: every file's SHA-1, and the `made_from` hash of those that
    have one."""

    digests: dict[str, str]
    made_from: dict[str, str]


def write_files(files: Mapping[str, bytes], folder: Path, published=None,
                made=None) -> Written:
    """Write `files` under `folder`, one at a time, except those `published(name, sha1)`
    says are in place already. A file with a `made_from` hash (`files.made_from(name)`) that
    `made(name, hash)` knows the SHA-1 of (the one the last build made from the same hash) is
    not even made when that file is in place: a story's text, after an edit of another."""
    made_from = getattr(files, "made_from", None) if made is not None else None
    written = Written({}, {})
    for rel in files:
        key = made_from(rel) if made_from else None
        if key is not None:
            written.made_from[rel] = key
            known = made(rel, key)
            if known is not None and published is not None and published(rel, known):
                written.digests[rel] = known
                continue
        data = files[rel]
        written.digests[rel] = hashlib.sha1(data).hexdigest()
        if published is None or not published(rel, written.digests[rel]):
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return written


def prepare(site: Site) -> None:
    """Cut the stories' trigrams into the memo now (most of the index's work, while another
    feature works in a second process): the index finds them there."""
    if memo.keep:
        memo.cut_ahead([(doc.meta_text, doc.text) for doc in story_docs(site)])


prepare.stage = "search grams"  # type: ignore[attr-defined]
feature.prepare = prepare  # type: ignore[attr-defined]
