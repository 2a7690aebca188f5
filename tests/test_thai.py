import re
import sys

import pytest

from generator.thai import ascii_slug, clean, count_words, heading_slug, squash, words


def test_sara_am_typed_two_ways_is_one_spelling():
    assert clean("คุณอ\u0e4d\u0e32นวย") == "คุณอำนวย"
    assert squash(" อบต. \u200bท่าซัก ") == "อบต.ท่าซัก"


def test_programme_vocabulary_is_one_word():
    assert words("วงเรียนรู้คุณอำนวยตำบลท่าซักเรื่องบัญชีครัวเรือน")[:2] == ["วงเรียนรู้", "คุณอำนวย"]
    assert "บัญชีครัวเรือน" in words("วงเรียนรู้คุณอำนวยตำบลท่าซักเรื่องบัญชีครัวเรือน")


def test_thai_words_are_counted_without_spaces():
    # 9 words, no space at all: a space-based count would say 1
    assert count_words("ชาวบ้านจดบัญชีครัวเรือนทุกวันเพื่อวางแผนชีวิต") >= 6


def test_ascii_slug_is_readable_and_stable():
    slug = ascii_slug("แผนแม่บทชุมชนท่าซัก (2) ประชาคมหมู่ 5")
    assert re.fullmatch(r"[a-z0-9-]+", slug)
    assert slug.startswith("phaen-maebot-chumchon-tha-sak-2")


def test_registry_words_do_not_change_slugs():
    from generator.thai import add_words
    before = ascii_slug("วงเรียนรู้ตำบลท่าซักหนองหงส์")
    add_words(["ท่าซัก", "หนองหงส์"])
    assert ascii_slug("วงเรียนรู้ตำบลท่าซักหนองหงส์") == before


def _mkdocs_default_slug(value: str) -> str:
    """Python-Markdown's default toc slugify (MkDocs' default): ASCII only."""
    from markdown.extensions.toc import slugify
    return slugify(value, "-")


def _material_recommended_slug(value: str) -> str:
    """pymdownx.slugs.slugify, which Material's docs recommend: `\\w` drops Thai marks."""
    from pymdownx.slugs import slugify
    return slugify(case="lower")(value, "-")


HEADINGS = ["เรื่องข้าว", "เรื่องข่าว", "สิ่งที่ได้เรียนรู้", "สิ่งที่ได้เรียนรู้ (ต่อ)",
            "ข้อสังเกต", "ข้อเสนอ", "ผลที่ได้", "ผู้นำ", "ผู้นํา"]


def test_heading_anchors_keep_vowels_and_tone_marks():
    ours = [heading_slug(h) for h in HEADINGS]
    assert ours[:4] == ["เรื่องข้าว", "เรื่องข่าว", "สิ่งที่ได้เรียนรู้", "สิ่งที่ได้เรียนรู้-ต่อ"]
    # distinct headings stay distinct; the two spellings of sara am are one heading
    assert len(set(ours)) == len(HEADINGS) - 1


def test_default_slugifiers_lose_thai_headings():
    # measured: MkDocs' default gives "" for every Thai heading (anchors become _1, _2 …);
    # pymdownx drops vowels and tone marks, so เรื่องข้าว and เรื่องข่าว collide.
    assert {_mkdocs_default_slug(h) for h in HEADINGS} == {""}
    assert _material_recommended_slug("เรื่องข้าว") == _material_recommended_slug("เรื่องข่าว") == "เรองขาว"
    distinct = HEADINGS[:-1]  # without the second spelling of ผู้นำ
    assert len({_material_recommended_slug(h) for h in distinct}) < len(distinct)
    assert len({heading_slug(h) for h in distinct}) == len(distinct)


def test_romanising_without_the_stock_trie_matches_pythainlp():
    """`_royin` is pythainlp's royin romanisation over a set instead of a Trie: the same text
    for dictionary words, programme words, words with spaces and non-Thai text."""
    import random

    from pythainlp.corpus import thai_words
    from pythainlp.transliterate import romanize

    from generator.thai import KM_VOCABULARY, _royin

    stock = sorted(thai_words())
    sample = random.Random(11).sample(stock, 400) + [w for w in stock if " " in w][:40]
    sample += [*KM_VOCABULARY, *words("แผนแม่บทชุมชนท่าซัก ประชาคมหมู่ 5 ฤดูฝน", site_words=False)]
    sample += ["", " ", "กร", "ก ข", "abc", "๑๒๓", "ห", "สถ.จังหวัด"]
    assert [_royin(w) for w in sample] == [romanize(w, engine="royin") for w in sample]


def test_the_character_sets_are_pythainlps():
    import pythainlp

    from generator.thai import THAI_SETS

    assert THAI_SETS == {name: getattr(pythainlp, f"thai_{name}" + ("" if name == "tonemarks"
                                                                    else "_vowels"))
                         for name in THAI_SETS}


def test_cleaning_skips_normalize_only_where_normalize_changes_nothing():
    """`clean` calls pythainlp's `normalize` only for texts its quick test flags: on random
    strings rich in vowels, marks, spaces and newlines the result is the same as always."""
    import random
    import unicodedata

    from pythainlp.util import normalize

    from generator.thai import _clean, _drop_zero_width

    alphabet = ("กขคงจนบปมยรลวสหอฤฦ" + "ะาำๅเแโใไ" + "ัิีึืํ็ุู" + "่้๊๋" + "ฺ์ํ๎ๆ"
                + "  \n\t\u200b\u200cab1.")
    rng = random.Random(7)
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
               for _ in range(30000)]
    samples += ["วงเรียนรู้", " ก", "ก ", "ก  ข", "ก\n ข", "เเก", "ก่ั", "กํ่า", "กา่", "กๅ", "ฤๅ",
                "กิ ิ", "ก่่", "่ก", "ก ่"]
    for text in samples:
        assert _clean.__wrapped__(text) == normalize(_drop_zero_width(
            unicodedata.normalize("NFC", text))), repr(text)


def test_the_dictionary_file_is_made_once_for_what_it_is_made_of(tmp_path, monkeypatch):
    """nlpO3's dictionary file is kept in the user's cache folder: the next process loads it
    without making the word list again; other site words make another file."""
    from generator import thai

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(thai, "_EXTRA_WORDS", {"ท่าซัก"})
    thai._segmenter.cache_clear()
    try:
        expected = thai.words("วงเรียนรู้ตำบลท่าซักเรื่องบัญชีครัวเรือน")
        files = list((tmp_path / "wongrian" / "words").glob("*.txt"))
        assert len(files) == 1
        assert files[0].read_text(encoding="utf-8").split("\n") == sorted(thai._dictionary(True))
        thai._segmenter.cache_clear()
        monkeypatch.setattr(thai, "_dictionary", lambda site_words: pytest.fail("made again"))
        assert thai.words("วงเรียนรู้ตำบลท่าซักเรื่องบัญชีครัวเรือน") == expected
        monkeypatch.undo()
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        monkeypatch.setattr(thai, "_EXTRA_WORDS", {"ท่าซัก", "บ้านใหม่"})
        thai._segmenter.cache_clear()
        thai.words("บ้านใหม่")
        assert len(list((tmp_path / "wongrian" / "words").glob("*.txt"))) == 2
    finally:
        thai._segmenter.cache_clear()


def test_without_a_cache_folder_to_write_the_dictionary_is_made_each_time(tmp_path, monkeypatch):
    from generator import thai

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    thai._segmenter.cache_clear()
    try:
        assert thai.words("วงเรียนรู้คุณอำนวย") == ["วงเรียนรู้", "คุณอำนวย"]
    finally:
        thai._segmenter.cache_clear()


def test_segmenting_leaves_no_utf8_copy_inside_the_text():
    """nlpO3 reads a text as UTF-8, which Python then keeps inside the string for as long as
    the string lives: a story's body lives for the whole build (1.5 times its size again)."""
    text = "วงเรียนรู้ของตำบลท่าซักคุยเรื่องบัญชีครัวเรือน " * 200
    size = sys.getsizeof(text)
    assert count_words(text) > 0 and words(text)
    assert sys.getsizeof(text) == size
