"""Parts of a page that pass MkDocs' Markdown by (generator/prerendered.py)."""

import pytest

from generator import prerendered
from generator.cache.carry import carry_page


def _page(markdown: str, *htmls: str) -> str:
    parts: dict[str, str] = {}
    marks = [prerendered.hold(parts, html).strip() for html in htmls]
    return prerendered.attach(markdown.format(*marks), parts)


def test_sections_appended_with_their_own_parts_are_merged():
    page = _page("# Page\n\n{}\n", "<ul><li>a story</li></ul>")
    section = _page("## Network\n\n{}\n", "<figure><svg></svg></figure>")
    whole = prerendered.append(prerendered.append(page, section), "## Plain\n\nno parts\n")
    markdown, parts = prerendered.detach(whole)
    assert markdown.index("# Page") < markdown.index("## Network") < markdown.index("## Plain")
    assert sorted(parts.values()) == ["<figure><svg></svg></figure>", "<ul><li>a story</li></ul>"]
    html = markdown.replace("# Page", "<h1>Page</h1>")  # as if through Markdown
    restored = prerendered.restore(html, parts)
    assert "<ul><li>a story</li></ul>" in restored and "<svg></svg>" in restored
    assert "wr:part" not in restored


def test_a_slot_filled_with_parts_keeps_them():
    page = _page("# Area\n\nSLOT\n\n{}\n", "<ol></ol>")
    filled = prerendered.fill(page, "SLOT", _page("grades {}\n", "<table></table>"))
    markdown, parts = prerendered.detach(filled)
    assert markdown.startswith("# Area\n\ngrades <!-- wr:part ")
    assert set(parts.values()) == {"<ol></ol>", "<table></table>"}


def test_the_same_part_twice_is_kept_once_and_put_in_both_places():
    page = _page("{}\n\n{}\n", "<hr>", "<hr>")
    markdown, parts = prerendered.detach(page)
    assert len(parts) == 1 and prerendered.restore(markdown, parts).count("<hr>") == 2


def test_a_lost_part_or_place_is_an_error():
    markdown, parts = prerendered.detach(_page("{}\n", "<p>x</p>"))
    with pytest.raises(ValueError, match="no place"):
        prerendered.restore("<p>Markdown lost it</p>", parts)
    with pytest.raises(ValueError, match="has no part"):
        prerendered.restore(markdown, {})


def test_a_body_edit_carries_the_sections_and_parts_the_features_added():
    base = _page("# Story\n\n{}\n", "<p>old body</p>")
    full = prerendered.append(base, _page("## Indicators\n\n{}\n", "<figure>chart</figure>"))
    new = _page("# Story\n\n{}\n", "<p>new body</p>")
    markdown, parts = prerendered.detach(carry_page(new, base, full))
    assert "## Indicators" in markdown
    assert set(parts.values()) == {"<p>new body</p>", "<figure>chart</figure>"}
    restored = prerendered.restore(markdown, parts)
    assert "new body" in restored and "chart" in restored and "old body" not in restored


def test_table_of_contents_from_html_nests_headings_with_ids_only():
    from generator.engine.plugins import _toc_of

    html = ('<h1 id="t">ชื่อเรื่อง<a class="headerlink" href="#t">&para;</a></h1>'
            '<div class="wr-body"><p>ข้อความ <code>&lt;h2 id="x"&gt;ไม่ใช่หัวข้อ&lt;/h2&gt;</code></p>'
            '<h2 id="a">ก <em>และ</em> &amp; ข<a class="headerlink" href="#a">&para;</a></h2>'
            '<h3 id="b">ย่อย</h3><h2>ไม่มี id</h2>\n<H2 id="c">\nสอง\nบรรทัด</H2></div>')
    toc = _toc_of(html)
    flat = [(item.title, item.url, [(c.title, c.url, [(g.title, g.url) for g in c.children])
                                    for c in item.children]) for item in toc]
    assert flat == [("ชื่อเรื่อง", "#t", [("ก และ &amp; ข", "#a", [("ย่อย", "#b")]),
                                          ("สอง\nบรรทัด", "#c", [])])]


def _compare_headings(html: str) -> bool:
    """`_headings` equals the parsed headings; returns whether it read them without parsing."""
    from generator.engine import plugins

    found = "".join(m.group(0) for m in plugins._HEADINGS.finditer(html))
    assert plugins._headings(html) == plugins._parsed_headings(found), html[:300]
    return all(plugins._PLAIN_HEADING.fullmatch(m.group(0))
               for m in plugins._HEADINGS.finditer(html))


def test_plain_headings_are_read_as_parsing_reads_them(sample_site, hostile_site):
    """Headings of plain text are read without the HTML parser, with the same result: on
    every page of the sample and the hostile sites, and on headings made to sit on the line
    between plain and not."""
    pages = [*sample_site.out_dir.rglob("*.html"), *hostile_site.out_dir.rglob("*.html")]
    plain = [_compare_headings(page.read_text("utf-8")) for page in pages]
    assert len(pages) > 100 and sum(plain) > len(pages) / 2  # most pages take the quick way
    link = '<a class="headerlink" href="#a" title="ลิงก์">&para;</a>'
    for heading in ['<h2 id="a">ก ข</h2>', f'<h2 id="a"> ก ข {link}</h2>',
                    '<h2 id="a">ก<a class="headerlink" href="#a" title="t" rel="noopener '
                    'noreferrer">\u00b6</a></h2>', '<h2 id="a">ก &amp; ข</h2>',
                    '<h2 id="a&amp;b">ก</h2>', '<h2 id="">ก</h2>', '<H2 id="a">ก</H2>',
                    '<h2 id="a" class="x">ก</h2>', '<h2 id=a>ก</h2>', '<h2>ก</h2>',
                    '<h2 id="a">ก\r\nข</h2>', '<h2 id="a">ก\0</h2>', '<h2 id="a">ก > ข</h2>',
                    '<h2 id="a">ก<em>ข</em></h2>', f'<h2 id="a">ก{link}{link}</h2>',
                    '<h2 id="a">ก<a class="headerlink" href="#a">&para;</a></h2>',
                    '<h2 id="a">ก<!-- x --></h2>', '<h3 id="b">\u00a0ค\u00a0</h3>']:
        for html in [heading, f'<h1 id="t">ชื่อ{link}</h1>{heading}<h2 id="z">ท้าย</h2>']:
            _compare_headings(html)
