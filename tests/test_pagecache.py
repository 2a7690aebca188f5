"""The page cache of warm builds: after a body edit the tree comes from the cache as the
network and indicator features left it, with the edited story's page made again and the
sections those features had added to it carried over."""

from __future__ import annotations

from dataclasses import replace

from generator import pagecache
from generator.build import check_project, make_docs, make_site
from generator.network import store as network_store
from generator.pages import story_path
from generator.warm import BuildCache

from conftest import ROOT


def test_a_body_edit_keeps_what_the_features_added_to_its_page(tmp_path):
    checked = check_project(ROOT)
    site = make_site(checked)
    store = BuildCache(tmp_path)
    assert store.acquire()
    with network_store.disabled():
        shape = pagecache.shape_key(ROOT, site.stories)
        pagecache.make_docs(site, store, shape)  # fills the cache
        story = next(s for s in site.stories if s.indicators)  # its page has an indicator section
        stories = [replace(s, body=s.body + "\n\nย่อหน้าที่เพิ่มหลังสร้างครั้งแรก\n")
                   if s.id == story.id else s for s in checked.stories]
        edited = make_site(replace(checked, stories=stories))
        assert pagecache.shape_key(ROOT, edited.stories) == shape
        rendered = []
        original = pagecache.story_page
        pagecache.story_page = lambda *a: rendered.append(a[2].id) or original(*a)
        try:
            warm = pagecache.make_docs(edited, store, shape)
        finally:
            pagecache.story_page = original
        cold = make_docs(edited)
    store.release()
    assert rendered == [story.id]
    page = warm.pages[story_path(story)]
    assert "ย่อหน้าที่เพิ่มหลังสร้างครั้งแรก" in page and "{ #indicators }" in page  # carried over
    assert warm.pages == cold.pages
    assert warm.files == cold.files and (warm.nav, warm.css, warm.js, warm.extra) == (
        cold.nav, cold.css, cold.js, cold.extra)
