"""Every kind of bad input, one folder each in tests/broken/, with its exact messages."""

import shutil
from pathlib import Path

import pytest

from generator.build import build, check_project
from generator.cli import main
from generator.errors import ContentErrors

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def project_with(case: str, tmp_path: Path, root: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(root / "content" / "registry", project / "content" / "registry")
    shutil.copy(root / "site_config.yml", project / "site_config.yml")
    shutil.copytree(BROKEN / case / "content", project / "content", dirs_exist_ok=True)
    return project


@pytest.mark.parametrize("case", CASES)
def test_broken_input_gives_exact_messages(case, tmp_path):
    project = project_with(case, tmp_path, Path(__file__).parent.parent)
    with pytest.raises(ContentErrors) as caught:
        check_project(project, strict=True)
    got = [error.format() for error in caught.value.errors]
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert got == expected


def test_there_is_a_case_for_every_kind():
    assert len(CASES) >= 24


def test_failed_build_exits_nonzero_and_keeps_previous_site(tmp_path, capsys):
    root = Path(__file__).parent.parent
    project = project_with("many-errors", tmp_path, root)
    previous = project / "site"
    (previous / "assets" / "search").mkdir(parents=True)
    (previous / "assets" / "search" / "search.js").write_text("", encoding="utf-8")  # a built site
    (previous / "index.html").write_text("previous build", encoding="utf-8")
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "2008-05-03-a.md:7: agencies: unknown agency" in err
    assert "4 error(s)" in err
    assert (previous / "index.html").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in project.iterdir() if p.name != ".cache") == ["content", "site", "site_config.yml"]  # .cache: the build cache


def test_warnings_do_not_fail_without_strict(tmp_path):
    project = project_with("unknown-field", tmp_path, Path(__file__).parent.parent)
    checked = check_project(project)
    assert [w.field for w in checked.warnings] == ["authr"]
    with pytest.raises(ContentErrors):
        build(project, strict=True)
