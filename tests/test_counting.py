"""Word counts in bulk agree with the one-by-one count."""

import re

import pytest

from generator import thai
from generator.load import split_front_matter

from conftest import ROOT

SYNTHETIC = [
    "",
    "   \n\n\t ",
    "ชาวบ้านจดบัญชีครัวเรือนทุกวันเพื่อวางแผนชีวิต",
    "วงเรียนรู้ คุณอำนวย, ตำบลท่าซัก (หมู่ 3) — 42 ครัวเรือน; English words & ๑๒๓ ... !!",
    "## หัวข้อ\n\n- รายการ **หนา** _เอียง_ [ลิงก์](https://example.org/ก?x=1)\n> อ้างอิง",
    "คุณอ\u0e4d\u0e32นวย\u200bพัฒนากร\ufeffชุมชน\u200c \u200d",  # sara am typed apart, zero-width
    "emoji 🙂🙂 ๆ ฯลฯ ะ ั ่ _ __ - – — …",
    "ก" * 300 + " " + "ข้าว" * 50,
]


def reference_count(text: str) -> int:
    """The count before it was made fast: a `re.search` per stripped token."""
    tokens = thai._segmenter(True)(thai.clean_fast(text))
    return len([t for t in (t.strip() for t in tokens) if t and re.search(r"\w", t)])


def sample_bodies() -> list[str]:
    paths = sorted((ROOT / "content" / "stories").rglob("*.md"))
    return [split_front_matter(p.read_text(encoding="utf-8"))[1] for p in paths]


def test_bulk_count_equals_the_old_count_on_the_sample_content():
    bodies = sample_bodies()
    assert len(bodies) > 20
    assert [thai.count_words(b) for b in bodies] == [reference_count(b) for b in bodies]


@pytest.mark.parametrize("text", SYNTHETIC)
def test_bulk_count_equals_the_old_count_on_synthetic_text(text):
    assert thai.count_words(text) == reference_count(text) == len(thai.words(text))
