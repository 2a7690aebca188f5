"""The network's slow results kept between builds, in `.cache/network/` beside `content/`.

Layout, metrics and the download files are computed from the graph alone, and the graph
changes only when stories name other agencies or areas (or an agency's or area's details
change): a build after a body, summary or tag edit takes them from here instead of laying
the network out again. The key is a hash of the whole graph as built (every node and edge
with its attributes, in order), of the generator's code and of the numeric packages' versions.
Files are signed like the check cache (`generator.cache.signed`): one committed to a repository or
copied from another machine is ignored, and only plain data and our two classes load.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from .graph import Network
from ..cache.keys import hash_code
from ..cache.signed import ignored_by_git, read_signed, write_signed

FOLDER = Path(".cache") / "network"
NUMERIC_PACKAGES = ("networkx", "numpy", "scipy")
FORMAT = 1  # bump when the layout of the file changes
T = TypeVar("T")

_enabled: ContextVar[bool] = ContextVar("network_store_enabled", default=True)

_ALLOWED = {("generator.network.metrics", "Metrics"), ("generator.network.metrics", "YearGrowth")}


@contextmanager
def disabled(off: bool = True) -> Iterator[None]:
    """Compute everything afresh inside the block (`wongrian build --no-cache`)."""
    token = _enabled.set(not off)
    try:
        yield
    finally:
        _enabled.reset(token)


@lru_cache(maxsize=1)
def code_version() -> bytes:
    """Our code and the versions of the packages that compute layout and metrics."""
    digest = hashlib.blake2b(f"{FORMAT}".encode(), digest_size=16)
    hash_code(digest, NUMERIC_PACKAGES)
    return digest.digest()


def network_key(network: Network) -> str:
    """A hash of the graph and its projection as built: nodes and edges in insertion order,
    with every attribute (so a changed label, year or story id is a different key)."""
    digest = hashlib.blake2b(code_version(), digest_size=16)
    for graph in (network.graph, network.projection):
        digest.update(repr(list(graph.nodes(data=True))).encode())
        digest.update(repr(list(graph.edges(data=True))).encode())
    digest.update(repr((network.years, sorted(network.stories_per_year.items()))).encode())
    return digest.hexdigest()


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a network cache")
        return super().find_class(module, name)


def _load(path: Path) -> object | None:
    try:
        data = read_signed(path)
        return _SafeUnpickler(io.BytesIO(data)).load() if data is not None else None
    except Exception:  # damaged or of another shape: compute again (the cache is optional)
        return None


def _save(folder: Path, path: Path, value: object) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignored_by_git(folder.parent)
        write_signed(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        for old in folder.glob("*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only project still builds; it only builds slower next time
        pass


def remembered(root: Path | None, network: Network, compute: Callable[[], T],
               valid: Callable[[object], bool]) -> T:
    """`compute()` for this network, or what it returned for the same network last time
    (kept in `root/.cache/network/`; `valid` checks the shape of what was kept)."""
    if root is None or not _enabled.get():
        return compute()
    folder = Path(root) / FOLDER
    path = folder / f"{network_key(network)}.pickle"
    kept = _load(path)
    if kept is not None and valid(kept):
        return kept  # type: ignore[return-value]
    value = compute()
    _save(folder, path, value)
    return value
