"""Commenters' names hidden everywhere: full and given names, honorifics glued, words kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.contrib.gotoknow import parse_post
from generator.contrib.gotoknow_comments import read_comments
from generator.contrib.pseudonyms import Pseudonyms, hide_readers, name_parts

FIXTURES = Path(__file__).parent / "fixtures" / "gotoknow"
NAMES = Pseudonyms({"สมปอง ใจงาม": 1, "ทิพวัลย์ สีจันทร์": 2, "น้องฝน": 3, "- ดร.วิภา": 4})


@pytest.mark.parametrize("signature, parts", [
    ("สมปอง ใจงาม", ("สมปอง", "ใจงาม")), ("น้องฝน", ("ฝน",)), ("- ดร.วิภา", ("วิภา",)),
    ("นางสาวใบเตย ดีใจ", ("ใบเตย", "ดีใจ")), ("โดย อาจารย์ สมชาย", ("สมชาย",))])
def test_name_parts_drop_dashes_and_honorifics(signature, parts):
    assert name_parts(signature) == parts


@pytest.mark.parametrize("text, hidden", [
    ("เห็นด้วยกับคุณสมปองค่ะ", "เห็นด้วยกับผู้อ่าน 1ค่ะ"),
    ("สมปองใจงามพูดถูก", "ผู้อ่าน 1พูดถูก"),
    ("นายสมปอง ใจงาม เล่าว่า", "ผู้อ่าน 1 เล่าว่า"),
    ("และสมปองก็ว่าดี", "และผู้อ่าน 1ก็ว่าดี"),
    ("ขอบคุณอาจารย์ทิพวัลย์ค่ะ", "ขอบคุณผู้อ่าน 2ค่ะ"),
    ("เห็นด้วยกับทิพวัลย์ค่ะ", "เห็นด้วยกับผู้อ่าน 2ค่ะ"),
    ("ขอบใจน้องฝนครับ", "ขอบใจผู้อ่าน 3ครับ"),
    ("พี่ ฝน ก็มา", "ผู้อ่าน 3 ก็มา"),
    ("ฝน บอกว่า", "ผู้อ่าน 3 บอกว่า"),
    ("อ.วิภา ว่าอย่างไร", "ผู้อ่าน 4 ว่าอย่างไร"),
])
def test_names_are_replaced_with_and_without_honorifics(text, hidden):
    assert NAMES.apply(text) == (hidden, 1)


@pytest.mark.parametrize("text", [
    "หน้าฝนนี้ฝนตกมาก", "ฤดูฝน ดี", "คุณภาพชีวิตดีขึ้น", "ทวิภาคีร่วมกัน", "คุณอำนวยและคุณกิจ",
    "วิภาษวิธี", "ขอบคุณครับ"])
def test_ordinary_words_and_km_roles_are_kept(text):
    assert NAMES.apply(text) == (text, 0)


def test_a_role_word_is_never_a_name():
    names = Pseudonyms({"อำนวย สุขใจ": 1})
    assert names.apply("คุณอำนวยเล่าว่า อำนวย สุขใจ มาด้วย") == ("คุณอำนวยเล่าว่า ผู้อ่าน 1 มาด้วย", 1)


@pytest.mark.parametrize("signature", ["นายอำเภอ (เกษียณ)", "ครูใหญ่", "พี่เลี้ยง"])
def test_a_title_signed_hides_no_word_of_the_post(signature):
    capture = ("สิบปีเครือข่าย\n\nนำเรื่อง\n\nคุณอำนวยใน 23 อำเภอ มีงาน ใหญ่ ให้ พี่ เลี้ยง\n\n"
               f"หมายเลขบันทึก: 42เขียนเมื่อ 8 กันยายน 2560\n\nความเห็น (1)\n\nยินดีด้วยครับ\n\n{signature}\n")
    post, outside = hide_readers(parse_post(capture))
    assert post.body[-1] == "คุณอำนวยใน 23 อำเภอ มีงาน ใหญ่ ให้ พี่ เลี้ยง" and outside == 0


def test_a_title_with_more_after_it_is_hidden_as_signed():
    names = Pseudonyms({"นายอำเภอ (เกษียณ)": 1})
    assert names.apply("ขอบคุณนายอำเภอ (เกษียณ) ที่มา 23 อำเภอ") == ("ขอบคุณผู้อ่าน 1 ที่มา 23 อำเภอ", 1)


def test_a_name_signed_twice_keeps_its_number():
    comments, readers = read_comments("ดีมากครับ\n\nสมปอง ใจงาม\n\nIP: xxx.1.2.3\n\nเยี่ยมค่ะ\n\n"
                                      "ใบเตย\n\nIP: xxx.1.2.4\n\nอีกครั้งครับ\n\nสมปอง ใจงาม\n\nIP: x.1.2.5")
    assert [c.reader for c in comments] == [1, 2, 1]
    assert readers == (("สมปอง ใจงาม", 1), ("ใบเตย", 2))


def test_names_are_hidden_in_every_part_of_a_post():
    capture = (FIXTURES / "names_and_personal_data.txt").read_text(encoding="utf-8")
    post, outside = hide_readers(parse_post(capture.replace("ที่ท่าซัก\n", "ที่ท่าซัก คุณสมปองเล่า\n", 1)))
    assert "ผู้อ่าน 1" in post.title and outside == 1
    text = "\n".join([post.title, post.lead, *post.body, *post.tags,
                      *(p for c in post.comments for p in c.paragraphs)])
    for name in ("สมปอง", "ใจงาม", "ทิพวัลย์", "สีจันทร์", "น้องฝน"):
        assert name not in text
    assert "หน้าฝนนี้ฝนตกมาก" in text and "ฤดูฝน" in text


@pytest.mark.parametrize("text, hidden", [
    ("ขอบคุณครูแดงมากค่ะ", "ขอบคุณผู้อ่าน 1มากค่ะ"), ("ขอบคุณครูนงเยาว์", "ขอบคุณผู้อ่าน 2"),
    ("ท่านอาจารย์นงเยาว์ว่าไว้", "ท่านผู้อ่าน 2ว่าไว้")])
def test_a_name_after_honorifics_the_word_breaker_reads_as_one_word_is_replaced(text, hidden):
    """The word breaker reads "ขอบ|คุณครู|แดง": the name's honorific starts inside a word."""
    assert Pseudonyms({"ครูแดง": 1, "นงเยาว์": 2}).apply(text) == (hidden, 1)
    assert Pseudonyms({"น้าฝน": 3}).apply("หน้าฝนนี้") == ("หน้าฝนนี้", 0)


def test_a_name_in_latin_letters_is_replaced_however_it_is_capitalised():
    assert Pseudonyms({"Somsri D.": 1}).apply("ขอบคุณ Somsri, somsri และ SOMSRI D. ค่ะ") == (
        "ขอบคุณ ผู้อ่าน 1, ผู้อ่าน 1 และ ผู้อ่าน 1 ค่ะ", 3)
