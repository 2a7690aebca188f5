"""Counting the words of many story bodies at once, in worker processes beside the reader.

Word segmentation is most of the cost of checking a story. While the main process reads and
parses story files, forked workers (which inherit the loaded dictionary) count the bodies
handed to them, and make the slug of each title (romanised word by word); `count` and `slug`
then only collect. With one core, with threads running (fork is not safe then) or for a
handful of stories, everything is done in this process, the same way.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.pool import AsyncResult, Pool

from . import thai

START_AFTER = 32  # fewer new stories than this: not worth starting workers


def workers_wanted() -> int:
    """Worker processes for counting: `WONGRIAN_WORKERS`, else one per core (0 = none)."""
    setting = os.environ.get("WONGRIAN_WORKERS", "").strip()
    if setting.isdigit():
        return int(setting)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores if (cores or 1) > 1 else 0


def _fork_is_safe() -> bool:
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def title_slug(title: str) -> str:
    """The slug `stories.check_story` makes of a title that has no `slug:`."""
    return thai.ascii_slug(title) or "story"


def _count_and_slug(text: bytes | None, title: str | None) -> tuple[int | None, str | None]:
    """In a worker: `text` comes as UTF-8 (see `WordCounter.submit`)."""
    return (None if text is None else thai.count_words(text.decode("utf-8", "surrogatepass")),
            None if title is None else thai.ascii_slug(title))


class WordCounter:
    """`submit(key, text, title)` as texts are read; `count(key, text)` and `slug(key, title)`
    when the number and the slug are needed."""

    def __init__(self, workers: int | None = None, start_after: int | None = None):
        self.workers = workers_wanted() if workers is None else workers
        self.start_after = START_AFTER if start_after is None else start_after
        self.waiting: dict[str, tuple[str, str | None]] = {}  # submitted before workers started
        self.pending: dict[str, tuple[str, str | None, AsyncResult]] = {}
        self.pool: Pool | None = None

    def submit(self, key: str, text: str | None, title: str | None = None) -> None:
        """Queue `text` for counting and `title` (as `check_story` reads it) for its slug (in a
        worker once enough texts have come); None: nothing to do."""
        if self.workers < 1 or (text is None and title is None):
            return
        if self.pool is None:
            self.waiting[key] = (text, title)
            if len(self.waiting) >= self.start_after and _fork_is_safe():
                self._start()
        else:
            # sent as UTF-8: pickling the str would leave a UTF-8 copy inside it, kept as long
            # as the story's body (CPython caches it there), 170 MB at 10,000 stories
            data = None if text is None else text.encode("utf-8", "surrogatepass")
            self.pending[key] = (text, title,
                                 self.pool.apply_async(_count_and_slug, (data, title)))

    def _start(self) -> None:
        if any(text is not None for text, _ in self.waiting.values()):
            thai.count_words("ก")  # load the dictionary first: the workers inherit it
        if any(title is not None for _, title in self.waiting.values()):
            thai.ascii_slug("วงเรียนรู้")  # and the one of slugs, with the romaniser
        self.pool = multiprocessing.get_context("fork").Pool(self.workers)
        waiting, self.waiting = self.waiting, {}
        for key, (text, title) in waiting.items():
            self.submit(key, text, title)

    def run_ahead(self, func, *args) -> AsyncResult | None:
        """`func(*args)` in a worker when the workers run (None otherwise)."""
        return self.pool.apply_async(func, args) if self.pool is not None else None

    def count(self, key: str, text: str) -> int:
        """`thai.count_words(text)`, from a worker when it was submitted under `key`."""
        sent, _, result = self.pending.get(key, (None, None, None))
        if result is None or sent is None or sent != text:
            return thai.count_words(text)
        return result.get()[0]

    def slug(self, key: str, title: str) -> str:
        """`title_slug(title)`, from a worker when it was submitted under `key`."""
        _, sent, result = self.pending.get(key, (None, None, None))
        if result is None or sent != title:
            return title_slug(title)
        slug = thai.slugs[thai.slug_key(title)] = result.get()[1]  # made in a worker
        return slug or "story"

    def close(self) -> None:
        """Stop the workers (texts still queued are dropped)."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
        self.waiting.clear()
        self.pending.clear()

    def __enter__(self) -> "WordCounter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
