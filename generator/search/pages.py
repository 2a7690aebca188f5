"""The search feature: writes the index as self-registering JS files and hooks in the search UI."""

from __future__ import annotations

from ..pages import Docs
from . import memo
from .documents import story_docs
from .index import build_index, files_hash, index_files, search_docs
from ..site import Site

ASSETS = "assets/search"  # theme/overrides/assets/search/: search.js, search-ui.js, search.css


def feature(site: Site, docs: Docs) -> None:
    """Index every story, agency, area and listing page of `docs` into search/. The folder's
    name stays the same from build to build (so pages do not change when only the index does);
    `i.js` names the index's version, which the loader adds to its requests over http(s)."""
    index = build_index(search_docs(site, docs.pages))
    files = index_files(index)
    folder = "search"
    files["i.js"] = (f'wongrianSearch.setIndex(document.currentScript.src, "{files_hash(files)}");\n'
                     .encode())
    docs.files.update({f"{folder}/{name}": data for name, data in files.items()})
    docs.css.append(f"{ASSETS}/search.css")
    docs.js.extend([f"{ASSETS}/search.js", f"{folder}/i.js", f"{ASSETS}/search-ui.js"])


def prepare(site: Site) -> None:
    """Cut the stories' trigrams into the memo now (most of the index's work, while another
    feature works in a second process): `feature` finds them there."""
    if memo.keep:
        memo.cut_ahead([(doc.meta_text, doc.text) for doc in story_docs(site)])


prepare.stage = "search grams"  # type: ignore[attr-defined]
feature.prepare = prepare  # type: ignore[attr-defined]
