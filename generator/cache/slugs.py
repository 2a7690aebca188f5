"""The slugs made of titles and tags (`thai.slugs`), kept between runs in the check cache's
folder: segmenting a title needs the slug dictionary loaded (0.1 s), and a body edit leaves
titles and tags as they were. The file is keyed like the check cache (`check.cache_key`:
the code, the packages, the config and the registries) and signed like every cache file."""

from __future__ import annotations

import json
from pathlib import Path

from .. import thai


def _slugs_path(root: Path, key: str) -> Path:
    from .check import CACHE_DIR

    return root / CACHE_DIR / f"{key}.slugs.json"


_slugs_kept: dict[Path, int] = {}  # slugs each file holds (`thai.slugs` only grows)


def load_slugs(root: Path, key: str | None = None) -> None:
    """Fill `thai.slugs` from the cache (same code, packages and registry: `cache_key`)."""
    from .check import cache_key
    from .signed import read_signed

    path = _slugs_path(root, key or cache_key(root))
    try:
        saved = json.loads(read_signed(path) or b"{}")
    except ValueError:
        return
    if isinstance(saved, dict):
        thai.slugs.update({k: v for k, v in saved.items()
                           if isinstance(k, str) and isinstance(v, str)})
        _slugs_kept[path] = len(saved)


def save_slugs(root: Path, key: str | None = None) -> None:
    """Write `thai.slugs` when the file holds fewer; drop the files of older keys."""
    from .check import cache_key
    from .signed import ignored_by_git, write_signed

    path = _slugs_path(root, key or cache_key(root))
    if len(thai.slugs) <= _slugs_kept.get(path, 0):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignored_by_git(root / ".cache")
        write_signed(path, json.dumps(thai.slugs, ensure_ascii=False).encode())
    except OSError:  # `.cache` a file, or read-only: the slugs are made again next time
        return
    _slugs_kept[path] = len(thai.slugs)
    for old in path.parent.glob("*.slugs.json"):
        if old != path:
            old.unlink(missing_ok=True)
