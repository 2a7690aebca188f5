"""Search and offline-bundle benchmark: quality on the sample site, size and speed at N stories.

    python -m bench.search_bench quality            # recall / precision / right page first
    python -m bench.search_bench scale [--n 2000]   # index and bundle size, query time (Chromium)
    python -m bench.search_bench draft "ท่าซัก" …    # expected pages for new queries, to review
    python -m bench.search_bench quality --fixture  # the sample plus 12 test stories, their query set

Quality uses tests/search_queries.yml. A page is *about* a query when every word of the query
(normalised as search normalises; tone marks ignored where the query has none) occurs in what the
page is about: a story's title, dates, summary, body and facts (not its related-stories list); an
agency's or area's heading and table of names; a listing page's heading. The expected pages of each
query were drafted with that rule and reviewed by hand. Precision counts a result as right when
it is one of the query's expected pages.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search_queries.yml"
FIXTURE = ROOT / "tests" / "fixtures" / "search_stories"   # 12 more stories (BE 2553) and queries
FIXTURE_QUERIES = FIXTURE / "queries.yml"
CHROMIUM = "/usr/bin/chromium"


# -- references: stable names for pages (story file names do not change when slugs do) ---------

def page_refs(site) -> dict[str, str]:
    """{reference: url}: story:<file stem>, agency:<id>, area:<code>, tag:<name>, series:<id>,
    indicator:<component or index>, network:<index, metrics or growth> …"""
    from generator import paths
    from generator.search.index import html_path

    refs = {f"story:{PurePosixPath(s.source).stem}": html_path(paths.story_path(s)) for s in site.stories}
    refs.update({f"agency:{a}": html_path(paths.agency_path(a)) for a in site.agencies})
    refs.update({f"area:{a}": html_path(paths.area_path(a)) for a in site.areas})
    refs.update({f"tag:{t}": html_path(paths.tag_path(site, t)) for t in site.by_tag})
    refs.update({f"series:{s}": html_path(paths.series_path(s)) for s in site.by_series})
    refs.update({f"role:{r}": html_path(paths.role_path(r)) for r in site.by_role})
    refs.update({f"circle:{c}": html_path(paths.circle_path(c)) for c in site.by_circle})
    refs.update({f"year:{y}": html_path(paths.year_path(y)) for y in site.by_year})
    from generator.indicators.model import GRADED

    refs.update({f"indicator:{c}": f"indicators/{c}.html" for c in ("index", *GRADED)})
    refs.update({f"network:{n}": f"network/{n}.html" for n in ("index", "metrics", "growth")})
    return refs


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def fixture_project(where: Path) -> Path:
    """A project in `where`: the sample's content and config plus the fixture stories."""
    import shutil

    shutil.copytree(ROOT / "content", where / "content")
    shutil.copy(ROOT / "site_config.yml", where / "site_config.yml")
    for folder in sorted(p for p in FIXTURE.iterdir() if p.is_dir()):
        shutil.copytree(folder, where / "content" / "stories" / folder.name)
    return where


# -- the judge ----------------------------------------------------------------------------------------

def about_text(html: str) -> str:
    """What a built page is about (see the module docstring)."""
    from selectolax.lexbor import LexborHTMLParser

    article = LexborHTMLParser(html).css_first("article")
    if article is None:
        return ""
    story = article.css_first(".wr-facts") is not None
    parts = []
    for node in article.iter():
        if node.tag == "h2" and (story is False or node.attributes.get("id") == "related"):
            break
        if story or node.tag in ("h1", "nav", "table"):
            parts.append(node.text(separator=" "))
    return " ".join(parts)


def query_words(query: dict) -> list[str]:
    from generator.search.index import chunks, letters

    return [w for w in (chunks(" ".join(query["words"])) if "words" in query else chunks(query["q"]))
            if len(letters(w)) >= 2 or w.isdigit()]


def is_about(text: str, words: list[str]) -> bool:
    """Every word in the text (tone marks ignored where the word has none); a one-digit number
    right after the word before it, as in หมู่ 3 or หมู่ที่ 3."""
    import re

    from generator.search.index import TONES, chunks, toneless

    flat = " ".join(chunks(text))
    loose = toneless(flat)

    def has(word: str, before: str | None) -> bool:
        if len(word) == 1 and before:
            return bool(re.search(rf"{toneless(before)} ?(ที ?)?{word}(?![0-9])", loose))
        if len(word) == 1:
            return bool(re.search(rf"(?<![0-9]){word}(?![0-9])", flat))
        return (word in flat) if any(t in word for t in TONES) else (toneless(word) in loose)
    return all(has(w, words[i - 1] if i else None) for i, w in enumerate(words))


def draft(site_dir: Path, site, texts: list[str]) -> str:
    """YAML entries listing every page about each query, for review."""
    refs = page_refs(site)
    about = {ref: about_text((site_dir / url).read_text(encoding="utf-8"))
             for ref, url in refs.items() if (site_dir / url).exists()}
    out = []
    for text in texts:
        words = query_words({"q": text})
        hits = [ref for ref, body in about.items() if is_about(body, words)]
        out.append({"q": text, "expect": hits})
    return yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=200)


# -- running queries in Chromium -----------------------------------------------------------------------

RUN_JS = """async ([queries, all, unconfirmed]) => {
  const out = [];
  for (const q of queries) {
    const t0 = performance.now();
    const r = unconfirmed ? await wongrianSearch.search(q)
      : await wongrianSearch.query(q, all ? 1e9 : undefined);
    const rows = unconfirmed ? r.candidates : r.results;
    out.push({q, ms: performance.now() - t0, urls: rows.map(x => x.doc.url)});
  }
  return out;
}"""


def run_queries(page, texts: list[str], everything: bool = True, unconfirmed: bool = False) -> list[dict]:
    """Every query through the page's search engine: [{q, ms, urls}], in order; `unconfirmed`
    gives the trigram candidates as they come from the index (for comparison)."""
    page.wait_for_function("window.wongrianSearch !== undefined")
    return page.evaluate(RUN_JS, [texts, everything, unconfirmed])


@dataclass(frozen=True)
class Quality:
    queries: int
    recall: float
    precision: float
    firsts: int
    first_right: int
    misses: tuple[str, ...]

    def line(self) -> str:
        return (f"{self.queries} queries: recall {self.recall:.3f}, precision {self.precision:.3f}, "
                f"right page first {self.first_right}/{self.firsts} ({self.first_right / max(self.firsts, 1):.3f})")


def score(queries: list[dict], results: list[dict], refs: dict[str, str]) -> Quality:
    """Macro-averaged recall and precision, and right-page-first, of results against expectations."""
    recalls, precisions, firsts, right, misses = [], [], 0, 0, []
    for query, result in zip(queries, results):
        expect = {refs[r] for r in query["expect"]}
        urls = result["urls"]
        found = expect & set(urls)
        recalls.append(len(found) / len(expect) if expect else float(not urls))
        precisions.append(len([u for u in urls if u in expect]) / len(urls) if urls else float(not expect))
        if query.get("first"):
            firsts += 1
            right += bool(urls) and urls[0] == refs[query["first"]]
            if not urls or urls[0] != refs[query["first"]]:
                misses.append(f"{query['q']}: first {urls[:1]} not {refs[query['first']]}")
        elif query.get("first_kind"):  # e.g. story: any story first, then not an entity page
            firsts += 1
            kind = query["first_kind"]
            good = bool(urls) and urls[0] in expect and urls[0].startswith(kind + "/")
            right += good
            if not good:
                misses.append(f"{query['q']}: first {urls[:1]} is not a {kind} it should find")
        misses += [f"{query['q']}: missed {u}" for u in sorted(expect - found)]
        misses += [f"{query['q']}: extra {u}" for u in urls if u not in expect]
    return Quality(len(queries), statistics.mean(recalls), statistics.mean(precisions), firsts, right,
                   tuple(misses))


def open_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])


def measure_quality(site_dir: Path, site, path: Path = QUERIES) -> tuple[Quality, Quality]:
    """Quality of the search box, and of the trigram candidates alone (no confirmation)."""
    from playwright.sync_api import sync_playwright

    queries = load_queries(path)
    texts = [q["q"] for q in queries]
    with sync_playwright() as playwright:
        browser = open_browser(playwright)
        page = browser.new_page()
        page.goto((site_dir / "index.html").as_uri())
        results = run_queries(page, texts)
        candidates = run_queries(page, texts, unconfirmed=True)
        browser.close()
    refs = page_refs(site)
    return score(queries, results, refs), score(queries, candidates, refs)


# -- scale: size and speed at N stories ---------------------------------------------------------------

def index_sizes(site_dir: Path) -> dict[str, int]:
    folder = site_dir / "search"
    size = lambda pattern: sum(p.stat().st_size for p in folder.glob(pattern))  # noqa: E731
    return {"docs": size("docs.js"), "shards": size("s/*.js"), "texts": size("t/*.js"),
            "shard_count": len(list(folder.glob("s/*.js"))), "max_shard": max(
                p.stat().st_size for p in folder.glob("s/*.js"))}


BYTES_JS = """() => performance.getEntriesByType('resource').filter(e => e.name.includes('/search/'))
  .reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0)"""


def first_query_bytes(site_dir: Path, text: str, page) -> int:
    """Bytes of index files a fresh page loads to answer `text` (file sizes of the scripts)."""
    page.goto((site_dir / "index.html").as_uri())
    page.wait_for_function("window.wongrianSearch !== undefined")
    page.evaluate("async q => { await wongrianSearch.query(q); }", text)
    names = page.evaluate("() => [...document.querySelectorAll('script[src*=\"/search/\"]')].map(s => s.src)")
    from urllib.parse import unquote, urlparse

    return sum(Path(unquote(urlparse(n).path)).stat().st_size for n in names)


TIME_JS = """async (queries) => {
  const out = [];
  for (const q of queries) {
    const t0 = performance.now();
    const res = await wongrianSearch.search(q);
    const t1 = performance.now();
    await wongrianSearch.confirm(res, 20);
    out.push({q, index: t1 - t0, confirmed: performance.now() - t0, candidates: res.candidates.length});
  }
  return out;
}"""
SCALE_QUERIES = ["ท่าซัก", "พช.", "บัญชีครัวเรือน", "กศน ท่าศาลา", "ทุงสง", "สวัสดิการชุมชน", "ผ้ามัดย้อม",
                 "คุณอำนวย", "วิสาหกิจชุมชน", "แก้จนเมืองนคร", "น้ำพริก", "ปราชญ์ชาวบ้าน"]


def time_queries(site_dir: Path, texts: list[str]) -> dict:
    """Query times in headless Chromium from file://: cold (a fresh page per query) and warm
    (the same page, index and texts already loaded); `index` = candidates from the index,
    `confirmed` = the first 20 results confirmed against their texts (what the box shows)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = open_browser(playwright)
        cold, ready = [], []
        for text in texts:
            page = browser.new_page()
            page.goto((site_dir / "index.html").as_uri())
            page.wait_for_function("window.wongrianSearch !== undefined")
            ready.append(page.evaluate("async () => { const t = performance.now(); "
                                       "await wongrianSearch.ready(); return performance.now() - t; }"))
            cold += page.evaluate(TIME_JS, [text])
            page.close()
        page = browser.new_page()
        page.goto((site_dir / "index.html").as_uri())
        page.wait_for_function("window.wongrianSearch !== undefined")
        page.evaluate(TIME_JS, texts)
        warm = [r for _ in range(5) for r in page.evaluate(TIME_JS, texts)]
        browser.close()
    pick = lambda rows, key: sorted(r[key] for r in rows)  # noqa: E731
    return {"ready_ms": statistics.median(ready),
            **{f"{when}_{key}_ms": {"median": round(statistics.median(pick(rows, key)), 1),
                                    "max": round(pick(rows, key)[-1], 1)}
               for when, rows in (("cold", cold), ("warm", warm)) for key in ("index", "confirmed")},
            "candidates": {r["q"]: r["candidates"] for r in cold}}


def measure_scale(n: int, work: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from bench.corpus import make_corpus
    from generator.build import build
    from generator.bundle import make_bundle

    project = work / f"search-{n}"
    if not (project / "site" / "index.html").exists():
        make_corpus(project, n)
        started = time.perf_counter()
        build(project, project / "site")
        print(f"built {n} stories in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    site = _site(project)
    story_bytes = sum((project / s.source).stat().st_size for s in site.stories)
    sizes = index_sizes(project / "site")
    bundle = make_bundle(site, project / "site", work / "dist")
    with sync_playwright() as playwright:
        browser = open_browser(playwright)
        page = browser.new_page()
        first = {t: first_query_bytes(project / "site", t, page) for t in SCALE_QUERIES[:4]}
        browser.close()
    return {"stories": n, "story_bytes": story_bytes, **sizes,
            "index_ratio": round((sizes["docs"] + sizes["shards"]) / story_bytes, 4),
            "first_query_bytes": first, **time_queries(project / "site", SCALE_QUERIES),
            "bundle_bytes": bundle.bytes, "bundle_files": bundle.files}


def _site(project: Path):
    from generator.build import check_project, make_site

    return make_site(check_project(project))


def results_section(quality: Quality, trigrams_only: Quality, scale: dict, sample: dict) -> str:
    """The "Offline bundle and search" section of bench/RESULTS.md."""
    mb = lambda b: f"{b / 1e6:.2f} MB"  # noqa: E731
    first = scale["first_query_bytes"]
    return f"""Commands: `python -m bench.search_bench results` (or `quality`, `scale --n {scale['stories']}`).
Synthetic corpus: `bench.corpus` (~900 words a story), built with `wongrian build`; Chromium
{scale.get('chromium', '')} headless, pages opened from `file://`; 2 CPU cores shared with other jobs.

| at {scale['stories']:,} stories | |
|---|---|
| story text (Markdown files) | {mb(scale['story_bytes'])} |
| search index: result table `docs.js` + trigram shards | {mb(scale['docs'])} + {mb(scale['shards'])} = **{scale['index_ratio'] * 100:.1f} %** of the story text |
| shards | {scale['shard_count']} (largest {scale['max_shard'] / 1e3:.0f} kB) |
| story texts for confirming words and snippets (`t/<n>.js`, loaded 20 at a time) | {mb(scale['texts'])} |
| bytes loaded for a first query (table, shards, 20 texts) | {", ".join(f"{q} {mb(b)}" for q, b in first.items())} — at most **{mb(max(first.values()))}** |
| loading the result table (`docs.js`), median | {scale['ready_ms']:.0f} ms |
| query, index only (candidates ranked), cold / warm: median, max | {scale['cold_index_ms']['median']} / {scale['warm_index_ms']['median']} ms, max {scale['cold_index_ms']['max']} / {scale['warm_index_ms']['max']} ms |
| query with the first 20 results confirmed (what the box shows), cold / warm: median, max | {scale['cold_confirmed_ms']['median']} / {scale['warm_confirmed_ms']['median']} ms, max {scale['cold_confirmed_ms']['max']} / {scale['warm_confirmed_ms']['max']} ms |
| offline bundle, zipped | **{mb(scale['bundle_bytes'])}** ({scale['bundle_files']:,} files) |

Cold = a fresh page (the shards and texts a query needs are loaded by `<script>` tags); warm =
the same page again. Query set: {", ".join(SCALE_QUERIES)}.

The synthetic stories repeat a vocabulary of about 100 words, which keeps their trigram index
small. Real text has more distinct trigrams: on the sample site ({sample['stories']} stories,
{mb(sample['story_bytes'])} of text, plus every tambon and agency page) the index is
{mb(sample['docs'])} + {mb(sample['shards'])}, so expect a larger share than above on real
stories; the first query stays small because only the shards of its trigrams are loaded.

Quality on the sample site (`tests/search_queries.yml`, every result confirmed):
**{quality.line()}**. Recall and precision are averaged over the queries; a result is right
when it is one of the query's expected pages (drafted by rule and reviewed by hand, see the
file's header). The one imprecise query is `พช` typed without its full stop: it also finds
รพช. (community hospitals) and ต.เกาะเพชร; with the full stop (`พช.`) it must begin a word and
does not. The trigram candidates alone (before the text confirms each word, and without the
word-by-word retry of words typed together) score {trigrams_only.line()}: trigrams that occur apart (ละอาย from ละออง, สะอาด, อายุ) and words inside
other words (อสม. in พอสมควร) are what the confirmation removes. For comparison (issue 6):
Material's search found the page for 17 of 57 Thai queries, a pythainlp-split index 29 of 57,
and its full-text index is 72–77 MB at 2,000 stories.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    quality = sub.add_parser("quality")
    quality.add_argument("--fixture", action="store_true", help="the sample plus tests/fixtures/search_stories")
    quality.add_argument("--write", action="store_true",
                         help="measure both query sets and write their section of bench/RESULTS.md")
    for name in ("scale", "results"):
        scale = sub.add_parser(name)
        scale.add_argument("--n", type=int, default=2000)
        scale.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    drafts = sub.add_parser("draft")
    drafts.add_argument("--fixture", action="store_true")
    drafts.add_argument("queries", nargs="+")
    args = parser.parse_args()
    if args.what == "scale":
        print(json.dumps(measure_scale(args.n, args.work), ensure_ascii=False, indent=1))
        return
    from generator.build import build

    if args.what == "quality" and args.write:
        write_quality()
        return
    with tempfile.TemporaryDirectory() as tmp:
        fixture = getattr(args, "fixture", False)
        result = build(fixture_project(Path(tmp) / "project") if fixture else ROOT, Path(tmp) / "site")
        if args.what == "draft":
            print(draft(result.out_dir, result.site, args.queries))
            return
        if fixture:
            quality, _ = measure_quality(result.out_dir, result.site, FIXTURE_QUERIES)
            print(quality.line())
            print("\n".join(quality.misses))
            return
        quality, trigrams_only = measure_quality(result.out_dir, result.site)
        sample = {"stories": len(result.site.stories), **index_sizes(result.out_dir),
                  "story_bytes": sum((ROOT / s.source).stat().st_size for s in result.site.stories)}
    print(quality.line())
    print("\n".join(quality.misses))
    if args.what == "results":
        from bench.results import write_section

        scale = measure_scale(args.n, args.work)
        scale["chromium"] = _chromium_version()
        write_section("Offline bundle and search", results_section(quality, trigrams_only, scale, sample))
        print(json.dumps(scale, ensure_ascii=False, indent=1))


QUALITY_TITLE = "Search quality: stories first (issue 12)"


def write_quality() -> None:
    """Both query sets, every result confirmed, and the section of bench/RESULTS.md."""
    from bench.results import write_section
    from generator.build import build

    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, project, queries in (("sample site", ROOT, QUERIES),
                                       ("sample + 12 fixture stories", None, FIXTURE_QUERIES)):
            project = project or fixture_project(Path(tmp) / "project")
            result = build(project, Path(tmp) / name.split()[0] / "site")
            quality, _ = measure_quality(result.out_dir, result.site, queries)
            print(quality.line())
            print("\n".join(quality.misses))
            lines.append(f"| {name} (`{queries.relative_to(ROOT)}`) | {quality.queries} | "
                         f"{quality.recall:.3f} | {quality.precision:.3f} | "
                         f"{quality.first_right}/{quality.firsts} ({quality.first_right / max(quality.firsts, 1):.3f}) |")
            lines += [f"|  ↳ {m} | | | | |" for m in quality.misses[:6]]
    table = "\n".join(["| query set | queries | recall | precision | right page first |",
                       "|---|---:|---:|---:|---:|", *lines])
    write_section(QUALITY_TITLE, f"""Command: `python -m bench.search_bench quality --write` (Chromium {_chromium_version()}
headless, `file://`, every result confirmed against the page's text).

{table}

Ranking (theme/overrides/assets/search/search.js, `refine`): stories come first, ranked by where
the words are (the whole query in the title, each word in the title > among the facts: tags,
agencies and areas by every name > in the text) and how close together they stand in the text;
entity pages (agencies, areas, tags, years, series, indicator and network pages) follow the
stories in the result list and are shown as one line of at most three above them. "Right page
first" counts a query with `first:` when that page is first, and one with `first_kind: story`
(place, agency and tag names) when the first result is a story it should find. The fixture set
(tests/fixtures/search_stories) holds the kinds issue 12 names: ทุ่งสง, ปากพนัง, ท่าศาลา …,
digits glued to Thai (`ธรรมนูญ27ข้อ`), `30000` / `30,000` / `๓๐,๐๐๐`, aliases (`ธ.ก.ส.`, `ธกส`, a
renamed กศน. office), words apart (`เรือเล็ก กองทุน`), indicator and network pages. Its expected
pages were drafted by the judge's rule and reviewed by hand; the set was written by the same
person who tuned the ranking, so it measures these kinds, not an unseen set. The one miss: the
provincial ธ.ก.ส. office page names the bank's full name only in its parent's row.
""")


def _chromium_version() -> str:
    import subprocess

    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return out.split()[1] if len(out.split()) > 1 else ""


if __name__ == "__main__":
    main()
