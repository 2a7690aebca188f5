"""Work shared with a forked copy of this process (the second core): the copy runs a function
and sends back what it returned, with the MkDocs warnings it logged."""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
import traceback
import warnings as python_warnings
from typing import Any, Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")


FORK_STORIES = 200  # stories before a second process pays for its fork


def can_fork() -> bool:
    return hasattr(os, "fork")


def release_memory() -> None:
    """Give freed memory back to the system (glibc keeps it otherwise), so that this process,
    and the copies it forks, stay small after a stage dropped what it made."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


class Fork:
    """Run `work` in a forked child; `join()` waits and returns what it returned (adding the
    child's new entries of the `warnings` list, if given, to this process's list).

    `let_go`: containers of this process's (dicts, lists) that the child empties before it
    works, its copies of data it does not need. Memory both processes hold stays in use until
    both let go of it: a child that outlives this process's use of its data would keep it all
    (the search index's copy, 300 MB of pages and files at 10,000 stories, while MkDocs runs).

    `late`: `join()` comes long after the work is done (the search index's, after MkDocs). The
    child leaves its result in an unlinked temporary file and exits: a result larger than the
    pipe holds (1 MiB) would keep the child, and all its memory, waiting for this process."""

    def __init__(self, work: Callable[[], Any], warnings: list[str] | None = None,
                 let_go: Sequence[Any] = (), late: bool = False):
        self.warnings = warnings
        self.kept = _temporary_file() if late else None
        before = len(warnings) if warnings is not None else 0
        read, write = os.pipe()
        _widen(write)
        parent = os.getpid()
        with python_warnings.catch_warnings():  # threads: the child only works and exits
            python_warnings.simplefilter("ignore", DeprecationWarning)
            self.pid = os.fork()
        if self.pid == 0:
            os.close(read)
            _die_with(parent)
            gc.freeze()  # the collector leaves what the parent made alone: traversing it
            # would copy most of the shared memory, page by page, into this process
            for held in let_go:
                held.clear()
            if let_go:
                release_memory()
            try:
                sent = ("ok", work(), (warnings or [])[before:])
            except BaseException:  # noqa: BLE001 - sent to the parent
                sent = ("error", traceback.format_exc(), [])
            with os.fdopen(write, "wb") as out:
                try:  # pickled into the pipe as it is made: the whole of it is never held, here
                    # or by the parent (the pages of a page copy: 100 MB at 10,000 stories)
                    pickle.dump(sent, self.kept or out, protocol=pickle.HIGHEST_PROTOCOL)
                    if self.kept:
                        self.kept.flush()
                except BaseException:  # noqa: BLE001 - a result that cannot be sent: the parent
                    traceback.print_exc()  # finds the stream broken and says so
                    os._exit(1)
            os._exit(0)
        os.close(write)
        self.read = read

    def join(self) -> Any:
        with os.fdopen(self.read, "rb") as source:
            try:
                if self.kept:  # once the child is gone (the pipe's end of file)
                    source.read()
                    self.kept.seek(0)
                status, value, warnings = pickle.load(self.kept or source)  # as it comes
            except Exception:  # noqa: BLE001 - nothing came, or not all of it
                status, value, warnings = "error", "the second process died before it sent " \
                    "its result, or could not send it (its message is above)", []
            finally:
                if self.kept:
                    self.kept.close()
        os.waitpid(self.pid, 0)
        self.pid = 0
        if status != "ok":
            raise RuntimeError(f"work in a second process failed:\n{value}")
        if self.warnings is not None:
            self.warnings.extend(warnings)
        return value

    def stop(self) -> None:
        """Kill the child unless it was joined (work no longer wanted)."""
        if self.pid:
            import signal

            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.read)
            if self.kept:
                self.kept.close()
            self.pid = 0


def _temporary_file():
    """An unlinked temporary file (gone with its last holder), or None where none can be made
    (the result then comes through the pipe)."""
    try:
        return tempfile.TemporaryFile()
    except OSError:
        return None


PIPE_BYTES = 1 << 20  # the pipe's buffer: what a copy sends back (tens of MB) in fewer turns


def _widen(pipe: int) -> None:
    """A larger buffer for the pipe (Linux: 64 KiB, and up to 1 MiB for anyone), so that the
    copy's results cross in fewer turns of the two processes: 54 MB in half the time."""
    import fcntl

    try:
        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:  # not Linux, or a lower limit: the default buffer
        pass


def _die_with(parent: int) -> None:
    """A child must not outlive a killed build (it would write into a folder the next build is
    cleaning up): Linux kills it when its parent dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def batches(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` in batches of `size`, in order (for `Ends` to share out a batch at a time)."""
    return [items[start:start + size] for start in range(0, len(items), size)]


class Ends:
    """The numbers 0 … count-1 shared out between this process, which takes them from the
    front, and a forked copy, which takes them from the back, one at a time until the two
    meet: neither waits for the other, whatever else it had to do and however long each
    item takes. Create before forking. (A POSIX record lock on a temporary file guards the
    two shared counters: the system releases it if a holder dies.)"""

    def __init__(self, count: int):
        import multiprocessing
        import tempfile

        self.bounds = multiprocessing.RawArray("q", [0, count])  # shared memory
        self.lock = tempfile.TemporaryFile()

    def take(self, front: bool) -> Iterator[int]:
        import fcntl

        while True:
            fcntl.lockf(self.lock, fcntl.LOCK_EX)
            try:
                low, high = self.bounds[0], self.bounds[1]
                if low >= high:
                    return
                if front:
                    self.bounds[0] = low + 1
                else:
                    self.bounds[1] = high - 1
            finally:
                fcntl.lockf(self.lock, fcntl.LOCK_UN)
            yield low if front else high - 1

    def close(self) -> None:
        self.lock.close()
