"""The command line: exit codes and output of check and build."""

import os
import subprocess
import sys

from generator.cli import main

from conftest import story_text


def test_check_ok_and_error_exit_codes(tmp_site, capsys):
    good = tmp_site({"content/stories/a.md": story_text()})
    assert main(["check", "--root", str(good)]) == 0
    assert "OK: 1 stories checked" in capsys.readouterr().out
    (good / "content/stories/b.md").write_text(story_text(agencies=("พชช.",)), encoding="utf-8")
    assert main(["check", "--root", str(good)]) == 1
    err = capsys.readouterr().err
    assert 'content/stories/b.md:7: agencies: unknown agency "พชช."' in err
    assert "1 error(s)" in err


def test_check_github_annotations(tmp_site, capsys):
    root = tmp_site({"content/stories/a.md": story_text(areas=("ปากแพรก",))})
    assert main(["check", "--root", str(root), "--format", "github"]) == 1
    line = capsys.readouterr().err.splitlines()[0]
    assert line.startswith("::error file=content/stories/a.md,line=8,title=areas::")
    assert 'area "ปากแพรก" matches 2 units' in line


def test_build_writes_site(tmp_site, capsys):
    root = tmp_site({"content/stories/a.md": story_text()})
    assert main(["build", "--root", str(root)]) == 0
    assert (root / "site" / "index.html").exists()
    assert "Built 1 stories" in capsys.readouterr().out


def test_warnings_are_github_warnings(tmp_site, capsys):
    root = tmp_site({"content/stories/a.md": story_text(authr="x")})
    assert main(["check", "--root", str(root), "--format", "github"]) == 0
    assert capsys.readouterr().err.startswith("::warning file=content/stories/a.md,line=10,title=authr::")


def test_the_command_ends_with_mains_code_and_all_its_output(tmp_site):
    """`wongrian` (`cli.run`) ends the process without the interpreter's clean-up: the exit
    code is main's, printed lines reach a pipe, and the site is complete."""
    root = tmp_site({"content/stories/a.md": story_text()})
    command = [sys.executable, "-m", "generator.cli"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as usual
    done = subprocess.run(command + ["build", "--root", str(root)], capture_output=True, text=True,
                          env=env)
    assert done.returncode == 0 and "Built 1 stories" in done.stdout
    assert (root / "site" / "index.html").stat().st_size > 0
    (root / "content/stories/b.md").write_text(story_text(agencies=("พชช.",)), encoding="utf-8")
    done = subprocess.run(command + ["check", "--root", str(root)], capture_output=True, text=True,
                          env=env)
    assert done.returncode == 1 and "1 error(s)" in done.stderr


def test_only_the_command_freezes_what_its_imports_made(monkeypatch):
    import gc

    from generator import cli

    before = gc.get_freeze_count()
    cli.imported()  # a process that imports the CLI (these tests): nothing frozen
    assert gc.get_freeze_count() == before
    monkeypatch.setattr(cli, "_COMMAND_LINE", True)
    try:
        cli.imported()
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_github_annotations_escape_names_so_a_file_cannot_add_a_workflow_command(tmp_site, capsys):
    """A file name (or a front-matter key) is written into the annotation's properties: a line
    break in it began a workflow command of its own (`::error file=README.md::…`), and ',' or
    ':' added properties. Escaped as GitHub's toolkit does (properties: % CR LF : ,)."""
    from urllib.parse import unquote

    names = ["a\n::error file=README.md,line=1::spoofed.png", "b,line=7,title=x:y.png", "c\rd.png"]
    root = tmp_site({"content/stories/a.md": story_text(body="ภาพ\n", **{"x,line=3::y": "1"})})
    for name in names:
        (root / "content/stories" / name).write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 16)
    assert main(["check", "--root", str(root), "--format", "github"]) == 0
    lines = capsys.readouterr().err.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == len(names) + 1 and all("\r" not in line for line in lines)
    files, titles = set(), set()
    for line in annotations:
        command, _, _ = line[2:].partition("::")
        level, _, properties = command.partition(" ")
        found = dict(p.split("=", 1) for p in properties.split(","))
        assert level == "warning" and set(found) <= {"file", "line", "title"}
        files.add(unquote(found["file"]))
        titles.add(unquote(found["title"]))
    assert files == {"content/stories/a.md", *(f"content/stories/{n}" for n in names)}
    assert "x,line=3::y" in titles


def test_a_control_character_in_a_file_name_is_shown_not_sent_to_the_terminal(tmp_site, capsys):
    """Errors and warnings print file names as they are: an escape sequence in one cleared
    the terminal or retitled it, a line break made a line that looks like a message of its own."""
    name = "e\x1b[2J\x1b]0;owned\x07\n::x:1: ok.png"
    root = tmp_site({"content/stories/a.md": story_text()})
    (root / "content/stories" / name).write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 16)
    assert main(["check", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert not any(c in err for c in "\x1b\x07\r") and len(err.splitlines()) == 1
    assert err.startswith("content/stories/e\\x1b[2J\\x1b]0;owned\\x07\\x0a::x:1: ok.png: file: ")
