"""Work shared with a forked process (generator/forked.py)."""

import os
import signal
import subprocess
import sys
import time

import pytest

from generator.forked import Fork


def test_the_result_and_warnings_come_back():
    warnings = ["before"]

    def work():
        warnings.append("in the child")
        return {"pages": [1, 2, 3]}

    assert Fork(work, warnings).join() == {"pages": [1, 2, 3]}
    assert warnings == ["before", "in the child"]


def test_an_error_in_the_child_is_raised_here():
    def work():
        raise ValueError("broken page")

    with pytest.raises(RuntimeError, match="broken page"):
        Fork(work).join()


CHILD = """
import os, sys, time
from generator.forked import Fork
def work():
    print(os.getpid(), flush=True)
    time.sleep(60)
Fork(work)
time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_child_dies_with_a_killed_parent():
    parent = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    for _ in range(100):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the forked child outlived its killed parent")


@pytest.mark.slow
def test_a_build_shared_with_forked_copies_equals_one_made_in_one_process(tmp_path, monkeypatch):
    """Story pages rendered in two processes, the network's graph made in a second process
    while the stories' search grams are cut: the same site, byte for byte, as one process
    makes."""
    import hashlib
    import shutil
    from pathlib import Path

    from generator import build as build_module, pagecache
    from generator.build import build
    from generator.search import memo

    root = Path(__file__).parent.parent
    project = tmp_path / "project"
    shutil.copytree(root / "tests" / "golden" / "project", project)
    shutil.copytree(root / "content" / "registry", project / "content" / "registry")

    def digest(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    forks, cut = [], []
    monkeypatch.setattr(build_module, "Fork", lambda work: forks.append(work) or Fork(work))
    original_cut = memo.cut_ahead
    monkeypatch.setattr(memo, "cut_ahead", lambda pairs: cut.append(len(pairs)) or original_cut(pairs))
    for module in (build_module, pagecache):
        monkeypatch.setattr(module, "FORK_STORIES", 1)
    shared = build(project, tmp_path / "shared")
    assert forks and cut == [len(shared.site.stories)]  # the network ran ahead, grams were cut
    for module in (build_module, pagecache):
        monkeypatch.setattr(module, "can_fork", lambda: False)
    alone = build(project, tmp_path / "alone", cache=False)
    assert digest(shared.out_dir) == digest(alone.out_dir)
