"""What a reader sees is in Thai: the 404 page, the header, heading links, agency notes."""

from __future__ import annotations

from html import escape

from selectolax.lexbor import LexborHTMLParser as HTMLParser


def page(sample_site, rel: str) -> HTMLParser:
    return HTMLParser((sample_site.out_dir / rel).read_text(encoding="utf-8"))


def test_404_is_thai_with_search_and_a_way_home(sample_site):
    doc = page(sample_site, "404.html")
    assert doc.css_first("article h1").text() == "ไม่พบหน้าที่ต้องการ"
    form = doc.css_first("form.wr-404-search")
    assert form.attributes["action"].endswith("index.html")  # search-ui.js reads ?q=
    assert form.css_first("input[name=q]") is not None
    assert form.css_first("label[for=wr-404-q]").text() == "คำค้น"
    links = {a.text(): a.attributes["href"] for a in doc.css(".wr-404 a")}
    assert links["กลับหน้าแรก"].endswith("index.html")
    assert "Not found" not in doc.body.text()


def test_header_links_to_the_guide_in_thai_not_to_github(sample_site):
    doc = page(sample_site, "index.html")
    source = doc.css_first(".md-header__source a")
    assert source.text(strip=True) == "ร่วมเขียน"
    assert source.attributes["href"].endswith("/blob/main/CONTRIBUTING.md")
    assert "GitHub" not in doc.css_first(".md-header").text()


def test_the_headers_guide_is_on_the_branch_stories_are_written_to(tmp_site):
    """A repository whose branch is not `main` (editor.branch): the header's guide link goes
    where the footer's does, not to a 404 at /blob/main/."""
    from conftest import MINIMAL_CONFIG, story_text

    from generator.build import build

    root = tmp_site({"content/stories/2008/2008-05-03-a.md": story_text()},
                    config=MINIMAL_CONFIG + "editor:\n  branch: trunk\n")
    build(root)
    doc = HTMLParser((root / "site" / "index.html").read_text(encoding="utf-8"))
    assert doc.css_first(".md-header__source a").attributes["href"] == \
        "https://github.com/example/test/blob/trunk/CONTRIBUTING.md"


def test_heading_links_are_titled_in_thai(sample_site):
    text = (sample_site.out_dir / "area" / "800121.html").read_text(encoding="utf-8")
    assert "Permanent link" not in text
    assert 'title="ลิงก์ถาวรของหัวข้อนี้"' in text


def test_maintainer_notes_stay_out_of_agency_pages(sample_site):
    registry = sample_site.site.registry.agencies
    noted = [a for a in registry.values() if a.note]
    assert noted
    for agency_file in sorted((sample_site.out_dir / "agency").glob("*.html")):
        text = agency_file.read_text(encoding="utf-8")
        for agency in noted:
            start = agency.note[:40]
            assert start not in text and escape(start) not in text, (agency_file.name, agency.id)
