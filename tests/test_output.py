"""The output folder: the lock, clean-up after killed builds, the atomic swap; real builds killed
at many steps; two builds at once; `wongrian serve` holding the lock."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from generator import output
from generator.output import OutputBusy, claim, swap_in

from conftest import ROOT

HERE = Path(__file__).resolve().parent


def make_tree(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def digest(folder: Path) -> str:
    """One hash of every file's path and bytes ('' when the folder is missing)."""
    if not folder.is_dir():
        return ""
    total = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        total.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return total.hexdigest()


def hold_lock(out: Path, holder: str):
    """Take `out`'s lock from outside `claim`, as another process would; returns the open file."""
    handle = open(output.lock_path(out), "a+")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    handle.truncate(0)
    handle.write(holder + "\n")
    handle.flush()
    return handle


# -- the lock, clean-up and swap, without MkDocs ------------------------------------------------------

def test_a_busy_output_gives_a_clear_message_and_is_free_once_released(tmp_path):
    out = tmp_path / "site"
    handle = hold_lock(out, "4242 wongrian serve")
    with pytest.raises(OutputBusy) as caught:
        with claim(out, wait=0):
            pass
    assert str(caught.value) == (
        f"{out} is being written by wongrian serve (pid 4242); gave up after waiting 0 s — let it "
        "finish (or stop it) and run this again, or write elsewhere with --out | site/ กำลังถูกเขียนโดย "
        "wongrian serve (pid 4242) รอแล้ว 0 วินาที — รอให้งานนั้นเสร็จ (หรือหยุดมัน) แล้วสั่งใหม่ "
        "หรือสร้างไปที่อื่นด้วย --out")
    handle.close()
    with claim(out, wait=0, command="wongrian bundle"):
        with claim(out, wait=0):  # claims nest in one process
            assert output.lock_path(out).read_text() == f"{os.getpid()} wongrian bundle\n"
        with pytest.raises(BlockingIOError):  # still held after the inner claim ended
            hold_lock(out, "1 x")
    hold_lock(out, "1 x").close()


def test_claim_removes_work_folders_of_killed_builds_of_this_output_only(tmp_path):
    out = tmp_path / "site"
    names = [".build-tmp-site-0123abcd", ".build-tmp-k2_x9zq1", ".build-tmp-site-x-0123abcd",
             ".build-tmp-sitex-0123abcd", ".build-tmp-site-0123abcdef", "site-0123abcd"]
    for name in names:
        make_tree(tmp_path / name, {"site/index.html": "half"})
    with claim(out):
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:] + ["site.lock"])


def test_claim_puts_back_a_site_left_between_two_renames(tmp_path):
    out = tmp_path / "site"
    make_tree(tmp_path / "site.old", {"index.html": "previous"})
    with claim(out):
        assert (out / "index.html").read_text() == "previous" and not (tmp_path / "site.old").exists()
    make_tree(tmp_path / "site.old", {"index.html": "older"})
    with claim(out):  # a site.old beside a site/ is stale
        assert (out / "index.html").read_text() == "previous" and not (tmp_path / "site.old").exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_swap_puts_the_new_folder_in_place_and_the_old_one_where_the_new_was(tmp_path, monkeypatch,
                                                                           exchange):
    if not exchange:
        monkeypatch.setattr(output, "exchange", lambda a, b: False)
    new, out = make_tree(tmp_path / "work", {"index.html": "new"}), tmp_path / "site"
    swap_in(new, out)  # no previous site
    assert (out / "index.html").read_text() == "new" and not new.exists()
    make_tree(new, {"index.html": "newer", "extra.html": "x"})
    swap_in(new, out)
    assert (out / "index.html").read_text() == "newer" and (out / "extra.html").exists()
    assert (new / "index.html").read_text() == "new" and not (new / "extra.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "work"]


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux only")
def test_renameat2_exchanges_two_folders_here(tmp_path):
    a, b = make_tree(tmp_path / "a", {"A": "a"}), make_tree(tmp_path / "b", {"B": "b"})
    assert output.exchange(a, b) is True
    assert (a / "B").exists() and (b / "A").exists()
    with pytest.raises(FileNotFoundError):
        output.exchange(a, tmp_path / "missing")


# -- real builds ------------------------------------------------------------------------------------

def project(tmp_path: Path) -> Path:
    """The golden sample project (three stories) with the real registries."""
    root = tmp_path / "project"
    shutil.copytree(HERE / "golden" / "project", root)
    shutil.copytree(ROOT / "content" / "registry", root / "content" / "registry")
    return root


class Killer:
    """Talks to tests/killbuild.py, which builds `root` and kills builds at given steps."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen([sys.executable, str(HERE / "killbuild.py"), str(root)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, command: str) -> str:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["", "renames"], ids=["renameat2", "two-renames"])
def test_a_build_killed_at_any_step_leaves_a_complete_site(tmp_path, mode):
    root = project(tmp_path)
    site, old = root / "site", root / "site.old"
    story = root / "content/stories/2008/2008-05-03-first.md"
    texts = [story.read_text(encoding="utf-8")]
    texts.append(texts[0].replace("title: ", "title: ฉบับแก้ ", 1))
    killer = Killer(root)
    try:
        sites = []
        for text in texts:
            story.write_text(text, encoding="utf-8")
            assert killer.ask("build") == "ok"
            sites.append(digest(site))
        assert sites[0] != sites[1]
        steps, first, last, *renames = map(int, killer.ask(f"count {mode}").split()[1:])
        assert digest(site) == sites[1] and 0 < first < last < steps
        if mode:  # before, between and after each of the three renames
            assert len(renames) == 6
            points = renames
        else:  # through the stages and MkDocs' pages, then each step of the swap and after it
            points = [steps * k // 6 for k in range(1, 6)] + list(range(first, last + 3))
        current, seen = 1, set()
        for point in points:
            target = 1 - current
            story.write_text(texts[target], encoding="utf-8")
            assert killer.ask(f"kill {point} {mode}") == "killed", point
            left = list(root.glob(".build-tmp-*"))
            if mode and not site.exists():  # killed between two renames: site.old is whole
                assert digest(old) == sites[current], point
                seen.add("site.old")
            else:
                state = digest(site)
                assert state in (sites[current], sites[target]), point
                seen.add("new" if state == sites[target] else "old")
            seen |= {"work folder"} if left else set()
            assert killer.ask("build") == "ok", point
            assert digest(site) == sites[target], point
            assert not list(root.glob(".build-tmp-*")) and not old.exists(), point
            current = target
        assert seen >= ({"old", "new", "site.old", "work folder"} if mode else {"old", "new", "work folder"})
    finally:
        killer.close()


def wongrian(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator.cli", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


@pytest.mark.slow
def test_two_builds_at_once_both_end_well_and_a_held_lock_is_reported(tmp_path):
    root = project(tmp_path)
    first, second = wongrian("build", "--root", str(root)), wongrian("build", "--root", str(root))
    results = [p.communicate(timeout=600) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], results
    errors = "".join(err for _, err in results)
    assert "Traceback" not in errors
    assert errors.count(f"which is writing {root / 'site'} (up to 600 s) | รอ wongrian build (pid ") <= 1
    assert (root / "site" / "index.html").exists()
    assert sorted(p.name for p in root.iterdir()) == [".cache", "content", "site", "site.lock", "site_config.yml"]
    built = digest(root / "site")
    handle = hold_lock(root / "site", "77 wongrian build")
    busy = wongrian("build", "--root", str(root), "--wait", "0")
    out, err = busy.communicate(timeout=600)
    handle.close()
    assert busy.returncode == 1 and "Traceback" not in err
    assert err.endswith(f"not built: {root / 'site'} is being written by wongrian build (pid 77); gave up "
                        "after waiting 0 s — let it finish (or stop it) and run this again, or write "
                        "elsewhere with --out | site/ กำลังถูกเขียนโดย wongrian build (pid 77) รอแล้ว 0 วินาที — "
                        "รอให้งานนั้นเสร็จ (หรือหยุดมัน) แล้วสั่งใหม่ หรือสร้างไปที่อื่นด้วย --out\n")
    assert digest(root / "site") == built


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_serve_holds_the_lock_while_it_serves(tmp_path):
    root, port = project(tmp_path), free_port()
    serve = wongrian("serve", "--root", str(root), "--port", str(port))
    try:
        for line in serve.stdout:
            if line.startswith("serving http://127.0.0.1:"):
                break
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=30) as page:
            assert page.status == 200 and "วงเรียนรู้ตัวอย่าง" in page.read().decode("utf-8")
        busy = wongrian("build", "--root", str(root), "--wait", "0")
        _, err = busy.communicate(timeout=600)
        assert busy.returncode == 1 and f"is being written by wongrian serve (pid {serve.pid})" in err
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.communicate(timeout=60)
    assert serve.returncode == 0
    hold_lock(root / "site", "1 x").close()  # released


@pytest.mark.parametrize("where", [".", "content", "content/new", ".cache/x", "..", "folder",
                                   "site_config.yml", "folder/notes.txt"])
def test_a_build_never_replaces_the_project_or_a_folder_it_did_not_build(tmp_path, capsys, where):
    from generator.cli import main

    root = project(tmp_path)
    (root / "folder").mkdir()
    (root / "folder" / "notes.txt").write_text("mine", encoding="utf-8")
    before = digest(tmp_path)
    assert main(["build", "--root", str(root), "--out", str(root / where)]) == 1
    err = capsys.readouterr().err
    assert "not built:" in err and ("เลือก --out" in err or "ย้ายไฟล์ออก" in err)
    assert digest(tmp_path) == before                     # nothing written, nothing deleted
    with pytest.raises(output.OutputRefused):
        output.check_site_folder(root / where, root)


def test_a_site_folder_that_is_empty_or_built_before_is_written(tmp_path):
    root = project(tmp_path)
    (tmp_path / "empty").mkdir()
    output.check_site_folder(tmp_path / "empty", root)
    output.check_site_folder(tmp_path / "new", root)
    made = make_tree(tmp_path / "old-site", {"assets/search/search.js": "", "index.html": "x"})
    output.check_site_folder(made, root)


def test_the_refusal_says_what_the_folder_is(tmp_path):
    root = project(tmp_path)
    said = {}
    for where in (root, root.parent, root / "content"):
        with pytest.raises(output.OutputRefused) as caught:
            output.check_site_folder(where, root)
        said[where] = str(caught.value)
    assert "is the project itself" in said[root]
    assert "is a folder that holds the project" in said[root.parent]
    assert "is content/ of the project" in said[root / "content"]
