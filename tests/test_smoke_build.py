"""One real build of the sample site, checked with HTML selectors."""

from selectolax.lexbor import LexborHTMLParser as HTMLParser


def test_sample_site_builds_with_pages(sample_site):
    out = sample_site.out_dir
    assert (out / "index.html").exists()
    html = HTMLParser((out / "index.html").read_text(encoding="utf-8"))
    assert html.css_first("html").attributes["lang"] == "th"
