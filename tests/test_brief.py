"""The printable area brief (brief.py, area_brief.md.j2, print.css): pure checks on the
generated page (HTML handed to MkDocs as one prerendered part), and real Chromium printing
briefs and an area page to A4 PDFs."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from generator.brief import (AGENCIES, STORIES, GradeBlock, grade_blocks, grade_trend, make_brief,
                             percent, published, roll_up, share_trend, shorten, tally_block)
from generator.build import check_project, make_docs, make_site
from generator.feed import html_path
from generator.paths import story_path
from generator.prerendered import detach, restore
from generator.indicators.model import GRADED
from generator.indicators.rollup import Tally

from tests.conftest import ROOT, story_text

A4_PRINTABLE_PX = 703  # 210 mm less the 12 mm side margins of print.css, at 96 px per inch


def html_of(docs, path: str) -> str:
    """A brief's HTML: the prerendered part its page is made of (no Markdown around it)."""
    from generator.engine.converter import parts_only

    markdown, parts = detach(docs.pages[path])
    assert parts_only(re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)) is not None
    return "".join(parts.values())


def rows(html: str, css: str) -> list[list[str]]:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    return [[cell.text().strip() for cell in row.css("td")]
            for row in HTMLParser(html).css(f"{css} tbody tr")]


@pytest.fixture(scope="module")
def sample():
    """The sample site's model and generated docs tree (pure: no MkDocs)."""
    site = make_site(check_project(ROOT))
    return site, make_docs(site)


# -- pure parts --------------------------------------------------------------------------------

def test_shorten_keeps_short_text_and_never_cuts_a_thai_cluster():
    assert shorten("  สั้น ๆ\nสองบรรทัด ") == "สั้น ๆ สองบรรทัด"
    text = "ที่นี่" * 40  # marks above and below on every other letter
    for limit in range(5, 30):
        cut = shorten(text, limit)
        assert cut.endswith("…") and len(cut) <= limit + 1
        body = cut[:-1]
        assert text.startswith(body)
        assert unicodedata.category(text[len(body)]) not in ("Mn", "Mc"), limit


def test_trends_have_an_arrow_and_words():
    assert share_trend(45, 30, 43, 10) == share_trend(45, 30, 43, 10)
    up = share_trend(45, 30, 43, 10)
    assert (up.arrow, up.kind, up.text) == ("▲", "up", "A เพิ่มจาก 30% (ขยับขึ้น 43 ลดลง 10)")
    assert share_trend(20, 25, None, None).text == "A ลดจาก 25%"
    assert share_trend(20, 20, 1, 1).arrow == "●"
    assert share_trend(20, None, None, None) .arrow == ""
    assert share_trend(20, None, None, None).text == "ไม่มีผลปีก่อนให้เทียบ"
    assert grade_trend("A", "B").text == "ดีขึ้นจาก B"
    assert grade_trend("C", "A").arrow == "▼"
    assert grade_trend("B", "B").text == "คงเดิม (B)"
    assert grade_trend("B", None).kind == "none"


def _tally(period, previous, grades, up=None, down=None, expected=0, expected_assessed=0):
    return Tally("8001", period, "village", sum(grades), expected, expected_assessed,
                 {c: grades for c in GRADED}, {}, {}, previous,
                 {c: up for c in GRADED} if up is not None else {},
                 {c: down for c in GRADED} if down is not None else {})


def test_tally_block_compares_with_the_assessment_before():
    old = _tally(2552, 2551, (1, 2, 1))
    new = _tally(2553, 2552, (3, 1, 0), up=2, down=0, expected=8, expected_assessed=4)
    block = tally_block([old, new])
    assert isinstance(block, GradeBlock)
    assert (block.period, block.previous, block.assessed, block.expected, block.completeness) == \
        (2553, 2552, 4, 8, 50)
    row = block.rows[0]
    assert (row.counts, row.share_a) == ((3, 1, 0), 75)
    assert row.trend.text == "A เพิ่มจาก 25% (ขยับขึ้น 2 ลดลง 0)"
    # a gap of a year: the share is compared, the moves (counted year to year) are not claimed
    gap = tally_block([_tally(2551, None, (1, 2, 1)), _tally(2553, 2552, (3, 1, 0))])
    assert gap.previous == 2551 and gap.rows[0].trend.text == "A เพิ่มจาก 25%"
    alone = tally_block([new])
    assert alone.previous is None and alone.rows[0].trend.arrow == ""
    assert percent(None) is None and percent(0.125) == 13


# -- the generated Markdown --------------------------------------------------------------------

def test_every_province_amphoe_and_tambon_has_a_brief_linked_from_its_page(sample):
    site, docs = sample
    levels = {"province", "amphoe", "tambon"}
    want = {f"area/{a.id}-brief.md" for a in site.areas.values() if a.level in levels}
    got = {p for p in docs.pages if p.endswith("-brief.md")}
    assert got == want and len(got) > 150
    from generator.engine import mkdocs_config

    assert "assets/wongrian/print.css" in mkdocs_config(site.config, Path("d"), Path("s"))["extra_css"]
    page = restore(*detach(docs.pages["area/800121.md"]))
    assert ('<a class="md-button wr-brief-link" href="800121-brief.html">พิมพ์สรุปพื้นที่</a>'
            in page)
    village = next(a for a in site.areas.values() if a.level == "village" and f"area/{a.id}.md" in docs.pages)
    assert "พิมพ์สรุปพื้นที่" not in docs.pages[f"area/{village.id}.md"]


def test_tambon_brief_holds_grades_trend_stories_agencies_date_and_address(sample):
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    site, docs = sample
    assert re.search(r"^hide:\n- navigation\n- toc\n", docs.pages["area/800121-brief.md"], re.M)
    text = html_of(docs, "area/800121-brief.md")
    tree = HTMLParser(text)
    assert tree.css_first("h1#brief").text(strip=True) == "สรุปพื้นที่ ต.ท่าซัก¶"
    assert ('<a href="80.html">จ.นครศรีธรรมราช</a> › <a href="8001.html">อ.เมืองนครศรีธรรมราช</a> › '
            '<a href="800121.html">ต.ท่าซัก</a> › สรุปสำหรับพิมพ์') in text
    assert ("<strong>รายหมู่บ้าน ปีงบประมาณ 2553</strong> · ประเมินแล้ว 6 หมู่บ้าน จาก 9 ที่ทะเบียนรุ่น"
            "คาดไว้ · ครบถ้วน 67%") in text
    assert rows(text, ".wr-brief-tally")[0][:5] == ["1. คณะผู้นำ", "5", "1", "0", "83%"]
    assert '<td style="text-align: right;">83%</td>' in text
    assert "▲</span> A เพิ่มจาก 44% (ขยับขึ้น 3 ลดลง 0)" in text
    assert "▼</span> A ลดจาก 56%" in text
    newest = site.stories_of(site.by_area["800121"])
    assert "<strong>ข้อมูล ณ 12 พฤศจิกายน 2551</strong>" in text  # the newest story of the tambon
    assert newest[0].date.isoformat() == "2008-11-12"
    stories = tree.css("ul.wr-brief-stories > li")  # the list's class on the list (print.css)
    assert len(stories) == min(STORIES, len(newest)) == 6
    assert stories[0].css_first("a").attributes["href"] == "../" + html_path(story_path(newest[0]))
    assert tree.css_first("h2#brief-stories").text(strip=True) == "บันทึกล่าสุด (6 จาก 9 เรื่อง)¶"
    agencies = tree.css(".wr-brief-cols li")
    assert len(agencies) == AGENCIES
    assert agencies[0].html.startswith("<li><strong>พช.อำเภอเมืองนครศรีธรรมราช</strong> · 6 เรื่อง")
    assert "https://example.org/wongrian/area/800121-brief.html" in text
    assert "https://example.org/wongrian/area/800121.html" in text


def test_a_tambon_graded_as_a_whole_shows_its_own_grades(sample):
    _, docs = sample
    text = html_of(docs, "area/800201-brief.md")
    assert "<strong>ผลประเมินของตำบลนี้ ปีงบประมาณ 2553</strong> เทียบกับปีงบประมาณ 2552" in text
    assert rows(text, ".wr-brief-own")[0] == ["1. คณะผู้นำ", "A", "B", "▲ ดีขึ้นจาก B"]
    assert '<td style="text-align: center;">A</td>' in text
    assert '<span class="wr-trend wr-trend-up" aria-hidden="true">▲</span> ดีขึ้นจาก B</td>' in text
    assert "<p><em>ยังไม่มีบันทึกในพื้นที่นี้</em></p>" in text
    # no story of its own: the date is the site's newest story (never the clock)
    assert "<strong>ข้อมูล ณ 25 กันยายน 2552</strong>" in text


def test_province_brief_has_both_kinds_of_units_and_most_active_amphoe(sample):
    _, docs = sample
    text = html_of(docs, "area/80-brief.md")
    assert "<strong>รายหมู่บ้าน ปีงบประมาณ 2553</strong>" in text
    assert "<strong>รายตำบล ปีงบประมาณ 2553</strong>" in text
    assert "<strong>อำเภอที่มีบันทึกมาก:</strong> อ.เมืองนครศรีธรรมราช (10 เรื่อง) · " in text
    assert "หน้านี้จัดไว้พิมพ์ลงกระดาษ A4 ไม่เกินสองแผ่น" in text


def test_area_without_any_data_says_so(sample):
    site, docs = sample
    empty = next(a for a in site.areas.values() if a.level == "tambon"
                 and not site.by_area.get(a.id) and not grade_blocks(
                     roll_up(published(site.indicators, site), site.registry), a))
    text = html_of(docs, f"area/{empty.id}-brief.md")
    assert "<p><em>ยังไม่มีข้อมูลตัวชี้วัดในพื้นที่นี้</em></p>" in text
    assert "<p><em>ยังไม่มีหน่วยงานในบันทึกของพื้นที่นี้</em></p>" in text
    assert "▲ ดีขึ้น" not in text  # no legend without a table
    assert "{:" not in text and "wr-brief-stories" not in text  # no list, no class left over


def test_brief_escapes_what_stories_say_and_is_deterministic(tmp_site):
    hostile = "<script>alert(1)</script> **ตัวหนา** [ลิงก์](http://x) | ท่อ"
    root = tmp_site({"content/stories/2008/a.md": story_text(
        title=hostile, summary=f'"{hostile} {{: onclick=x }}"')})
    site = make_site(check_project(root))
    docs = make_docs(site)
    first = html_of(docs, "area/800121-brief.md")
    assert docs.pages["area/800121-brief.md"] == \
        make_docs(make_site(check_project(root))).pages["area/800121-brief.md"]
    assert "<script>" not in first and "**ตัวหนา**" not in first and "](http://x)" not in first
    assert "&#60;script&#62;alert(1)&#60;/script&#62; &#42;&#42;ตัวหนา&#42;&#42;" in first
    assert "&#124; ท่อ" in first and "&#123;: onclick=x &#125;" in first
    assert "https://example.org/test/area/800121-brief.html" in first
    brief = make_brief(site, roll_up(published(site.indicators, site), site.registry),
                       site.areas["800121"])
    assert brief.story_count == 1 and brief.data_date.isoformat() == "2008-05-03"


# -- printed by Chromium -----------------------------------------------------------------------

def _pdf_pages(data: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(data)).pages)


def _too_wide(page) -> list[str]:
    """Elements wider than the printable width, or cut by their own overflow (print media)."""
    return page.evaluate("""(limit) => {
      const out = [];
      if (document.documentElement.scrollWidth > limit) out.push('page ' + document.documentElement.scrollWidth);
      for (const e of document.querySelectorAll('article *')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || e.ownerSVGElement) continue;  // an SVG's own drawing is clipped to it
        const cut = e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible';
        if (r.right > limit + 1 || cut) out.push(e.tagName + '.' + (e.getAttribute('class') || '') + ' ' + Math.round(r.right) + ' ' + (e.textContent || '').slice(0, 30));
      }
      return out.slice(0, 10);
    }""", A4_PRINTABLE_PX)


@pytest.mark.browser
@pytest.mark.parametrize("name, most", [("80-brief", 2), ("8001-brief", 1), ("800121-brief", 1),
                                        ("800201-brief", 1)])
def test_brief_prints_on_one_a4_sheet_with_nothing_cut(sample_site, browser, name, most):
    context = browser.new_context(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    page = context.new_page()
    page.goto((Path(sample_site.out_dir) / "area" / f"{name}.html").as_uri())
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.locator(".wr-brief-screen").is_visible()  # the screen view explains itself
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".wr-brief-screen"):
        assert not page.locator(hidden).first.is_visible(), hidden
    family = page.evaluate("getComputedStyle(document.querySelector('.wr-brief')).fontFamily")
    assert family.strip('"').startswith("Sarabun")
    assert page.evaluate("document.fonts.check('10pt Sarabun', 'สรุปพื้นที่')")
    assert _too_wide(page) == []
    assert 1 <= _pdf_pages(page.pdf(format="A4")) <= most
    context.close()


@pytest.mark.browser
def test_area_page_prints_without_cut_tables_or_a_heading_at_a_page_end(sample_site, browser):
    context = browser.new_context(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    page = context.new_page()
    page.goto((Path(sample_site.out_dir) / "area" / "800121.html").as_uri())
    page.emulate_media(media="print")
    assert _too_wide(page) == []
    assert not page.locator(".wr-brief-offer").is_visible()
    styles = page.evaluate("""() => [...document.querySelectorAll('article h2, article h3')]
        .map(h => getComputedStyle(h).breakAfter)""")
    assert styles and set(styles) == {"avoid"}
    assert page.evaluate("getComputedStyle(document.querySelector('article tr')).breakInside") == "avoid"
    pdf = page.pdf(format="A4")
    from io import BytesIO

    from pypdf import PdfReader

    for number, sheet in enumerate(PdfReader(BytesIO(pdf)).pages[:-1]):
        last = sheet.extract_text().rstrip().splitlines()[-1]
        assert not re.fullmatch(r"(ตัวชี้วัดชุมชนอินทรีย์|หน่วยงานที่ทำงานในพื้นที่|บันทึกในพื้นที่"
                                r"|เครือข่ายความร่วมมือ|ผลประเมินราย.*|แนวโน้มรายปี|จำนวนนับ.*)",
                                last.strip()), (number, last)
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ["80-brief", "8001-brief", "800121-brief"])
def test_a_brief_on_a_phone_breaks_no_number_or_short_heading(sample_site, browser, name):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto((Path(sample_site.out_dir) / "area" / f"{name}.html").as_uri())
    split = page.evaluate("""() => [...document.querySelectorAll('.wr-brief-table :is(th, td)')]
        .filter(c => (c.getAttribute('style') || '').includes('right') && c.textContent.trim())
        .filter(c => { const r = document.createRange(); r.selectNodeContents(c);
                       return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; })
        .map(c => c.textContent.trim())""")
    assert split == []
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    context.close()
