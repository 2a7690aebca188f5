"""`wongrian new`: flags, Thai questions in a terminal, and suggestions from the registries."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
from pathlib import Path

import pytest
import yaml

from generator.build import check_project
from generator.cli import main
from generator.config import load_config
from generator.errors import ContentErrors, Problems
from generator.load import split_front_matter
from generator.registry import load_registry
from generator.stories import SCAFFOLD_TEXT
from generator.contrib.scaffold import Answers, Interview, interview
from generator.contrib.suggest import Suggester, match_rank

from conftest import ROOT


@pytest.fixture(scope="module")
def suggester():
    problems = Problems()
    return Suggester(load_registry(ROOT, load_config(ROOT, problems), problems))


def front(path: Path) -> dict:
    return yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8"))[0])


# -- flags --------------------------------------------------------------------------------------

def test_flags_write_a_commented_story_that_passes_check(tmp_site, capsys):
    root = tmp_site()
    code = main(["new", "--root", str(root), "--title", "วงเรียนรู้บัญชีครัวเรือน", "--date", "3 พ.ค. 51",
                 "--circle", "tambon", "--role", "คุณอำนวย", "--agency", "พช.อำเภอเมือง",
                 "--area", "ต.ท่าซัก อ.เมือง", "--tag", "บัญชีครัวเรือน"])
    assert code == 0
    rel = capsys.readouterr().out.strip()
    assert rel == "content/stories/2008/2008-05-03-wong-rianru-banchi-khruaruean.md"
    text = (root / rel).read_text(encoding="utf-8")
    assert "# ระดับวง: province (จังหวัด)" in text and "# ผู้เขียน: ใช้บทบาทและหน่วยงาน ไม่ใช้ชื่อบุคคล" in text
    assert front(root / rel)["date"] == "3 พฤษภาคม 2551"
    assert_placeholder_blocks_strict_check(root, root / rel)


def assert_placeholder_blocks_strict_check(root: Path, path: Path) -> None:
    """The scaffold's placeholder lines warn in check and fail --strict until replaced."""
    assert [(w.field, w.en) for w in check_project(root).warnings] == [
        ("body", f'the placeholder text "{t}" is still here') for t in SCAFFOLD_TEXT]
    with pytest.raises(ContentErrors) as caught:
        check_project(root, strict=True)
    assert {e.line for e in caught.value.errors} == {
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line in SCAFFOLD_TEXT}
    text = path.read_text(encoding="utf-8")
    for placeholder in SCAFFOLD_TEXT:
        text = text.replace(placeholder, "วันนี้วงเรียนรู้คุยกันเรื่องบัญชีครัวเรือน")
    path.write_text(text, encoding="utf-8")
    check_project(root, strict=True)


def test_flags_report_problems_and_never_overwrite(tmp_site, capsys):
    root = tmp_site()
    base = ["new", "--root", str(root), "--title", "ทดสอบ", "--date", "2008-05-03", "--circle", "tambon"]
    assert main([*base, "--agency", "พชช."]) == 1
    assert 'ไม่รู้จักหน่วยงาน "พชช."' in capsys.readouterr().err
    assert main([*base[:5], "--date", "31 ก.พ. 51", *base[7:]]) == 1
    assert main(base) == 0 and main(base) == 1
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize("flag", ["--title", "--summary", "--agency", "--tag"])
def test_an_argument_that_is_not_utf8_is_refused_and_no_file_is_left(tmp_site, capsys, flag):
    """A TIS-620 terminal's bytes reach Python as surrogates (os.fsdecode): writing them failed
    after the story file was created, leaving it empty."""
    root = tmp_site()
    args = {"--title": "ทดสอบ", "--date": "2008-05-03", "--circle": "tambon"}
    args[flag] = os.fsdecode(b"\xb7\xb4\xca\xcd\xba")  # ทดสอบ in TIS-620
    assert main(["new", "--root", str(root), *(x for pair in args.items() for x in pair)]) == 1
    assert f"{flag[2:]}: not UTF-8 text" in capsys.readouterr().err
    assert not list((root / "content" / "stories").rglob("*.md"))


def test_missing_flags_outside_a_terminal_is_an_error(tmp_site, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["new", "--root", str(tmp_site()), "--title", "ทดสอบ"]) == 2
    assert "ต้องระบุ --title --date และ --circle" in capsys.readouterr().err


# -- questions in Thai ------------------------------------------------------------------------------

def scripted(answers: list[str]):
    said, asked, queue = [], [], list(answers)

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return queue.pop(0)
    return ask, said.append, said, asked


def test_interview_asks_for_what_flags_left_out(suggester):
    ask, say, said, asked = scripted([
        "วงเรียนรู้ทดสอบ", "31 ก.พ. 51", "3 พ.ค. 51", "9", "4", "2, คุณกิจ", "",
        "พช", "1", "อบต.ท่าซ", "1", "สาสุข", "",
        "ปากแพรก", "1", "หมู่ 3 ท่าซัก", "", "บัญชีครัวเรือน, ออมทรัพย์", "สรุปสั้น"])
    got = Interview(ask, say, suggester).run(Answers())
    assert got == Answers(
        title="วงเรียนรู้ทดสอบ", date="2008-05-03", circle="tambon", roles=["คุณอำนวย", "คุณกิจ"],
        author="คุณอำนวย", agencies=["กรมการพัฒนาชุมชน", "องค์การบริหารส่วนตำบลท่าซัก", "กระทรวงสาธารณสุข"],
        areas=["ต.ปากแพรก อ.ทุ่งสง", "หมู่ 3 ต.ท่าซัก อ.เมืองนครศรีธรรมราช"],
        tags=["บัญชีครัวเรือน", "ออมทรัพย์"], summary="สรุปสั้น")
    assert any("ไม่มีวันที่ 31/2/2551" in s for s in said)          # a bad date is asked again
    assert any(s == "ตอบเป็นหมายเลข 1–5" for s in said)
    assert any("1) กรมการพัฒนาชุมชน (พช.)" in s for s in said)     # a numbered pick list
    assert all("ผู้เขียน" not in p or "ไม่ใช่ชื่อบุคคล" in p for p in asked)


def test_flags_given_are_not_asked_again(suggester):
    ask, say, said, asked = scripted(["", "", "", "", "", ""])
    given = Answers(title="มีแล้ว", date="2008-05-03", circle="amphoe", agencies=["พช."], areas=["อ.ทุ่งสง"])
    got = Interview(ask, say, suggester).run(given)
    assert (got.title, got.circle, got.agencies) == ("มีแล้ว", "amphoe", ["พช."])
    assert not any("ชื่อบันทึก" in p or "ระดับวง" in p or "หน่วยงาน (" in p for p in asked)


def test_default_date_is_today_in_a_terminal(suggester):
    ask, say, _, asked = scripted(["ชื่อ", "", "1", "", "", "", "", "", ""])
    got = Interview(ask, say, suggester, today=dt.date(2008, 5, 3)).run(Answers())
    assert got.date == "2008-05-03" and "วันนี้ 3 พฤษภาคม 2551" in asked[1]


def test_run_in_a_terminal_asks_and_writes(tmp_site, monkeypatch, capsys):
    root = tmp_site()
    replies = iter(["วงเรียนรู้จากคำถาม", "2008-06-01", "4", "2", "", "ท่าซัก", "", "ท่าซัก", "", "", ""])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(replies))
    monkeypatch.setattr("sys.stdin", type("TTY", (), {"isatty": lambda self: True})())
    assert main(["new", "--root", str(root)]) == 0
    rel = capsys.readouterr().out.strip().splitlines()[-1]
    meta = front(root / rel)
    assert meta["agencies"] == [] and meta["areas"] == ["ต.ท่าซัก อ.เมืองนครศรีธรรมราช"]
    assert_placeholder_blocks_strict_check(root, root / rel)


def test_tab_completion_offers_registry_names(suggester):
    session = Interview(lambda p: "", lambda s: None, suggester)
    assert session.complete("อบต.ท่าซ", 0) is None  # only while agencies or areas are asked
    session.kind = "agencies"
    found = [session.complete("อบต.ท่าซ", n) for n in range(5)]
    assert "อบต.ท่าซัก" in found and found[-1] is None
    session.kind = "areas"
    assert session.complete("ต.ท่าซ", 0).startswith("ต.ท่าซ")


# -- suggestions -----------------------------------------------------------------------------------

def test_prefix_and_abbreviation_without_dots(suggester):
    assert suggester.agencies("พช")[0].write == "กรมการพัฒนาชุมชน"
    assert suggester.agencies("สำนักงานพัฒนาชุมชนจ")[0].id == "cdd_province"
    assert suggester.agencies("สาสุข")[0].id == "moph"  # a known misspelling
    assert match_rank("พช", "พช.") is not None and match_rank("xyz", "พช.") is None


def test_local_units_from_a_prefix_and_a_place(suggester):
    choices = suggester.agencies("อบต.ท่า")
    assert {c.id for c in choices} >= {"sao-800121"}
    assert all(c.id.startswith("sao-") for c in choices)
    both = suggester.agencies("รพ.สต.ปากแพรก")
    assert {c.id for c in both} == {"shph-800901", "shph-801217"}
    assert all(c.write.endswith(("อ.ทุ่งสง", "อ.ปากพนัง")) for c in both)  # unambiguous names


def test_every_suggestion_resolves_to_its_id(suggester):
    resolvers = suggester.resolvers
    for text in ("พช", "กศน", "อบต.ท่า", "สสอ.ทุ่ง", "มวล", "รพ.สต.ปากแพรก"):
        for choice in suggester.agencies(text):
            assert resolvers.agencies.resolve(choice.write) == choice.id, choice
    for text in ("ท่าซ", "ต.ปาก", "อ.ทุ่ง", "หมู่ 2 ท่าซัก", "นครศรี", "800121"):
        for choice in suggester.areas(text):
            assert resolvers.areas.resolve(choice.write) == choice.id, choice


def test_area_markers_narrow_the_level(suggester):
    assert [c.id for c in suggester.areas("อ.ท่าศาลา")] == ["8008"]
    assert all(len(c.id) == 6 for c in suggester.areas("ต.ท่า"))
    assert [c.write for c in suggester.areas("หมู่ 3 ท่าซัก")] == ["หมู่ 3 ต.ท่าซัก อ.เมืองนครศรีธรรมราช"]
    assert suggester.areas("ไม่มีที่ไหนชื่อนี้") == []


def test_interview_default_uses_the_terminal(monkeypatch, tmp_site):
    replies = iter(["ชื่อ", "2008-05-03", "1", "", "", "", "", "", ""])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(replies))
    got = interview(tmp_site(), Answers(), say=lambda s: None)
    assert (got.title, got.circle) == ("ชื่อ", "province")


@pytest.mark.parametrize("typed, first", [
    ("อบต.ปากพูล", "sao-800120"), ("สาธารณะสุข", "moph"), ("นายอำเภอทุ่งสง", "dopa_amphoe-8009"),
])
def test_agency_suggestions_fall_back_to_thai_spelling(suggester, typed, first):
    assert suggester.agencies(typed)[0].id == first


def test_area_suggestions_fall_back_to_thai_spelling(suggester):
    assert [c.id for c in suggester.areas("ปากพูล")] == ["800120"]
    assert suggester.areas("ต.ท่าซก")[0].write == "ต.ท่าซัก อ.เมืองนครศรีธรรมราช"


@pytest.mark.parametrize("value", ["ทดสอบ\u2028slug: other", "ทดสอบ\x85", "ทด\u202eสอบ", "ทด\u2066สอบ"])
def test_what_check_refuses_in_a_value_new_refuses_before_writing(tmp_site, capsys, value):
    """YAML reads U+2028, U+2029 and U+0085 as line breaks; check refuses them and the
    text-direction overrides, so the story `new` wrote would not pass."""
    root = tmp_site()
    assert main(["new", "--root", str(root), "--title", value, "--date", "2008-05-03",
                 "--circle", "tambon", "--tag", value]) == 1
    assert "title: one line of text" in capsys.readouterr().err
    assert not list((root / "content" / "stories").rglob("*.md"))


def test_a_slug_too_long_for_a_file_name_is_refused(tmp_site, capsys):
    root = tmp_site()
    assert main(["new", "--root", str(root), "--title", "ทดสอบ", "--date", "2008-05-03",
                 "--circle", "tambon", "--slug", "-".join(["tha-sak"] * 40)]) == 1
    assert "at most 80 characters" in capsys.readouterr().err
    assert not list((root / "content" / "stories").rglob("*.md"))
