"""Which files under content/ are read and published: links, lock files, asset types and sizes."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from generator import cli
from generator.build import build, check_project, story_assets, write_tree
from generator.errors import ContentErrors, Problems
from generator.files import check_assets, is_ignored, relative, story_files, walk

from conftest import MINIMAL_CONFIG, story_text

STORY = "content/stories/2008/2008-05-03-a.md"
OUTSIDE_EN = "a link (symlink) to a file outside the project's content/ folder is not read"
DANGLING_EN = "a link (symlink) to a file that does not exist"


def png(padding: int = 0) -> bytes:
    """A real 1×1 PNG, with `padding` bytes after its end (to make a big file)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"") + b"\x00" * padding)


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        check_project(root)
    return [e.format() for e in caught.value.errors]


# -- links ----------------------------------------------------------------------------------------

def test_links_out_of_the_project_are_errors_and_nothing_is_published(tmp_site, capsys):
    root = tmp_site({STORY: story_text()})
    folder = root / "content" / "stories" / "2008"
    os.symlink("/proc/self/environ", folder / "env.txt")
    os.symlink("/etc/passwd", folder / "x.md")
    found = errors_of(root)
    assert [e.split(": ", 2)[:2] for e in found] == [
        ["content/stories/2008/env.txt", "file"], ["content/stories/2008/x.md", "file"]]
    assert all(OUTSIDE_EN in e and "ลิงก์ (symlink)" in e for e in found)
    assert cli.main(["build", "--root", str(root)]) == 1
    assert "2 error(s)" in capsys.readouterr().err
    assert sorted(p.name for p in root.iterdir() if p.name != ".cache") == ["content", "site_config.yml"]


def test_a_dangling_link_is_an_error_in_check_and_build_not_a_traceback(tmp_site, capsys):
    root = tmp_site({STORY: story_text()})
    os.symlink("gone.md", root / "content" / "stories" / "2008" / "b.md")
    os.symlink("/nowhere/photo.png", root / "content" / "stories" / "2008" / "photo.png")
    assert cli.main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"content/stories/2008/b.md: file: {DANGLING_EN}" in err
    assert f"content/stories/2008/photo.png: file: {DANGLING_EN}" in err
    assert "Traceback" not in err
    with pytest.raises(ContentErrors):
        build(root)


def test_a_link_inside_content_is_followed_and_published_as_a_plain_file(tmp_site, tmp_path):
    root = tmp_site({STORY: story_text()})
    (root / "content" / "pictures").mkdir()
    (root / "content" / "pictures" / "map.png").write_bytes(png())
    os.symlink("../../pictures/map.png", root / "content" / "stories" / "2008" / "map.png")
    checked = check_project(root)
    docs = tmp_path / "docs"
    write_tree(story_assets(root, checked.assets), docs)
    target = docs / "story" / "2008" / "map.png"
    assert target.read_bytes() == png() and not target.is_symlink()


def test_links_to_the_projects_other_files_are_not_read(tmp_site):
    """Inside the project but outside content/: .git/config can hold the checkout's token."""
    root = tmp_site({STORY: story_text()})
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[http] extraheader = AUTHORIZATION: basic xyz\n")
    os.symlink("../../../.git/config", root / "content" / "stories" / "2008" / "notes.pdf")
    assert errors_of(root) == [
        f"content/stories/2008/notes.pdf: file: {OUTSIDE_EN} — put the file itself here instead "
        "of a link | เป็นลิงก์ (symlink) ไปยังไฟล์นอกโฟลเดอร์ content/ ของโครงการ จึงไม่อ่าน — "
        "วางไฟล์จริงไว้ที่นี่แทนลิงก์"]


def test_a_linked_folder_is_checked_like_a_file(tmp_site, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2008-05-03-b.md").write_text(story_text(title="เรื่องนอก"), encoding="utf-8")
    root = tmp_site({STORY: story_text()})
    os.symlink(outside, root / "content" / "stories" / "more")
    os.symlink("..", root / "content" / "stories" / "2008" / "up")  # a loop, inside content/
    assert [e.split(":")[0] for e in errors_of(root)] == ["content/stories/more"]


def test_registry_config_and_indicator_links_out_of_content_are_errors(tmp_site, tmp_path):
    root = tmp_site({STORY: story_text()})
    secret = tmp_path / "secret.yml"
    secret.write_text("cohorts: {}\n", encoding="utf-8")
    (root / "content" / "registry" / "cohorts.yml").unlink(missing_ok=True)
    os.symlink(secret, root / "content" / "registry" / "cohorts.yml")
    (root / "content" / "indicators").mkdir()
    os.symlink("/etc/passwd", root / "content" / "indicators" / "readings.csv")
    config = MINIMAL_CONFIG.replace("villages: villages.yml", "villages: ../../../etc/hostname")
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    found = errors_of(root)  # a registry not read stops the check there (no story is checked
    assert [e.split(": ", 2)[:2] for e in found] == [  # against half a registry)
        ["content/registry/../../../etc/hostname", "file"]]
    assert "the file is outside the project's content folder" in found[0]
    (root / "site_config.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    assert [e.split(": ", 2)[:2] for e in errors_of(root)] == [
        ["content/indicators/readings.csv", "file"], ["content/registry/cohorts.yml", "file"]]


@pytest.mark.parametrize("name", ["/etc/hostname", "//etc/hostname"])
def test_a_registry_named_by_an_absolute_path_is_an_error_not_a_crash(tmp_site, name):
    """site_config.yml may name a registry by an absolute path: the same error as a path that
    climbs out of content/ (it was a ValueError from Path.relative_to: 'cannot explain yet')."""
    config = MINIMAL_CONFIG.replace("villages: villages.yml", f"villages: {name}")
    root = tmp_site({STORY: story_text()}, config=config)
    found = errors_of(root)
    assert [e.split(": ", 2)[:2] for e in found] == [[name, "file"]]
    assert "the file is outside the project's content folder" in found[0]


def test_content_itself_a_link_out_of_the_project_is_refused(tmp_path):
    outside = tmp_path / "outside" / "stories" / "2008"
    outside.mkdir(parents=True)
    (outside / "2008-05-03-a.md").write_text(story_text(), encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    os.symlink(tmp_path / "outside", root / "content")
    problems = Problems()
    assert story_files(root, problems) == ([], [])
    assert [e.path for e in problems.errors] == ["content/stories"]


# -- names that are never read ----------------------------------------------------------------------

@pytest.mark.parametrize("name", [".#a.md", "a.md~", ".a.md.swp", "#a.md#", ".DS_Store", "Thumbs.db",
                                  "a.md.bak", ".gitkeep"])
def test_editor_lock_and_backup_files_are_ignored(name):
    assert is_ignored(name)


@pytest.mark.parametrize("name", ["a.md", "photo.png", "2008", "a~b.md"])
def test_ordinary_names_are_read(name):
    assert not is_ignored(name)


def test_lock_files_and_a_folder_named_md_do_not_break_check_or_build(tmp_site):
    root = tmp_site({STORY: story_text()})
    folder = root / "content" / "stories" / "2008"
    os.symlink("someone@host.4242:1700000000", folder / ".#2008-05-03-a.md")  # emacs lock
    for name in ("2008-05-03-a.md~", ".2008-05-03-a.md.swp", "#2008-05-03-a.md#"):
        (folder / name).write_bytes(b"\x00\xff half-written \x1b")
    (folder / "empty.md").mkdir()
    (folder / "notes.md").mkdir()
    (folder / "notes.md" / "2008-06-01-b.md").write_text(story_text(title="ข"), encoding="utf-8")
    checked = check_project(root, strict=True)
    assert sorted(s.source for s in checked.stories) == [
        "content/stories/2008/2008-05-03-a.md", "content/stories/2008/notes.md/2008-06-01-b.md"]


def test_a_folder_named_like_a_storys_page_is_an_error_in_check_not_a_crash_in_build(tmp_site, capsys):
    """`2008-05-03-page.html/photo.png` and the story's page story/2008/2008-05-03-page.html
    would be one path in the site: the build stopped on FileExistsError, check said nothing."""
    root = tmp_site({STORY: story_text(slug="page")})
    folder = root / "content" / "stories" / "2008" / "2008-05-03-page.html"
    folder.mkdir()
    (folder / "photo.png").write_bytes(png())
    assert errors_of(root) == [
        "content/stories/2008/2008-05-03-page.html: file: this folder has the name of the page of "
        f"{STORY} — rename the folder (not ending in .html) | โฟลเดอร์นี้ชื่อเดียวกับหน้าเว็บของ {STORY} "
        "— เปลี่ยนชื่อโฟลเดอร์ (ไม่ลงท้ายด้วย .html)"]
    assert cli.main(["build", "--root", str(root)]) == 1
    assert "cannot explain" not in capsys.readouterr().err


def test_files_beside_stories_that_differ_only_by_case_are_warned_as_the_bundle_refuses_them(tmp_site):
    root = tmp_site({STORY: story_text()})
    folder = root / "content" / "stories" / "2008"
    for name in ("photo.png", "Photo.png", "sub/x.png", "Sub/x.png", "other/x.png"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(png())
    found = [(w.path, w.en) for w in check_project(root).warnings if "differ only by case" in w.en]
    assert sorted(path for path, _ in found) == ["content/stories/2008/photo.png",
                                                 "content/stories/2008/sub/x.png"]
    assert all("offline bundle" in en for _, en in found)


# -- files beside stories ---------------------------------------------------------------------------

MAGIC = {"a.png": png(), "b.JPG": b"\xff\xd8\xff\xe0 jfif", "c.gif": b"GIF89a...",
         "d.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ", "e.pdf": b"%PDF-1.4\n", "f.mp3": b"ID3\x03",
         "g.mp3": b"\xff\xfb\x90\x00", "h.m4a": b"\x00\x00\x00\x20ftypM4A ", "i.ogg": b"OggS\x00"}


def test_allowed_types_with_matching_bytes_are_published(tmp_path):
    folder = tmp_path / "content" / "stories"
    folder.mkdir(parents=True)
    for name, data in MAGIC.items():
        (folder / name).write_bytes(data)
    problems = Problems()
    paths = walk(tmp_path, folder, problems)
    assert [p.name for p in check_assets(tmp_path, paths, 10, problems)] == sorted(MAGIC)
    assert problems.errors == []


def test_files_over_the_size_limit_are_errors(tmp_site):
    config = MINIMAL_CONFIG + "build:\n  max_file_mb: 1\n"
    root = tmp_site({STORY: story_text()}, config=config)
    (root / "content" / "stories" / "2008" / "big.png").write_bytes(png(1_200_000))
    (root / "content" / "stories" / "2008" / "small.png").write_bytes(png(1_000_000))
    assert errors_of(root) == [
        "content/stories/2008/big.png: file: 1.1 MB is over the limit of 1 MB per file — make the "
        "picture smaller or split the file (limit: build.max_file_mb) | ขนาด 1.1 MB เกินกำหนด 1 MB "
        "ต่อไฟล์ — ย่อภาพหรือแบ่งไฟล์ให้เล็กลง (กำหนดที่ build.max_file_mb)"]


def test_a_story_over_the_size_limit_is_an_error_and_is_not_read(tmp_site):
    config = MINIMAL_CONFIG + "build:\n  max_story_kb: 4\n"
    root = tmp_site({STORY: story_text(body="ก" * 2000), "content/stories/2008/b.md":
                     story_text(title="สั้น")}, config=config)
    assert errors_of(root) == [
        f"{STORY}: file: the story is 6 KB, over the limit of 4 KB — split it into a series of "
        "stories (limit: build.max_story_kb) | บันทึกยาว 6 KB เกินกำหนด 4 KB — "
        "แบ่งเป็นบันทึกชุดหลายตอน (กำหนดที่ build.max_story_kb)"]


def test_the_default_limits_are_in_the_config():
    from generator.config import DEFAULTS

    assert {k: DEFAULTS["build"][k] for k in ("max_file_mb", "max_story_kb", "max_title_chars",
                                              "max_summary_chars")} == {
        "max_file_mb": 10, "max_story_kb": 2048, "max_title_chars": 200, "max_summary_chars": 500}


def test_a_reserved_windows_name_beside_a_story_is_an_error(tmp_site):
    root = tmp_site({STORY: story_text()})
    (root / "content" / "stories" / "2008" / "aux.png").write_bytes(png())
    assert [e.split(": ", 2)[:2] for e in errors_of(root)] == [["content/stories/2008/aux.png", "file"]]


@pytest.mark.parametrize("path, root", [
    ("/p/content/stories/a.md", "/p"), ("/p/content/ก ข/b.md", "/p"), ("/p/x", "/"),
    ("/pa/x.md", "/p"), ("/p", "/p"), ("rel/a/b.md", "rel"), ("rel/a.md", "."),
    ("/p/../q/a.md", "/p"), ("/q/a.md", "/p"),
])
def test_relative_paths_are_pathlibs(path, root):
    try:
        expected = Path(path).relative_to(Path(root)).as_posix()
    except ValueError:
        with pytest.raises(ValueError):
            relative(Path(path), Path(root))
    else:
        assert relative(Path(path), Path(root)) == expected


def test_a_file_name_the_offline_bundle_refuses_is_named_at_check(tmp_site):
    from generator.check import check_project

    root = tmp_site({"content/stories/2008/2008-05-03-a.md": story_text(body="![รูป](รูป ภาพ.png)\n")})
    (root / "content" / "stories" / "2008" / "รูป ภาพ.png").write_bytes(png())
    warnings = check_project(root).warnings
    assert [(w.path, w.en.split(":")[0]) for w in warnings] == [
        ("content/stories/2008/รูป ภาพ.png", '"รูป ภาพ.png"')]


def test_only_pictures_a_published_story_shows_are_published(tmp_site):
    """A draft's pictures (a face not yet agreed to be shown) stay out of the site, as do files
    no story names; those a published story shows are there, whatever their link's form."""
    root = tmp_site({
        "content/stories/2008/2008-05-03-x.md": story_text(
            body="![วง](circle.png)\n\n<img src=\"board%20one.png\" alt=\"ป้าย\">\n\n[แผน](plan.pdf)\n"),
        "content/stories/2008/2008-05-04-y.md": story_text(
            title="ร่าง", date="2008-05-04", draft="true", body="![หน้า](faces.png)\n"),
    })
    for name in ("circle.png", "board one.png", "faces.png", "unused.png"):
        (root / "content/stories/2008" / name).write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 64)
    (root / "content/stories/2008/plan.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 64)
    build(root)
    published = {p.name for p in (root / "site/story/2008").iterdir() if not p.name.endswith(".html")}
    assert published == {"circle.png", "board one.png", "plan.pdf"}


@pytest.mark.parametrize("cache", [True, False])
def test_a_file_beside_a_story_with_a_name_of_255_bytes_is_published(tmp_site, cache):
    """The longest name a file system allows; the build's temporary copy of it must not be
    longer (it was `.<name>.tmp`: OSError 'File name too long', and no site)."""
    name = "ภาพวงเรียนรู้" * 6 + "ภาพ-1234567.png"  # 81 Thai letters (3 bytes each) and 12 ASCII
    assert len(name.encode()) == 255
    root = tmp_site({STORY: story_text(body=f"![รูป](<{name}>)\n")})
    (root / "content/stories/2008" / name).write_bytes(png())
    build(root, cache=cache)
    assert (root / "site/story/2008" / name).read_bytes() == png()
