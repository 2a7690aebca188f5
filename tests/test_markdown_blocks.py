"""The quick block tests (`generator/engine/blocks.py`) give what Python-Markdown's own give,
byte for byte, on real story bodies and on text made to meet every block processor."""

import markdown
import pytest

from generator.body import EXTENSIONS
from generator.engine import blocks
from test_markdown_inline import CONFIGS, assert_renders_alike, render, texts

STOCK = [e for e in EXTENSIONS if e != "generator.engine.blocks"]

# Each block meets one processor or more, inside Thai prose.
BLOCKS = """\
หัวข้อแบบขีดเส้นใต้
===================

หัวข้อรองแบบขีด
---------------

ย่อหน้าก่อนเส้นคั่น

---

* * *

___

- - -

## หัวข้อปิดท้าย ##

ข้อความ # ไม่ใช่หัวข้อ และ 3 > 2 กับ a:b และ a|b

> คำพูดของผู้ใหญ่บ้าน
> > ซ้อนอีกชั้น

คำศัพท์
:   ความหมายแรก
:   ความหมายที่สอง

| คอลัมน์เดียว |
| --- |
| แถว |

หัว | ไม่มีขอบ
--- | ---
ก | ข

!!! note "บันทึก"
    ย่อหน้าในกล่อง

    - รายการในกล่อง
        ต่อบรรทัด

    ย่อหน้าที่สองในกล่อง

!!! warning
    คำเตือน

        โค้ดในกล่อง

ย่อหน้าท้าย
"""


def test_the_quick_tests_render_what_the_stock_ones_do():
    assert_renders_alike([*texts(), BLOCKS, *BLOCKS.split("\n\n")], EXTENSIONS, STOCK)


def test_the_crafted_text_meets_every_processor():
    html = render(BLOCKS, STOCK)
    for made in ['<h1 id=', '<h2 id=', "<hr />", "<blockquote>", "<dl>", "<table>",
                 '<div class="admonition note">', '<div class="admonition warning">',
                 "<li>รายการในกล่อง", "<pre><code>โค้ดในกล่อง", "ย่อหน้าที่สองในกล่อง</p>\n</div>"]:
        assert made in html, made


def test_every_tested_processor_of_the_site_is_quick_and_plain_prose_skips_them():
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    quick = {type(p) for p in md.parser.blockprocessors if p.test.__name__ in ("quick", "admonition")}
    assert quick == {*blocks.NEEDS, blocks.AdmonitionProcessor}
    stock = markdown.Markdown(extensions=STOCK, extension_configs=CONFIGS)
    prose = "ชาวบ้านเล่าเรื่องกลุ่มออมทรัพย์ 2567 (ต.ท่าซัก) และบัญชีครัวเรือน\nบรรทัดที่สอง"
    asked = []
    for processor in stock.parser.blockprocessors:
        if type(processor) in quick:
            processor.test = lambda parent, block, p=processor: asked.append(p) or True
            assert blocks.quick_test(processor)(None, prose) is False
    assert asked == []


@pytest.mark.parametrize("kind", sorted(blocks.NEEDS, key=lambda k: k.__name__))
def test_dropping_any_need_changes_what_is_rendered(kind, monkeypatch):
    """Each need is met by the crafted text: a table without one of them gets it wrong."""
    expression, needs = blocks.NEEDS[kind]
    for need in needs:
        monkeypatch.setitem(blocks.NEEDS, kind, (expression, tuple(n for n in needs if n != need)))
        assert render(BLOCKS, EXTENSIONS) != render(BLOCKS, STOCK), (kind.__name__, need)


def test_an_admonition_continued_by_an_indented_block_stays_one(monkeypatch):
    def only_new_ones(processor):
        test = processor.test
        return lambda parent, block: "!!!" in block and test(parent, block)

    real = blocks.quick_test
    monkeypatch.setattr(blocks, "quick_test", lambda p: only_new_ones(p)
                        if type(p) is blocks.AdmonitionProcessor else real(p))
    assert render(BLOCKS, EXTENSIONS) != render(BLOCKS, STOCK)


def test_processors_of_another_version_are_asked_as_they_are(monkeypatch):
    md = markdown.Markdown(extensions=STOCK, extension_configs=CONFIGS)
    header = next(p for p in md.parser.blockprocessors if type(p) is markdown.blockprocessors.HashHeaderProcessor)
    assert blocks.quick_test(header) is not None
    monkeypatch.setattr(header, "RE", __import__("re").compile(r"(?:^|\n)(#{1,6}) (.*)"))
    assert blocks.quick_test(header) is None


MARKERS = """\
# หัวข้อ

[TOC]

## หัวข้อรอง {#own}

ย่อหน้า [TOC] ในประโยค

    [TOC]

```
[TOC]
```

> [TOC]

- [TOC]

### [TOC]
"""


def test_a_body_builds_its_table_of_contents_only_where_it_asks_for_one():
    """The body converter's toc stage (`body.BodyToc`) gives the stock stage's HTML, byte for
    byte, on the same texts, and on texts with the marker in every kind of place."""
    from markdown.extensions.toc import TocTreeprocessor

    from generator import body

    converter = body._markdown()
    stage = converter.treeprocessors["toc"]
    assert type(stage) is body.BodyToc
    found = [*texts(), MARKERS, *MARKERS.split("\n\n"), "[TOC]", "ก\n\n [TOC] \n\nข"]
    try:
        for text in found:
            converter.reset()
            ours = converter.convert(text)
            stage.__class__ = TocTreeprocessor
            converter.reset()
            assert ours == converter.convert(text), text[:200]
            stage.__class__ = body.BodyToc
    finally:
        stage.__class__ = body.BodyToc
    converter.reset()
    assert '<div class="toc">' in converter.convert(MARKERS)  # the marker alone still asks
    converter.reset()
    assert "<ul>" not in converter.convert("# หัวข้อ\n\n## รอง\n\nข้อความ")
