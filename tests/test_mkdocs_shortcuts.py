"""The shortcuts Wongrian takes through MkDocs and Material make the pages they make without
them: one Markdown converter per process (`engine/converter.py`), Material's navigation,
tabs, styles, scripts, config and footer rendered once per folder for pages outside the nav
(`engine/plugins.nav_memo_plugin`), and inline patterns and block tests skipped on text none
of them can match (`engine/inline.py`, `engine/blocks.py`)."""

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
def test_the_sample_site_is_the_same_without_the_shortcuts(sample_site, tmp_path, monkeypatch):
    from mkdocs.plugins import BasePlugin

    from generator import body
    from generator.engine import blocks, inline, run

    monkeypatch.setattr(run, "one_converter", nullcontext)  # MkDocs' Page.render, unchanged
    monkeypatch.setattr(run, "nav_memo_plugin", BasePlugin)  # Material's partials every time
    monkeypatch.setattr(inline.QuickInline, "extendMarkdown", lambda self, md: None)  # stock
    monkeypatch.setattr(blocks.QuickBlocks, "extendMarkdown", lambda self, md: None)  # stock
    monkeypatch.setattr(body, "_converter", None)  # story bodies with the stock inline stage
    monkeypatch.setattr(body, "memo", {})
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
