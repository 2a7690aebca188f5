"""The network's layout, metrics and downloads kept between builds (`network/store.py`)."""

from __future__ import annotations

import pickle

from generator.build import check_project, make_site
from generator.cache.signed import sign, signing_key
from generator.network import layout as net_layout
from generator.network import pages as network_pages
from generator.network import store
from generator.pages import render_docs
from tests.conftest import story_text
from tests.test_graph import STORIES, story_files


def network_docs(root):
    site = make_site(check_project(root))
    docs = render_docs(site)
    network_pages.feature(site, docs)
    return {k: v for k, v in docs.pages.items()}, dict(docs.files)


def count_layouts(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = net_layout.layout
    monkeypatch.setattr(network_pages, "layout", lambda *a: calls.append(1) or real(*a))
    return calls


def test_the_same_graph_is_laid_out_once_and_gives_the_same_files(tmp_site, monkeypatch):
    root = tmp_site(story_files(STORIES))
    with store.disabled():
        expected = network_docs(root)
    assert not (root / store.FOLDER).exists()
    calls = count_layouts(monkeypatch)
    assert network_docs(root) == expected and len(calls) == 1
    assert network_docs(root) == expected and len(calls) == 1  # from .cache/network/
    assert len(list((root / store.FOLDER).glob("*.pickle"))) == 1


def test_a_body_edit_keeps_the_layout_and_a_new_tie_does_not(tmp_site, monkeypatch):
    files = story_files(STORIES)
    root = tmp_site(files)
    network_docs(root)
    calls = count_layouts(monkeypatch)
    first = sorted(files)[0]
    (root / first).write_text(files[first] + "\nแก้เนื้อเรื่อง\n", encoding="utf-8")
    network_docs(root)
    assert calls == []
    (root / "content/stories/new.md").write_text(
        story_text(title="เรื่องใหม่", agencies=("มวล.", "กศน.อำเภอเมือง"), areas=("ต.กลาย อ.ท่าศาลา",)),
        encoding="utf-8")
    pages, files_now = network_docs(root)
    assert calls == [1]
    with store.disabled():
        assert network_docs(root) == (pages, files_now)
    assert len(list((root / store.FOLDER).glob("*.pickle"))) == 1  # the old one is gone


def test_a_planted_or_foreign_cache_file_is_not_used(tmp_site, monkeypatch):
    root = tmp_site(story_files(STORIES))
    expected = network_docs(root)
    [path] = (root / store.FOLDER).glob("*.pickle")
    planted = pickle.dumps((("not", "metrics"), {"network/network.svg": b"<svg>planted</svg>"}))
    path.write_bytes(sign(planted, signing_key()) + planted)  # signed, but not the right shape
    assert network_docs(root) == expected
    data = path.read_bytes()[32:]
    path.write_bytes(b"\0" * 32 + data)  # not signed on this machine
    calls = count_layouts(monkeypatch)
    assert network_docs(root) == expected and calls == [1]
