"""The real MkDocs build of the sample site, checked with HTML selectors."""

import hashlib
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from generator.build import build
from generator.dates import thai_date
from generator.linkcheck import check_links
from generator.paths import agency_path, area_path, story_path

ROOT = Path(__file__).parent.parent
BE_DATE = re.compile(r"\d{1,2} (มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|"
                     r"สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม) 25\d\d")


def html_of(out: Path, md_path: str) -> HTMLParser:
    return HTMLParser((out / (md_path[:-3] + ".html")).read_text(encoding="utf-8"))


def test_every_entity_of_the_sample_has_a_page(sample_site):
    site, out = sample_site.site, sample_site.out_dir
    assert len(site.stories) >= 24
    for story in site.stories:
        assert (out / (story_path(story)[:-3] + ".html")).exists()
    for agency_id in {a for s in site.stories for a in s.agencies}:
        assert (out / f"agency/{agency_id}.html").exists()
    for area_id in {a for s in site.stories for a in s.areas}:
        assert (out / f"area/{area_id}.html").exists()
    for kind, keys in (("tag", site.tag_slug.values()), ("year", site.by_year),
                       ("series", site.by_series), ("circle", site.by_circle)):
        for key in keys:
            assert (out / f"{kind}/{key}.html").exists(), (kind, key)
    assert len(list((out / "role").glob("*.html"))) == len(site.by_role) + 1


def test_every_internal_link_resolves(sample_site):
    assert check_links(sample_site.out_dir) == []


def test_linkcheck_shows_control_characters_of_a_link_as_escapes(tmp_path):
    """A story's link is decoded to name the missing file: an escape sequence written as %1b
    went to the terminal (or CI log) of whoever ran linkcheck."""
    (tmp_path / "index.html").write_text(
        '<a href="%1b]0;owned%07x.html">x</a> <a href="#%1b[2J%0a">y</a>', encoding="utf-8")
    broken = check_links(tmp_path)
    assert len(broken) == 2 and not any(c in line for line in broken for c in "\x1b\x07\n")
    assert "(no file \\x1b]0;owned\\x07x.html)" in broken[0]
    assert "(no id #\\x1b[2J\\x0a in index.html)" in broken[1]


def test_no_registry_placeholder_reaches_a_reader(sample_site):
    """A templated agency ("{tambon} Subdistrict …") is shown as the type it is, never raw."""
    leaks = [p.relative_to(sample_site.out_dir).as_posix() for p in sample_site.out_dir.rglob("*")
             if p.suffix in (".html", ".js", ".xml", ".json") and p.is_file()
             and re.search(r"\{(tambon|amphoe)\}", p.read_text(encoding="utf-8", errors="replace"))]
    assert leaks == []
    page = (sample_site.out_dir / "agency" / "sao.html").read_text(encoding="utf-8")
    assert "Subdistrict Administrative Organization (each subdistrict)" in page
    assert "เป็นประเภทหน่วยงาน เครือข่ายแสดงอยู่ที่หน้าของหน่วยงานในแต่ละพื้นที่" in page


def test_story_page_shows_be_date_thai_labels_and_links_both_ways(sample_site):
    site, out = sample_site.site, sample_site.out_dir
    story = next(s for s in site.stories if s.series and s.series.part == 2 and s.series.total == 3)
    page = html_of(out, story_path(story))
    text = page.body.text()
    assert BE_DATE.search(text) and "อ่านประมาณ" in text and "ตอนที่ 2 จาก" in text
    assert "ตอนก่อนหน้า" in text and "ตอนถัดไป" in text
    assert page.css_first("html").attributes["lang"] == "th"
    agency_id = story.agencies[0]
    hrefs = [a.attributes.get("href", "") for a in page.css("a")]
    assert any(h.endswith(f"agency/{agency_id}.html") for h in hrefs)
    back = html_of(out, agency_path(agency_id))
    assert any(a.attributes.get("href", "").endswith(Path(story_path(story)).stem + ".html")
               for a in back.css("a"))


def test_area_pages_have_breadcrumbs_children_and_stories(sample_site):
    out = sample_site.out_dir
    tambon = html_of(out, area_path("800121"))
    crumbs = [a.text() for a in tambon.css(".wr-breadcrumbs a")]
    assert crumbs == ["จ.นครศรีธรรมราช", "อ.เมืองนครศรีธรรมราช"]
    assert tambon.css(".wr-stories li")
    amphoe = html_of(out, area_path("8001")).body.text()
    assert "ต.ท่าซัก" in amphoe and "ตำบลในพื้นที่" in amphoe


def test_heading_anchors_are_unique_and_keep_thai_marks(sample_site):
    for page in sample_site.out_dir.rglob("story/**/*.html"):
        ids = [n.attributes["id"] for n in HTMLParser(page.read_text(encoding="utf-8")).css("article [id]")]
        assert len(ids) == len(set(ids)), page
    ids = {n.attributes["id"] for p in sample_site.out_dir.rglob("story/**/*.html")
           for n in HTMLParser(p.read_text(encoding="utf-8")).css("h2[id]")}
    assert {"เรื่องข้าว", "เรื่องข่าว"} <= ids


def test_share_tags_and_feed(sample_site):
    site, out = sample_site.site, sample_site.out_dir
    story = site.stories[0]
    head = html_of(out, story_path(story)).head
    meta = {m.attributes.get("property") or m.attributes.get("name"): m.attributes.get("content")
            for m in head.css("meta")}
    assert meta["og:title"] == story.title and meta["og:type"] == "article"
    assert meta["og:locale"] == "th_TH" and meta["twitter:card"] == "summary"
    assert meta["og:description"] == (story.summary or story.title)
    feed = ElementTree.parse(out / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles[0] == story.title and len(titles) == min(30, len(site.stories))


def test_home_lists_newest_and_counts(sample_site):
    home = HTMLParser((sample_site.out_dir / "index.html").read_text(encoding="utf-8"))
    items = home.css(".wr-stories li")
    assert len(items) == 10
    assert sample_site.site.stories[0].title in items[0].text()
    assert "บันทึกล่าสุด" in home.body.text()


def test_area_page_opens_with_grades_trend_and_counts(sample_site):
    tambon = html_of(sample_site.out_dir, area_path("800121"))
    article = tambon.css_first("article")
    kids = [n for n in article.iter() if n.tag in ("h1", "h2", "div")]
    names = [n.tag if n.tag != "div" else (n.attributes.get("class") or "") for n in kids]
    assert names[:3] == ["h1", "wr-answer", "h2"]  # the summary, then the stories
    assert kids[2].attributes["id"] == "stories"
    answer = article.css_first(".wr-answer")
    rows = [[c.text().strip() for c in r.css("td")] for r in answer.css("tbody tr")]
    assert [r[0] for r in rows][-1] == "ภาพรวม" and all(r[1].isdigit() for r in rows)
    assert {r[4] for r in rows} <= {"↑ ดีขึ้น", "↓ ลดลง", "→ คงเดิม", "–"}
    assert "ครบ" in answer.text() and "บันทึก 9 เรื่อง" in answer.text()
    how = answer.css_first(".wr-answer-how a").attributes["href"]
    assert how == "#indicators-how" and tambon.css_first("h3#indicators-how")


def test_amphoe_page_lists_tambons_by_activity_and_folds_the_empty_ones(sample_site):
    amphoe = html_of(sample_site.out_dir, area_path("8001"))
    shown = [int(td.text()) for td in amphoe.css(".wr-children td:last-child")]
    assert shown and shown == sorted(shown, reverse=True) and all(shown)
    assert "ต.ท่าซัก" == amphoe.css_first(".wr-children td a").text()
    folded = amphoe.css_first("details.wr-idle")
    assert folded.css_first("summary").text() == f"พื้นที่ที่ยังไม่มีบันทึก ({len(folded.css('a'))})"


def test_home_leads_to_the_map_the_network_and_the_newest(sample_site):
    home = html_of(sample_site.out_dir, "index.md")
    links = [a.attributes["href"] for a in home.css(".wr-home-links a")]
    assert links == ["indicators/index.html", "network/index.html", "#newest"]
    assert "คุณอำนวย" in home.css_first(".wr-intro").text()
    assert home.css_first("title").text() == sample_site.site.config.title


def test_every_page_has_the_footer_with_licence_date_join_and_feed(sample_site):
    newest = sample_site.site.stories[0].date
    for md in ("index.md", area_path("800121"), story_path(sample_site.site.stories[-1])):
        footer = html_of(sample_site.out_dir, md).css_first("footer .wr-footer")
        assert "CC BY 4.0" in footer.css_first(".wr-footer-licence").text()
        assert footer.css_first(".wr-footer-date").text() == f"ข้อมูล ณ {thai_date(newest)}"
        assert footer.css_first(".wr-footer-join").attributes["href"].endswith("/CONTRIBUTING.md")
        assert footer.css_first(".wr-footer-feed").attributes["href"].endswith("feed.xml")


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_content_gives_byte_identical_output(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "golden" / "project", project)
    shutil.copytree(ROOT / "content" / "registry", project / "content" / "registry")
    first = _digest(build(project, tmp_path / "one").out_dir)
    second = _digest(build(project, tmp_path / "two").out_dir)
    assert first == second
    assert not list(tmp_path.glob(".build-tmp-*"))


def test_build_swaps_in_and_leaves_no_temporary_folder(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "golden" / "project", project)
    shutil.copytree(ROOT / "content" / "registry", project / "content" / "registry")
    out = project / "site"
    (out / "assets" / "search").mkdir(parents=True)
    (out / "assets" / "search" / "search.js").write_text("", encoding="utf-8")  # a built site
    (out / "stale.html").write_text("old", encoding="utf-8")
    build(project)
    assert not (out / "stale.html").exists() and (out / "index.html").exists()
    assert sorted(p.name for p in project.iterdir()) == [".cache", "content", "site", "site.lock",
                                                          "site_config.yml"]


def test_the_docs_tree_read_once_lets_go_of_each_page_as_it_is_read():
    """`_publish` writes the tree file by file: each page's text is let go of as it is read,
    not after the last (the pages: 270 MB at 10,000 stories)."""
    from generator.build import DocsTree
    from generator.pages import Docs

    docs = Docs(pages={"a.md": "ก", "b.md": "ข"}, files={"c.css": b"x"})
    kept = DocsTree(docs, {"d.png": b"png"})
    assert dict(kept) == {"a.md": "ก".encode(), "b.md": "ข".encode(), "c.css": b"x",
                          "d.png": b"png"}
    assert docs.pages == {"a.md": "ก", "b.md": "ข"}  # (read as often as wanted)
    once = DocsTree(docs, {"d.png": b"png"}, once=True)
    assert once["a.md"] == "ก".encode() and "a.md" not in docs.pages
    assert {rel: once[rel] for rel in ("b.md", "c.css", "d.png")} == {
        "b.md": "ข".encode(), "c.css": b"x", "d.png": b"png"}
    assert docs.pages == {} and docs.files == {}
    assert sorted(once) == ["a.md", "b.md", "c.css", "d.png"]  # (its names stay)
