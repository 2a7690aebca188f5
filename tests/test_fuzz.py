"""Fuzzing: generated front matter and bodies never crash the check or the page rendering.

The strategies and the harness are in bench/fuzz.py (`make fuzz` runs 10,000 random examples
and records them in bench/RESULTS.md); here a fixed seed gives the same 250 examples each run.
"""

from __future__ import annotations

import pytest

from bench.fuzz import FuzzProject, fuzz
from generator.build import check_project
from generator.errors import ContentErrors

from conftest import story_text


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return FuzzProject(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_stories_never_raise_anything_but_content_errors(project, seed):
    before, rendered = project.examples, project.rendered
    fuzz(project, 125, seed)()
    assert project.examples - before >= 125
    assert project.rendered > rendered  # some examples reached the pages, not only the check


def test_the_harness_checks_like_check_project(project):
    cases = [[story_text()], [story_text(date="2008-02-30"), "---\ntitle: [\n---\n"],
             [story_text(body="โทร 0812345678 เลขบัตร 3-1005-00123-45-8\n")]]
    for texts in cases:
        project.write(texts)
        outcomes = []
        for check in (project.check, lambda: check_project(project.root)):
            try:
                outcomes.append(("ok", [w.format() for w in check().warnings]))
            except ContentErrors as exc:
                outcomes.append(("errors", [e.format() for e in exc.errors]))
        assert outcomes[0] == outcomes[1]


def test_a_crash_fails_the_property(project, monkeypatch):
    import bench.fuzz

    monkeypatch.setattr(bench.fuzz, "scan_stories", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        fuzz(project, 50, 3)()
