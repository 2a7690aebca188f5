"""Both cores for MkDocs: pages are shared out between this process and a forked copy."""

from __future__ import annotations

import os

PARALLEL_BYTES = 150_000  # Markdown to render before a second process pays for its fork
PAGE_BYTES = 4_000  # what the theme's work on one page costs, in bytes of Markdown
STATIC_BYTES = 400_000  # copying the theme's files and writing 404.html


def markdown_size(pages: list) -> int:
    return sum(_size(p) for p in pages)


def _size(page) -> int:
    return os.path.getsize(page.file.abs_src_path) if page.file.abs_src_path else 0


def render_in_two(pages: list, render, warnings: list[str], first=None) -> set[str]:
    """Render `pages` here and in a forked copy of this process, split by Markdown size
    (`first`, if given, runs here before this process's half). The copy only writes HTML
    files, so this process keeps older in-memory versions of its pages: their paths are
    returned (to be populated again before any later use)."""
    halves: tuple[list, list] = ([], [])
    load = [STATIC_BYTES if first else 0, 0]
    for size, n, page in sorted(((_size(p) + PAGE_BYTES, n, p) for n, p in enumerate(pages)),
                                key=lambda item: (-item[0], item[1])):
        side = 0 if load[0] <= load[1] else 1
        halves[side].append((n, page))
        load[side] += size
    ours, theirs = ([page for _, page in sorted(half, key=lambda item: item[0])]
                    for half in halves)
    worker = Fork(lambda: [render(p) for p in theirs], warnings)
    try:
        if first:
            first()
        for page in ours:
            render(page)
    finally:
        worker.join()
    return {p.file.src_uri for p in theirs}


class Fork:
    """Run `work` in a forked child; `join()` waits and takes the child's MkDocs warnings."""

    def __init__(self, work, warnings: list[str]):
        import pickle
        import traceback
        import warnings as python_warnings

        self.warnings, before = warnings, len(warnings)
        read, write = os.pipe()
        with python_warnings.catch_warnings():  # threads: the child only renders and exits
            python_warnings.simplefilter("ignore", DeprecationWarning)
            self.pid = os.fork()
        if self.pid == 0:
            os.close(read)
            try:
                work()
                payload = pickle.dumps(("ok", warnings[before:]))
            except BaseException:  # noqa: BLE001 - sent to the parent
                payload = pickle.dumps(("error", traceback.format_exc()))
            with os.fdopen(write, "wb") as out:
                out.write(payload)
            os._exit(0)
        os.close(write)
        self.read = read

    def join(self) -> None:
        import pickle

        with os.fdopen(self.read, "rb") as source:
            data = source.read()
        os.waitpid(self.pid, 0)
        status, value = pickle.loads(data) if data else ("error", "the rendering process died")
        if status != "ok":
            raise RuntimeError(f"rendering pages in a second process failed:\n{value}")
        self.warnings.extend(value)

