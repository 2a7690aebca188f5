"""The page cache of warm builds: after a body edit the tree comes from the cache as the
network and indicator features left it, with the edited story's page made again and the
sections those features had added to it carried over."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.cache import pages as pagecache
from generator.build import check_project, make_docs, make_site
from generator.network import store as network_store
from generator.paths import story_path
from generator.cache.build import BuildCache

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


def _two_processes(monkeypatch):
    """The sample site's pages made as a large site's are: the story pages shared with a
    forked copy, the features' copies started once the other pages are made."""
    from generator import build

    monkeypatch.setattr(pagecache, "FORK_STORIES", 1)
    monkeypatch.setattr(build, "FORK_STORIES", 1)
    started = []
    original = build.start_ahead

    def start_ahead(site, docs, features):
        forks = original(site, docs, features)
        started.append(({p for p in docs.pages if p.startswith("story/")}, forks))
        return forks

    monkeypatch.setattr(build, "start_ahead", start_ahead)
    return started


def test_the_features_copies_start_while_the_story_pages_come_back(tmp_path, monkeypatch):
    """The network's and the indicators' copies are forked before this process waits for the
    story pages of the page stage's copy (they read no story page), once; the tree is the one
    made in one process."""
    checked = check_project(ROOT)
    site = make_site(checked)
    with network_store.disabled():
        serial = make_docs(site)
        started = _two_processes(monkeypatch)
        store = BuildCache(tmp_path)
        assert store.acquire()
        try:
            docs = pagecache.make_docs(site, store, pagecache.shape_key(ROOT, site.stories))
        finally:
            store.release()
    with_ahead = [(stories, forks) for stories, forks in started if forks]
    assert len(with_ahead) == 1 and len(with_ahead[0][1]) == 2  # network, indicators
    assert with_ahead[0][0] == set()  # no story page yet when they started
    assert all(fork.pid == 0 for fork in with_ahead[0][1].values())  # joined
    assert docs.pages == serial.pages and docs.files == serial.files
    assert (docs.nav, docs.css, docs.js, docs.extra) == (serial.nav, serial.css, serial.js,
                                                         serial.extra)


def test_the_features_copies_are_stopped_when_the_story_pages_fail(tmp_path, monkeypatch):
    checked = check_project(ROOT)
    site = make_site(checked)
    started = _two_processes(monkeypatch)
    original = pagecache.story_page

    def story_page(site, renderer, story):
        if story.id == site.stories[-1].id:  # the oldest: in the copy's first batch, taken
            raise ValueError("a page that cannot be made")  # while this process makes the rest
        return original(site, renderer, story)

    monkeypatch.setattr(pagecache, "story_page", story_page)
    store = BuildCache(tmp_path)
    assert store.acquire()
    try:
        with network_store.disabled(), pytest.raises(RuntimeError, match="cannot be made"):
            pagecache.make_docs(site, store, pagecache.shape_key(ROOT, site.stories))
    finally:
        store.release()
    forks = [fork for _, found in started for fork in found.values()]
    assert forks and all(fork.pid == 0 for fork in forks)  # stopped, none left running
