"""Indicator pages: the potential map, component pages, area and story sections, CSV files."""

import posixpath
import re
from dataclasses import replace
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from generator import prerendered
from generator.indicators import svg
from generator.indicators.maps import map_frame, year_tabs
from generator.build import check_project, make_site
from generator.indicators.pages import feature, published
from generator.indicators.model import GRADED
from generator.indicators.rollup import roll_up
from generator.pages import render_docs

ROOT = Path(__file__).parent.parent


def html(out: Path, rel: str) -> HTMLParser:
    return HTMLParser((out / rel).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample():
    """The sample site model and its roll-up (no MkDocs)."""
    site = make_site(check_project(ROOT))
    return site, roll_up(published(site.indicators, site), site.registry)


# -- charts (pure) -----------------------------------------------------------------------------

def test_map_has_one_cell_per_tambon_and_hatches_those_without_data():
    points = {"800121": (8.51, 100.03), "800120": (8.53, 99.99), "800101": (8.41, 99.97),
              "800102": (8.45, 99.96)}
    amphoe = {code: code[:4] for code in points}
    frame = map_frame(points, amphoe, {"8001": "เมือง"})
    marks = {"800121": svg.Mark(svg.share_fill(0.5), "ต.ท่าซัก: A 4 จาก 8", "../area/800121.html"),
             "800101": svg.Mark(svg.share_fill(1.0), "ต.ในเมือง")}
    drawing = svg.potential_map(frame.tessellation, frame.size, marks, frame.labels, "แผนที่",
                                "overall-village-2553")
    assert re.findall(r'class="wr-mark" data-area="(\d+)"', drawing) == ["800101", "800121"]
    assert drawing.count('class="wr-nodata"') == 2
    assert 'fill="url(#wr-hatch-overall-village-2553)"' in drawing  # no data: hatched
    assert '<pattern id="wr-hatch-overall-village-2553"' in drawing
    # a mouse shortcut only: the table under the map is the keyboard's way to the same pages
    assert '<a href="../area/800121.html" tabindex="-1" aria-label="ต.ท่าซัก: A 4 จาก 8">' in drawing
    assert 'role="group"' in drawing and 'role="img"' not in drawing
    assert "แผนที่แผนภาพ (ไม่ใช่ขอบเขตจริง)" in drawing and ">เมือง<" in drawing
    assert "\n\n" not in drawing  # one raw-HTML block inside Markdown
    key = svg.map_legend(svg.SHARE_LEGEND)
    assert key.count("<li>") == 6 and "ไม่มีข้อมูล" in key and "wr-key-nodata" in key


def test_year_tabs_show_the_newest_year_first_without_javascript():
    html_text = year_tabs("wr-map-x", [("2551", "<p>a</p>"), ("2552", "<p>b</p>")])
    assert re.findall(r'<input type="radio"[^>]*>', html_text)[-1].endswith(" checked>")
    assert html_text.count('class="wr-tab-panel"') == 2 and "<script" not in html_text
    assert year_tabs("x", [("2551", "<p>a</p>")]) == '<div class="wr-map-large"><p>a</p></div>'


@pytest.mark.parametrize("share, fill", [(0.0, 0), (0.19, 0), (0.2, 1), (0.5, 2), (0.79, 3), (1.0, 4)])
def test_share_bins(share, fill):
    assert svg.share_fill(share) == svg.SHARE_FILLS[fill]


def test_stacked_bars_label_every_part_and_keep_empty_rows():
    drawing = svg.grade_bars([("คณะผู้นำ", (3, 2, 1)), ("สุขภาวะ", (0, 0, 0))], "ระดับ")
    assert drawing.count("<rect") == 3 + 3  # three parts plus three legend keys
    assert ">A 3<" in drawing and "ไม่ได้ประเมิน" in drawing and "A: 3 (50%)" in drawing


# -- the docs tree (no MkDocs) -----------------------------------------------------------------

def whole(text: str) -> str:
    """A page's Markdown with its prerendered parts in their places (as MkDocs shows them)."""
    return prerendered.restore(*prerendered.detach(text))


def test_sample_map_marks_match_the_rollup(sample):
    site, rollup = sample
    docs = render_docs(site)
    feature(site, docs)
    page = whole(docs.pages["indicators/index.md"])
    drawings = re.findall(r'<svg class="wr-chart wr-map".*?</svg>', page)
    expected = [sorted(t for t in site.areas if site.areas[t].level == "tambon" and site.areas[t].point
                       and (x := rollup.tally(t, p, "village")) and x.graded("overall"))
                for p in rollup.periods]
    got = [sorted(re.findall(r'data-area="(\d+)"', d)) for d in drawings[:len(expected)]]
    assert got == expected and all(got)


def test_feature_is_deterministic_and_every_table_has_its_csv(sample):
    site, _ = sample
    first, second = render_docs(site), render_docs(site)
    feature(site, first)
    feature(site, second)
    assert first.pages == second.pages and first.files == second.files
    pages = {path: whole(text) for path, text in first.pages.items()}
    for path, text in pages.items():
        for target in re.findall(r'\]\(([^)]+\.csv)\)\{ \.wr-download'
                                 r'|<a class="wr-download" download="[^"]*" href="([^"]+\.csv)"', text):
            target = "".join(target)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in first.files, (path, target)
    tables = sum(text.count('<div class="wr-table') for text in pages.values())
    downloads = sum(text.count("{ .wr-download") + text.count('<a class="wr-download"')
                    for text in pages.values())
    assert tables > 10 and tables == downloads - 1  # plus the download of every reading


def test_the_map_frame_a_forked_copy_drew_is_the_one_used(sample, monkeypatch):
    """`ahead` draws the map's frame in a forked copy (the build's second core); the feature
    uses it as it is, without drawing it again, and makes the same pages."""
    from functools import partial

    from generator.forked import Fork
    from generator.indicators import maps, pages as indicator_pages

    site, _ = sample
    alone, shared = render_docs(site), render_docs(site)
    maps._frames.clear()
    feature(site, alone)
    maps._frames.clear()
    copy = Fork(partial(indicator_pages.ahead, site, shared))
    monkeypatch.setattr(maps, "map_frame", lambda *a: pytest.fail("the frame was drawn again"))
    feature(site, shared, copy)
    assert shared.pages == alone.pages and shared.files == alone.files
    assert "wr-map" in shared.pages[indicator_pages.INDEX]  # (the sample has maps)


def test_readings_of_draft_stories_are_not_published(sample):
    site, _ = sample
    story = next(s for s in site.stories if s.indicators)
    data = published(site.indicators, replace(site, story={}))
    assert all(r.story != story.id for r in data.readings)
    assert len(published(site.indicators, site).readings) == len(site.indicators.readings)


# -- the built sample site ---------------------------------------------------------------------

def test_the_index_keeps_no_page_alive(sample):
    """An index lives in reference cycles (freed only when the collector runs): holding the
    docs it was made from kept every page of the site in memory through MkDocs (300 MB at
    10,000 stories)."""
    import sys

    from generator.indicators.lookup import IndicatorIndex
    from generator.pages import Changes

    site, rollup = sample
    docs = render_docs(site)
    before = sys.getrefcount(docs.pages)
    changes = Changes(docs)  # what the feature is given when it runs early
    index = IndicatorIndex(site, published(site.indicators, site), rollup, changes)
    del changes
    after = sys.getrefcount(docs.pages)  # (not inside `assert`: pytest keeps its operands)
    assert after == before
    assert index.unit_target(next(iter(index.points)))[0] in docs.pages


def test_every_area_page_has_its_summary(sample_site):
    out = sample_site.out_dir
    pages = sorted(p for p in (out / "area").glob("*.html") if not p.name.endswith("-brief.html"))
    assert len(pages) > 190
    for page in pages:
        if page.name == "index.html":
            continue
        doc = HTMLParser(page.read_text(encoding="utf-8"))
        assert doc.css_first("h2#indicators") is not None, page.name
        assert doc.css_first("svg.wr-bars") or doc.css_first(".wr-ix-empty") or \
            doc.css_first("#indicators-own"), page.name


def test_province_page_summary(sample_site):
    doc = html(sample_site.out_dir, "area/80.html")
    rows = doc.css("h3#indicators-village ~ .wr-table table tbody tr")
    assert [r.css_first("td").text() for r in rows[:6]] == [
        "1. คณะผู้นำ", "2. แผนแม่บทชุมชน", "3. ศูนย์เรียนรู้", "4. การเงินและสวัสดิการ",
        "5. สุขภาวะและมาตรฐาน", "ภาพรวม"]
    assert doc.css_first("svg.wr-trend") is not None
    caption = doc.css_first("figure.wr-figure figcaption").text()
    assert "ปีงบประมาณ 2553" in caption and "ที่มา: SAMPLE-villages-2553.csv" in caption
    children = [a.text() for a in doc.css("h4#indicators-village-children ~ .wr-table a")]
    assert "อ.สิชล" in children
    link = doc.css_first("a.wr-download")
    data = (sample_site.out_dir / "area" / link.attributes["href"]).read_bytes()
    assert data.startswith("\ufeffปีงบประมาณ,องค์ประกอบ,A,B,C".encode("utf-8"))


def test_area_without_data_is_compact(sample_site):
    doc = html(sample_site.out_dir, "area/8005.html")
    empty = doc.css_first(".wr-ix-empty")
    assert "ยังไม่มีข้อมูลตัวชี้วัด" in empty.text()
    assert empty.css_first("a").attributes["href"] == "../indicators/index.html"
    assert doc.css_first("svg.wr-chart") is None


def test_tambon_page_lists_its_villages_with_provenance(sample_site):
    doc = html(sample_site.out_dir, "area/800807.html")
    assert doc.css_first("span#u-80080704") is not None
    sources = [td.text() for td in doc.css("h4#indicators-village-units ~ .wr-table td:last-child")]
    assert "SAMPLE-villages-2552.csv:107" in sources
    assert any(a.attributes["href"].endswith("#indicators") and "/story/" in "/" + a.attributes["href"]
               for a in doc.css("h4#indicators-village-units ~ .wr-table a"))


def test_story_and_village_link_both_ways(sample_site):
    out = sample_site.out_dir
    story = next((out / "story" / "2008").glob("2008-08-13-*.html"))
    doc = HTMLParser(story.read_text(encoding="utf-8"))
    link = doc.css_first("h2#indicators ~ .wr-table a")
    assert link.attributes["href"] == "../../area/80080704.html#indicators"
    village = html(out, "area/80080704.html")
    back = [a.attributes["href"] for a in village.css("#indicators-own ~ .wr-table a")]
    assert back == [f"../story/2008/{story.name}#indicators"]


def test_overview_and_component_pages(sample_site):
    out = sample_site.out_dir
    doc = html(out, "indicators/index.html")
    assert len(doc.css("svg.wr-map")) >= 3
    assert len(doc.css("#map ~ .wr-tabs input[type=radio]")) == len(doc.css("#map ~ .wr-tabs .wr-tab-panel"))
    assert doc.css_first(".admonition.warning").text().count("ข้อมูลตัวอย่าง") == 1
    assert not re.search(r"[A-Za-z]{3,}", doc.css_first(".admonition.warning").text())
    assert doc.css_first("#map-table ~ .wr-sortable table") is not None
    for component in GRADED:
        page = html(out, f"indicators/{component}.html")
        assert page.css_first("h2#amphoe") and page.css_first("h2#tambon"), component
        assert page.css_first("h3#amphoe-2553 ~ .wr-table td").text() == "1"
    nav = [a.text().strip() for a in doc.css("nav.md-tabs a")]
    assert "ตัวชี้วัด" in nav


@pytest.mark.browser
def test_sortable_table_in_chromium_offline(sample_site, offline_page, http_root):
    base = http_root(sample_site.out_dir)
    page = offline_page
    page.goto(base + "indicators/index.html#amphoe")
    table = page.locator("#amphoe ~ .wr-sortable table").first
    first = lambda: table.locator("tbody tr td").first.inner_text()  # noqa: E731
    before = first()
    table.locator("thead th button").first.click()
    table.locator("thead th button").first.click()
    assert table.locator("thead th").first.get_attribute("aria-sort") == "descending"
    assert first() != before
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["area/80.html", "area/8001.html", "indicators/index.html",
                                 "indicators/leaders.html"])
def test_charts_on_a_phone_keep_readable_text_in_a_scroll_region(sample_site, browser, rel):
    """At 390 px a chart is not shrunk below 12 px text: it scrolls, as a labelled region."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((Path(sample_site.out_dir) / rel).as_uri())
    page.wait_for_timeout(100)
    found = page.evaluate("""() => { let small = 99; const charts = [];
        for (const svg of document.querySelectorAll('svg.wr-chart')) {
          const box = svg.getBoundingClientRect(); if (!box.width) continue;
          const scale = box.width / svg.viewBox.baseVal.width;
          charts.push(svg.closest('figure'));
          for (const t of svg.querySelectorAll('text'))
            if (t.getBoundingClientRect().width) small = Math.min(small, parseFloat(t.getAttribute('font-size')) * scale); }
        const wide = charts.filter(f => f.scrollWidth > f.clientWidth + 1);
        return {small, charts: charts.length, over: document.scrollingElement.scrollWidth > innerWidth,
                unlabelled: wide.filter(f => !f.getAttribute('aria-label') || f.tabIndex !== 0
                                        || !(f.nextElementSibling || {}).classList?.contains('wr-scroll-hint')).length}; }""")
    page.close()
    assert found["charts"] and found["small"] >= 11.9 and not found["over"] and found["unlabelled"] == 0


def test_a_data_files_name_shows_as_written_in_the_figure_captions(tmp_site):
    """The name of a data file (a contributor's) is the source named under each chart and
    map: it was written into the caption's HTML as it was, so `<img … onerror=…>.csv` ran."""
    from conftest import story_text

    name = "<img src=x onerror=window.__pwned.push(1)>.csv"
    root = tmp_site({"content/stories/2008/2008-05-03-a.md": story_text(),
                     f"content/indicators/{name}": "ปีงบประมาณ,ตำบล,หมู่,คณะผู้นำ,ระดับภาพรวม\n"
                                                   "2551,800121,1,A,B\n2551,800121,2,B,B\n"})
    site = make_site(check_project(root))
    docs = render_docs(site)
    feature(site, docs)
    pages = {path: whole(text) for path, text in docs.pages.items()}
    shown = [path for path, text in pages.items() if "onerror=window.__pwned" in text]
    assert shown and "area/800121.md" in shown and "indicators/index.md" in shown
    for path in shown:
        tree = HTMLParser(pages[path])
        assert tree.css("img[onerror]") == [], path
        assert any(name in node.text() for node in tree.css("figcaption")), path
