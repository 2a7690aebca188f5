"""The shortcuts Wongrian takes through MkDocs and Material make the pages they make without
them: one Markdown converter per process, and none for a page made of prerendered parts alone
(`engine/converter.py`), Material's navigation,
tabs, styles, scripts, config and footer rendered once per folder for pages outside the nav
(`engine/plugins.nav_memo_plugin`), and inline patterns and block tests skipped on text none
of them can match (`engine/inline.py`, `engine/blocks.py`)."""

import hashlib
import re
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


def _site_markdown():
    import markdown

    from generator.body import EXTENSIONS, TOC_CONFIG
    from generator.thai import heading_slug

    return markdown.Markdown(extensions=EXTENSIONS,
                             extension_configs={"toc": {**TOC_CONFIG, "slugify": heading_slug}})


@pytest.mark.parametrize("text", [
    "<!-- wr:part 0a -->",
    "\n\n<!-- wr:part 0a -->\n\n<!-- wr:part 1b -->\n\n\n\n<!-- wr:part 2c -->\n",
    "<!-- wr:part 0a -->\n  \t\n<!-- wr:part 1b -->\n\n",
])
def test_a_page_of_placeholders_alone_is_what_python_markdown_makes_of_it(text):
    from generator.engine.converter import parts_only

    md = _site_markdown()
    assert "\n\n".join(parts_only(text)) == md.convert(text) and not md.toc_tokens


@pytest.mark.parametrize("text", [
    "", "# Title\n\n<!-- wr:part 0a -->", "<!-- wr:part 0a -->\n<!-- wr:part 1b -->",
    "    <!-- wr:part 0a -->", "<!-- wr:part 0a --> text", "<!-- wr:part 0a -->\n\n---",
    "<!-- wr:part 0A -->",
])
def test_anything_else_on_the_page_goes_through_markdown(text):
    from generator.engine.converter import parts_only

    assert parts_only(text) is None


def test_story_pages_are_placeholders_alone(sample_site):
    """So MkDocs converts none of them (the fast path above is the one they take)."""
    from generator import prerendered
    from generator.engine.converter import parts_only
    from generator.pages import render_docs

    docs = render_docs(sample_site.site)
    stories = [path for path in docs.pages if path.startswith("story/")]
    assert len(stories) == len(sample_site.site.stories) > 10
    for path in stories:
        markdown = re.sub(r"\A---\n.*?\n---\n", "", prerendered.split(docs.pages[path])[0], flags=re.S)
        assert parts_only(markdown) is not None, path


@pytest.mark.parametrize("title", [
    "วงเรียนรู้คุณอำนวย ครั้งแรก", "ข้าว & ปุ๋ย <b>ตัวหนา</b>", "a*b_c `code` [x](y)", "C++ กับ #1 !",
    "ชื่อ \"ทดสอบ\" it's", "!!!", "  - ขีดนำหน้า", "1. เลขนำ", "> อ้าง", "= เท่ากับ", ": ทวิภาค",
    "แถว\nใหม่\tแท็บ", "หัวข้อ #", "{: .x } {#id}", "\\ back \\slash", "emoji 🌾 ~~ขีด~~ ==x==",
    "http://example.com/a?b=1&c=2", "ก" * 300,
])
def test_a_story_title_heading_is_the_one_python_markdown_made(title):
    from generator.body import title_heading
    from generator.escape import md_text

    assert title_heading(title) == _site_markdown().convert(f"# {md_text(title)}")
