"""`wongrian serve`: an edit updates only what it changes, and the result equals a full build."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.contrib import incremental as inc
from generator.contrib import tracking
from generator.build import build, check_project, make_docs, make_site
from generator.model import SeriesRef, Story
from generator.pages import Docs
from generator.contrib.serve import Preview
from generator.contrib.watch import Watcher
from generator.site import related_stories

from conftest import ROOT, story_text

FILES = {
    "content/stories/2008/a.md": story_text(
        title="เรื่องแรก", date="2008-05-03", agencies=("พช.อำเภอเมือง", "อบต.ท่าซัก"),
        areas=("ท่าซัก",), tags=("บัญชีครัวเรือน",), series="{id: s, part: 1, total: 2, title: ชุดเดิม}"),
    "content/stories/2008/b.md": story_text(
        title="เรื่องที่สอง", date="2008-06-01", agencies=("กศน.ตำบลท่าซัก",),
        areas=("หมู่ 3 ต.ท่าซัก",), tags=("บัญชีครัวเรือน", "ออมทรัพย์"),
        series="{id: s, part: 2, total: 2}"),
    "content/stories/2009/c.md": story_text(
        title="เรื่องที่สาม", date="2009-01-10", agencies=("มวล.",), areas=("อ.ท่าศาลา",),
        tags=("ออมทรัพย์",), circle="amphoe"),
}


def html(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def preview(tmp_site):
    root = tmp_site(FILES)
    live = Preview(root, root / "site")
    live.start()
    yield live
    live.close()


def edit(preview: Preview, rel: str, change) -> None:
    path = preview.root / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    preview.refresh([rel])


def test_tag_agency_and_series_edits_show_on_the_pages_that_list_them(preview):
    out = preview.out
    edit(preview, "content/stories/2009/c.md",
         lambda t: t.replace('tags: ["ออมทรัพย์"]', 'tags: ["ออมทรัพย์", "แท็กใหม่"]'))
    tag_page = next(p for p in (out / "tag").glob("*.html")
                    if p.name != "index.html" and "แท็กใหม่" in p.read_text(encoding="utf-8"))
    assert "เรื่องที่สาม" in tag_page.read_text(encoding="utf-8")
    assert "แท็กใหม่" in html(out, "tag/index.html")

    assert "เรื่องที่สาม" not in html(out, "agency/codi.html")
    edit(preview, "content/stories/2009/c.md",
         lambda t: t.replace('agencies: ["มวล."]', 'agencies: ["มวล.", "พอช."]'))
    assert "เรื่องที่สาม" in html(out, "agency/codi.html")
    assert "เรื่องที่สาม" in html(out, "agency/walailak.html")

    edit(preview, "content/stories/2008/a.md", lambda t: t.replace("title: ชุดเดิม", "title: ชุดใหม่"))
    assert "ชุดใหม่" in html(out, "series/index.html") and "ชุดเดิม" not in html(out, "series/index.html")
    assert "ชุดใหม่" in html(out, "series/s.html")


def test_a_title_edit_updates_every_listing_and_backlink(preview):
    edit(preview, "content/stories/2008/a.md", lambda t: t.replace("title: เรื่องแรก", "title: เรื่องแรกฉบับแก้"))
    out = preview.out
    pages = [p for p in out.rglob("*.html") if "เรื่องแรกฉบับแก้" in p.read_text(encoding="utf-8")]
    listing = {p.relative_to(out).parts[0] for p in pages}
    assert {"story", "agency", "area", "tag", "year", "series", "role", "circle"} <= listing
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"เรื่องแรก(?!ฉบับแก้)", text), page  # no stale title anywhere


def test_after_edits_the_site_equals_a_full_build(preview, tmp_path, monkeypatch):
    from generator import engine

    monkeypatch.setattr(engine.parallel, "PARALLEL_BYTES", 0)  # also render in a forked second process
    root = preview.root
    edit(preview, "content/stories/2008/a.md", lambda t: t.replace("เนื้อเรื่องทดสอบสั้น ๆ", "เนื้อเรื่องที่แก้แล้ว"))
    edit(preview, "content/stories/2009/c.md", lambda t: t.replace("date: 2009-01-10", "date: 2007-02-02"))
    (root / "content/stories/2009/d.md").write_text(story_text(
        title="เรื่องใหม่", date="2009-03-01", agencies=("สสอ.ทุ่งสง",), areas=("ต.ปากแพรก อ.ทุ่งสง",),
        tags=("แท็กใหม่",)), encoding="utf-8")
    preview.refresh(["content/stories/2009/d.md"])
    (root / "content/stories/2008/b.md").unlink()
    preview.refresh(["content/stories/2008/b.md"])
    (root / "content/stories/2009/pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + "ภาพ".encode())
    preview.refresh(["content/stories/2009/pic.png"])
    edit(preview, "content/stories/2009/c.md", lambda t: t + "\n![ภาพ](pic.png)\n")  # now shown
    preview.settle()
    reference = build(root, tmp_path / "reference").out_dir
    served, built = files_of(preview.out), files_of(reference)
    assert sorted(served) == sorted(built) and "story/2009/pic.png" in served
    assert [p for p in served if served[p] != built[p]] == []


def test_only_the_edited_file_is_read_and_checked_again(preview):
    before = (preview.cache.reads, preview.cache.checks)
    edit(preview, "content/stories/2008/a.md", lambda t: t + "\nอีกย่อหน้า\n")
    assert (preview.cache.reads, preview.cache.checks) == (before[0] + 1, before[1] + 1)


def test_a_body_edit_renders_only_its_own_page(preview):
    rendered = []
    update = preview.live.update
    preview.live.update = lambda changed, *a, **k: (rendered.extend(changed), update(changed, *a, **k))[1]
    edit(preview, "content/stories/2008/a.md", lambda t: t + "\nอีกย่อหน้าหนึ่ง\n")
    assert [p for p in rendered if p.endswith(".md")] == [
        next(p for p in preview.full.pages if p.startswith("story/") and "อีกย่อหน้าหนึ่ง" in preview.full.pages[p])]


def test_errors_keep_the_last_good_site(preview):
    from generator.errors import ContentErrors

    before = html(preview.out, "index.html")
    with pytest.raises(ContentErrors):
        edit(preview, "content/stories/2008/a.md", lambda t: t.replace("circle: tambon", "circle: ตำบลใหญ่"))
    assert html(preview.out, "index.html") == before
    edit(preview, "content/stories/2008/a.md", lambda t: t.replace("circle: ตำบลใหญ่", "circle: village"))
    assert "ระดับหมู่บ้าน" in html(preview.out, "circle/village.html")


# -- the incremental model, without MkDocs ----------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    return check_project(ROOT)


def _random_edit(rng: random.Random, story: Story, agencies: list[str], areas: list[str]) -> Story:
    kind = rng.choice(["tags", "agencies", "areas", "date", "title", "body", "series", "draft"])
    if kind == "tags":
        return replace(story, tags=tuple(rng.sample(["ก", "ข", "ค", "บัญชีครัวเรือน"], rng.randint(0, 2))))
    if kind == "agencies":
        return replace(story, agencies=tuple(rng.sample(agencies, rng.randint(1, 3))))
    if kind == "areas":
        return replace(story, areas=tuple(rng.sample(areas, 1)))
    if kind == "date":
        return replace(story, date=story.date + dt.timedelta(days=rng.randint(-400, 400)))
    if kind == "title":
        return replace(story, title=story.title + " แก้")
    if kind == "series":
        return replace(story, series=None if story.series else SeriesRef("rnd", 1, 1, "ชุด"))
    if kind == "draft":
        return replace(story, draft=not story.draft)
    return replace(story, body=story.body + "\nเพิ่ม\n")


@pytest.mark.parametrize("seed", range(6))
def test_incremental_pages_and_related_equal_a_full_render(sample, seed):
    rng = random.Random(seed)
    old_site = make_site(sample)
    old_docs, renderer = inc.render_pages(old_site)
    assert old_docs.pages == make_docs(old_site, features=False).pages
    stories = list(sample.stories)
    agencies = sorted({a for s in stories for a in s.agencies})
    areas = sorted({a for s in stories for a in s.areas})
    for index in rng.sample(range(len(stories)), 3):
        stories[index] = _random_edit(rng, stories[index], agencies, areas)
    stories.sort(key=lambda s: (s.date, s.id), reverse=True)
    checked = replace(sample, stories=stories)
    fresh = make_site(checked, related={})
    limit = sample.config.build["related_stories"]
    site = replace(fresh, related=inc.update_related(old_site, fresh.stories, limit))
    full = make_site(checked)
    assert site.related == full.related
    docs, again = inc.render_pages(site, renderer.pages, tracking.site_changes(old_site, site))
    assert docs.pages == make_docs(full, features=False).pages
    assert len(again.rendered) < len(docs.pages)


def test_update_related_ranks_only_stories_that_share_a_key():
    def story(n: int, agencies: tuple[str, ...], tags=()) -> Story:
        return Story(id=f"s{n:02d}", source=f"content/stories/s{n}.md", title=str(n),
                     date=dt.date(2008, 1, 1) + dt.timedelta(days=n), circle="tambon", roles=(),
                     author="", agencies=agencies, areas=(), tags=tags, summary="", body="", words=0)
    rng = random.Random(1)
    stories = [story(n, tuple(rng.sample("abcdefgh", 2))) for n in range(40)]
    ordered = tuple(sorted(stories, key=lambda s: s.date, reverse=True))
    old = SimpleNamespace(story={s.id: s for s in ordered}, related=related_stories(ordered, 3))
    stories[7] = replace(stories[7], agencies=("a", "z"), tags=("t",))
    new = tuple(sorted(stories, key=lambda s: s.date, reverse=True))
    assert inc.update_related(old, new, 3) == related_stories(new, 3)


def test_body_and_title_edits_rank_no_story_again(sample, monkeypatch):
    old_site = make_site(sample)
    stories = list(sample.stories)
    stories[2] = replace(stories[2], body=stories[2].body + "\nเพิ่ม\n", title="ชื่อใหม่")
    ranked = []
    monkeypatch.setattr(inc, "related_stories", lambda *a, **k: ranked.append(k) or {})
    fresh = make_site(replace(sample, stories=stories), related={})
    limit = sample.config.build["related_stories"]
    assert inc.update_related(old_site, fresh.stories, limit) == old_site.related
    assert ranked == []


def test_tracked_site_records_reads(sample):
    site = make_site(sample)
    reads = tracking.Reads()
    tracked = tracking.track_site(site, reads)
    story = tracked.stories[0]
    assert story.title == site.stories[0].title
    assert tracked.by_tag.get("ไม่มีแท็กนี้") is None
    got = reads.take()
    assert ("stories", (site.stories[0].id, "title")) in got
    assert ("by_tag", "ไม่มีแท็กนี้") in got and ("stories", tracking.ALL) in got
    changed = replace(site, stories=(replace(site.stories[0], body="ใหม่"), *site.stories[1:]),
                      story={**site.story, site.stories[0].id: replace(site.stories[0], body="ใหม่")})
    changes = tracking.site_changes(site, changed)
    assert ("story", (site.stories[0].id, "body")) in changes
    assert ("story", (site.stories[0].id, "title")) not in changes
    assert ("by_tag", tracking.ALL) not in changes


def test_features_sections_are_carried_until_features_run_again():
    old_base = Docs(pages={"a.md": "A\n", "b.md": "B\n"})
    old_full = Docs(pages={"a.md": "A\n\nภาพเครือข่าย\n", "b.md": "B\n", "net.md": "N\n"},
                    files={"net.json": b"{}"}, js=["net.js"])
    new = inc.carry_features(old_base, old_full, Docs(pages={"a.md": "A2\n", "b.md": "B2\n"}))
    assert new.pages == {"a.md": "A2\n\nภาพเครือข่าย\n", "b.md": "B2\n", "net.md": "N\n"}
    assert new.files == {"net.json": b"{}"} and new.js == ["net.js"]
    change = inc.diff_docs(old_full, new)
    assert change.pages == ("a.md", "b.md") and change.removed == () and not change.config


def test_watcher_keeps_content_theme_and_config_changes_only(tmp_path):
    watcher = SimpleNamespace(root=tmp_path, changed=set(), event=SimpleNamespace(set=lambda: None))
    for rel in ("content/stories/2008/a.md", "site/index.html", "theme/pages/story.md.j2",
                "content/stories/.a.md.swp", "site_config.yml", "content/stories/a.md~"):
        Watcher.saw(watcher, tmp_path / rel)
    assert watcher.changed == {"content/stories/2008/a.md", "theme/pages/story.md.j2", "site_config.yml"}


def test_update_says_what_it_did(preview, capsys):
    from generator.contrib.watch import update

    path = preview.root / "content/stories/2008/a.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nเพิ่ม\n", encoding="utf-8")
    update(preview, {"content/stories/2008/a.md"})
    assert "updated: 1 pages" in capsys.readouterr().out
    path.write_text(path.read_text(encoding="utf-8").replace("circle: tambon", "circle: ไม่มี"), encoding="utf-8")
    update(preview, {"content/stories/2008/a.md"})
    captured = capsys.readouterr()
    assert 'ไม่รู้จักระดับวง "ไม่มี"' in captured.err and "ยังไม่ปรับปรุง" in captured.out


def test_watcher_ignores_reads_and_sees_saves(tmp_path):
    story = tmp_path / "content" / "stories" / "a.md"
    story.parent.mkdir(parents=True)
    story.write_text("ก", encoding="utf-8")
    watcher = Watcher(tmp_path)
    try:
        story.read_text(encoding="utf-8")  # every build reads every file
        assert watcher.wait(0.5) == set()
        story.write_text("ข", encoding="utf-8")
        assert watcher.wait(5) == {"content/stories/a.md"}
    finally:
        watcher.stop()


def test_lock_files_folders_named_md_and_broken_links_never_give_a_traceback(preview, capsys):
    import os

    from generator.contrib.watch import update

    folder = preview.root / "content" / "stories" / "2008"
    os.symlink("someone@host.4242", folder / ".#a.md")
    (folder / "a.md~").write_bytes(b"\x00 half written")
    (folder / "x.md").mkdir()
    update(preview, {"content/stories/2008/.#a.md", "content/stories/2008/a.md~",
                     "content/stories/2008/x.md"})
    os.symlink("/etc/passwd", folder / "y.md")
    update(preview, {"content/stories/2008/y.md"})
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert "content/stories/2008/y.md: file: a link (symlink) to a file outside" in captured.err
    assert "ยังไม่ปรับปรุง" in captured.out
    (folder / "y.md").unlink()
    os.symlink("../2009/c.md", folder / "photo.png")  # inside content/, but not a PNG
    update(preview, {"content/stories/2008/photo.png"})
    assert "photo.png: file: the file is not really PNG" in capsys.readouterr().err
    assert not any(p.is_symlink() for p in preview.out.rglob("*"))


def test_a_cancelled_feature_job_is_killed_and_reaped(monkeypatch):
    import time

    from generator.contrib import background

    monkeypatch.setattr(background, "_features", lambda *args: time.sleep(60))
    job = background.FeatureJob(None, None, None)
    started = time.perf_counter()
    job.cancel()
    assert time.perf_counter() - started < 5
    job.reaper.join(timeout=10)
    assert job.process.exitcode == -9  # killed, and waited for (no zombie left)


def test_the_collector_is_held_off_only_while_the_page_is_shown():
    import gc

    from generator.contrib.serve import collector_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with collector_paused():
            assert not gc.isenabled()
            raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_a_busy_port_is_said_before_anything_is_built(tmp_site, capsys):
    import socket

    from generator.cli import main

    root = tmp_site({"content/stories/2008/a.md": story_text()})
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--root", str(root), "--port", str(port)]) == 1
    out = capsys.readouterr().out
    assert f"cannot serve on port {port}" in out and "ลอง --port" in out
    assert not (root / "site").exists()
    with pytest.raises(SystemExit):
        main(["serve", "--root", str(root), "--port", "99999"])


def test_the_preview_server_answers_a_missing_page_with_the_sites_404_and_lists_no_folder(tmp_path):
    import functools
    import http.server
    import threading
    import urllib.error
    import urllib.request

    from generator.contrib.watch import _QuietHandler

    (tmp_path / "story").mkdir()
    (tmp_path / "404.html").write_text("<h1>ไม่พบหน้านี้</h1>", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for path in ("/nope.html", "/story/"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}{path}")
            assert answer.value.code == 404 and "ไม่พบหน้านี้" in answer.value.read().decode()
    finally:
        server.shutdown()


def test_the_preview_server_answers_a_nul_in_the_address_with_404_not_a_traceback(tmp_path, capsys):
    import functools
    import http.server
    import threading
    import urllib.error
    import urllib.request

    from generator.contrib.watch import _QuietHandler

    (tmp_path / "404.html").write_text("<h1>ไม่พบหน้านี้</h1>", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for path in ("/%00", "/..%2f%00", "/404.html%00", "/story/%00/x.html"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}{path}")
            assert answer.value.code == 404 and "ไม่พบหน้านี้" in answer.value.read().decode()
    finally:
        server.shutdown()
    assert "Traceback" not in capsys.readouterr().err


def test_the_preview_servers_404_page_gets_its_styles_and_links_under_the_site_urls_path(tmp_path, tmp_site):
    """MkDocs writes the 404 page's links from site.url (`/wongrian/assets/…`), for any depth
    of a missing address; the preview serves the site at `/`, so those gave 404 too (an
    unstyled page whose links all failed). The site's path is served as `/` as well."""
    import functools
    import http.server
    import threading
    import urllib.error
    import urllib.request

    from conftest import MINIMAL_CONFIG
    from generator.contrib.watch import _QuietHandler, site_path

    root = tmp_site(config=MINIMAL_CONFIG.replace("https://example.org/test/", "https://example.org/km/site/"))
    assert site_path(root) == "/km/site/"
    assert site_path(tmp_site(config=MINIMAL_CONFIG.replace("https://example.org/test/", ""))) == ""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "main.css").write_text("body{}", encoding="utf-8")
    (tmp_path / "km").mkdir()
    (tmp_path / "km" / "own.html").write_text("own", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>ไม่พบหน้านี้</h1>", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(tmp_path), prefix="/km/site/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for path, text in (("/km/site/assets/main.css", "body{}"), ("/assets/main.css", "body{}"),
                           ("/km/own.html", "own")):
            assert urllib.request.urlopen(address + path).read().decode() == text
        for path in ("/km/site/nope.html", "/km/site/../../etc/passwd"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(address + path)
            assert answer.value.code == 404 and "ไม่พบหน้านี้" in answer.value.read().decode()
    finally:
        server.shutdown()
