"""Golden test: the generated docs tree of a small fixture project, diffed against a file.

Regenerate after an intended change with:
    WONGRIAN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and review the diff of tests/golden/docs.txt.
"""

import os
import shutil
from pathlib import Path

from generator.build import check_project, make_site
from generator.engine import mkdocs_config, write_mkdocs_yml
from generator.pages import render_docs
from generator.prerendered import detach, restore

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).parent.parent


def render_golden(tmp_path: Path) -> str:
    project = tmp_path / "project"
    shutil.copytree(GOLDEN / "project", project)
    shutil.copytree(ROOT / "content" / "registry", project / "content" / "registry")
    checked = check_project(project)
    docs = render_docs(make_site(checked))  # the core pages only; features test their own
    config = write_mkdocs_yml(mkdocs_config(checked.config, Path("docs"), Path("site")),
                              tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(str(ROOT.resolve()), "<project>")
    # area and agency pages without stories are many and alike: keep those with content
    keep = {p: t for p, t in docs.pages.items()
            if not (p.startswith(("area/", "agency/")) and "<em>ยังไม่มีบันทึก</em>" in t)}
    # each page with its prerendered HTML parts in place, as MkDocs puts them back (readable)
    parts = [f"=== mkdocs.yml ===\n{config}"] + [f"=== {p} ===\n{restore(*detach(t))}"
                                                 for p, t in sorted(keep.items())]
    return "\n".join(parts)


def test_docs_tree_matches_golden(tmp_path):
    got = render_golden(tmp_path)
    golden = GOLDEN / "docs.txt"
    if os.environ.get("WONGRIAN_UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_theme_files_are_the_ones_mkdocs_would_add(tmp_path):
    """`engine.run.add_theme_files` skips the folders MkDocs skips (Material's icons) without
    walking them: the same theme files as MkDocs' own `add_files_from_theme`."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from generator.engine.run import add_theme_files

    project = tmp_path / "project"
    shutil.copytree(GOLDEN / "project", project)
    shutil.copytree(ROOT / "content" / "registry", project / "content" / "registry")
    checked = check_project(project)
    (tmp_path / "docs").mkdir()
    config = load_config(str(write_mkdocs_yml(mkdocs_config(checked.config, tmp_path / "docs",
                                                            tmp_path / "site"),
                                              tmp_path / "mkdocs.yml")))
    theirs, ours = Files([]), Files([])
    theirs.add_files_from_theme(config.theme.get_env(), config)
    add_theme_files(ours, config)
    listed = [(f.src_uri, f.abs_src_path) for f in ours]
    assert listed == [(f.src_uri, f.abs_src_path) for f in theirs]
    assert any(uri.startswith("assets/javascripts/") for uri, _ in listed)  # Material's
    assert any(uri.startswith("assets/search/") for uri, _ in listed)  # Wongrian's overrides
