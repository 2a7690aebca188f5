"""MkDocs' pages made with one Markdown converter per process (`engine/converter.py`) are the
pages MkDocs makes with a converter per page."""

import hashlib
from contextlib import nullcontext
from pathlib import Path

import pytest

from generator.build import build

ROOT = Path(__file__).parent.parent


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_the_sample_site_is_the_same_with_mkdocs_own_converters(sample_site, tmp_path, monkeypatch):
    from generator.engine import run

    monkeypatch.setattr(run, "one_converter", nullcontext)  # MkDocs' Page.render, unchanged
    own = build(ROOT, tmp_path / "site", cache=False)
    ours = digest(sample_site.out_dir)
    assert len(ours) > 100 and digest(own.out_dir) == ours


def test_the_converter_is_reused_and_mkdocs_restored():
    from mkdocs.structure.pages import Page

    from generator.engine import converter

    original = Page.render
    with converter.one_converter():
        assert Page.render is converter._render
        config = {"markdown_extensions": ["toc", "tables"], "mdx_configs": {}}
        assert converter._converter(config) is converter._converter(config)
    assert Page.render is original and not converter._converters
