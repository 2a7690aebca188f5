"""Reading GotoKnow captures: the three footer forms, tags, lead, boilerplate and comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.privacy import find_personal
from generator.contrib.gotoknow import Post, parse_post, plain_text
from generator.contrib.gotoknow_comments import (is_signature, looks_like_name, name_shaped, read_comments,
                                                 redact, split_comments)

FIXTURES = Path(__file__).parent / "fixtures" / "gotoknow"


def post(name: str) -> Post:
    return parse_post((FIXTURES / name).read_text(encoding="utf-8"))


def test_thai_footer_glued_with_ce_year_and_thai_month():
    p = post("thai_footer.txt")
    assert p.footer == "thai"
    assert p.number == "512345"
    assert p.written == dt.date(2008, 3, 9)
    assert p.edited == dt.date(2012, 6, 1)
    assert p.comment_count == 3
    assert p.title == "วงเรียนรู้บัญชีครัวเรือนที่ตำบลท่าซัก"


def test_english_footer_with_tags_line_and_byline():
    p = post("english_footer.txt")
    assert (p.footer, p.number) == ("english", "65432")
    assert (p.written, p.edited) == (dt.date(2007, 2, 15), dt.date(2012, 3, 3))
    assert p.tags == ("กลุ่มออมทรัพย์", "สวัสดิการชุมชน")
    assert p.group == "เครือข่ายคุณอำนวยทดสอบ"
    assert p.comment_count == 2
    assert not any("บันทึกนี้เขียนที่" in line or "คำสำคัญ" in line for line in p.body)


def test_no_footer_comment_count_glued_to_byline():
    p = post("no_footer.txt")
    assert p.footer == "none"
    assert p.number == "" and p.written is None and p.edited is None
    assert p.group == "ชุมชนคนทำงานทดสอบ"
    assert p.comment_count == 0 and p.comments == ()
    assert p.body[-1] == "เราจะกลับมาดูกันใหม่อีกครั้งหลังฤดูเก็บเกี่ยว"


def test_lead_repeated_in_body_is_not_duplicated():
    p = post("thai_footer.txt")
    assert p.lead.startswith("แกนนำแปดคนของหมู่ 3")
    assert p.body_has_lead
    assert p.body[0].startswith("เช้าวันนี้")
    assert sum(p.lead in line for line in p.body) == 1  # the author's own repetition stays


def test_lead_not_repeated_stays_in_body():
    p = parse_post("ชื่อเรื่อง\n\nย่อหน้าแรกที่ไม่ซ้ำที่ไหนเลยในบันทึกนี้\n\nย่อหน้าที่สอง\n")
    assert p.lead == "ย่อหน้าแรกที่ไม่ซ้ำที่ไหนเลยในบันทึกนี้"
    assert p.body == ("ย่อหน้าแรกที่ไม่ซ้ำที่ไหนเลยในบันทึกนี้", "ย่อหน้าที่สอง")


def test_body_keeps_the_authors_words_and_drops_boilerplate():
    p = post("thai_footer.txt")
    text = "\n".join(p.body)
    assert "สิ่งที่ได้เรียนรู้ *สำคัญ* คือ" in text  # as written; escaped only when rendered
    for boiler in ("LINE ID", "ClassStart", "หมายเลขบันทึก", "สัญญาอนุญาต", "ความเห็น ("):
        assert boiler not in text


def test_comments_without_names_ip_or_dates():
    p = post("english_footer.txt")
    joined = "\n".join(x for c in p.comments for x in c.paragraphs)
    assert [c.reader for c in p.comments] == [1, 2]
    assert "อยากทราบว่ากลุ่มตั้งกติกาการกู้อย่างไร" in joined
    for private in ("นายทดสอบ", "นามสมมุติ", "ใบเตย", "IP", "203.0.113", "10:12", "reader@example.org"):
        assert private not in joined


def test_masked_ip_line_and_name_before_it_are_dropped():
    p = post("thai_footer.txt")
    joined = "\n".join(x for c in p.comments for x in c.paragraphs)
    for private in ("สมปอง", "ใจงาม", "xxx.12.34.56", "น้องฝน", "081-234-5678"):
        assert private not in joined
    assert len(p.comments) == 3
    assert p.comments[1].paragraphs == ("เรียนคุณอำนวย", "ขอนำวิธีนี้ไปใช้ที่ตำบลของเราบ้างนะคะ")


@pytest.mark.parametrize("line", ["ภัช", "สมศรี มีสุข", "น้องแอน", "ครูนง", "- นายสมชาย ใจดี", "ดร.วิภา"])
def test_names_at_the_end_of_a_comment_are_signatures(line):
    lines = ["ขอบคุณสำหรับบันทึกค่ะ", "", line, "", "สวัสดีค่ะ", "ข้อความต่อไป"]
    assert is_signature(lines, 2)
    assert line.strip("- ") not in str(split_comments("\n".join(lines)))


@pytest.mark.parametrize("line", ["ขอติดตามเรียนรู้และนำมาปรับใช้ขยายต่อ", "เห็นด้วยค่ะ", "ขอบคุณครับ",
                                  "สวัสดีค่ะคุณครู", "ราคา 12,000 บาท", "เกษตร/สาสุขลงพื้นที่"])
def test_sentences_are_not_names(line):
    assert not (name_shaped(line) and looks_like_name(line))
    assert not is_signature(["ข้อความแรก", "", line, "", "ข้อความถัดไปที่ไม่ใช่คำทักทาย"], 2)


def test_poem_lines_in_a_comment_are_kept():
    poem = "ท่านผู้ว่าหนุนส่ง\nครูราญลงติดตาม\nแนวทางชุมชนอินทรีย์คงงอกงาม\nขอติดตามเรียนรู้และนำมาปรับใช้ขยายต่อ"
    comments = split_comments("สวัสดีค่ะ\n\n" + poem.replace("\n", "\n\n"))
    kept = [x for c in comments for x in c.paragraphs]
    assert "ครูราญลงติดตาม" in kept and "ขอติดตามเรียนรู้และนำมาปรับใช้ขยายต่อ" in kept


@pytest.mark.parametrize("name", ["ภัช", "ครูต้อย (กศน.)", "แดง99", "krunong", "Somchai J.", "ติ๋ว 😊",
                                  "พระครูสุธรรม", "ว่าที่ร.ต.สมพงษ์", "nong_km", "Dr. Wichai", "คนบ้านนอก",
                                  "ยายจ๋า", "~ น้ำฝน ~"])
@pytest.mark.parametrize("before", ["อ่านแล้วชอบมากเลยค่ะ", "อ่านแล้วได้แนวคิด"])
def test_a_name_before_a_comment_that_does_not_greet_is_dropped(name, before):
    text = f"{before}\n\n{name}\n\nบันทึกนี้มีประโยชน์มาก\n\nสมหญิง\n"
    comments, readers = read_comments(text)
    kept = [x for c in comments for x in c.paragraphs]
    assert kept == [before, "บันทึกนี้มีประโยชน์มาก"]
    assert [c.reader for c in comments] == [1, 2] and readers[0][0] == name.strip("~ ")


@pytest.mark.parametrize("name", ["พยาบาลวิชาชีพ รพ.สต.ไชยมนตรี", "ผอ.รพ.สต.บ้านนา", "ครูกศน.ต.กลาย",
                                  "จนท.รพ.สต.ท่าซัก"])
def test_a_signature_with_an_agency_abbreviation_is_dropped(name):
    comments, readers = read_comments(f"ชอบข้อนี้มากค่ะ\n\n{name}\n\nขอบคุณครับ เดี๋ยวส่งร่างไปให้ครับ\n\nผู้เขียน\n")
    assert [c.paragraphs for c in comments] == [("ชอบข้อนี้มากค่ะ",), ("ขอบคุณครับ เดี๋ยวส่งร่างไปให้ครับ",)]
    assert readers[0] == (name, 1)
    assert not name_shaped("ธ.ก.ส.") and not name_shaped("ม.ค.-มี.ค.")  # abbreviations alone


@pytest.mark.parametrize("text", ["เป็นกิจกรรมที่ดีมาก ชาวบ้านได้ประโยชน์", "ยอดเยี่ยม ขอชื่นชมทีมงาน"])
def test_a_one_line_comment_of_phrases_before_its_signature_is_kept(text):
    comments, readers = read_comments(f"ดีครับ\n\nป้าแดง\n\n{text}\n\nครูต้อย\n")
    assert [c.paragraphs for c in comments] == [("ดีครับ",), (text,)]
    assert readers == (("ป้าแดง", 1), ("ครูต้อย", 2))
    assert read_comments(f"{text}\n\nครูต้อย\n")[0][0].paragraphs == (text,)
    named = read_comments("ดีครับ\n\nป้าแดง\n\nIP: x\n\nสมศรี มีสุข\n\nครูต้อย\n")[0]  # a name stays out
    assert [c.paragraphs for c in named] == [("ดีครับ",)]


def test_when_unsure_a_name_shaped_last_line_is_dropped():
    comments = split_comments("ดีมากครับ\n\nสมหมาย")
    assert comments[0].paragraphs == ("ดีมากครับ",)


def test_personal_data_is_redacted_in_comments():
    assert redact("โทร 02-123-4567 หรือ 0812345678") == "โทร [ลบข้อมูลส่วนบุคคล] หรือ [ลบข้อมูลส่วนบุคคล]"
    assert "[ลบข้อมูลส่วนบุคคล]" in redact("บัตร 1-2345-67890-12-3")
    assert redact("แอดมาคุยได้ค่ะ LINE ID: nok_1234 นะคะ") == "แอดมาคุยได้ค่ะ LINE ID: [ลบข้อมูลส่วนบุคคล] นะคะ"


@pytest.mark.parametrize("line", [
    "โทรมาที่ +66 81 234 5678 ได้ค่ะ", "โทร ๐๘๑-๒๓๔-๕๖๗๘ ครับ", "เบอร์ ๐๘๙๑๒๓๔๕๖๗", "08-1234-5678 หรือ 081.234.5678",
    "(081) 234 5678", "เลขบัตร ๑๑๐๑๗๐๐๒๓๔๕๖๑", "mail: Somchai.K@Example.co.th"])
def test_comments_keep_nothing_the_privacy_check_would_flag(line):
    redacted = redact(line)
    assert "[ลบข้อมูลส่วนบุคคล]" in redacted and not find_personal(redacted)


@pytest.mark.parametrize("text, plain", [
    ("<script>alert(1)</script>ชื่อ <b>หนา</b>", "ชื่อ หนา"), ("&lt;script&gt;x&lt;/script&gt;ชื่อ", "ชื่อ"),
    ("a < b และ c > d", "a < b และ c > d"), ("ก &amp; ข", "ก & ข"), ("<svg onload=x><text>t</text></svg>y", "y"),
    ("วงเรียนรู้ (1)", "วงเรียนรู้ (1)")])
def test_titles_and_tags_as_plain_text(text, plain):
    assert plain_text(text) == plain


def test_carriage_returns_and_zero_width_spaces():
    text = (FIXTURES / "thai_footer.txt").read_text(encoding="utf-8")
    p = parse_post("\ufeff" + text.replace("\n", "\r\n").replace("ท่าซัก", "ท่า\u200bซัก"))
    assert p == post("thai_footer.txt")


SEEDS = next((p / "shared" / "seeds" for p in Path(__file__).resolve().parents  # also from a worktree
              if (p / "shared" / "seeds").is_dir()), Path("shared") / "seeds")


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds is not on this machine")
def test_seed_posts_parse():
    posts = [parse_post(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    assert posts and all(p.title and p.body for p in posts)
    assert {p.footer for p in posts} <= {"thai", "english", "none"}
    for p in posts:
        assert p.written or p.footer == "none"
        assert not any("LINE ID" in line or "ClassStart" in line for line in p.body)


@pytest.mark.parametrize("footer, written, edited", [
    ("เขียนเมื่อ วันที่ 5 มกราคม พ.ศ. 2552 10:30 น. ()แก้ไขเมื่อ วันที่ 7 มกราคม พ.ศ. 2552 11:00 น.",
     dt.date(2009, 1, 5), dt.date(2009, 1, 7)),
    ("เขียนเมื่อ วันอาทิตย์ที่ 9 มีนาคม 2551", dt.date(2008, 3, 9), None),
    ("เขียนเมื่อ 08:05 น. 9 มี.ค. 51", dt.date(2008, 3, 9), None),
    ("เขียนเมื่อ ๙ มี.ค. ๒๕๕๑ ๐๘:๐๕ น.", dt.date(2008, 3, 9), None),
    (", เขียน: 9 Mar 08 @ 08:05 (), แก้ไข: 1 Jun 12 @ 10:00 ()", dt.date(2008, 3, 9), dt.date(2012, 6, 1)),
    ("เขียนเมื่อ: 3 พฤษภาคม 2551", dt.date(2008, 5, 3), None),
    ("เขียนเมื่อ วันที่ 3 เดือนพฤษภาคม พ.ศ.2551", dt.date(2008, 5, 3), None),
    (", เขียน: Sat, 3 May 2008 @ 10:00 (), แก้ไข: Sun, 4 May 2008", dt.date(2008, 5, 3), dt.date(2008, 5, 4))])
def test_footer_dates_in_other_thai_forms(footer, written, edited):
    p = parse_post(f"ชื่อเรื่อง\n\nนำเรื่อง\n\nเนื้อเรื่อง\n\nหมายเลขบันทึก: 300002{footer}\n")
    assert (p.number, p.written, p.edited) == ("300002", written, edited)


@pytest.mark.parametrize("line, tags", [
    ("คำสำคัญ (Tags): บัญชีครัวเรือน, ออมทรัพย์", ("บัญชีครัวเรือน", "ออมทรัพย์")),
    ("คำสำคัญ (Tags)\n#บัญชีครัวเรือน#ออมทรัพย์", ("บัญชีครัวเรือน", "ออมทรัพย์")),
    ("คำสำคัญ (Tags)\nบัญชีครัวเรือน\nออมทรัพย์\nท่าซักหมายเลขบันทึก: 1", ("บัญชีครัวเรือน", "ออมทรัพย์", "ท่าซัก")),
    ("คำสำคัญ (Tags)#KM#km#ท่าซัก#Km", ("KM", "ท่าซัก")),
    ("คำสำคัญ (Tags)\nบัญชี\nวันนี้เราได้คุยกันเรื่องการออมเงินในหมู่บ้านอย่างยาวนานมาก\nหมายเลขบันทึก: 1", ("บัญชี",)),
    ("คำสำคัญ (Tags) บัญชีครัวเรือน ออมทรัพย์", ("บัญชีครัวเรือน", "ออมทรัพย์")),
    ("คำสำคัญ (Tags)#บัญชีครัวเรือน#ออมทรัพย์หมายเลขบันทึก: 1", ("บัญชีครัวเรือน", "ออมทรัพย์")),
    ("คำสำคัญ (Tags)\n#บัญชีครัวเรือน\n\n#ออมทรัพย์\n#ท่าซัก\nหมายเลขบันทึก: 1", ("บัญชีครัวเรือน", "ออมทรัพย์", "ท่าซัก"))])
def test_tags_after_a_colon_or_on_the_next_lines(line, tags):
    p = parse_post(f"ชื่อเรื่อง\n\nนำเรื่อง\n\nเนื้อเรื่อง\n\n{line}\n")
    assert p.tags == tags


def test_comments_heading_inside_a_sentence_of_the_body_does_not_end_the_post():
    text = ("ชื่อเรื่อง\n\nนำเรื่อง\n\nผมขอแสดงความเห็น (1) ว่าดี\n\nย่อหน้าสุดท้าย\n\n"
            "หมายเลขบันทึก: 42เขียนเมื่อ 9 มีนาคม 2008 08:05 น. ()\n\nความเห็น (1)\n\nดีครับ\n")
    p = parse_post(text)
    assert p.body[-2:] == ("ผมขอแสดงความเห็น (1) ว่าดี", "ย่อหน้าสุดท้าย")
    assert (p.number, p.comment_count, len(p.comments)) == ("42", 1, 1)
    glued = parse_post("ชื่อเรื่อง\n\nนำเรื่อง\n\nเนื้อ\n\nบันทึกนี้เขียนที่ GotoKnow โดย  ใน กลุ่มความเห็น (2)\n\nดีครับ\n")
    assert (glued.body, glued.group, glued.comment_count) == (("นำเรื่อง", "เนื้อ"), "กลุ่ม", 2)


@pytest.mark.parametrize("after", ["", "\nความเห็น (2)\n\nดีมากครับ\n\nสมหมาย ใจดี\n\nชอบค่ะ\n"])
def test_a_comment_count_glued_to_the_byline_above_the_footer_is_only_a_count(after):
    p = parse_post("ชื่อเรื่อง\n\nนำเรื่อง\n\nเนื้อ\n\nบันทึกนี้เขียนที่ GotoKnow โดย  ใน กลุ่มความเห็น (2)\n"
                   "คำสำคัญ (Tags)#ออมทรัพย์#สวัสดิการ\nหมายเลขบันทึก: 42เขียนเมื่อ 9 มีนาคม 2008 08:05 น. ()\n" + after)
    assert (p.number, p.written, p.tags, p.group) == ("42", dt.date(2008, 3, 9), ("ออมทรัพย์", "สวัสดิการ"), "กลุ่ม")
    assert p.comment_count == 2 and [c.paragraphs for c in p.comments] == ([("ดีมากครับ",), ("ชอบค่ะ",)] if after else [])


def test_the_sites_menu_saved_above_the_title_is_dropped():
    p = parse_post("GotoKnow / เข้าสู่ระบบ / สมัครสมาชิก\nGotoKnow\n\nชื่อเรื่องจริง\n\nนำเรื่อง\n\nเนื้อเรื่อง\n")
    assert (p.title, p.lead) == ("ชื่อเรื่องจริง", "นำเรื่อง")
    assert parse_post("GotoKnow กับชุมชน\n\nนำ\n\nเนื้อ\n").title == "GotoKnow กับชุมชน"


def test_body_lines_that_name_the_footer_tags_or_comments_stay_in_the_body():
    body = ("ในการอบรม วิทยากรชี้ให้ดูคำว่า", "หมายเลขบันทึก: คือเลขของแต่ละเรื่อง", "ความเห็น (2)",
            "ใต้ข้อความนั้นคือส่วนที่ผู้อ่านเขียนตอบ", "คำสำคัญ (Tags) ใช้ช่วยค้นหา", "บรรทัดสุดท้ายของเนื้อเรื่อง")
    p = parse_post("ชื่อเรื่อง\n\nนำเรื่อง\n\n" + "\n".join(body) + "\n\nบันทึกนี้เขียนที่ GotoKnow โดย  ใน กลุ่ม\n"
                   "คำสำคัญ (Tags)#ออมทรัพย์\nหมายเลขบันทึก: 42เขียนเมื่อ 9 มีนาคม 2008 08:05 น. ()\n"
                   "ความเห็น (1)\n\nดีมากครับ\n")
    assert p.body == ("นำเรื่อง", *body)
    assert (p.number, p.written, p.tags, p.group) == ("42", dt.date(2008, 3, 9), ("ออมทรัพย์",), "กลุ่ม")
    assert (p.comment_count, [c.paragraphs for c in p.comments]) == (1, [("ดีมากครับ",)])
    above = parse_post("ชื่อเรื่อง\n\nนำเรื่อง\n\nเนื้อ\n\nความเห็น (3)\n\nหมายเลขบันทึก: 42เขียนเมื่อ 9 มีนาคม 2008\n")
    assert (above.body, above.comment_count) == (("นำเรื่อง", "เนื้อ"), 3)


@pytest.mark.parametrize("first, second", [("1. สมศรี ดีใจ", "2. วิชัย"), ("#1 สมศรี ดีใจ", "#2 วิชัย"),
                                           ("ความเห็นที่ 1 โดย สมศรี ดีใจ", "ความเห็นที่ 2 โดย วิชัย")])
def test_a_numbered_heading_with_the_writers_name_names_the_comment_below_it(first, second):
    comments, readers = read_comments(f"{first}\nเมื่อ 15 ก.พ. 2550 @ 10:12\nดีมากค่ะ\n\n{second}\n"
                                      "เมื่อ 16 ก.พ. 2550 @ 10:12\nชอบครับ ขอบคุณคุณสมศรีด้วย\n")
    assert [(c.reader, c.paragraphs) for c in comments] == [
        (1, ("ดีมากค่ะ",)), (2, ("ชอบครับ ขอบคุณคุณสมศรีด้วย",))]
    assert readers == (("สมศรี ดีใจ", 1), ("วิชัย", 2))


@pytest.mark.parametrize("signature, name", [
    ("สมศรี 0812345678", "สมศรี"), ("วิชัย โทร 081-234-5678", "วิชัย"), ("สมศรี ดีใจ LINE ID: somsri99", "สมศรี ดีใจ"),
    ("ครูแดง somsri.k@example.com", "ครูแดง"), ("ป้าศรี (โทร. ๐๘๙-๑๒๓-๔๕๖๗)", "ป้าศรี")])
def test_a_signature_followed_by_a_contact_is_dropped_whole(signature, name):
    comments, readers = read_comments(f"ดีมากค่ะ\n{signature}\n\nชอบครับ\nลุงเปลี่ยน\n")
    assert [c.paragraphs for c in comments] == [("ดีมากค่ะ",), ("ชอบครับ",)]
    assert readers == ((name, 1), ("ลุงเปลี่ยน", 2))


@pytest.mark.parametrize("signature, name", [
    ("วิชัย 12/03/2008", "วิชัย"), ("สมศรี ดีใจ 12 มี.ค. 2551", "สมศรี ดีใจ"), ("ครูแดง เมื่อ 3 พ.ค. 51 @ 10:05", "ครูแดง"),
    ("ป้าศรี ๑๕ มีนาคม ๒๕๕๓ ๐๙:๓๐ น.", "ป้าศรี")])
def test_a_signature_followed_by_its_date_is_dropped_whole(signature, name):
    comments, readers = read_comments(f"ดีมากค่ะ\n{signature}\n\nชอบครับ\nลุงเปลี่ยน\n")
    assert [c.paragraphs for c in comments] == [("ดีมากค่ะ",), ("ชอบครับ",)]
    assert readers == ((name, 1), ("ลุงเปลี่ยน", 2))


def test_a_last_line_with_a_count_and_a_year_is_not_taken_for_a_dated_name():
    comments, _ = read_comments("ดีมากค่ะ ขอไปดูงานด้วย\nประชุมกันแล้ว 3 ครั้ง 2550\n\nชอบครับ\nลุงเปลี่ยน\n")
    assert comments[0].paragraphs[0] == "ดีมากค่ะ ขอไปดูงานด้วย\nประชุมกันแล้ว 3 ครั้ง 2550"


def test_without_a_footer_lines_above_the_byline_that_name_tags_or_comments_stay_in_the_body():
    p = parse_post("ชื่อเรื่อง\n\nนำเรื่อง\n\nเนื้อ\nความเห็น (2)\nคำสำคัญ (Tags) ช่วยค้นหา\nบรรทัดสุดท้าย\n\n"
                   "บันทึกนี้เขียนที่ GotoKnow โดย  ใน กลุ่มความเห็น (1)\n\nดีครับ\n")
    assert p.body == ("นำเรื่อง", "เนื้อ", "ความเห็น (2)", "คำสำคัญ (Tags) ช่วยค้นหา", "บรรทัดสุดท้าย")
    assert (p.group, p.comment_count, [c.paragraphs for c in p.comments]) == ("กลุ่ม", 1, [("ดีครับ",)])


def test_a_title_saved_twice_is_not_taken_for_the_lead():
    p = parse_post("ปลูกผักริมรั้วกินได้\n\nปลูกผักริมรั้วกินได้\n\nนำเรื่องของบันทึกนี้ที่ยาวพอ\n\n"
                   "นำเรื่องของบันทึกนี้ที่ยาวพอ และต่อ\nย่อหน้าสอง\n\nหมายเลขบันทึก: 42เขียนเมื่อ 9 มีนาคม 2008\n")
    assert (p.title, p.lead) == ("ปลูกผักริมรั้วกินได้", "นำเรื่องของบันทึกนี้ที่ยาวพอ")
    assert p.body == ("นำเรื่องของบันทึกนี้ที่ยาวพอ และต่อ", "ย่อหน้าสอง")


@pytest.mark.parametrize("line, redacted", [
    ("ขอบคุณค่ะ ไลน์ wanna_s99 ค่ะ", "ขอบคุณค่ะ ไลน์ [ลบข้อมูลส่วนบุคคล] ค่ะ"),
    ("แอดไลน์มาได้ที่ somchai.k นะครับ", "แอดไลน์มาได้ที่ [ลบข้อมูลส่วนบุคคล] นะครับ"),
    ("ติดต่อ Line ID: @abc_school", "ติดต่อ Line ID: [ลบข้อมูลส่วนบุคคล]"),
    ("ขำ 555 ไลน์ 555", "ขำ 555 ไลน์ 555"), ("online learning in line with the plan", "online learning in line with the plan")])
def test_a_readers_line_id_without_a_colon_or_with_an_at_is_redacted_in_comments(line, redacted):
    assert redact(line) == redacted


@pytest.mark.parametrize("line", ["โทร 0-1234-5678 ค่ะ", "ที่บ้าน 0-7535-6789", "มือถือ 0 8123 45678", "0-8123-45678 ครับ"])
def test_phone_numbers_grouped_the_old_way_are_redacted_in_comments(line):
    """Before 2006 a number was written 0-xxxx-xxxx (mobiles had nine digits)."""
    assert "[ลบข้อมูลส่วนบุคคล]" in redact(line) and not any(c.isdigit() for c in redact(line))


def test_dates_and_amounts_in_comments_are_not_taken_for_phone_numbers():
    line = "ประชุมวันที่ 01-12-2550 เวลา 09.00 น. งบ 1,250,000 บาท รหัส 80012103"
    assert redact(line) == line


@pytest.mark.parametrize("line, redacted", [
    ("แอดมาที่ https://line.me/ti/p/~somchai99 นะคะ", "แอดมาที่ [ลบข้อมูลส่วนบุคคล] นะคะ"),
    ("เฟซ facebook.com/somsri.deejai ค่ะ", "เฟซ [ลบข้อมูลส่วนบุคคล] ค่ะ"),
    ("https://www.facebook.com/profile.php?id=100001234567890", "[ลบข้อมูลส่วนบุคคล]"),
    ("ig: instagram.com/kru_yai", "ig: [ลบข้อมูลส่วนบุคคล]"),
    ("ดูที่ www.gotoknow.org/posts/12345 และ https://example.org/x.com/a", None)])
def test_a_readers_page_on_a_social_network_is_redacted_in_comments(line, redacted):
    assert redact(line) == (redacted or line)


def test_a_long_comment_line_without_spaces_is_redacted_in_one_pass():
    """The e-mail pattern was tried from every letter of a run of letters (Thai has no spaces):
    a 100,000-letter line took minutes; each run is tried once now."""
    from generator.contrib.gotoknow_comments import REDACTED, redact

    line = "ก" * 100_000 + " somchai.k@example.org " + "ข" * 100_000
    assert redact(line) == "ก" * 100_000 + f" {REDACTED} " + "ข" * 100_000
