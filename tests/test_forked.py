"""Work shared with a forked process (generator/forked.py)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.forked import Fork


def test_the_result_and_warnings_come_back():
    warnings = ["before"]

    def work():
        warnings.append("in the child")
        return {"pages": [1, 2, 3]}

    assert Fork(work, warnings).join() == {"pages": [1, 2, 3]}
    assert warnings == ["before", "in the child"]


def test_a_large_result_comes_back_whole_through_a_widened_pipe():
    """Tens of MB come back (a copy's story pages); on Linux the pipe holds 1 MiB at a time."""
    import fcntl

    from generator import forked

    result = os.urandom(3 << 20) * 8  # 24 MiB
    assert Fork(lambda: result).join() == result
    read, write = os.pipe()
    try:
        forked._widen(write)
        limit = Path("/proc/sys/fs/pipe-max-size")
        if limit.exists() and int(limit.read_text()) >= forked.PIPE_BYTES:
            assert fcntl.fcntl(write, getattr(fcntl, "F_GETPIPE_SZ", 1032)) == forked.PIPE_BYTES
    finally:
        os.close(read)
        os.close(write)


def test_an_error_in_the_child_is_raised_here():
    def work():
        raise ValueError("broken page")

    with pytest.raises(RuntimeError, match="broken page"):
        Fork(work).join()


def test_a_result_that_cannot_be_sent_is_an_error_here():
    """Results are pickled into the pipe as they are made; one that cannot be pickled leaves
    the stream broken, and the parent says so instead of reading half of it."""
    with pytest.raises(RuntimeError, match="could not send"):
        Fork(lambda: {"pages": lambda: None}).join()


def test_a_copy_lets_go_of_what_it_is_told_to_and_the_parent_keeps_it():
    pages, saves = {"a.md": "ก" * 1000}, [print]
    assert Fork(lambda: (len(pages), len(saves)), let_go=(pages, saves)).join() == (0, 0)
    assert pages == {"a.md": "ก" * 1000} and saves == [print]


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a process's state in /proc")
def test_a_late_result_leaves_the_child_free_to_exit():
    """A result larger than a pipe holds: a child would wait, with all its memory, until the
    parent reads it. With `late` it leaves the result in a file and exits at once (the search
    index made beside MkDocs is taken after MkDocs)."""
    result = os.urandom(1 << 20) * 4  # 4 MiB: more than the pipe's 1 MiB
    waiting = Fork(lambda: result)
    time.sleep(0.5)
    assert _state(waiting.pid) != "Z"  # still there: blocked on the full pipe
    assert waiting.join() == result
    late = Fork(lambda: result, late=True)
    for _ in range(200):
        if _state(late.pid) == "Z":  # gone (a zombie until it is waited for)
            break
        time.sleep(0.05)
    assert _state(late.pid) == "Z"
    assert late.join() == result


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
    while the stories' search grams are cut, and the search index made by a copy while MkDocs
    renders (from the pages, or after a body edit from the memo): the same site, byte for
    byte, as one process makes, cold, after the edit and after a deletion (the index's stale
    files go)."""
    import hashlib
    import shutil

    from generator import build as build_module
    from generator.cache import pages as pagecache
    from generator.build import build
    from generator.search import memo

    root = Path(__file__).parent.parent
    project = tmp_path / "project"
    shutil.copytree(root / "tests" / "golden" / "project", project)
    shutil.copytree(root / "content" / "registry", project / "content" / "registry")

    def digest(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    def alone(name: str) -> dict[str, str]:
        with monkeypatch.context() as one:
            for module in (build_module, pagecache):
                one.setattr(module, "can_fork", lambda: False)
            return digest(build(project, tmp_path / name, cache=False).out_dir)

    forks, cut, beside = [], [], []
    monkeypatch.setattr(build_module, "Fork", lambda work: forks.append(work) or Fork(work))
    original_cut, original_beside = memo.cut_ahead, build_module.SearchBeside
    monkeypatch.setattr(memo, "cut_ahead", lambda pairs: cut.append(len(pairs)) or original_cut(pairs))
    monkeypatch.setattr(build_module, "SearchBeside",  # whether made from the pages
                        lambda *a, **k: beside.append("pages" in k) or original_beside(*a, **k))
    for module in (build_module, pagecache):
        monkeypatch.setattr(module, "FORK_STORIES", 1)
    shared = build(project, tmp_path / "shared")
    assert forks and cut == [len(shared.site.stories)] and beside == [True]
    assert digest(shared.out_dir) == alone("alone")

    story = project / "content/stories/2008/2008-05-03-first.md"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "แกนนำคุยกันเรื่องราคาข้าว", "แกนนำคุยกันเรื่องราคาข้าวและปุ๋ย", 1), encoding="utf-8")
    seen = tmp_path / "kept-docs"  # written by the forked copy that makes the index
    original_kept = memo.docs_of_shape

    def docs_of_shape(shape, stories):
        kept = original_kept(shape, stories)
        with open(seen, "a", encoding="utf-8") as out:
            out.write(f"{shape != '' and kept is not None}\n")
        return kept

    monkeypatch.setattr(memo, "docs_of_shape", docs_of_shape)
    edited = digest(build(project, tmp_path / "shared").out_dir)
    assert set(seen.read_text(encoding="utf-8").split()) == {"True"}  # its shape's documents
    assert edited == alone("alone-edited") and beside == [True, False]
    assert not (project / ".cache/build/search-staged").exists()
    (project / "content/stories/2008/2008-09-01-third.md").unlink()
    after = digest(build(project, tmp_path / "shared").out_dir)
    assert after == alone("alone-deleted") and beside == [True, False, True]


def test_a_child_not_joined_can_be_stopped():
    """A build that fails before it takes a copy's results stops the copy (no process left)."""
    import time

    fork = Fork(lambda: time.sleep(60))
    pid, started = fork.pid, time.monotonic()
    fork.stop()
    assert time.monotonic() - started < 5
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped
    fork.stop()  # twice: nothing to do


def test_ends_shares_every_number_once_between_two_processes():
    from generator.forked import Ends

    ends = Ends(500)

    def back():
        taken = []
        for n in ends.take(front=False):
            taken.append(n)
            time.sleep(0.001)
        return taken

    fork = Fork(back)
    front = []
    for n in ends.take(front=True):
        front.append(n)
        time.sleep(0.003)  # slower than the other side: it takes fewer
    theirs = fork.join()
    assert sorted(front + theirs) == list(range(500))
    assert front == sorted(front) and theirs == sorted(theirs, reverse=True)
    assert 0 < len(front) < len(theirs)
    assert list(ends.take(front=True)) == []


def _golden_project(tmp_path, monkeypatch):
    """The golden project, built with forked copies whatever its size."""
    import shutil

    from generator import build as build_module
    from generator.cache import pages as pagecache

    root = Path(__file__).parent.parent
    project = tmp_path / "project"
    shutil.copytree(root / "tests" / "golden" / "project", project)
    shutil.copytree(root / "content" / "registry", project / "content" / "registry")
    for module in (build_module, pagecache):
        monkeypatch.setattr(module, "FORK_STORIES", 1)
    return project


def _edit_first_story(project, old: str, new: str) -> None:
    story = project / "content/stories/2008/2008-05-03-first.md"
    story.write_text(story.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _equals_one_process_build(site, project, tmp_path, monkeypatch) -> bool:
    """Whether the folder `site` equals the project built afresh in one process."""
    import hashlib

    from generator import build as build_module
    from generator.cache import pages as pagecache
    from generator.build import build

    def digest(folder) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    monkeypatch.undo()
    for module in (build_module, pagecache):
        monkeypatch.setattr(module, "can_fork", lambda: False)
    return digest(site) == digest(build(project, tmp_path / "alone", cache=False).out_dir)


@pytest.mark.slow
@pytest.mark.parametrize("edit, from_pages", [
    (("แกนนำคุยกันเรื่องราคาข้าว", "แกนนำคุยกันเรื่องราคาข้าวเปลือก"), False),  # a body
    (("tags: [บัญชีครัวเรือน]", "tags: [บัญชีครัวเรือน, ข้าว]"), True),  # the pages' shape
])
def test_an_edit_whose_mkdocs_tree_is_made_afresh_still_gets_every_search_file(
        tmp_path, monkeypatch, edit, from_pages):
    """The search copy (from the memo after a body edit, from the pages after another) skips
    the files the cached site holds already; when the cached tree is then made afresh (its key
    changed), the build makes the index's files itself, and the site equals one made in one
    process."""
    from generator import build as build_module
    from generator.cache import build as warm
    from generator.build import build

    project = _golden_project(tmp_path, monkeypatch)
    build(project, tmp_path / "shared")
    _edit_first_story(project, *edit)
    beside, original_sync = [], warm.BuildCache.sync
    original_beside = build_module.SearchBeside
    monkeypatch.setattr(build_module, "SearchBeside",
                        lambda *a, **k: beside.append("pages" in k) or original_beside(*a, **k))
    monkeypatch.setattr(warm.BuildCache, "sync",  # as if the tree's key had changed
                        lambda self, key, files, later="": original_sync(self, key + "+", files, later))
    shared = build(project, tmp_path / "shared").out_dir
    assert beside == [from_pages]
    assert _equals_one_process_build(shared, project, tmp_path, monkeypatch)


@pytest.mark.slow
def test_after_a_body_edit_the_search_copy_makes_only_the_changed_texts(tmp_path, monkeypatch):
    """The search copy knows the SHA-1 of each story's text file from the last build that
    made it (cold, or the copy), by what it was made from: after each edit it makes the
    edited story's text again, and no other, and the site equals one made in one process."""
    from generator.build import build
    from generator.search.index import IndexFiles

    project = _golden_project(tmp_path, monkeypatch)
    build(project, tmp_path / "shared")  # cold: every text made, and what from recorded
    made, original = tmp_path / "made", IndexFiles.__getitem__

    def getitem(self, name):
        if name.startswith("t/"):
            with open(made, "a", encoding="utf-8") as out:  # in the forked copy
                out.write(name + "\n")
        return original(self, name)

    monkeypatch.setattr(IndexFiles, "__getitem__", getitem)
    _edit_first_story(project, "แกนนำคุยกันเรื่องราคาข้าว", "แกนนำคุยกันเรื่องราคาข้าวเปลือก")
    build(project, tmp_path / "shared")
    first = made.read_text(encoding="utf-8").split()
    _edit_first_story(project, "ราคาข้าวเปลือก", "ราคาข้าวเปลือกและปุ๋ย")
    shared = build(project, tmp_path / "shared").out_dir
    assert len(first) == 1 and made.read_text(encoding="utf-8").split() == first * 2
    assert _equals_one_process_build(shared, project, tmp_path, monkeypatch)
