"""Atom feeds: the site's, one per agency and one per area; valid, escaped, deterministic."""

import datetime as dt
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
import yaml

from generator.build import check_project, make_docs, make_site
from generator.feed import FEED_SIZE, agency_feed_path, area_feed_path, render_feeds
from generator.load import split_front_matter
from generator.paths import story_path
from generator.prerendered import detach, restore

from conftest import MINIMAL_CONFIG, story_text

NS = {"a": "http://www.w3.org/2005/Atom"}
HOSTILE = 'a"b <script>alert(1)</script> & ]]> \'q\''
HOSTILE_AGENCY = """
- id: hostile
  name_th: 'หน่วย "ทดสอบ" <script>x</script> & ]]>'
  aliases_th: [หน่วยทดสอบ]
  level: province
"""


def parse(data: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(data)


def entries(feed: ElementTree.Element) -> list[ElementTree.Element]:
    return feed.findall("a:entry", NS)


@pytest.fixture
def project(tmp_site):
    """Three stories: a hostile one in ต.ท่าซัก, one in อ.ทุ่งสง, one of the hostile agency."""
    root = tmp_site({
        "content/stories/a.md": story_text(
            title=json.dumps(HOSTILE), date="2008-05-03", slug="hostile", summary=json.dumps(HOSTILE),
            tags=("a\\\"b", "<script>", "&", "]]>"), agencies=("พช.อำเภอเมือง", "หน่วยทดสอบ")),
        "content/stories/b.md": story_text(title="วงเรียนรู้ทุ่งสง", date="2551-06-01", slug="thung-song",
                                           areas=("อ.ทุ่งสง",), agencies=("พช.",)),
        "content/stories/c.md": story_text(title="วงเรียนรู้ไม่มีสรุป", date="2008-04-01", slug="plain"),
    })
    path = root / "content" / "registry" / "agencies.yml"
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("\nambiguous_aliases:")
    path.write_text(head.rstrip("\n") + "\n" + HOSTILE_AGENCY + "\nambiguous_aliases:" + tail,
                    encoding="utf-8")
    return root


@pytest.fixture
def feeds(project):
    return render_feeds(make_site(check_project(project)), story_path)


def test_hostile_titles_tags_and_names_come_back_exactly(feeds):
    feed = parse(feeds[agency_feed_path("hostile")])
    assert feed.findtext("a:title", namespaces=NS) == (
        'บันทึกวงเรียนรู้ของหน่วย "ทดสอบ" <script>x</script> & ]]> — วงเรียนรู้ทดสอบ')
    (entry,) = entries(feed)
    assert entry.findtext("a:title", namespaces=NS) == HOSTILE
    assert [c.get("term") for c in entry.findall("a:category", NS)] == ['a"b', "<script>", "&", "]]>"]
    raw = feeds[agency_feed_path("hostile")].decode("utf-8")
    assert "<script>" not in raw and "]]>" not in raw


def test_every_feed_parses_and_has_what_atom_requires(feeds):
    for path, data in feeds.items():
        feed = parse(data)
        assert feed.tag == "{http://www.w3.org/2005/Atom}feed", path
        for element in (feed, *entries(feed)):
            assert all(element.findtext(f"a:{k}", namespaces=NS) for k in ("id", "title", "updated"))
        assert feed.find("a:author/a:name", NS).text
        assert feed.find("a:link[@rel='self']", NS).get("href").endswith(path)


def test_feedparser_reads_the_feeds_without_complaint(feeds):
    for path in ("feed.xml", agency_feed_path("hostile"), area_feed_path("800121")):
        parsed = feedparser.parse(feeds[path])
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
    parsed = feedparser.parse(feeds[agency_feed_path("hostile")])
    assert parsed.entries[0].title == HOSTILE


def test_feeds_for_every_agency_and_area_level(project, feeds):
    site = make_site(check_project(project))
    assert {agency_feed_path(a) for a in site.agencies} <= set(feeds)
    levels = {a.id for a in site.areas.values() if a.level in ("province", "amphoe", "tambon")}
    assert {p for p in feeds if p.startswith("feeds/area/")} == {area_feed_path(a) for a in levels}


def test_area_feeds_hold_the_stories_of_the_area_and_below_newest_first(feeds):
    titles = lambda path: [e.findtext("a:title", namespaces=NS)  # noqa: E731
                           for e in entries(parse(feeds[path]))]
    assert titles(area_feed_path("80")) == ["วงเรียนรู้ทุ่งสง", HOSTILE, "วงเรียนรู้ไม่มีสรุป"]
    assert titles(area_feed_path("8009")) == ["วงเรียนรู้ทุ่งสง"]
    assert titles(area_feed_path("800121")) == [HOSTILE, "วงเรียนรู้ไม่มีสรุป"]
    assert titles(area_feed_path("800901")) == []
    assert parse(feeds[area_feed_path("800121")]).findtext("a:title", namespaces=NS) == (
        "บันทึกวงเรียนรู้ ต.ท่าซัก อ.เมืองนครศรีธรรมราช — วงเรียนรู้ทดสอบ")
    assert titles(agency_feed_path("cdd")) == ["วงเรียนรู้ทุ่งสง"]


def test_summaries_carry_thai_buddhist_era_dates(feeds):
    summaries = [e.findtext("a:summary", namespaces=NS) for e in entries(parse(feeds["feed.xml"]))]
    assert summaries == ["1 มิถุนายน 2551 — วงเรียนรู้ทุ่งสง", f"3 พฤษภาคม 2551 — {HOSTILE}",
                         "1 เมษายน 2551 — วงเรียนรู้ไม่มีสรุป"]


def test_ids_are_page_urls_with_a_site_url(feeds):
    feed = parse(feeds[area_feed_path("8009")])
    assert feed.findtext("a:id", namespaces=NS) == "https://example.org/test/area/8009.html"
    (entry,) = entries(feed)
    url = "https://example.org/test/story/2008-06-01-thung-song.html"
    assert entry.findtext("a:id", namespaces=NS) == url
    assert entry.find("a:link", NS).get("href") == url
    assert feed.findtext("a:updated", namespaces=NS) == "2008-06-01T00:00:00+07:00"


def test_without_a_site_url_ids_are_stable_uuids_and_links_relative(tmp_site):
    config = MINIMAL_CONFIG.replace("  url: https://example.org/test/\n", "")
    root = tmp_site({"content/stories/a.md": story_text(slug="one")}, config=config)
    first = render_feeds(make_site(check_project(root)), story_path)
    again = render_feeds(make_site(check_project(root)), story_path)
    assert first == again  # byte for byte
    feed = parse(first[area_feed_path("800121")])
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", feed.findtext("a:id", namespaces=NS))
    (entry,) = entries(feed)
    assert entry.find("a:link", NS).get("href") == "../../story/2008-05-03-one.html"
    ids = {parse(data).findtext("a:id", namespaces=NS) for data in first.values()}
    assert len(ids) == len(first)
    site_feed = parse(first["feed.xml"])
    assert entries(site_feed)[0].findtext("a:id", namespaces=NS) == entry.findtext("a:id", namespaces=NS)


def test_a_feed_holds_at_most_the_newest_stories(tmp_site):
    start = dt.date(2008, 1, 1)
    root = tmp_site({f"content/stories/s{n:02d}.md": story_text(
        title=f"บันทึก {n}", date=(start + dt.timedelta(days=n)).isoformat(), slug=f"s{n}")
        for n in range(FEED_SIZE + 2)})
    feed = parse(render_feeds(make_site(check_project(root)), story_path)[area_feed_path("8001")])
    titles = [e.findtext("a:title", namespaces=NS) for e in entries(feed)]
    assert len(titles) == FEED_SIZE and titles[0] == f"บันทึก {FEED_SIZE + 1}"


def test_pages_link_their_feed_in_front_matter_and_text(project):
    docs = make_docs(make_site(check_project(project)), features=False)
    for page, feed in (("agency/hostile.md", agency_feed_path("hostile")),
                       ("area/8009.md", area_feed_path("8009")), ("area/80.md", area_feed_path("80"))):
        front, body, _ = split_front_matter(restore(*detach(docs.pages[page])))  # parts in place
        meta = yaml.safe_load(front)
        assert meta["feed"] == feed and meta["feed_title"].startswith("ติดตามบันทึก")
        link = re.search(r'<a href="([^"]+)" type="application/atom\+xml">ติดตาม</a>', body)
        assert link and str(Path(page).parent / link.group(1)).replace("\\", "/").endswith(feed)
        assert feed in docs.files
    assert yaml.safe_load(split_front_matter(docs.pages["agency/hostile.md"])[0])["feed_title"] == (
        'ติดตามบันทึกของหน่วย "ทดสอบ" <script>x</script> & ]]>')


def test_built_pages_carry_the_feed_link_in_the_head(sample_site):
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    out = sample_site.out_dir
    for page, feed in (("agency/cdd.html", "../feeds/agency/cdd.xml"),
                       ("area/800121.html", "../feeds/area/800121.xml")):
        html = HTMLParser((out / page).read_text(encoding="utf-8"))
        hrefs = [n.attributes["href"] for n in html.css('head link[rel="alternate"][type="application/atom+xml"]')]
        assert hrefs == ["../feed.xml", feed]
        follow = html.css_first(".wr-follow a")
        assert follow.text() == "ติดตาม" and follow.attributes["href"] == feed
        assert (out / page).parent.joinpath(feed).resolve().is_file()
        parse((out / page).parent.joinpath(feed).read_bytes())
