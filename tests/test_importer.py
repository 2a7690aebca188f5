"""`wongrian import gotoknow`: story files from captured posts, re-imports, comments, review."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build import check_project
from generator.cli import main
from generator.load import split_front_matter

from conftest import MINIMAL_CONFIG

FIXTURES = Path(__file__).parent / "fixtures" / "gotoknow"
SEEDS = next((p / "shared" / "seeds" for p in Path(__file__).resolve().parents  # also from a worktree
              if (p / "shared" / "seeds").is_dir()), Path("shared") / "seeds")


@pytest.fixture
def project(tmp_site):
    return tmp_site()


def run_import(project: Path, *args: str) -> int:
    return main(["import", "gotoknow", *args, "--root", str(project)])


def stories(project: Path) -> list[Path]:
    return sorted((project / "content" / "stories").rglob("*.md"))


def front(path: Path) -> dict:
    return yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8"))[0])


def test_thai_footer_post_becomes_a_reviewed_story(project, capsys):
    assert run_import(project, str(FIXTURES / "thai_footer.txt")) == 0
    [path] = stories(project)
    assert path.relative_to(project).as_posix().startswith("content/stories/2008/2008-03-09-")
    meta = front(path)
    assert meta["source"] == "gotoknow:512345"
    assert str(meta["date"]) == "2008-03-09" and str(meta["updated"]) == "2012-06-01"
    assert meta["review"] is True
    assert meta["author"] == "คุณอำนวย (นำเข้าจาก GotoKnow)"
    assert meta["summary"].startswith("แกนนำแปดคนของหมู่ 3")
    assert "สำนักงานพัฒนาชุมชนอำเภอเมืองนครศรีธรรมราช" in meta["agencies"]
    assert "องค์การบริหารส่วนตำบลท่าซัก" in meta["agencies"]
    assert "ต.ท่าซัก อ.เมืองนครศรีธรรมราช" in meta["areas"]
    assert "ความเห็นใน GotoKnow: 3 รายการ" in path.read_text(encoding="utf-8")
    assert "→ content/stories/2008/" in capsys.readouterr().out


def test_imported_stories_pass_check(project):
    assert run_import(project, str(FIXTURES / "thai_footer.txt"), str(FIXTURES / "english_footer.txt"),
                      "--with-comments") == 0
    assert run_import(project, str(FIXTURES / "no_footer.txt"), "--date", "3 พ.ค. 51") == 0
    checked = check_project(project, strict=True)
    assert len(checked.stories) == 3
    assert all(s.review and s.origin.startswith("gotoknow") for s in checked.stories)


def test_english_footer_tags_and_ambiguous_names_listed_not_guessed(project):
    assert run_import(project, str(FIXTURES / "english_footer.txt")) == 0
    [path] = stories(project)
    meta, text = front(path), path.read_text(encoding="utf-8")
    assert meta["tags"] == ["กลุ่มออมทรัพย์", "สวัสดิการชุมชน"]
    assert str(meta["date"]) == "2007-02-15"
    assert not any("ปากแพรก" in a for a in meta["areas"])          # two tambons have this name
    assert re.search(r'^# "ตำบลปากแพรก" หมายถึงพื้นที่ได้หลายแห่ง .*อ\.ทุ่งสง.*อ\.ปากพนัง', text, re.M)
    assert re.search(r'^# "ท้องถิ่น" หมายถึงหน่วยงานได้หลายแห่ง', text, re.M)
    assert "สำนักงานพัฒนาชุมชนอำเภอทุ่งสง" in meta["agencies"]
    assert "สำนักงานสาธารณสุขอำเภอทุ่งสง" in meta["agencies"]
    assert meta["roles"] == ["คุณเอื้อ", "คุณกิจ"]


def test_longest_name_wins(project):
    assert run_import(project, str(FIXTURES / "thai_footer.txt")) == 0
    meta = front(stories(project)[0])
    assert "กรมการพัฒนาชุมชน" not in meta["agencies"]  # only inside the office's longer name


def test_no_footer_needs_a_date(project, capsys):
    assert run_import(project, str(FIXTURES / "no_footer.txt")) == 1
    err = capsys.readouterr().err
    assert "--date" in err and "ไม่มีวันที่เขียน" in err
    assert stories(project) == []
    assert run_import(project, str(FIXTURES / "no_footer.txt"), "--date", "2551-05-03") == 0
    [path] = stories(project)
    assert path.name.startswith("2008-05-03-") and front(path)["source"] == "gotoknow"


def test_reimport_updates_the_same_file(project, capsys):
    assert run_import(project, str(FIXTURES / "english_footer.txt")) == 0
    [first] = stories(project)
    capsys.readouterr()
    assert run_import(project, str(FIXTURES / "english_footer.txt"), "--with-comments") == 0
    assert stories(project) == [first]
    assert "updated" in capsys.readouterr().out
    assert "ความเห็นจากผู้อ่านใน GotoKnow" in first.read_text(encoding="utf-8")


def test_a_post_saved_with_thai_digits_is_the_same_post(project, tmp_path):
    text = (FIXTURES / "thai_footer.txt").read_text(encoding="utf-8")
    thai = tmp_path / "thai.txt"
    thai.write_text(text.replace("512345", "๕๑๒๓๔๕"), encoding="utf-8")
    assert run_import(project, str(thai)) == 0
    assert run_import(project, str(FIXTURES / "thai_footer.txt")) == 0
    [path] = stories(project)
    assert front(path)["source"] == "gotoknow:512345"


def test_reimport_keeps_what_a_person_reviewed(project):
    assert run_import(project, str(FIXTURES / "english_footer.txt")) == 0
    [path] = stories(project)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^agencies:\n(  - .*\n)+", 'agencies: ["พช.อำเภอทุ่งสง"]\n', text, flags=re.M)
    text = text.replace("circle: tambon", "circle: amphoe").replace("review: true\n", "")
    path.write_text(text, encoding="utf-8")
    assert run_import(project, str(FIXTURES / "english_footer.txt")) == 0
    meta = front(path)
    assert meta["agencies"] == ["พช.อำเภอทุ่งสง"] and meta["circle"] == "amphoe"
    assert "review" not in meta
    check_project(project, strict=True)


def test_reimport_of_a_post_without_number_finds_it_by_title(project):
    for _ in range(2):
        assert run_import(project, str(FIXTURES / "no_footer.txt"), "--date", "2008-05-03") == 0
    assert len(stories(project)) == 1


def test_comments_only_with_flag_and_never_names(project):
    assert run_import(project, str(FIXTURES / "thai_footer.txt")) == 0
    text = stories(project)[0].read_text(encoding="utf-8")
    assert "ผู้อ่าน 1" not in text and "ชอบตรงที่ให้ชาวบ้าน" not in text
    assert run_import(project, str(FIXTURES / "thai_footer.txt"), "--with-comments") == 0
    text = stories(project)[0].read_text(encoding="utf-8")
    assert "ชอบตรงที่ให้ชาวบ้านออกแบบสมุดเองครับ" in text
    assert [int(n) for n in re.findall(r"— ผู้อ่าน (\d+)", text)] == [1, 2, 3]
    for private in ("สมปอง", "ใจงาม", "น้องฝน", "IP:", "xxx.12.34.56", "081-234-5678"):
        assert private not in text


def test_body_is_shown_as_written(project):
    assert run_import(project, str(FIXTURES / "thai_footer.txt")) == 0
    body = split_front_matter(stories(project)[0].read_text(encoding="utf-8"))[1]
    assert "สิ่งที่ได้เรียนรู้ \\*สำคัญ\\* คือ" in body
    assert "1\\. จดรายรับทุกวัน" in body
    assert "อ่านง่าย # ไม่ใช่หัวข้อ" in body
    assert body.lstrip().startswith("เช้าวันนี้คุณอำนวยจากสำนักงานพัฒนาชุมชนอำเภอเมืองกับ อบต.ท่าซัก")


def test_circle_flag_and_personal_data_warning(project, tmp_path, capsys):
    text = (FIXTURES / "english_footer.txt").read_text(encoding="utf-8")
    post = tmp_path / "post.txt"
    post.write_text(text.replace("ท้องถิ่นก็พร้อม", "โทร 081-234-5678 ท้องถิ่นก็พร้อม"), encoding="utf-8")
    assert run_import(project, str(post), "--circle", "amphoe") == 0
    assert front(stories(project)[0])["circle"] == "amphoe"
    assert "เบอร์โทรศัพท์" in capsys.readouterr().out


def test_names_ids_and_ips_never_reach_the_story_file(project, capsys):
    capture = FIXTURES / "names_and_personal_data.txt"
    assert run_import(project, str(capture), "--with-comments") == 0
    [path] = stories(project)
    text, out = path.read_text(encoding="utf-8"), capsys.readouterr().out
    for private in ("สมปอง", "ทิพวัลย์", "น้องฝน", "3-1005-00123-45-8", "203.0.113.9", "IP:", "<script>",
                    "<b>"):
        assert private not in text
    assert front(path)["title"] == "วงเรียนรู้ บัญชีครัวเรือน ที่ท่าซัก"
    assert "เห็นด้วยกับผู้อ่าน 1ค่ะ ผู้อ่าน 1พูดถูก" in text
    assert "หน้าฝนนี้ฝนตกมาก" in text and "คุณภาพชีวิตดีขึ้น" in text
    rel = path.relative_to(project).as_posix()
    line = next(n for n, x in enumerate(text.split("\n"), 1) if "089-123-4567" in x)
    assert f"{rel}:{line}: removed a Thai national ID number (3xxxxxxxxxx58)" in out
    assert "removed an IP address" in out and "ลบหมายเลข IP" in out
    assert f'{rel}:{line}: body: a mobile phone number "0891234567"' in out
    assert "public_contacts" in out
    checked = check_project(project)                       # the phone number stays a warning
    assert [(w.line, w.field) for w in checked.warnings] == [(line, "body")]


def test_an_office_that_signs_a_comment_keeps_its_name_in_the_post(project, tmp_path, capsys):
    post = tmp_path / "post.txt"
    post.write_text("สมุดบัญชีหมู่ 2\n\nนำเรื่องสั้น ๆ\n\nคุณอำนวยจาก อบต.ท่าซัก ชวนแกนนำมาจดบัญชี\n\n"
                    "หมายเลขบันทึก: 781เขียนเมื่อ 9 มีนาคม 2008 08:05 น. ()\n\nความเห็น (2)\n\n"
                    "ยินดีสนับสนุนค่ะ\n\nอบต.ท่าซัก\n\nชอบมากครับ\n\nสมปอง ใจงาม\n", encoding="utf-8")
    assert run_import(project, str(post), "--with-comments") == 0
    [path] = stories(project)
    text = path.read_text(encoding="utf-8")
    assert "คุณอำนวยจาก อบต.ท่าซัก ชวนแกนนำมาจดบัญชี" in text and "commenter name" not in capsys.readouterr().out
    assert "องค์การบริหารส่วนตำบลท่าซัก" in front(path)["agencies"]
    assert [int(n) for n in re.findall(r"— ผู้อ่าน (\d+)", text)] == [1, 2] and "สมปอง" not in text


def test_public_contacts_of_the_site_are_not_reported_by_the_importer(tmp_site, capsys):
    project = tmp_site(config=MINIMAL_CONFIG + 'privacy:\n  public_contacts: ["089-123-4567"]\n')
    assert run_import(project, str(FIXTURES / "names_and_personal_data.txt")) == 0
    out = capsys.readouterr().out
    assert "removed a Thai national ID number" in out and "0891234567" not in out


def test_html_in_title_and_tags_becomes_plain_text(project, tmp_path):
    text = (FIXTURES / "english_footer.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    post = tmp_path / "post.txt"
    post.write_text('<img src=x onerror="alert(1)">&lt;script&gt;x&lt;/script&gt;เรื่อง <i>ใหม่</i>\n'
                    + text.replace("#กลุ่มออมทรัพย์", "#<b>กลุ่มออมทรัพย์</b>"), encoding="utf-8")
    assert run_import(project, str(post)) == 0
    meta = front(stories(project)[0])
    assert meta["title"] == "เรื่อง ใหม่"
    assert meta["tags"] == ["กลุ่มออมทรัพย์", "สวัสดิการชุมชน"]


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds is not on this machine")
def test_seed_posts_import_and_check(project):
    seeds = sorted(SEEDS.glob("*.txt"))
    assert run_import(project, *map(str, seeds), "--date", "2007-10-11", "--with-comments") == 0
    checked = check_project(project, strict=True)
    assert len(checked.stories) == len(seeds)
    assert {s.origin for s in checked.stories} >= {"gotoknow:180345", "gotoknow:147174"}
    texts = "\n".join(p.read_text(encoding="utf-8") for p in stories(project))
    for boiler in ("LINE ID", "ClassStart", "ภัช", "ทิพวัลย์", "สีจันทร์", "IP:"):
        assert boiler not in texts
    assert checked.warnings == []                           # no personal data, no false alarm


def test_seeds_are_not_sample_content():
    root = Path(__file__).resolve().parents[1] / "content" / "stories"
    assert not any("source: gotoknow" in p.read_text(encoding="utf-8") for p in root.rglob("*.md"))


def test_unreadable_file_is_reported(project, capsys):
    assert run_import(project, str(project / "missing.txt")) == 1
    assert "cannot read" in capsys.readouterr().err
    shutil.rmtree(project / "content" / "stories")


@pytest.mark.parametrize("encoding", ["cp874", "utf-16"])
def test_a_capture_not_in_utf8_is_named_with_the_fix(project, tmp_path, capsys, encoding):
    post = tmp_path / "post.txt"
    post.write_bytes((FIXTURES / "thai_footer.txt").read_text(encoding="utf-8").encode(encoding))
    assert run_import(project, str(post)) == 1
    err = capsys.readouterr().err
    assert f"{post}:1: the file is not UTF-8 text; open it and save it again as UTF-8" in err
    assert "บันทึกใหม่เป็น UTF-8" in err and "codec" not in err
    assert stories(project) == []


def test_angle_brackets_and_entities_in_a_post_show_as_written(project, tmp_path):
    post = tmp_path / "post.txt"
    post.write_text("เด็กและผู้สูงอายุ\n\nนำเรื่องสั้น ๆ\n\nผู้สูงอายุ > 60 ปี และเด็ก < 5 ปี <b>ไม่หนา</b> "
                    "เขียน &amp; ไว้\n\nหมายเลขบันทึก: 777เขียนเมื่อ 9 มีนาคม 2008 08:05 น. ()\n",
                    encoding="utf-8")
    assert run_import(project, str(post)) == 0
    checked = check_project(project, strict=True)       # no "raw HTML is removed" warning
    assert checked.warnings == []
    from generator.body import render_body
    html = render_body(checked.stories[0].body, ())
    assert "ผู้สูงอายุ &gt; 60 ปี และเด็ก &lt; 5 ปี &lt;b&gt;ไม่หนา&lt;/b&gt; เขียน &amp;amp; ไว้" in html


def test_separator_and_colon_lines_show_as_written(project, tmp_path):
    post = tmp_path / "post.txt"
    post.write_text("ข้อคิดจากวง\n\nนำเรื่องสั้น ๆ\n\n~~~~~~~~~~\n\nฟังให้มาก\n\n: พูดให้น้อย\n\n~~~~~~~~~~\n\n"
                    "หมายเลขบันทึก: 780เขียนเมื่อ 9 มีนาคม 2008 08:05 น. ()\n", encoding="utf-8")
    assert run_import(project, str(post)) == 0
    checked = check_project(project, strict=True)
    assert checked.warnings == []
    from generator.body import render_body
    html = render_body(checked.stories[0].body, ())
    assert "<pre>" not in html and "<dl>" not in html
    assert html.count("<p>~~~~~~~~~~</p>") == 2 and "<p>: พูดให้น้อย</p>" in html


def test_a_capture_without_its_title_line_is_cut_to_the_limit_and_said(project, tmp_path, capsys):
    post = tmp_path / "post.txt"
    first = "ย่อหน้าแรกที่ยาวมาก " * 20
    post.write_text(f"{first}\n\nนำเรื่อง\n\nเนื้อเรื่อง\n\nหมายเลขบันทึก: 778เขียนเมื่อ 9 มีนาคม 2008 08:05 น. ()\n",
                    encoding="utf-8")
    assert run_import(project, str(post)) == 0
    title = front(stories(project)[0])["title"]
    assert len(title) == 200 and title.endswith("…")
    assert "more than the 200 allowed: cut" in capsys.readouterr().out
    assert check_project(project, strict=True).stories


def test_a_footer_date_that_cannot_be_read_is_named(project, tmp_path, capsys):
    post = tmp_path / "post.txt"
    post.write_text("ชื่อ\n\nนำ\n\nเนื้อ\n\nหมายเลขบันทึก: 779เขียนเมื่อ เมื่อวานนี้\n", encoding="utf-8")
    assert run_import(project, str(post)) == 1
    assert f"{post}:7: the date in the footer (after หมายเลขบันทึก) could not be read" in capsys.readouterr().err
    assert run_import(project, str(post), "--date", "2008-05-03") == 0


def test_a_line_break_yaml_sees_in_a_capture_adds_no_key_to_the_front_matter(project, tmp_path):
    """U+2028 in the group line (a comment) ended the comment for YAML, so the rest became a
    key (`slug: injected`); in the title it was written raw into the quoted value."""
    text = (FIXTURES / "thai_footer.txt").read_text(encoding="utf-8")
    post = tmp_path / "post.txt"
    post.write_text(text.replace("วงเรียนรู้บัญชีครัวเรือน", "วงเรียนรู้\u2028บัญชีครัวเรือน", 1).replace(
        "ความเห็น (3)", "บันทึกนี้เขียนที่ GotoKnow โดย x ใน กลุ่มหนึ่ง\u2028slug: injected\nความเห็น (3)"),
        encoding="utf-8")
    assert run_import(project, str(post)) == 0
    written = stories(project)[0].read_text(encoding="utf-8")
    assert "\u2028" not in written.split("\n---\n", 1)[0]
    assert "slug" not in front(stories(project)[0])
    check_project(project)


def test_reimport_over_a_story_whose_front_matter_is_broken_names_that_file(project, capsys):
    assert run_import(project, str(FIXTURES / "thai_footer.txt")) == 0
    path = stories(project)[0]
    path.write_text(re.sub(r"(?m)^circle: .*$", "circle: [unclosed", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    capsys.readouterr()
    assert run_import(project, str(FIXTURES / "thai_footer.txt")) == 1
    err = capsys.readouterr().err
    assert f"{path.relative_to(project).as_posix()}:" in err and "cannot parse YAML" in err
    assert "แก้ไฟล์นั้นก่อน" in err and "Error:" not in err


def test_what_check_warns_about_the_imported_story_is_said(project, tmp_path, capsys):
    capture = tmp_path / "future.txt"
    capture.write_text("ตลาดนัดชุมชน\n\nนำเรื่องของบันทึกนี้ที่ยาวพอ\n\nเนื้อเรื่อง\n\n"
                       "หมายเลขบันทึก: 42เขียนเมื่อ 7 สิงหาคม 2099 09:00 น. ()\n", encoding="utf-8")
    assert run_import(project, str(capture)) == 0
    out = capsys.readouterr().out
    assert re.search(r"content/stories/2099/2099-08-07-[a-z-]+\.md:\d+: date: 2099-08-07 is in the future.*ยังมาไม่ถึง", out)
