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
