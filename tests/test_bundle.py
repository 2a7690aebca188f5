"""The offline bundle: safe paths, MANIFEST, read-me, a byte-identical zip, `wongrian verify`,
the `wongrian bundle` command, and a per-amphoe bundle whose every link resolves."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import story_text

from generator import bundle, cli
from generator.names import is_reserved
from generator.verify import parse_manifest, verify

ROOT = Path(__file__).resolve().parent.parent


def test_paths_that_break_on_fat32_or_windows_are_refused():
    problems = bundle.path_problems([
        "index.html", "story/2008/รูปท่าซัก.jpg", "story/2008/Photo.JPG", "story/2008/photo.jpg",
        "agency/con.html", "tag/" + "x" * 130 + ".html", "area/a b.html", "area/trailing.",
    ])
    text = "\n".join(p.format() for p in problems)
    assert "content/stories/2008/รูปท่าซัก.jpg: path:" in text and "ชื่อไฟล์" in text
    assert '"story/2008/photo.jpg" and "story/2008/Photo.JPG" differ only by case' in text
    assert '"con.html" is not a safe file name' in text
    assert "longer than 120 characters" in text
    assert '"a b.html"' in text and '"trailing."' in text
    assert len(problems) == 6
    assert bundle.path_problems(["index.html", "story/2008/2008-05-03-x.html"]) == []


def test_a_site_with_a_thai_file_name_is_not_bundled(sample_site, tmp_path):
    from generator.errors import ContentErrors

    site_dir = tmp_path / "site"
    (site_dir / "story").mkdir(parents=True)
    (site_dir / "index.html").write_text("<p>x</p>", encoding="utf-8")
    (site_dir / "story" / "ภาพ.jpg").write_bytes(b"jpg")
    with pytest.raises(ContentErrors) as caught:
        bundle.make_bundle(sample_site.site, site_dir, tmp_path / "dist")
    assert "content/stories/ภาพ.jpg" in str(caught.value)
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_bundle_has_one_folder_with_site_manifest_and_readme(sample_site, sample_bundle):
    name = bundle.bundle_name(sample_site.site)
    assert name == "wongrian-offline-" + bundle.newest_date(sample_site.site)
    assert sample_bundle.path.name == name + ".zip"
    with zipfile.ZipFile(sample_bundle.path) as archive:
        names = archive.namelist()
        assert {n.split("/")[0] for n in names} == {name}
        inside = {n[len(name) + 1:] for n in names}
        assert {"index.html", "MANIFEST", "อ่านก่อน.txt", "README.txt"} <= inside
        assert not any(n.startswith("assets/javascripts/lunr/") or n.endswith(".map") for n in inside)
        sums = parse_manifest(archive.read(f"{name}/MANIFEST").decode("utf-8"))
        assert set(sums) == inside - {"MANIFEST"}
        readme = archive.read(f"{name}/อ่านก่อน.txt").decode("utf-8")
        assert readme.startswith("\ufeff") and "\r\n" in readme
        assert "ดับเบิลคลิกไฟล์ index.html" in readme and f"wongrian verify {name}" in readme
        info = archive.getinfo(f"{name}/index.html")
        newest = max(s.updated or s.date for s in sample_site.site.stories)
        assert info.date_time[:3] == (newest.year, newest.month, newest.day)
        assert all(all(ord(c) < 128 for c in n) for n in inside - {"อ่านก่อน.txt"})


def test_the_same_site_gives_the_same_zip(sample_site, sample_bundle, tmp_path):
    again = bundle.make_bundle(sample_site.site, sample_site.out_dir, tmp_path)
    assert again.path.read_bytes() == sample_bundle.path.read_bytes()


def test_verify_finds_missing_changed_and_ignores_system_files(sample_bundle, tmp_path):
    assert verify(sample_bundle.path).ok
    with zipfile.ZipFile(sample_bundle.path) as archive:
        archive.extractall(tmp_path)
    report = verify(tmp_path)  # the folder the zip was unpacked into
    assert report.ok and report.checked == sample_bundle.files - 1
    folder = next(tmp_path.iterdir())
    (folder / "Thumbs.db").write_bytes(b"x")
    assert verify(folder).ok and verify(folder).ignored == ["Thumbs.db"]
    (folder / "agency" / "cdd.html").unlink()
    (folder / "index.html").write_text("changed", encoding="utf-8")
    report = verify(folder)
    assert not report.ok
    assert report.missing == ["agency/cdd.html"] and report.changed == ["index.html"]
    (folder / "MANIFEST").write_text("not a manifest\n", encoding="utf-8")
    assert "MANIFEST line 1" in verify(folder).error
    assert "does not exist" in verify(tmp_path / "nothing").error


def test_verify_command_exit_codes(sample_bundle, tmp_path, capsys):
    assert cli.main(["verify", str(sample_bundle.path)]) == 0
    assert "ไฟล์ครบและถูกต้อง" in capsys.readouterr().out
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(sample_bundle.path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            if not item.filename.endswith("/index.html"):
                target.writestr(item, source.read(item))
    assert cli.main(["verify", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "missing | ไม่มีไฟล์: index.html" in out and "INCOMPLETE" in out


def test_bundle_command_builds_a_missing_site_and_writes_dist(tmp_site, capsys):
    root = tmp_site({"content/stories/2008/2008-05-03-x.md": story_text(date="2008-05-03")})
    assert cli.main(["bundle", "--root", str(root)]) == 0
    zips = list((root / "dist").glob("*.zip"))
    assert [z.name for z in zips] == ["wongrian-offline-2551-05-03.zip"]
    assert (root / "site" / "index.html").exists()
    assert verify(zips[0]).ok
    assert "wongrian-offline-2551-05-03.zip" in capsys.readouterr().out


def test_bundle_refuses_an_out_that_is_a_file(tmp_site, capsys):
    """It stopped with an internal FileExistsError (and left a lock file beside it)."""
    root = tmp_site({"content/stories/2008/2008-05-03-a.md": story_text()})
    before = (root / "site_config.yml").read_bytes()
    assert cli.main(["bundle", "--root", str(root), "--out", "site_config.yml"]) == 1
    err = capsys.readouterr().err
    assert "no bundle written:" in err and "is a file, not a folder" in err and "เลือก --out" in err
    assert (root / "site_config.yml").read_bytes() == before
    assert not (root / "site_config.yml.lock").exists()


def test_unknown_amphoe_is_reported(tmp_site, capsys):
    root = tmp_site({"content/stories/2008/2008-05-03-x.md": story_text()})
    assert cli.main(["bundle", "--root", str(root), "--amphoe", "ไม่มีอำเภอนี้"]) == 2
    assert 'unknown area "ไม่มีอำเภอนี้"' in capsys.readouterr().err
    assert cli.main(["bundle", "--root", str(root), "--amphoe", "800121"]) == 2
    assert ('"800121" is ต.ท่าซัก, not an amphoe — its amphoe is อ.เมืองนครศรีธรรมราช (8001)'
            in capsys.readouterr().err)
    assert not (root / "dist").exists()


def local_targets(html: str, page: str) -> set[str]:
    """Site-relative paths of every local href/src/srcset of a page."""
    from selectolax.lexbor import LexborHTMLParser

    found = set()
    for node in LexborHTMLParser(html).css("[href], [src]"):
        for attr in ("href", "src"):
            url = node.attributes.get(attr)
            parts = urlparse(url or "")
            if not url or parts.scheme or url.startswith(("#", "//", "mailto:", "javascript:")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
            found.add(target)
    return found


@pytest.mark.slow
def test_amphoe_bundle_has_its_stories_and_no_dangling_links(sample_site, tmp_path):
    assert cli.main(["bundle", "--root", str(ROOT), "--amphoe", "ท่าศาลา", "--out", str(tmp_path)]) == 0
    [made] = tmp_path.glob("*.zip")
    assert made.name.startswith("wongrian-offline-") and "-8008-tha-sala" in made.name
    assert verify(made).ok
    with zipfile.ZipFile(made) as archive:
        archive.extractall(tmp_path / "out")
    folder = next((tmp_path / "out").iterdir())
    full = sample_site.site
    kept = bundle.touches(full, "8008")
    wanted = {p for p in (folder / "story").rglob("*.html")}
    expected = [s for s in full.stories if kept(s)]
    assert len(wanted) == len(expected) < len(full.stories)
    assert any("2009-03-14" in p.name for p in wanted)         # ดอนตะโก อ.ท่าศาลา
    assert not any("2007-08-14" in p.name for p in wanted)     # ทุ่งสง
    assert any("2009-09-25" in p.name for p in wanted)         # province-wide
    home = (folder / "index.html").read_text(encoding="utf-8")   # the home page says it is partial
    assert f"ฉบับเฉพาะอ.ท่าศาลา</strong>: บันทึกของอ.ท่าศาลาและบันทึกระดับจังหวัด {len(expected)} เรื่อง" in home
    assert "wr-scope" not in (sample_site.out_dir / "index.html").read_text(encoding="utf-8")
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    dangling = set()
    for page in sorted(f for f in files if f.endswith(".html")):
        for target in local_targets((folder / page).read_text(encoding="utf-8"), page):
            if target not in files and not (target + "/index.html") in files:
                dangling.add(f"{page} -> {target}")
    assert sorted(dangling) == [], sorted(dangling)


def test_tags_series_and_ids_named_like_windows_devices_build_and_bundle(tmp_site, capsys):
    """CON, aux, index: generated names get a '-' (con-.html), so the bundle is not refused."""
    root = tmp_site({
        "content/stories/2008/2008-05-03-x.md": story_text(
            tags=("CON", "index", "nul"), agencies=("con",),
            series="{id: con, part: 1, total: 2, title: ชุดทดสอบ}"),
        "content/stories/2008/2008-05-04-y.md": story_text(
            title="ตอนสอง", date="2008-05-04", tags=("con",), series="{id: con, part: 2, total: 2}"),
    })
    registry = root / "content" / "registry" / "agencies.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "\nambiguous_aliases:", "- id: con\n  name_th: เครือข่ายทดสอบชื่อสงวน\n  level: province\n"
        "  kind: network\n\nambiguous_aliases:"), encoding="utf-8")
    assert cli.main(["bundle", "--root", str(root)]) == 0, capsys.readouterr().err
    site = root / "site"
    for page in ("tag/con-.html", "tag/con-2.html", "tag/index-.html", "tag/nul-.html",
                 "tag/index.html", "series/con-.html", "agency/con-.html"):
        assert (site / page).is_file(), page
    assert not any(is_reserved(p.name) for p in site.rglob("*"))
    story = (site / "story/2008/2008-05-03-wong-rianru-thadasop.html").read_text(encoding="utf-8")
    assert 'href="../../tag/con-.html"' in story and 'href="../../series/con-.html"' in story
    zips = list((root / "dist").glob("*.zip"))
    assert len(zips) == 1 and verify(zips[0]).ok


def test_bundle_refuses_a_folder_that_is_not_a_built_site_and_an_empty_amphoe(tmp_site, tmp_path, capsys):
    from generator.cli import main

    root = tmp_site()
    (tmp_path / "empty").mkdir()
    assert main(["bundle", "--root", str(root), "--site", str(tmp_path / "empty"),
                 "--out", str(tmp_path / "dist")]) == 2
    assert main(["bundle", "--root", str(root), "--amphoe", " ", "--out", str(tmp_path / "dist")]) == 2
    err = capsys.readouterr().err
    assert "is not a built site (no index.html)" in err and "--amphoe: give an amphoe" in err
    assert not (tmp_path / "dist").exists()


def test_amphoe_bundle_leaves_out_the_other_stories_pictures(tmp_site, tmp_path):
    """Pictures sit in one folder per year, whatever the amphoe: an amphoe's bundle takes only
    those its stories show, or it would carry the whole province's photos."""
    root = tmp_site({
        "content/stories/2008/2008-05-03-tha-sak.md": story_text(
            title="ท่าซัก", body="![วง](tha-sak.png)\n\n![ป้าย](<sign_board.jpg>)\n"),
        "content/stories/2008/2008-05-04-chawang.md": story_text(
            title="ฉวาง", date="2008-05-04", agencies=(), areas=("ต.ไม้เรียง อ.ฉวาง",),
            body="![วง](chawang.png)\n"),
    })
    for name in ("tha-sak.png", "chawang.png", "sign_board.jpg"):
        magic = b"\x89PNG\r\n\x1a\n" if name.endswith(".png") else b"\xff\xd8\xff\xe0"
        (root / "content/stories/2008" / name).write_bytes(magic + b"x" * 64)
    assert cli.main(["bundle", "--root", str(root), "--amphoe", "8001", "--out", str(tmp_path)]) == 0
    [made] = tmp_path.glob("*.zip")
    with zipfile.ZipFile(made) as archive:
        names = {posixpath.basename(n) for n in archive.namelist() if "/story/2008/" in n}
    assert {"tha-sak.png", "sign_board.jpg"} <= names and "chawang.png" not in names


def test_a_symbolic_link_in_the_site_is_refused_not_followed(tmp_site, tmp_path, capsys):
    """A build writes no link; one put into site/ by hand (to a file or a folder outside it)
    would have its target's bytes packed: the bundle names it and writes nothing."""
    from generator.cli import main

    root = tmp_site()
    assert main(["build", "--root", str(root)]) == 0
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "secret.txt").write_text("not for the stick", encoding="utf-8")
    for link, target in (("leak.html", secret / "secret.txt"), ("leaks", secret)):
        (root / "site" / link).symlink_to(target)
        assert main(["bundle", "--root", str(root), "--out", str(tmp_path / "dist")]) == 1
        err = capsys.readouterr().err
        assert f"site/{link}: path: a symbolic link in the built site" in err and "ลิงก์" in err, err
        assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").glob("*.zip"))
        (root / "site" / link).unlink()
