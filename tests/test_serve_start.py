"""`wongrian serve` starts from what a build and the last serve left: the published site is
taken over without MkDocs rendering a page, kept pages are not rendered again, and the
result after edits still equals a full build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build import build, check_project, make_site
from generator.contrib import startup
from generator.contrib.serve import Preview
from generator.cache.build import BuildCache

from conftest import story_text
from test_serve import FILES, files_of

STORY = "content/stories/2008/a.md"


@pytest.fixture
def root(tmp_site):
    return tmp_site(FILES)


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


def write(root: Path, rel: str, change) -> None:
    path = root / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_serve_takes_over_a_published_build_and_edits_still_equal_a_full_build(root, tmp_path):
    out = root / "site"
    preview = Preview(root, out)
    try:
        preview.publish()
        before = mtimes(out)
        preview.start()
        assert mtimes(out) == before  # MkDocs rendered nothing: the build's pages are served
        assert preview.live.stale >= {p for p in preview.full.pages}
        store = BuildCache(root)
        assert store.acquire() and store.state.published  # nothing written into site/ yet
        store.release()
        write(root, STORY, lambda t: t.replace("เนื้อเรื่องทดสอบสั้น ๆ", "เนื้อเรื่องที่แก้ตอนเริ่ม"))
        write(root, "content/stories/2009/c.md", lambda t: t.replace("title: เรื่องที่สาม", "title: ชื่อใหม่"))
        preview.refresh([STORY, "content/stories/2009/c.md"])
        preview.settle()
        store = BuildCache(root)
        assert store.acquire() and store.state.published == {}  # serve wrote into site/
        store.release()
        reference = build(root, tmp_path / "reference").out_dir
        served, built = files_of(out), files_of(reference)
        assert sorted(served) == sorted(built)
        assert [p for p in served if served[p] != built[p]] == []
    finally:
        preview.close()


def test_a_changed_project_is_built_again_at_start(root):
    out = root / "site"
    build(root, out)
    write(root, STORY, lambda t: t.replace("เนื้อเรื่องทดสอบสั้น ๆ", "แก้ก่อนเริ่มแสดงตัวอย่าง"))
    assert not startup.is_published(root, out)
    preview = Preview(root, out)
    try:
        preview.start()  # not the published content: MkDocs renders every page
        page = next(p for p, t in preview.full.pages.items() if "แก้ก่อนเริ่มแสดงตัวอย่าง" in t)
        assert "แก้ก่อนเริ่มแสดงตัวอย่าง" in (out / (page[:-3] + ".html")).read_text(encoding="utf-8")
    finally:
        preview.close()


def test_kept_pages_are_rendered_again_only_where_a_body_changed(root):
    checked = check_project(root)
    site = make_site(checked)
    base, renderer, shape = startup.render_pages(root, site)
    assert len(renderer.rendered) == len(base.pages)  # nothing kept yet: every page
    startup.save_pages(root, shape, renderer.pages, site)

    again = startup.render_pages(root, make_site(check_project(root)))
    assert again[1].rendered == [] and again[0].pages == base.pages

    write(root, STORY, lambda t: t.replace("เนื้อเรื่องทดสอบสั้น ๆ", "เนื้อหาที่เปลี่ยน"))
    edited = make_site(check_project(root))
    docs, renderer, _ = startup.render_pages(root, edited)
    story_page = next(p for p, t in docs.pages.items() if "เนื้อหาที่เปลี่ยน" in t)
    assert story_page in renderer.rendered and len(renderer.rendered) < len(base.pages) / 2
    fresh, _, _ = startup.render_pages(root / "elsewhere", edited)  # nothing kept there
    assert docs.pages == fresh.pages


def test_kept_pages_of_another_shape_are_not_used(root):
    site = make_site(check_project(root))
    base, renderer, shape = startup.render_pages(root, site)
    startup.save_pages(root, shape, renderer.pages, site)
    write(root, STORY, lambda t: t.replace("title: เรื่องแรก", "title: เรื่องแรกที่เปลี่ยนชื่อ"))
    docs, renderer, _ = startup.render_pages(root, make_site(check_project(root)))
    assert len(renderer.rendered) == len(docs.pages)


def test_kept_pages_from_elsewhere_are_ignored(root):
    site = make_site(check_project(root))
    base, renderer, shape = startup.render_pages(root, site)
    startup.save_pages(root, shape, renderer.pages, site)
    kept = root / startup.FOLDER / startup.PAGES
    data = bytearray(kept.read_bytes())
    data[40] ^= 1  # not what this machine signed
    kept.write_bytes(bytes(data))
    _, renderer, _ = startup.render_pages(root, site)
    assert len(renderer.rendered) == len(base.pages)


def test_the_docs_tree_shares_the_build_caches_files_without_changing_them(root):
    build(root, root / "site")
    preview = Preview(root, root / "site")
    try:
        preview.start()
        page = next(p for p in preview.full.pages if p.startswith("story/"))
        ours, cached = preview.docs_dir / page, BuildCache(root).docs_dir / page
        assert os.path.samefile(ours, cached)
        kept = cached.read_bytes()
        write(root, STORY, lambda t: t + "\nย่อหน้าใหม่ระหว่างแสดงตัวอย่าง\n")
        preview.refresh([STORY])
        assert cached.read_bytes() == kept  # replaced in serve's tree, not written through
    finally:
        preview.close()


def test_a_new_story_shows_first_and_equals_its_final_page(root):
    preview = Preview(root, root / "site")
    try:
        preview.start()
        rel = "content/stories/2009/d.md"
        (root / rel).write_text(story_text(title="เรื่องใหม่ล่าสุด", date="2009-03-01",
                                           agencies=("มวล.",), areas=("อ.ท่าศาลา",)), encoding="utf-8")
        order = []
        update = preview.live.update
        preview.live.update = lambda changed, *a, **k: (order.append(list(changed)), update(changed, *a, **k))[1]
        preview.refresh([rel])
        page = next(p for p, t in preview.full.pages.items() if p.startswith("story/") and "เรื่องใหม่ล่าสุด" in t)
        assert order[0] == [page]  # its own page before any listing
        assert all(page not in batch for batch in order[1:])  # and not rendered twice
    finally:
        preview.close()


def test_pages_rendered_in_two_equal_one_process_with_what_each_read(monkeypatch):
    from generator import forked
    from generator.contrib import incremental as inc, tracking
    from generator.paths import story_path

    site = make_site(check_project(Path(__file__).parent.parent))
    monkeypatch.setattr(forked, "FORK_STORIES", 2)  # the sample site is small: share it anyway
    docs, renderer = startup.render_in_two(site)
    alone, single = inc.render_pages(site)
    assert docs.pages == alone.pages and docs.files == alone.files
    assert renderer.pages.keys() == single.pages.keys()
    newest = story_path(site.stories[0])  # iterating the stories read the whole list before it
    for path, page in single.pages.items():
        reads = page.reads - {("stories", tracking.ALL)} if path == newest else page.reads
        assert renderer.pages[path] == inc.Rendered(page.text, reads), path
