"""The personal-data scan: what is found, what is not (dates, budgets, codes), lines, allow-list."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import check_project
from generator.config import SiteConfig
from generator.contrib.incremental import StoryCache
from generator.errors import ContentErrors, Problems
from generator.privacy import (REDACTED, Allowed, digits, find_personal, public_contacts, redact,
                               valid_id)

from conftest import MINIMAL_CONFIG, story_text

ID = "3100500123458"  # a valid check digit (3-1005-00123-45-8)


def found(text: str, allowed: Allowed = Allowed()) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in find_personal(text, allowed)]


@pytest.mark.parametrize("text", [
    f"เลขบัตร {ID}", "เลขบัตร 3-1005-00123-45-8 ค่ะ", "บัตร3100500123458ครับ", "3 1005 00123 45 8",
    "๓-๑๐๐๕-๐๐๑๒๓-๔๕-๘", "1-2345-67890-12-1"])
def test_national_id_with_valid_check_digit_is_found_in_any_writing(text):
    assert [kind for kind, _ in found(text)] == ["id"]


def test_check_digit():
    assert valid_id(ID) and valid_id("1234567890121")
    assert not valid_id("3100500123457") and not valid_id("123") and not valid_id("12345678901x1")
    assert found("เลข 3-1005-00123-45-7") == []   # wrong check digit: not an ID number


@pytest.mark.parametrize("text, value", [
    ("IP: xxx.12.34.56", "xxx.12.34.56"), ("IP:203.0.113.5", "203.0.113.5"),
    ("ผู้ดูแล 192.168.1.10 แล้ว", "192.168.1.10"), ("2001:db8::1", "2001:db8::1"),
    ("ที่อยู่fe80::1ค่ะ", "fe80::1"), ("2001:0DB8:0:0:0:0:0:7334", "2001:0db8:0:0:0:0:0:7334")])
def test_ip_addresses_and_gotoknow_ip_lines_are_found(text, value):
    assert found(text) == [("ip", value)]


@pytest.mark.parametrize("text", [
    "โทร 081-234-5678", "โทร.0812345678", "08 1234 5678", "(081) 234-5678", "089 123 4567",
    "+66 81 234 5678", "+66-81-234-5678", "+66812345678", "+66 (0) 81 234 5678", "๐๘๑-๒๓๔-๕๖๗๘",
    "06-1234-5678"])
def test_mobile_numbers_in_any_grouping(text):
    [(kind, value)] = found(text)
    assert kind == "mobile" and len(value) == 10 and value[:2] in ("06", "08", "09")


@pytest.mark.parametrize("text, value", [
    ("โทร 01-234-5678", "012345678"), ("มือถือ 0-1234-5678", "012345678"),
    ("09 123 4567", "091234567"), ("(06) 123-4567", "061234567"), ("๐๑-๒๓๔-๕๖๗๘", "012345678"),
    ("+66 1 234 5678", "012345678"), ("0-8123-45678", "0812345678")])
def test_the_nine_digit_mobile_numbers_of_old_posts(text, value):
    """Before 2006 a mobile number had nine digits (01, 06, 09): GotoKnow posts of that time
    wrote them so."""
    assert found(text) == [("mobile", value)]


def test_email_addresses_with_thai_text_glued_to_them():
    assert found("ติดต่อsomchai.k@example.org.") == [("email", "somchai.k@example.org")]
    assert found("ส่งมาที่ Office@Nakhon.GO.TH ค่ะ") == [("email", "office@nakhon.go.th")]


@pytest.mark.parametrize("text", [
    "3 พฤษภาคม 2551", "2008-05-03", "03/05/2551", "10 Jan 2007 @ 11:06", "เวลา 10:30:15 น.",
    "09.00-12.00 น.", "08.30 - 16.30 น.", "งบ 1,234,567 บาท", "หมู่บ้านละ12,000บาท", "ปี 2550-2551",
    "ISBN 978-616-7023-45-2", "ISBN 9786167023452", "รหัสพื้นที่ 800121", "80010100", "ข้อ 1.2.3.4",
    "mkdocs v1.6.1.2", "version 10.2.3.4", "รุ่น 2.10.3.1", "ศูนย์ 075-123-456", "02-123-4567",
    "0-7534-5678", "075 345 678", "1.2.3", "C++ std::vector a::b", "LINE ID @gotoknow", "@somchai",
    "เลขผู้เสียภาษีหน่วยงาน 0994000123456", "0812345678901", "ราคา 12.50 บาท", "หมู่ 3 บ้าน 12/3",
    "ตอนที่ 1:2:3", "01.12.2551", "01-12-2551", "เวลา 09.00-12.00 น.", "09.30 - 16.30", "0 1234"])
def test_no_false_positives_on_dates_budgets_codes_versions_and_landlines(text):
    assert found(text) == []


def test_a_list_of_numbers_separated_by_commas():
    assert found("0812345678,0891234567") == [("mobile", "0812345678"), ("mobile", "0891234567")]


def test_offsets_point_at_the_finding():
    text = "นัดที่ศาลา โทร 081-234-5678 นะ"
    [finding] = find_personal(text)
    assert text[finding.start:finding.end] == "081-234-5678"


def test_redact_removes_ids_and_ips_only():
    text, removed = redact(f"บัตร {ID} โทร 0812345678\nIP: xxx.1.2.3")
    assert text == f"บัตร {REDACTED} โทร 0812345678\n{REDACTED}"
    assert [f.kind for f in removed] == ["id", "ip"]


def test_masked_values_in_messages():
    [id_], [ip] = find_personal(ID), find_personal("IP: 203.0.113.5")
    assert id_.shown() == "3xxxxxxxxxx58" and ip.shown() == "xxx.x.xxx.5"


@pytest.mark.parametrize("text, value", [
    ("ติดต่อ LINE ID: somchai_99 ได้เลย", "somchai_99"), ("ไอดีไลน์ somchai.k ค่ะ", "somchai.k"),
    ("Line id:nok1234", "nok1234"), ("ID Line : bee_kk ครับ", "bee_kk"), ("ไลน์ไอดี   abc", "abc"),
    ("แอดไลน์: Dang-2520 นะ", "dang-2520")])
def test_personal_line_ids_are_found(text, value):
    assert found(text) == [("line", value)]


@pytest.mark.parametrize("text", [
    "LINE ID @gotoknow", "ไลน์: @kmshop", "ออนไลน์: zoom", "online: abc", "ใช้ไลน์กลุ่มหมู่ 3",
    "line 3 ของตาราง", "Line group ของวง"])
def test_official_accounts_and_other_words_are_no_line_id(text):
    assert found(text) == []


def test_a_public_line_id_is_allowed():
    config = SiteConfig(root=Path("."), privacy={"public_contacts": ["line: km_office"]})
    allowed = public_contacts(config, Problems())
    assert found("ไลน์ไอดี km_office หรือ LINE ID: somchai", allowed) == [("line", "somchai")]


def test_public_contacts_are_allowed():
    config = SiteConfig(root=Path("."), privacy={"public_contacts": [
        "081-234-5678", "+66 89 123 4567", "km@nakhon.go.th", "@amphoe.go.th"]})
    problems = Problems()
    allowed = public_contacts(config, problems)
    assert problems.errors == []
    text = ("โทร 0812345678 หรือ 089-123-4567 หรือ 0891111111 อีเมล KM@nakhon.go.th "
            "info@muang.amphoe.go.th other@example.org")
    assert found(text, allowed) == [("mobile", "0891111111"), ("email", "other@example.org")]


def test_unquoted_number_in_public_contacts_is_an_error():
    problems = Problems()
    public_contacts(SiteConfig(root=Path("."), privacy={"public_contacts": [75123456]}), problems)
    [error] = problems.errors
    assert error.field == "privacy.public_contacts" and "ต้องอยู่ในเครื่องหมายคำพูด" in error.th


def test_digits_normalises_thai_digits_and_country_code():
    assert digits("+66 (0) 81 234 5678") == digits("๐๘๑-๒๓๔-๕๖๗๘") == "0812345678"


# -- in the pipeline -----------------------------------------------------------------------------

def test_check_reports_each_finding_at_its_line(tmp_site):
    body = "บรรทัดแรก\n\nโทร 081-234-5678\n\nเลขบัตร 3-1005-00123-45-8\n"
    root = tmp_site({"content/stories/2008/a.md": story_text(
        title="วงเรียนรู้ somchai@example.org", tags=("ทดสอบ", "IP: 10.0.0.1"), body=body)})
    with pytest.raises(ContentErrors) as caught:
        check_project(root)
    [ip_error, id_error] = caught.value.errors
    assert (id_error.line, id_error.field) == (16, "body")
    assert (ip_error.line, ip_error.field) == (9, "tags")
    with pytest.raises(ContentErrors) as caught:
        check_project(root.parent / "project", strict=True)
    where = {(e.line, e.field) for e in caught.value.errors}
    assert where == {(2, "title"), (9, "tags"), (14, "body"), (16, "body")}


def test_warnings_pass_check_and_the_allow_list_silences_them(tmp_site):
    story = {"content/stories/2008/a.md": story_text(body="ศูนย์ประสานงาน โทร 089-123-4567\n")}
    checked = check_project(tmp_site(story))
    assert [(w.field, w.line) for w in checked.warnings] == [("body", 12)]
    assert "public_contacts" in checked.warnings[0].hint_en
    config = MINIMAL_CONFIG + 'privacy:\n  public_contacts: ["089-123-4567"]\n'
    assert check_project(tmp_site(story, config=config), strict=True).warnings == []


def test_nested_front_matter_strings_are_scanned(tmp_site):
    root = tmp_site({"content/stories/2008/a.md": story_text(
        series='{id: s, part: 1, total: 1, title: "ชุด 0812345678"}')})
    [warning] = check_project(root).warnings
    assert (warning.field, warning.line) == ("series", 10)


def test_an_unquoted_id_number_read_as_an_integer_is_found(tmp_site):
    root = tmp_site({"content/stories/2008/a.md": story_text(summary=ID)})
    with pytest.raises(ContentErrors) as caught:
        check_project(root)
    assert [(e.field, e.line) for e in caught.value.errors if "national ID" in e.en] == [("summary", 10)]


def test_serve_cache_scans_each_file_once(tmp_site, monkeypatch):
    import generator.contrib.incremental as incremental

    root = tmp_site({"content/stories/2008/a.md": story_text(body="โทร 0812345678\n")})
    scanned = []
    real = incremental.scan_story
    monkeypatch.setattr(incremental, "scan_story",
                        lambda raw, *args: scanned.append(raw.source) or real(raw, *args))
    cache = StoryCache()
    for _ in range(2):
        checked = check_project(root, read=cache.read, check=cache.check, scan=cache.scan)
        assert [w.field for w in checked.warnings] == ["body"]
    assert scanned == ["content/stories/2008/a.md"]
    config = MINIMAL_CONFIG + 'privacy:\n  public_contacts: ["0812345678"]\n'
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    assert check_project(root, read=cache.read, check=cache.check, scan=cache.scan).warnings == []
    assert len(scanned) == 2  # a new allow-list scans again


def test_sample_content_has_no_personal_data():
    root = Path(__file__).resolve().parents[1]
    checked = check_project(root)
    assert not [w for w in checked.warnings if w.field == "body" or "public_contacts" in w.hint_en]
