"""Both cores for MkDocs: pages are shared out between this process and a forked copy."""

from __future__ import annotations

import os

from ..forked import Ends, Fork, batches

PARALLEL_BYTES = 150_000  # Markdown to render before a second process pays for its fork
BATCH = 25  # pages rendered together: MkDocs' two steps each run for all of them in turn


def markdown_size(pages: list) -> int:
    return sum(_size(p) for p in pages)


def _size(page) -> int:
    return os.path.getsize(page.file.abs_src_path) if page.file.abs_src_path else 0


def render_in_two(pages: list, render, warnings: list[str], first=None) -> set[str]:
    """Render `pages` here and in a forked copy of this process, which take them a batch of
    BATCH at a time (`render(batch)`) from either end of the list, largest first (by
    Markdown) here and smallest first there, until they meet (`forked.Ends`): neither waits
    for the other, and the last batches are small. `first`, if given, runs here before this
    process takes pages. The copy only writes HTML files, so this process keeps older
    in-memory versions of its pages: their paths are returned (to be populated again before
    any later use)."""
    order = sorted(pages, key=lambda page: -_size(page))  # stable: equal sizes in nav order
    batched = batches(order, BATCH)
    shared = Ends(len(batched))

    def work() -> list[str]:
        taken = []
        for n in shared.take(False):
            render(batched[n])
            taken += [page.file.src_uri for page in batched[n]]
        return taken

    worker = Fork(work, warnings)
    try:
        if first:
            first()
        for n in shared.take(True):
            render(batched[n])
        return set(worker.join())
    finally:
        worker.stop()  # unless joined (a page failed here)
        shared.close()
