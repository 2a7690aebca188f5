"""Test helper: real builds of one project, each killed with SIGKILL at a chosen step.

Run as `python killbuild.py PROJECT`; reads one command a line on stdin, answers one line:
  build            a whole build, in this process   → "ok" or "failed <error>"
  count [renames]  a whole build in a child, counted
                   → "steps <n> <first swap step> <last swap step> <steps of os.rename in the swap>…"
  kill <n> [renames]  a build in a child that kills itself at step n → "killed", "finished"
                   (it ended before step n) or "failed <wait status>"
A step is a call or a return of a function of generator/build.py, generator/output.py,
MkDocs' build module or shutil (copying and removing folders), or of os.rename. Children are
forked from this process after its first build, so each starts warm; `renames` makes the child
swap with two renames, as on a system without renameat2(RENAME_EXCHANGE).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import traceback
from pathlib import Path

import mkdocs.commands.build

from generator import build as pipeline
from generator import output

FILES = {pipeline.__file__, output.__file__, mkdocs.commands.build.__file__, shutil.__file__}


class Steps:
    """Counts steps; kills this process at step `kill_at`; notes where the swap starts and ends."""

    def __init__(self, kill_at: int = 0):
        self.count, self.kill_at, self.swap, self.renames = 0, kill_at, [], []

    def __call__(self, frame, event, arg) -> None:
        if event in ("call", "return"):
            if frame.f_code.co_filename not in FILES:
                return
            if frame.f_code.co_name == "swap_in":
                self.swap.append(self.count + 1)
        elif event in ("c_call", "c_return") and arg is os.rename:
            self.renames.append(self.count + 1)
        else:
            return
        self.count += 1
        if self.count == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


def in_child(project: Path, steps: Steps, renames: bool) -> tuple[int, str]:
    """Build in a forked child under `steps`; (wait status, what the child wrote back)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        if renames:
            output.exchange = lambda a, b: False
        code = 1
        sys.setprofile(steps)
        try:
            pipeline.build(project)
            code = 0
        except BaseException:  # noqa: BLE001 - the exit code tells the test
            traceback.print_exc()
        finally:
            sys.setprofile(None)
            swap = f"{min(steps.swap, default=0)} {max(steps.swap, default=0)}"
            renames = " ".join(str(n) for n in steps.renames if n >= min(steps.swap, default=0))
            os.write(write, f"{steps.count} {swap} {renames}".encode())
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
                pipeline.build(project)
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
