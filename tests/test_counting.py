"""Word counts in bulk and in worker processes agree with the one-by-one count."""

import re
import threading

import pytest

from generator import thai
from generator.counting import WordCounter, workers_wanted
from generator.load import split_front_matter

from conftest import ROOT

SYNTHETIC = [
    "",
    "   \n\n\t ",
    "ชาวบ้านจดบัญชีครัวเรือนทุกวันเพื่อวางแผนชีวิต",
    "วงเรียนรู้ คุณอำนวย, ตำบลท่าซัก (หมู่ 3) — 42 ครัวเรือน; English words & ๑๒๓ ... !!",
    "## หัวข้อ\n\n- รายการ **หนา** _เอียง_ [ลิงก์](https://example.org/ก?x=1)\n> อ้างอิง",
    "คุณอ\u0e4d\u0e32นวย\u200bพัฒนากร\ufeffชุมชน\u200c \u200d",  # sara am typed apart, zero-width
    "emoji 🙂🙂 ๆ ฯลฯ ะ ั ่ _ __ - – — …",
    "ก" * 300 + " " + "ข้าว" * 50,
]


def reference_count(text: str) -> int:
    """The count before it was made fast: a `re.search` per stripped token."""
    tokens = thai._segmenter(True)(thai.clean_fast(text))
    return len([t for t in (t.strip() for t in tokens) if t and re.search(r"\w", t)])


def sample_bodies() -> list[str]:
    paths = sorted((ROOT / "content" / "stories").rglob("*.md"))
    return [split_front_matter(p.read_text(encoding="utf-8"))[1] for p in paths]


def test_bulk_count_equals_the_old_count_on_the_sample_content():
    bodies = sample_bodies()
    assert len(bodies) > 20
    assert [thai.count_words(b) for b in bodies] == [reference_count(b) for b in bodies]


@pytest.mark.parametrize("text", SYNTHETIC)
def test_bulk_count_equals_the_old_count_on_synthetic_text(text):
    assert thai.count_words(text) == reference_count(text) == len(thai.words(text))


def test_worker_processes_count_the_same():
    texts = sample_bodies() + SYNTHETIC
    expected = [reference_count(t) for t in texts]
    with WordCounter(workers=2, start_after=3) as counter:
        for n, text in enumerate(texts):
            counter.submit(str(n), text)
        started = counter.pool is not None
        got = [counter.count(str(n), text) for n, text in enumerate(texts)]
    assert got == expected
    assert started == (threading.active_count() == 1)


def test_texts_sent_to_the_workers_keep_no_utf8_copy():
    """Pickling a str leaves its UTF-8 inside it (CPython caches it, and `sys.getsizeof`
    counts it): the bodies of a build would then be held twice as long as the model lives."""
    import sys

    texts = [body + f" {n}" for n, body in enumerate(sample_bodies())]
    sizes = [sys.getsizeof(t) for t in texts]
    with WordCounter(workers=2, start_after=1) as counter:
        if counter.pool is None and threading.active_count() > 1:
            pytest.skip("threads are running: the counter does not fork")
        for n, text in enumerate(texts):
            counter.submit(str(n), text)
        got = [counter.count(str(n), text) for n, text in enumerate(texts)]
    assert [sys.getsizeof(t) for t in texts] == sizes
    assert got == [thai.count_words(t) for t in texts]


def test_a_text_changed_after_submitting_is_counted_again():
    with WordCounter(workers=0) as counter:
        counter.submit("a", "หนึ่ง")
        assert counter.count("a", "ชาวบ้านจดบัญชี") == thai.count_words("ชาวบ้านจดบัญชี")


def test_workers_setting(monkeypatch):
    monkeypatch.setenv("WONGRIAN_WORKERS", "0")
    assert workers_wanted() == 0
    monkeypatch.setenv("WONGRIAN_WORKERS", "3")
    assert workers_wanted() == 3


def test_worker_processes_make_the_same_slugs():
    titles = ["วงเรียนรู้คุณอำนวยตำบลท่าซัก", "แผนแม่บทชุมชน (2) หมู่ 5", "", "English title", "ก"]
    with WordCounter(workers=2, start_after=2) as counter:
        for n, title in enumerate(titles):
            counter.submit(str(n), "เนื้อเรื่อง", title)
        started = counter.pool is not None
        got = [counter.slug(str(n), title) for n, title in enumerate(titles)]
        assert counter.slug("0", "another title") == thai.ascii_slug("another title")
    assert got == [thai.ascii_slug(t) or "story" for t in titles]
    assert started == (threading.active_count() == 1)
