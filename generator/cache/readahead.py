"""Reading and checking, on two cores, the story files the check cache does not hold.

Before `check_project` reads the stories one by one, `read_ahead` looks for the files the
cache has no entry for (new ones, or all of them in a first build) or whose words were not
counted (`wongrian check` leaves them). When there are enough of them, this process and a
forked copy share them out (`forked.Ends`: this one takes files from the front, the copy
from the back, AT_ONCE at a time, until they meet) and make each file's whole entry through
the cache's own steps: read and parse, scan for personal data, look for dropped markup, check
(its words counted, its title made a slug), each step for the files taken together. The
copy sends back its entries, the slugs it made and the spreadsheets it opened. The one-by-one
steps then find every file made: the stories, warnings and errors are the ones the steps alone
give, in the same order.

One message each way replaces a task per story: a worker pool's threads cost the reading
process a second of CPU at 2,000 stories, and the reader waited for the counts anyway.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .. import thai
from ..errors import Problems
from ..files import relative
from ..forked import Ends, Fork, batches, can_fork
from ..load import too_big
from ..privacy import public_contacts

if TYPE_CHECKING:
    from ..config import SiteConfig
    from ..registry import Resolvers
    from .check import CheckCache

AHEAD_AFTER = 32  # fewer files to make than this: not worth a second process
AT_ONCE = 20  # files taken together, each step for all of them in turn (`make_entries`)


def sharing_wanted() -> bool:
    """Whether to share the work with a forked copy: `WONGRIAN_WORKERS=0` says no; else when
    this process may use more than one core."""
    setting = os.environ.get("WONGRIAN_WORKERS", "").strip()
    if setting.isdigit():
        return int(setting) > 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) > 1


def _fork_is_safe() -> bool:
    return can_fork() and threading.active_count() == 1  # a thread's locks would stay held


def to_make(cache: CheckCache, paths: list[Path], max_kb: int) -> list[Path]:
    """The story files (as `load_stories` reads them) the cache has no entry for, or whose
    words are wanted and were not counted. (A file changed since its entry is made when it is
    read: finding those would mean hashing every file twice in a build of a few edits.)"""
    wanted = []
    for path in paths:
        source = relative(path, cache.root)
        entry = cache.entries.get(source)
        if entry is None or (cache.count_words and cache.uncounted(entry)):
            if not too_big(path, source, max_kb, Problems()):
                wanted.append(path)
    return wanted


def read_ahead(cache: CheckCache, paths: list[Path], config: SiteConfig,
               resolvers: Resolvers) -> None:
    """Make the entries of the files `cache` lacks in this process and a forked copy, when
    there are at least AHEAD_AFTER of them (see the module's docstring)."""
    if not cache.share or not (_fork_is_safe() and len(paths) >= AHEAD_AFTER):
        return
    todo = to_make(cache, paths, config.build["max_story_kb"])
    if len(todo) < AHEAD_AFTER:
        return
    allowed = public_contacts(config, Problems())
    slugs_before = set(thai.slugs)
    batched = batches(todo, AT_ONCE)
    groups = Ends(len(batched))

    def share(front: bool) -> dict:
        made = {}
        for group in groups.take(front):
            made.update(cache.make_entries(batched[group], allowed, resolvers))
        return made

    def copy() -> tuple:
        sheets = cache.open_sheets()  # while this process starts on the stories
        counts = (cache.reads, cache.checks, cache.counted)
        made = share(False)
        counted = (cache.reads - counts[0], cache.checks - counts[1], cache.counted - counts[2])
        return made, counted, {k: v for k, v in thai.slugs.items() if k not in slugs_before}, \
            sheets

    worker = Fork(copy)
    try:
        ours = share(True)
        theirs, (reads, checks, counted), slugs, sheets = worker.join()
    finally:
        worker.stop()  # unless joined (a file failed here)
        groups.close()
    cache.reads, cache.checks, cache.counted = (cache.reads + reads, cache.checks + checks,
                                                cache.counted + counted)
    thai.slugs.update(slugs)
    cache.sheets = sheets
    cache.made_ahead({**theirs, **ours})
