"""The quick inline stage (`generator/engine/inline.py`) gives what Python-Markdown's own
gives, byte for byte, on real story bodies and on text made to meet every pattern."""

from pathlib import Path

import markdown
from markdown.inlinepatterns import SimpleTagInlineProcessor

from generator.body import EXTENSIONS, TOC_CONFIG
from generator.engine import inline
from generator.thai import heading_slug

ROOT = Path(__file__).parent.parent
STOCK = [e for e in EXTENSIONS if e != "generator.engine.inline"]
CONFIGS = {"toc": {**TOC_CONFIG, "slugify": heading_slug}}

# Each line meets one pattern or more, inside Thai prose.
PATTERNS = """\
วงเรียนรู้ใช้ `บัญชีครัวเรือน` และ ``โค้ด ` ซ้อน`` กับ \\\\`ไม่ใช่โค้ด`
ราคา 5\\*3 บาท และ \\_ขีดล่าง\\_ กับ \\[วงเล็บ\\] ไม่ใช่ลิงก์
อ่าน [คู่มือ](../story/x.md) กับ [อ้างอิง][ref] และ [ref] หรือ ![ภาพ](a.png) ![ภาพ][ref]
ติดต่อ <https://example.org/ทดสอบ> หรือ <office@example.org> ได้
ข้อความ <span class="x">แท็ก</span> กับ <!-- หมายเหตุ --> และ <b>หนา</b>
สัญลักษณ์ &amp; &#3585; &#x0E01; &copy; และ & เดี่ยว กับ AT&T
บรรทัดแรกจบด้วยสองช่องว่าง  
บรรทัดต่อมา
ตัว **หนา** ตัว *เอียง* ตัว __หนา__ ตัว _เอียง_ และ ***ทั้งสอง*** กับ snake_case_name
ดาว * เดี่ยว และ 2 * 3 * 4 กับ _ เดี่ยว
ลิงก์ที่มี **ตัวหนา** ข้างใน [คำ **หนา** และ `โค้ด`](https://example.org) จบ
[ref]: https://example.org/อ้างอิง "ชื่อ"
"""

STRUCTURES = """\
# หัวข้อ *เอียง* กับ `โค้ด`

ย่อหน้าธรรมดาไม่มีอะไรพิเศษ ชาวบ้านเล่าเรื่องกลุ่มออมทรัพย์

> อ้างอิง **หนา** และข้อความธรรมดา

- รายการ [ลิงก์](a.md)
- รายการธรรมดา

| หัว | ตาราง |
|---|---|
| *เอียง* | ธรรมดา |

คำ
:   นิยาม &amp; ธรรมดา

!!! note "หมายเหตุ *เอียง*"
    ข้างในกล่อง **หนา** และธรรมดา

```
โค้ด *ไม่* เปลี่ยน <b>
```

<div markdown="1">ใน HTML *เอียง* และธรรมดา</div>

ข้อความ { .class } และ {: #id }
"""


def render(text: str, extensions: list) -> str:
    return markdown.Markdown(extensions=extensions, extension_configs=CONFIGS).convert(text)


def texts() -> list[str]:
    """The sample site's stories, the test sites' stories, and the crafted texts, each line
    of them alone too (a pattern at the start or end of a text). Not the stories `check`
    refuses as markup that would hold Python-Markdown (tests/broken: a paragraph of 1,000
    links): they never reach it, and each takes many seconds by design."""
    found = [p.read_bytes().decode("utf-8", "replace") for folder in ("content", "tests")
             for p in sorted((ROOT / folder).rglob("*.md"))]
    crafted = [PATTERNS, STRUCTURES, *PATTERNS.splitlines(), *STRUCTURES.splitlines()]
    return [text for text in found if not _held(text)] + crafted


def _held(text: str) -> bool:
    from types import SimpleNamespace

    from generator.errors import Problems
    from generator.sanitize import slow_markup

    problems = Problems()
    slow_markup([SimpleNamespace(source="", body=text, body_line=1)], problems)
    return bool(problems.errors)


def assert_renders_alike(found: list[str], quick: list, stock: list) -> None:
    """Each text renders the same with the `quick` extensions as with the `stock` ones."""
    assert len(found) > 100
    for text in found:
        assert render(text, quick) == render(text, stock), text[:200]


def test_the_quick_stage_renders_what_the_stock_one_does():
    assert_renders_alike(texts(), EXTENSIONS, STOCK)


def test_the_crafted_text_meets_every_pattern():
    """The comparison above covers text the patterns change, not plain text alone."""
    html = render(PATTERNS, STOCK)
    for made in ["<code>บัญชีครัวเรือน</code>", "5*3", '<a href="../story/x.md">คู่มือ</a>',
                 '<a href="https://example.org/อ้างอิง" title="ชื่อ">อ้างอิง</a>', "<img alt=",
                 '<a href="https://example.org/ทดสอบ">', "&#109;", '<span class="x">',
                 "<!-- หมายเหตุ -->", "&#3585;", "&amp; เดี่ยว", "<br />", "<strong>หนา</strong>",
                 "<em>เอียง</em>", "<strong><em>ทั้งสอง</em></strong>", "snake_case_name",
                 "<strong>ตัวหนา</strong> ข้างใน", "<code>โค้ด</code></a>"]:
        assert made in html, made


def test_a_pattern_the_table_does_not_know_is_still_applied():
    class Strike(markdown.Extension):
        def extendMarkdown(self, md):
            md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "del", 5)

    text = "ข้อความ ~~ขีดฆ่า~~ ธรรมดา"
    quick = render(text, [*EXTENSIONS, Strike()])
    assert "<del>ขีดฆ่า</del>" in quick and quick == render(text, [*STOCK, Strike()])


def test_plain_text_skips_the_patterns():
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    stage = md.treeprocessors["inline"]
    assert isinstance(stage, inline.QuickInlineProcessor)
    known, others = inline.needed(md.inlinePatterns)
    assert others == []  # every pattern of the site's extensions is in the table
    assert known.search("ชาวบ้านเล่าเรื่องกลุ่มออมทรัพย์ 2567 (ต.ท่าซัก).") is None
    for needle in ["`", "\\", "[", "<", "&", "*", "_", "  \n"]:
        assert known.search(f"ก{needle}ข"), needle
