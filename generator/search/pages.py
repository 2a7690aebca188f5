"""The search feature: writes the index as self-registering JS files and hooks in the search UI."""

from __future__ import annotations

from ..pages import Docs
from .index import build_index, files_hash, index_files, search_docs
from ..site import Site

ASSETS = "assets/search"  # theme/overrides/assets/search/: search.js, search-ui.js, search.css


def feature(site: Site, docs: Docs) -> None:
    """Index every story, agency, area and listing page of `docs` into search/<hash>/."""
    index = build_index(search_docs(site, docs.pages))
    files = index_files(index)
    folder = f"search/{files_hash(files)}"
    files["i.js"] = b"wongrianSearch.setIndex(document.currentScript.src);\n"
    docs.files.update({f"{folder}/{name}": data for name, data in files.items()})
    docs.css.append(f"{ASSETS}/search.css")
    docs.js.extend([f"{ASSETS}/search.js", f"{folder}/i.js", f"{ASSETS}/search-ui.js"])
