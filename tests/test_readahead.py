"""Story files the check cache lacks, made ahead by this process and a forked copy: the
stories, warnings and errors are the ones the steps give one by one, in the same order."""

import threading
import uuid

import pytest

from generator import thai
from generator.cache import readahead
from generator.cache.check import NOT_COUNTED
from generator.forked import Fork

from conftest import ROOT, story_text
from test_broken import CASES, project_with
from test_cache import cached as checked, outcome, plain, sample_project


class Halves:
    """`forked.Ends` split in the middle: the copy surely makes half of the files."""

    def __init__(self, count: int):
        self.count = count

    def take(self, front: bool):
        middle = self.count // 2
        return range(middle) if front else range(middle, self.count)

    def close(self) -> None:
        pass


@pytest.fixture
def copy_sent(monkeypatch):
    """Make ahead from the first file, half in the copy; what the copy sent back. (Earlier
    tests may leave an idle thread behind, a browser's or a server's: the copy only checks
    files and exits, so it may fork beside them here.)"""
    monkeypatch.setattr(readahead, "_fork_is_safe", lambda: True)
    monkeypatch.setattr(readahead, "AHEAD_AFTER", 1)
    monkeypatch.setattr(readahead, "AT_ONCE", 1)  # file by file (groups: a test of their own)
    monkeypatch.setattr(readahead, "Ends", Halves)
    sent = []

    class Spy(Fork):
        def join(self):
            sent.append(super().join())
            return sent[-1]

    monkeypatch.setattr(readahead, "Fork", Spy)
    return sent


def cached(root, strict=False, count_words=True):
    return checked(root, strict, workers=2, count_words=count_words)


def varied_stories(count: int) -> dict[str, str]:
    """Stories with every kind of warning, in two folders."""
    files = {}
    for n in range(count):
        extra = [{}, {"authr": "x"}, {"summary": "โทร 081-234-5678"}][n % 3]
        body = ["## เรื่องเล่า\n\nชาวบ้านจดบัญชีครัวเรือนทุกวัน " * (n + 1) + "\n",
                "<script>alert(1)</script>\n\nเนื้อเรื่อง\n",
                "เขียนเรื่องเล่าของวงเรียนรู้ที่นี่\n"][n % 3 if n % 5 else 0]
        folder = "2008" if n % 2 else "2009/พฤษภา"
        files[f"content/stories/{folder}/{n:03d}.md"] = story_text(
            title=f"วงเรียนรู้ครั้งที่ {n}", date=f"2008-05-{n % 28 + 1:02d}", body=body, **extra)
    return files


def test_made_ahead_equals_one_by_one_with_warnings(tmp_site, copy_sent):
    root = tmp_site(varied_stories(40))
    expected = outcome(plain(root))
    assert expected[0] == "ok" and len(expected[2]) > 20  # warnings of several kinds
    result, cache = cached(root)
    assert outcome(result) == expected
    theirs = copy_sent[0][0]
    assert len(theirs) == 20 and cache.reads == cache.checks == 40
    assert not cache.prepared  # every entry made ahead was taken
    again, cache = cached(root)  # and kept: nothing read again
    assert outcome(again) == expected and (cache.reads, cache.checks) == (0, 0)


@pytest.mark.parametrize("at_once", [3, 7, 64])
@pytest.mark.parametrize("broken", [False, True])
def test_files_taken_together_equal_one_by_one(tmp_site, copy_sent, monkeypatch, at_once,
                                               broken):
    """Files taken AT_ONCE at a time, each step for all of them in turn (`make_entries`):
    the same stories, warnings and errors, in the same order, as the steps file by file."""
    monkeypatch.setattr(readahead, "AT_ONCE", at_once)
    files = varied_stories(40)
    if broken:
        files["content/stories/2008/broken.md"] = "---\ntitle: [\n---\nเนื้อเรื่อง\n"
    root = tmp_site(files)
    expected = outcome(plain(root))
    assert expected[0] == ("errors" if broken else "ok")
    result, cache = cached(root)
    assert outcome(result) == expected and not cache.prepared
    groups = -(-len(files) // at_once)
    assert len(copy_sent[0][0]) == len(files) - min(len(files), groups // 2 * at_once)


def test_made_ahead_equals_one_by_one_with_errors(tmp_site, copy_sent):
    files = varied_stories(12)
    files["content/stories/2008/broken.md"] = "---\ntitle: [\n---\nเนื้อเรื่อง\n"
    files["content/stories/2008/no-date.md"] = story_text(date="2008-02-30")
    root = tmp_site(files)
    expected = outcome(plain(root))
    assert expected[0] == "errors"
    assert outcome(cached(root)[0]) == expected and copy_sent


@pytest.mark.parametrize("case", CASES)
def test_broken_content_made_ahead_reports_the_same(case, tmp_path, copy_sent):
    project = project_with(case, tmp_path, ROOT)
    expected = outcome(plain(project))
    assert outcome(cached(project)[0]) == expected


def test_the_sample_made_ahead_equals_one_by_one(tmp_path, copy_sent):
    project = sample_project(tmp_path)
    expected = plain(project)
    result, _ = cached(project)
    assert outcome(result) == outcome(expected) and result.indicators == expected.indicators
    assert copy_sent


def test_slugs_made_by_the_copy_are_kept(tmp_site, copy_sent):
    mark = uuid.uuid4().hex[:8]
    titles = [f"วงเรียนรู้ {mark} ครั้งที่ {n}" for n in range(6)]
    root = tmp_site({f"content/stories/{n}.md": story_text(title=t, date=f"2008-05-0{n + 1}")
                     for n, t in enumerate(titles)})
    result, _ = cached(root)
    assert all(thai.slug_key(t) in thai.slugs for t in titles)
    assert len(copy_sent[0][2]) >= 3  # the copy's half came back with the slugs it made
    assert [s.id for s in result.stories] == [s.id for s in plain(root).stories]


def test_words_left_by_check_are_counted_ahead(tmp_site, copy_sent):
    root = tmp_site({f"content/stories/{n}.md": story_text(
        title=f"เรื่องที่ {n}", date=f"2008-05-0{n + 1}", body="ชาวบ้านจดบัญชีครัวเรือน " * (n + 1))
        for n in range(8)})
    checked, _ = cached(root, count_words=False)
    assert {s.words for s in checked.stories} == {NOT_COUNTED}
    result, cache = cached(root)
    assert outcome(result) == outcome(plain(root))
    assert (cache.reads, cache.checks, cache.counted) == (0, 0, 8)
    assert len(copy_sent) == 2 and len(copy_sent[1][0]) == 4


def test_no_copy_while_threads_run(tmp_site, monkeypatch):
    monkeypatch.setattr(readahead, "AHEAD_AFTER", 1)
    forked = []
    monkeypatch.setattr(readahead, "Fork", lambda work: forked.append(work))
    root = tmp_site(varied_stories(6))
    expected = outcome(plain(root))
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        result, cache = cached(root)
    finally:
        stop.set()
        thread.join()
    assert outcome(result) == expected and not forked and cache.reads == 6


def test_sharing_setting(monkeypatch):
    monkeypatch.setenv("WONGRIAN_WORKERS", "0")
    assert not readahead.sharing_wanted()
    monkeypatch.setenv("WONGRIAN_WORKERS", "3")
    assert readahead.sharing_wanted()
