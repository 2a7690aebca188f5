"""Warm builds (`.cache/build/`): the output always equals a cold build of the same content."""

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from generator.build import build

ROOT = Path(__file__).parent.parent
FIRST = "content/stories/2008/2008-05-03-first.md"


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "golden" / "project", project)
    shutil.copytree(ROOT / "content" / "registry", project / "content" / "registry")
    return project


def _edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "body": lambda p: _edit(p, FIRST, "แกนนำคุยกันเรื่องราคาข้าว", "แกนนำคุยกันเรื่องราคาข้าวและปุ๋ย"),
    "title": lambda p: _edit(p, FIRST, "title: วงเรียนรู้คุณอำนวยตำบลท่าซัก ครั้งแรก",
                             "title: วงเรียนรู้ *ครั้งแรก* ของท่าซัก"),
    "tag": lambda p: _edit(p, FIRST, "tags: [บัญชีครัวเรือน]", "tags: [บัญชีครัวเรือน, ปุ๋ยอินทรีย์]"),
    "agency": lambda p: _edit(p, FIRST, "agencies: [พช.อำเภอเมือง, อบต.ท่าซัก]",
                              "agencies: [พช.อำเภอเมือง, อบต.ท่าซัก, สาสุข]"),
    "deletion": lambda p: (p / "content/stories/2008/2008-09-01-third.md").unlink(),
}


@pytest.mark.slow
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_warm_build_equals_cold_build(project, tmp_path, edit):
    build(project)                                   # fills the cache
    EDITS[edit](project)
    warm = build(project)                            # re-renders what changed
    assert warm.site is not None
    cold = build(project, tmp_path / "cold", cache=False)
    assert _digest(warm.out_dir) == _digest(cold.out_dir)
    assert not list(project.glob(".build-tmp-*"))


@pytest.mark.slow
def test_unchanged_content_skips_the_build_and_changes_are_seen(project):
    first = build(project)
    again = build(project)
    assert again.site is None and again.pages == first.pages and again.stories == first.stories
    before = _digest(first.out_dir)
    _edit(project, FIRST, "ข่าวในหมู่บ้านเรื่องกองทุน", "ข่าวในหมู่บ้านเรื่องกองทุนหมู่บ้าน")
    assert build(project).site is not None
    after = _digest(first.out_dir)
    changed = sorted(k for k in before if before[k] != after.get(k))
    assert changed and all(k.startswith(("story/", "search/", "sitemap")) for k in changed), changed


@pytest.mark.slow
def test_the_command_builds_unchanged_content_without_importing_the_pipeline(project):
    """`wongrian build` asks the cache before it imports the pipeline: unchanged content costs
    its fingerprint, and the command says what the last build made; a change is built."""
    import subprocess
    import sys

    script = ("import sys; from generator.cli import main; code = main(sys.argv[1:]); "
              "print('pipeline imported:', 'generator.build' in sys.modules); sys.exit(code)")

    def wongrian(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", script, "build", "--root", str(project),
                               *args], capture_output=True, text=True, cwd=ROOT)

    first = wongrian()
    assert first.returncode == 0 and "pipeline imported: True" in first.stdout, first.stderr
    again = wongrian()
    assert again.returncode == 0, again.stderr
    assert "pipeline imported: False" in again.stdout
    assert again.stdout.split(" in ")[0] == first.stdout.split(" in ")[0]  # stories, pages, site
    assert again.stderr == first.stderr  # the same warnings
    _edit(project, FIRST, "ข่าวในหมู่บ้านเรื่องกองทุน", "ข่าวในหมู่บ้านเรื่องกองทุนหมู่บ้าน")
    changed = wongrian()
    assert changed.returncode == 0 and "pipeline imported: True" in changed.stdout, changed.stderr
    assert wongrian("--no-cache").stdout.endswith("pipeline imported: True\n")


@pytest.mark.slow
def test_published_files_are_not_changed_by_a_later_build(project):
    """The output is published by hard links: a later build must replace, never rewrite."""
    out = build(project).out_dir
    page = out / "story/2008/2008-05-03-wong-rianru-khun-amnuai-tambon-tha-sak-khrang-raek.html"
    page = page if page.exists() else next((out / "story/2008").glob("2008-05-03-*.html"))
    kept = page.read_bytes()
    saved = out.with_name("saved")
    out.rename(saved)  # a reader still has the old site open
    _edit(project, FIRST, "แกนนำคุยกันเรื่องราคาข้าว", "แกนนำคุยกันเรื่องราคายาง")
    build(project)
    assert (saved / page.relative_to(out)).read_bytes() == kept


def _page_edited_in_place(project: Path, out: Path) -> None:
    """A deploy step that appends to a published page (the cache's output is that file)."""
    with open(next((out / "story/2008").glob("2008-06-10-*.html")), "a", encoding="utf-8") as f:
        f.write("<!-- added after the build -->")


def _cached_page_truncated(project: Path, out: Path) -> None:
    docs = project / ".cache/build/docs"
    next((docs / "story/2008").glob("2008-09-01-*.md")).write_bytes(b"")


@pytest.mark.slow
@pytest.mark.parametrize("damage", [_page_edited_in_place, _cached_page_truncated])
def test_files_of_the_cached_trees_changed_since_the_build_are_not_published(project, tmp_path,
                                                                             damage):
    """The cache's docs tree and output are files nothing signs, and the published site shares
    them: a warm build after one of them changed equals a cold build, never publishes it (a
    truncated page's Markdown stopped the build)."""
    damage(project, build(project).out_dir)
    _edit(project, FIRST, "แกนนำคุยกันเรื่องราคาข้าว", "แกนนำคุยกันเรื่องราคาข้าวโพด")
    warm = build(project)
    cold = build(project, tmp_path / "cold", cache=False)
    assert _digest(warm.out_dir) == _digest(cold.out_dir)


@pytest.mark.slow
@pytest.mark.parametrize("made_a_file", [".cache", ".cache/check", ".cache/build",
                                         ".cache/build/docs", ".cache/build/site"])
def test_a_cache_folder_that_is_a_file_is_built_without(project, tmp_path, made_a_file):
    """A file where a cache folder goes stopped the build ('not a directory'): the build goes
    on without that part of the cache, or makes it afresh, and equals a cold build."""
    build(project)
    target = project / made_a_file
    shutil.rmtree(target)
    target.write_text("not a folder", encoding="utf-8")
    _edit(project, FIRST, "แกนนำคุยกันเรื่องราคาข้าว", "แกนนำคุยกันเรื่องราคาข้าวเปลือก")
    warm = build(project)
    cold = build(project, tmp_path / "cold", cache=False)
    assert _digest(warm.out_dir) == _digest(cold.out_dir)


def test_a_deleted_cache_is_rebuilt(project):
    build(project)
    shutil.rmtree(project / ".cache")
    assert build(project).site is not None


def test_published_needs_the_digest_and_both_copies_of_the_file(project):
    """What the search index's copy skips writing: a file the cache recorded with this SHA-1,
    present in the docs tree and in MkDocs' output."""
    from generator.cache.build import BuildCache

    build(project)
    store = BuildCache(project)
    assert store.acquire()
    try:
        rel = next(r for r in sorted(store.state.docs) if r.startswith("search/t/"))
        digest = store.state.docs[rel]
        assert store.published(rel, digest) and not store.published(rel, "0" * 40)
        assert not store.published("search/t/none.js", digest)
        (store.site_dir / rel).unlink()
        store._listed.clear()  # folders are listed once per build
        assert not store.published(rel, digest)
    finally:
        store.release()


def test_what_a_file_was_made_from_is_forgotten_once_sync_may_rewrite_it(tmp_path):
    """`made` answers only for files of the folder `sync_folder` recorded them in, and only
    until a `sync` that does not leave that folder alone (it may have rewritten them)."""
    from generator.cache.build import BuildCache

    store = BuildCache(tmp_path)
    assert store.acquire()
    try:
        store.sync("tree", {"index.md": b"# home"}, later="search")
        staged = tmp_path / "staged"
        (staged / "search/t").mkdir(parents=True)
        (staged / "search/t/0.js").write_bytes(b"text")
        sha1 = hashlib.sha1(b"text").hexdigest()
        store.sync_folder("search", staged, {"search/t/0.js": sha1}, {"search/t/0.js": "k"})
        store.seal()  # as a build does once its trees are made
        assert store.made("search/t/0.js", "k") == sha1 and store.made("search/t/0.js", "j") is None
        assert store.sync("tree", {"index.md": b"# home"}, later="search")  # warm
        assert store.made("search/t/0.js", "k") == sha1
        store.seal()
        store.sync("tree", {"index.md": b"# home", "search/t/0.js": b"other"})
        assert store.made("search/t/0.js", "k") is None
    finally:
        store.release()


def _staged(folder: Path, files: dict[str, bytes]) -> dict[str, str]:
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return {rel: hashlib.sha1(data).hexdigest() for rel, data in files.items()}


def test_a_folder_made_afresh_is_moved_in_whole_and_one_with_more_file_by_file(tmp_path):
    """A first build's search folder is moved into the docs tree in one step and linked into
    MkDocs' output; staged files the copy did not list are never published."""
    from generator.cache.build import BuildCache

    files = {"search/0.js": b"zero", "search/t/1.js": b"one", "search/t/u/2.js": b"two"}
    for extra in ({}, {"search/t/stray.js": b"stray"}):
        root = tmp_path / str(len(extra))
        store = BuildCache(root)
        assert store.acquire()
        try:
            store.sync("tree", {"index.md": b"# home"}, later="search")
            digests = _staged(root / "staged", {**files, **extra})
            digests = {rel: digests[rel] for rel in files}
            store.sync_folder("search", root / "staged", digests, {"search/t/1.js": "k"})
            for rel, data in files.items():
                docs, output = store.docs_dir / rel, store.site_dir / rel
                assert docs.read_bytes() == output.read_bytes() == data
                assert docs.stat().st_ino == output.stat().st_ino  # a link, not a copy
            for top in (store.docs_dir, store.site_dir):
                assert sorted(p.relative_to(top).as_posix() for p in (top / "search").rglob("*")
                              if p.is_file()) == sorted(files)
            assert not (root / "staged").exists()
            assert {r: d for r, d in store.state.docs.items() if r.startswith("search/")} == digests
            assert store.made("search/t/1.js", "k") == digests["search/t/1.js"]
        finally:
            store.release()


def test_link_tree_links_every_file_of_nested_folders_but_the_one_left_out(tmp_path):
    from generator.cache.build import link_tree

    source = tmp_path / "source"
    _staged(source, {"a.html": b"a", "x/b.html": b"b", "x/y/c.html": b"c", "search/d.js": b"d"})
    link_tree(source, tmp_path / "target", leave_out="search")
    made = tmp_path / "target"
    assert sorted(p.relative_to(made).as_posix() for p in made.rglob("*") if p.is_file()) == \
        ["a.html", "x/b.html", "x/y/c.html"]
    assert (made / "x/y/c.html").stat().st_ino == (source / "x/y/c.html").stat().st_ino


@pytest.mark.slow
def test_a_cache_committed_with_the_content_is_not_trusted(project):
    """A pull request can carry a `.cache/` folder: its state is not signed by this machine,
    so its pages and rendered bodies are never published."""
    build(project)
    cache = project / ".cache" / "build"
    state = (cache / "state.json").read_bytes()
    poisoned = cache / "site" / "index.html"
    poisoned.write_text("<script>window.__pwned=1</script>", encoding="utf-8")
    os.utime(poisoned, (2 ** 31 - 1, 2 ** 31 - 1))  # newer than any docs file: 'dirty' keeps it
    (cache / "state.json").write_bytes(b"\0" * 32 + state[32:])  # same content, forged signature
    bodies = cache / "bodies.pickle"
    bodies.write_bytes(b"\0" * 32 + bodies.read_bytes()[32:])  # forged signature
    _edit(project, FIRST, "แกนนำคุยกันเรื่องราคาข้าว", "แกนนำคุยกันเรื่องราคาข้าวสาร")
    out = build(project).out_dir
    assert "__pwned" not in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_body_edit_renders_only_that_story_page(project, tmp_path, monkeypatch):
    from generator.cache import pages as pagecache

    build(project)
    assert (project / ".cache/build/pages.pickle").is_file()
    assert (project / ".cache/build/search.bin").is_file()  # the search index's grams
    EDITS["body"](project)
    rendered = []
    original = pagecache.story_page
    monkeypatch.setattr(pagecache, "render_docs", lambda site: pytest.fail("rendered every page"))
    monkeypatch.setattr(pagecache, "story_page",
                        lambda site, r, story: rendered.append(story.id) or original(site, r, story))
    warm = build(project)
    assert len(rendered) == 1 and rendered[0].startswith("2008-05-03")
    monkeypatch.undo()
    cold = build(project, tmp_path / "cold", cache=False)
    assert _digest(warm.out_dir) == _digest(cold.out_dir)


@pytest.mark.slow
def test_a_few_body_edits_leave_the_large_caches_as_they_were(project, tmp_path, monkeypatch):
    """A handful of edited bodies are made again by every later build (their pages, search
    texts and grams) rather than rewriting caches of hundreds of MB; titles and tags keep
    their slugs from the check cache, without segmenting them again. The output equals a
    cold build all along."""
    from generator import thai

    build(project)
    cache = project / ".cache" / "build"
    large = ["pages.pickle", "search.bin", "search-text.bin"]
    written = {name: (cache / name).stat().st_mtime_ns for name in large}
    EDITS["body"](project)
    build(project)
    _edit(project, "content/stories/2008/2008-09-01-third.md", "เนื้อเรื่องสั้น", "เนื้อเรื่องสั้นกว่าเดิม")
    monkeypatch.setattr(thai, "slugs", {})  # what this process made: read from the cache instead
    monkeypatch.setattr(thai, "_ascii_slug", lambda *a: pytest.fail(f"segmented {a[0]} again"))
    warm = build(project)
    assert {name: (cache / name).stat().st_mtime_ns for name in large} == written
    monkeypatch.undo()
    cold = build(project, tmp_path / "cold", cache=False)
    assert _digest(warm.out_dir) == _digest(cold.out_dir)


@pytest.mark.slow
def test_related_stories_are_kept_by_the_page_trees_shape(project, tmp_path, monkeypatch):
    """A body edit reuses the related stories of the last build; a front-matter edit (here an
    agency added) finds them again, and the output equals a cold build's each time."""
    from generator import site as site_module

    build(project)
    assert (project / ".cache/build/related.pickle").is_file()
    original = site_module.related_stories
    EDITS["body"](project)
    monkeypatch.setattr(site_module, "related_stories",
                        lambda *a, **k: pytest.fail("related stories found again"))
    warm = build(project)
    monkeypatch.undo()
    assert _digest(warm.out_dir) == _digest(build(project, tmp_path / "cold", cache=False).out_dir)
    found = []
    monkeypatch.setattr(site_module, "related_stories",
                        lambda *a, **k: found.append(1) or original(*a, **k))
    EDITS["agency"](project)
    warm = build(project)
    assert found == [1]
    monkeypatch.undo()
    cold = build(project, tmp_path / "cold-agency", cache=False)
    assert warm.site.related == cold.site.related
    assert _digest(warm.out_dir) == _digest(cold.out_dir)


@pytest.mark.slow
def test_a_registry_edit_renders_every_page_again(project, tmp_path):
    build(project)
    _edit(project, "content/registry/agencies.yml", "name_th: กรมการพัฒนาชุมชน\n",
          "name_th: กรมการพัฒนาชุมชนแห่งชาติ\n")
    warm = build(project)
    cold = build(project, tmp_path / "cold", cache=False)
    assert _digest(warm.out_dir) == _digest(cold.out_dir)
    assert "กรมการพัฒนาชุมชนแห่งชาติ" in (warm.out_dir / "agency" / "cdd.html").read_text("utf-8")
