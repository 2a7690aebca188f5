"""The features (network, indicators, search) of `wongrian serve`, run on a new site in a
forked child process while the parent keeps serving saves."""

from __future__ import annotations

import multiprocessing
import threading
import traceback

from . import incremental as inc


class FeatureJob:
    """The features run on a site in a forked child; `result()` gives (full docs, change)."""

    def __init__(self, site, base, full):
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            self.forked, self.inline = False, _features(site, base, full)
            return
        self.forked, self.reaper = True, None
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_child, args=(site, base, full, send), daemon=True)
        self.process.start()
        send.close()

    def result(self, wait: bool = False):
        if not self.forked:
            return self.inline
        if not (wait or self.receive.poll()):
            return None
        try:
            found = self.receive.recv()
        except EOFError:
            found = None
        self.process.join()
        if isinstance(found, str):
            print(found, flush=True)
            return None
        return found

    def cancel(self) -> None:
        """Stop the child. It is reaped by a thread: a child holding a copy of a large site
        takes 30–60 ms to exit, and the save that cancelled it should not wait for that."""
        if self.forked and self.process.is_alive():
            self.process.kill()
            self.receive.close()
            self.reaper = threading.Thread(target=self.process.join, daemon=True)
            self.reaper.start()


def _features(site, base, full):
    """The docs tree with the features applied, and how it differs from `full`."""
    done = inc.run_features(site, base)
    return done, inc.diff_docs(full, done)


def _child(site, base, full, send) -> None:
    try:
        done, change = _features(site, base, full)
        written = set(change.written)
        done.pages = {p: t for p, t in done.pages.items() if p in written}  # send only these
        done.files = {p: d for p, d in done.files.items() if p in written}
        send.send((done, change))
    except Exception:  # noqa: BLE001 - reported by the parent
        send.send("features failed:\n" + traceback.format_exc())
    finally:
        send.close()
