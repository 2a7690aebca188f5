"""Test helper: real builds of one project, each killed with SIGKILL at a chosen step.

Run as `python killbuild.py PROJECT`; reads one command a line on stdin, answers one line:
  build            a whole build, in this process   → "ok" or "failed <error>"
  count [renames]  a whole build in a child, counted
                   → "steps <n> <first swap step> <last swap step> <steps of os.rename in the swap>…"
  kill <n> [renames]  a build in a child that kills itself at step n → "killed", "finished"
                   (it ended before step n) or "failed <wait status>"
A step is the start or the end of a call of one of the functions in STEPS: the stages of
`generator.build.build`, the clean-up and swap of `generator.output`, MkDocs rendering one page,
and `os.rename`/`os.rmdir` (the swap, and removing a work folder). Children are forked from this
process after its first build, so each starts warm; `renames` makes the child swap with two
renames, as on a system without renameat2(RENAME_EXCHANGE).
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import traceback
from pathlib import Path

import mkdocs.commands.build

from generator import build as pipeline
from generator import output
from generator.engine import parallel

# The steps are counted in one process: MkDocs renders every page here (no second process,
# whose share of the pages would vary with the pages' sizes). tests/test_forked.py checks that
# a second process dies with a killed build.
parallel.PARALLEL_BYTES = 1 << 62

STEPS = [(pipeline, name) for name in ("check_project", "make_site", "make_docs", "story_assets", "work_dir",
                                       "write_tree", "write_mkdocs_yml", "run_mkdocs", "swap_in")]
STEPS += [(output, name) for name in ("recover", "remove_leftovers", "exchange", "_swap_by_renames")]
STEPS += [(mkdocs.commands.build, "_build_page"), (os, "rename"), (os, "rmdir")]


class Steps:
    """Counts steps; kills this process at step `kill_at`; notes where the swap starts and ends."""

    def __init__(self, kill_at: int = 0):
        self.count, self.kill_at, self.swap, self.renames = 0, kill_at, [], []

    def step(self, name: str) -> None:
        self.count += 1
        {"swap_in": self.swap, "rename": self.renames}.get(name, []).append(self.count)
        if self.count == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def watch(self, owner, name: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def counted(*args, **kwargs):
            self.step(name)
            try:
                return original(*args, **kwargs)
            finally:
                self.step(name)
        setattr(owner, name, counted)

    def said(self) -> str:
        first, last = min(self.swap, default=0), max(self.swap, default=0)
        return " ".join(map(str, [self.count, first, last, *(n for n in self.renames if first <= n <= last)]))


def in_child(project: Path, steps: Steps, renames: bool) -> tuple[int, str]:
    """Build in a forked child under `steps`; (wait status, what the child wrote back)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        if renames:
            output.exchange = lambda a, b: False
        for owner, name in STEPS:
            steps.watch(owner, name)
        code = 1
        try:
            pipeline.build(project, cache=False)
            code = 0
        except BaseException:  # noqa: BLE001 - the exit code tells the test
            traceback.print_exc()
        finally:
            os.write(write, steps.said().encode())
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        said = pipe.read()
    return os.waitpid(pid, 0)[1], said


def main(project: Path) -> None:
    for line in sys.stdin:
        words = line.split()
        try:
            if words[0] == "build":
                pipeline.build(project, cache=False)
                answer = "ok"
            elif words[0] == "count":
                answer = "steps " + in_child(project, Steps(), "renames" in words)[1]
            else:
                status, _ = in_child(project, Steps(int(words[1])), "renames" in words)
                killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
                answer = "killed" if killed else "finished" if status == 0 else f"failed {status}"
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            traceback.print_exc()
            answer = f"failed {exc!r}"
        print(answer, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
