"""Every string from content, escaped in its context, checked on the built hostile fixture
(tests/hostile/) without a browser: HTML text and attributes, <title>, meta and Open Graph
tags, Atom, JSON/JS data, CSV, GraphML/GEXF and SVG. A value must come out exactly as written:
not run, not cut, not turned into markup. (Issue 10, item 2; the browser half is in
test_hostile_browser.py.)"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import frontmatter
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from generator.build import check_project, make_docs, make_site
from generator.errors import ContentErrors
from generator.paths import story_path, tag_path

from conftest import story_text

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_TITLE = "วงเรียนรู้ทดสอบความปลอดภัย"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")
HOSTILE_AGENCIES = ("hostile_html", "hostile_eq", "hostile_plus", "hostile_minus", "hostile_at")


def html_of(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


def text(node) -> str:
    """Text of a node without MkDocs' heading permalink (¶); a marker when it is missing."""
    if node is None:
        return "<no such element>"
    return node.text(deep=True).replace("¶", "").strip()


def meta(tree: HTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    return node.attributes.get("content") if node else None


def same(text_a: str | None, text_b: str) -> bool:
    """Equal up to runs of white space (a renderer may fold a line break into a space)."""
    return text_a is not None and " ".join(text_a.split()) == " ".join(text_b.split())


def written(site, story) -> dict:
    """The story's front matter exactly as written in its file."""
    return frontmatter.loads((site.out_dir.parent / story.source).read_text(encoding="utf-8")).metadata


def page_of(site, rel_md: str) -> Path:
    return site.out_dir / (rel_md[:-3] + ".html")


def hostile_stories(site):
    return [s for s in site.site.stories if "zqx" in s.title or "__pwned" in s.summary]


@pytest.fixture(scope="module")
def stories(hostile_site):
    found = [(s, written(hostile_site, s)) for s in hostile_stories(hostile_site)]
    assert len(found) >= 5
    return found


# -- HTML text and attributes -------------------------------------------------------------------

def header_topic(tree: HTMLParser) -> str:
    """The page title Material repeats in the header bar."""
    return text(tree.css_first('[data-md-component="header-topic"] .md-ellipsis'))


def test_h1_title_and_header_show_the_title_as_written(hostile_site, stories):
    wrong = {}
    for story, fm in stories:
        tree = html_of(page_of(hostile_site, story_path(story)))
        got = (text(tree.css_first("article h1")), tree.css_first("title").text(), header_topic(tree))
        if got != (fm["title"], f"{fm['title']} · {SITE_TITLE}", fm["title"]):
            wrong[fm["title"]] = got
    assert wrong == {}


def test_meta_and_open_graph_hold_exactly_title_and_summary(hostile_site, stories):
    wrong = {}
    for story, fm in stories:
        tree = html_of(page_of(hostile_site, story_path(story)))
        got = {name: meta(tree, selector) for name, selector in (
            ("description", 'meta[name="description"]'), ("og:description", 'meta[property="og:description"]'),
            ("twitter:description", 'meta[name="twitter:description"]'),
            ("og:title", 'meta[property="og:title"]'), ("twitter:title", 'meta[name="twitter:title"]'),
            ("og:type", 'meta[property="og:type"]'))}
        summary = fm.get("summary") or fm["title"]
        expected = {"description": summary, "og:description": summary, "twitter:description": summary,
                    "og:title": fm["title"], "twitter:title": fm["title"], "og:type": "article"}
        if not all(same(got[k], v) for k, v in expected.items()):
            wrong[fm["title"]] = {k: v for k, v in got.items() if not same(v, expected[k])}
    assert wrong == {}


def test_summary_author_tags_and_series_show_as_written(hostile_site, stories):
    wrong = []
    for story, fm in stories:
        article = html_of(page_of(hostile_site, story_path(story))).css_first("article")
        if fm.get("summary"):
            box = [text(p) for p in article.css(".admonition.abstract p:not(.admonition-title)")]
            if len(box) != 1 or not same(box[0], fm["summary"]):
                wrong.append(("summary", fm["summary"], box))
        by = text(article.css_first(".wr-meta"))
        if not by.endswith("โดย " + fm["author"]):
            wrong.append(("author", fm["author"], by))
        facts = [p for p in article.css(".wr-facts p") if text(p).startswith("ป้ายกำกับ:")]
        links = [text(a) for a in facts[0].css("a")] if facts else []
        if links != list(fm["tags"]):
            wrong.append(("tags", fm["tags"], links))
        if fm.get("series"):
            series = text(article.css_first(".wr-series a"))
            if series != fm["series"]["title"]:
                wrong.append(("series", fm["series"]["title"], series))
    assert wrong == []


def test_tag_pages_and_listings_show_names_as_written(hostile_site, stories):
    wrong = []
    home = html_of(hostile_site.out_dir / "index.html")
    listed = {text(a) for a in home.css(".wr-stories a")}
    for story, fm in stories:
        if fm["title"] not in listed:
            wrong.append(("home listing", fm["title"]))
        for tag in fm["tags"]:
            tree = html_of(page_of(hostile_site, tag_path(hostile_site.site, tag)))
            heading = text(tree.css_first("article h1"))
            if heading != f"ป้ายกำกับ: {tag}":
                wrong.append(("tag h1", tag, heading))
            if header_topic(tree) != f"ป้ายกำกับ: {tag}":
                wrong.append(("tag header", tag, header_topic(tree)))
            if fm["title"] not in {text(a) for a in tree.css(".wr-stories a")}:
                wrong.append(("tag listing", tag, fm["title"]))
    assert wrong == []


def test_series_page_shows_its_title_as_written(hostile_site, stories):
    [title] = {fm["series"]["title"] for _, fm in stories if fm.get("series")}
    tree = html_of(hostile_site.out_dir / "series" / "hostile-series.html")
    assert text(tree.css_first("article h1")) == f"ชุดบันทึก: {title}"
    assert tree.css_first("title").text() == f"ชุดบันทึก: {title} · {SITE_TITLE}"
    assert header_topic(tree) == f"ชุดบันทึก: {title}"


def test_registry_names_and_notes_show_as_written(hostile_site):
    wrong = []
    for agency_id in HOSTILE_AGENCIES:
        agency = hostile_site.site.agencies[agency_id]
        tree = html_of(hostile_site.out_dir / "agency" / f"{agency_id}.html")
        if text(tree.css_first("article h1")) != agency.name_th:
            wrong.append((agency_id, "h1", text(tree.css_first("article h1"))))
        if tree.css_first("title").text() != f"{agency.name_th} · {SITE_TITLE}":
            wrong.append((agency_id, "title", tree.css_first("title").text()))
        if header_topic(tree) != agency.name_th:
            wrong.append((agency_id, "header", header_topic(tree)))
        body = text(tree.css_first("article"))
        for value in (agency.name_en, agency.head_title, getattr(agency, "public_note", "")):
            if value and value not in body:
                wrong.append((agency_id, "text", value))
        if agency.note and agency.note in body:  # maintainers' notes stay out of the site
            wrong.append((agency_id, "maintainer note shown", agency.note))
    assert wrong == []


# -- feeds, data and exports --------------------------------------------------------------------

def test_feed_parses_and_keeps_titles_summaries_and_tags(hostile_site, stories):
    root = ElementTree.parse(hostile_site.out_dir / "feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}title"): e for e in root.iter(f"{ATOM}entry")}
    for story, fm in stories:
        entry = entries[fm["title"]]
        assert [c.get("term") for c in entry.iter(f"{ATOM}category")] == list(fm["tags"])
        summary = entry.findtext(f"{ATOM}summary")
        assert same(summary.split(" — ", 1)[1], fm.get("summary") or fm["title"])
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == fm["author"]


def data_files(out: Path) -> list[Path]:
    """The JSON and JS data the build writes (not the vendored libraries under assets/)."""
    return sorted(p for p in out.rglob("*") if p.suffix in (".js", ".json")
                  and "assets" not in p.relative_to(out).parts)


def parse_data(path: Path):
    """A data file's JSON: the whole file, `X = {...};` or the arguments of `x.f(...);`."""
    source = path.read_text(encoding="utf-8").strip().rstrip(";")
    if path.name == "i.js":  # the index's entry: setIndex(document.currentScript.src, "<version>")
        return re.fullmatch(r'wongrianSearch\.setIndex\(document\.currentScript\.src, "([0-9a-f]+)"\)', source).group(1)
    if path.suffix == ".json":
        return json.loads(source)
    if re.match(r"^[\w.]+\s*=", source):
        return json.loads(source.split("=", 1)[1])
    call = re.fullmatch(r"[\w.]+\((.*)\)", source, re.S)
    assert call, f"{path.name}: neither an assignment nor a call"
    if call.group(1) == "document.currentScript.src":  # the loader: carries no content
        return []
    return json.loads("[" + call.group(1) + "]")


def test_json_and_js_data_parse_and_cannot_close_a_script(hostile_site, stories):
    files = data_files(hostile_site.out_dir)
    names = {p.relative_to(hostile_site.out_dir).as_posix() for p in files}
    assert "network/graph-data.js" in names and any(n.startswith("search/") for n in names)
    unsafe = [p.relative_to(hostile_site.out_dir).as_posix() for p in files
              if re.search(r"</script|<!--|]]>", p.read_text(encoding="utf-8"), re.I)]
    data = {p.name + str(i): parse_data(p) for i, p in enumerate(files)}
    dumped = json.dumps(data, ensure_ascii=False)
    missing = [fm["title"] for _, fm in stories if json.dumps(fm["title"], ensure_ascii=False) not in dumped]
    assert (unsafe, missing) == ([], [])


def csv_cells(path: Path) -> list[str]:
    body = path.read_bytes().decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(body, newline="")) for cell in row]


def test_csv_exports_guard_formula_injection(hostile_site):
    files = sorted(hostile_site.out_dir.rglob("*.csv"))
    assert any(p.parent.name == "csv" for p in files) and any(p.parent.name == "network" for p in files)
    risky = sorted({(p.relative_to(hostile_site.out_dir).as_posix(), cell) for p in files
                    for cell in csv_cells(p)
                    if cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell)})
    assert risky == []


def test_csv_exports_still_carry_the_names(hostile_site):
    """The guard keeps the value readable: at most one leading apostrophe is added."""
    nodes = {c.removeprefix("'") for c in csv_cells(hostile_site.out_dir / "network" / "nodes.csv")}
    sources = csv_cells(hostile_site.out_dir / "indicators" / "csv" / "sources.csv")
    for agency_id in HOSTILE_AGENCIES:
        assert hostile_site.site.agencies[agency_id].name_th in nodes
    assert any("indicator-note" in c and "cmd|" in c for c in sources)


@pytest.mark.parametrize("name", ["wongrian-network.graphml", "wongrian-network.gexf"])
def test_graph_exports_parse_as_xml_and_keep_names(hostile_site, name):
    root = ElementTree.parse(hostile_site.out_dir / "network" / name).getroot()
    values = {node.text for node in root.iter() if node.text} | {
        v for node in root.iter() for v in node.attrib.values()}
    for agency_id in HOSTILE_AGENCIES:
        assert hostile_site.site.agencies[agency_id].name_th in values


def svg_problems(svg: ElementTree.Element) -> list[str]:
    problems = []
    for node in svg.iter():
        tag = node.tag.rsplit("}", 1)[-1]
        if tag in ("script", "foreignObject", "iframe"):
            problems.append(tag)
        problems += [f"{tag}@{k}" for k in node.attrib if k.rsplit("}", 1)[-1].lower().startswith("on")]
        problems += [f"{tag}@{k}={v}" for k, v in node.attrib.items()
                     if "href" in k and v.strip().lower().startswith(("javascript:", "data:"))]
    return problems


OUR_HANDLERS = {("onsubmit", "return false")}  # the network page's filter form


def test_no_page_gets_an_event_handler_or_script_link_from_content(hostile_site):
    """Registry names land in many sentences (the ego network's, the metrics page's lists):
    none of them may turn into an element with a handler or a javascript: link."""
    found = []
    for page in sorted(hostile_site.out_dir.rglob("*.html")):
        for node in html_of(page).root.traverse():
            for name, value in (node.attributes or {}).items():
                if (name.startswith("on") and (name, value) not in OUR_HANDLERS) or (
                        name in ("href", "src") and (value or "").strip().lower().startswith("javascript:")):
                    found.append((page.relative_to(hostile_site.out_dir).as_posix(), node.tag, name))
    assert found == []
    for agency_id in ("hostile_html", "hostile_md"):
        tree = html_of(hostile_site.out_dir / "agency" / f"{agency_id}.html")
        intro = text(tree.css_first("h2#network ~ p"))
        assert hostile_site.site.agencies[agency_id].name_th in intro
        # the section's heading, made as HTML, is in the page's table of contents
        assert tree.css_first('nav.md-nav--secondary a[href="#network"]') is not None


def test_svg_files_and_inline_svg_labels_parse(hostile_site):
    out = hostile_site.out_dir
    files = [p for p in out.rglob("*.svg") if "assets" not in p.relative_to(out).parts]
    assert files
    problems = {p.name: svg_problems(ElementTree.parse(p).getroot()) for p in files}
    pages = [p for p in out.rglob("*.html") if "__pwned" in p.read_text(encoding="utf-8")]
    for page in pages:
        for i, match in enumerate(re.finditer(r'<svg\b[^>]*class="wr-.*?</svg>', page.read_text(encoding="utf-8"), re.S)):
            key = f"{page.relative_to(out).as_posix()}#{i}"
            try:
                problems[key] = svg_problems(ElementTree.fromstring(match.group(0)))
            except ElementTree.ParseError as error:
                problems[key] = [f"does not parse: {error}"]
    assert {k: v for k, v in problems.items() if v} == {}
    agency = hostile_site.site.agencies["hostile_html"]
    ego = ElementTree.fromstring(re.search(
        r'<svg\b[^>]*class="wr-ego-svg.*?</svg>',
        (out / "agency" / "hostile_html.html").read_text(encoding="utf-8"), re.S).group(0))
    assert ego.findtext("{http://www.w3.org/2000/svg}title") == f"เครือข่ายของ {agency.name_th}"


# -- page metadata (YAML front matter of the generated Markdown) --------------------------------

@pytest.mark.parametrize("field", ["title", "summary"])
def test_backslash_quote_and_newline_cannot_add_page_metadata(tmp_site, field):
    """Refused with an error on the field, or kept whole: never new keys in the page's metadata."""
    value = 'ชื่อเรื่อง\\"\nog_type: injected\ntemplate: 404.html'
    fields = {"title": "วงเรียนรู้", "summary": "สรุป", field: json.dumps(value, ensure_ascii=False)}
    root = tmp_site({"content/stories/2008/2008-05-03-a.md": story_text(slug="injected", **fields)})
    try:
        site = make_site(check_project(root))
    except ContentErrors as caught:
        assert [e.field for e in caught.errors] == [field]
        return
    [story] = site.stories
    page = make_docs(site, features=False).pages[story_path(story)]
    metadata = frontmatter.loads(page).metadata
    assert set(metadata) <= {"title", "description", "og_type", "date_iso"}
    assert metadata.get("og_type") == "article"
    assert same(metadata["title" if field == "title" else "description"], value)


# -- site_config.yml values --------------------------------------------------------------------

def test_the_site_title_is_escaped_wherever_the_theme_prints_it(tmp_site):
    """A site title with markup characters shows as written in the logo's label and the
    navigation's title too (they printed it raw: a '<' in the title broke every page)."""
    from conftest import MINIMAL_CONFIG
    from generator.build import build

    title = 'KM <b>เมือง</b> & "ชุมชน" <img src=x onerror=window.__pwned=1>'
    config = MINIMAL_CONFIG.replace("title: วงเรียนรู้ทดสอบ", f"title: '{title}'")
    root = tmp_site({"content/stories/2008/2008-05-03-a.md": story_text()}, config=config)
    build(root)
    for page in ("index.html", "tag/index.html", "404.html"):
        tree = html_of(root / "site" / page)
        assert tree.css("img[onerror], b") == [], page
        labels = [node.attributes.get("aria-label") for node in tree.css(".md-logo")]
        assert labels and set(labels) == {title}, page
        assert same(text(tree.css_first(".md-nav--primary > .md-nav__title")), title), page


def test_addresses_from_site_config_keep_an_ampersand(tmp_site):
    """og:url and the header's link to the repository printed addresses raw: with `&copy/` in
    site.url a browser or a share preview reads `©/` (a character reference), and `&para/` in
    repository.url `¶/`; the canonical link beside them was escaped."""
    from conftest import MINIMAL_CONFIG
    from generator.build import build

    config = MINIMAL_CONFIG.replace("https://example.org/test/", "https://example.org/a&copy/") \
        .replace("https://github.com/example/test", "https://github.com/example/a&para")
    root = tmp_site({"content/stories/2008/2008-05-03-a.md": story_text()}, config=config)
    build(root)
    tree = html_of(root / "site" / "index.html")
    assert tree.css_first('link[rel="canonical"]').attributes["href"] == "https://example.org/a&copy/index.html"
    assert meta(tree, 'meta[property="og:url"]') == "https://example.org/a&copy/index.html"
    assert {a.attributes["href"] for a in tree.css("a.md-source")} == {
        "https://github.com/example/a&para/blob/main/CONTRIBUTING.md"}  # (and the repository's)
