"""The Thai search index: normal form, trigrams, documents, files; the same cuts in Chromium;
search quality on the query set (a floor just under what was measured)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.search import index as search
from generator.build import check_project, make_docs, make_site
from generator.pages import render_docs

ROOT = Path(__file__).resolve().parent.parent
SEARCH_JS = ROOT / "theme" / "overrides" / "assets" / "search" / "search.js"
TRICKY = [
    "น\u0e4d\u0e32ร่อง", "นํ้า", "น\u0e49\u0e4d\u0e32", "ที\u0e48", "ท\u0e48\u0e35",  # sara am, vowel order
    "\u0e40\u0e40ผนแม่บท", "ท่า\u200bซัก", "พช.อำเภอเมือง", "ธ.ก.ส.", "ปี ๒๕๕๐", "KM เมืองนคร",
    "\u0e48ก", "ก", "กข", "อ.ท่าศาลา, ต.กลาย (หมู่ 6)", "ๆ ฯลฯ ฿100", "Tha Sak 800121",
]


@pytest.fixture(scope="module")
def sample():
    site = make_site(check_project(ROOT))
    docs = search.search_docs(site, make_docs(site).pages)
    return site, docs, search.build_index(docs)


def test_normal_form_unifies_the_ways_thai_is_typed():
    assert search.normalize("น\u0e4d\u0e32ร่อง") == search.normalize("นำร่อง") == "นำร่อง"
    assert search.normalize("น\u0e4d\u0e49\u0e32") == search.normalize("น\u0e49\u0e4d\u0e32") == "น้ำ"
    assert search.normalize("ท\u0e48\u0e35") == "ที่"          # tone typed before the vowel
    assert search.normalize("\u0e40\u0e40ผน") == "แผน"
    assert search.normalize("ท่า\u200bซัก") == "ท่าซัก"
    assert search.normalize("ปี ๒๕๕๐ KM ธ.ก.ส.") == "ปี 2550 km ธกส"


def test_text_is_cut_into_chunks_and_letter_trigrams():
    assert search.chunks("ต.ท่าซัก อ.เมือง, หมู่ 3") == ["ตท่าซัก", "อเมือง", "หมู่", "3"]
    assert search.grams("ท่าซัก") == ["ท่าซ", "าซั", "ซัก", "ัก "]  # a tone mark stays with its letter
    assert search.grams("พช") == ["พช "]
    assert search.grams("3") == []
    assert search.shard_key("ท่าซ") == search.shard_key("ทาซ") == "ทา"


def test_whole_text_counting_equals_chunk_by_chunk(sample):
    _, docs, _ = sample
    texts = TRICKY + [d.meta_text + " " + d.text for d in docs[:40]]
    for text in texts:
        by_chunk = {}
        for chunk in search.chunks(text):
            for gram in search.grams(chunk):
                by_chunk[gram] = by_chunk.get(gram, 0) + 1
        assert search.count_grams(text) == by_chunk, text[:40]


def test_fnv1a_matches_the_reference_values():
    assert search.fnv1a("") == 0x811C9DC5
    assert search.fnv1a("a") == 0xE40C292C
    assert search.fnv1a("foobar") == 0xBF9CF968


def test_stories_carry_every_name_of_their_agencies_and_areas(sample):
    _, docs, _ = sample
    doc = next(d for d in docs if d.url.startswith("story/2006/2006-08-22-"))
    for name in ("สำนักงานพัฒนาชุมชนอำเภอเมืองนครศรีธรรมราช", "พช.อำเภอเมือง", "อบต.ท่าซัก",
                 "ตำบลท่าซัก", "อ.เมืองนครศรีธรรมราช", "คุณลิขิต", "ปี 2549", "22 สิงหาคม 2549"):
        assert name in doc.meta, name
    assert "ต.ท่าซัก อ.เมืองนครศรีธรรมราช" == doc.where and doc.date == "22 ส.ค. 2549"
    assert "หนี้นอกระบบ" in doc.text and "##" not in doc.text and "|" not in doc.text


def test_entity_pages_are_found_by_all_their_names(sample):
    _, docs, _ = sample
    by_url = {d.url: d for d in docs}
    assert {"ท่าซัก", "ต.ท่าซัก", "ตำบลท่าซัก", "Tha Sak", "800121"} <= set(by_url["area/800121.html"].names)
    assert {"พช.", "กรมการพัฒนาชุมชน", "พัฒนาชุมชน"} <= set(by_url["agency/cdd.html"].names)
    assert "พช.อำเภอเมือง" in by_url["agency/cdd_amphoe-8001.html"].names
    assert by_url["agency/cdd_amphoe-8001.html"].where == "อ.เมืองนครศรีธรรมราช"


def test_only_pages_that_exist_are_indexed(sample):
    site, docs, _ = sample
    pages = set(make_docs(site).pages)
    assert all(d.url[:-5] + ".md" in pages for d in docs)
    assert {d.kind for d in docs} == set(search.KINDS)
    assert [d.kind for d in docs[:len(site.stories)]] == ["story"] * len(site.stories)


def decode(text: str) -> list[tuple[int, int]]:
    out, value, previous = [], 0, -1
    for char in text:
        if char in search.MORE:
            value = value * 32 + search.MORE.index(char)
            continue
        value = value * 32 + search.FINAL.index(char)
        previous += (value >> 3) + 1
        out.append((previous, value & 7))
        value = 0
    return out


def test_postings_round_trip_and_carry_their_flags(sample):
    _, docs, index = sample
    for gram in ("ท่าซ", "พชอ", "ัก "):
        assert decode(search.encode_postings(index.postings[gram])) == list(index.postings[gram])
    assert decode(search.encode_postings([(0, 1), (5000, 7), (5001, 2)])) == [(0, 1), (5000, 7), (5001, 2)]
    tha_sak = next(n for n, d in enumerate(docs) if d.url == "area/800121.html")
    assert (tha_sak, search.META) in index.postings["ท่าซ"]
    story = next(n for n, d in enumerate(docs) if d.url.startswith("story/2006/2006-08-22-"))
    flags = dict(index.postings["ท่าซ"])[story]
    assert flags == search.META | search.BODY | search.OFTEN


def test_index_files_are_scripts_with_short_ascii_names(sample):
    _, docs, index = sample
    files = search.index_files(index)
    count = index.shard_count()
    assert {f"s/{k}.js" for k in range(count)} <= set(files)
    assert all(re.fullmatch(r"[a-z0-9/._]+", name) for name in files)
    table = files["docs.js"].decode("utf-8")
    assert table.startswith("wongrianSearch.addDocs(") and table.endswith(");\n")
    rows = json.loads(table[len("wongrianSearch.addDocs("):-3])
    assert rows["shards"] == count and len(rows["docs"]) == len(docs)
    assert sum(1 for name in files if name.startswith("t/")) == sum(map(search.has_text, docs))
    assert {d.kind for d in docs if search.has_text(d)} == {"story", "indicator", "network"}
    assert search.index_files(search.build_index(docs)) == files   # deterministic
    assert search.files_hash(files) == search.files_hash(dict(reversed(list(files.items()))))


def test_shards_hold_every_tone_variant_of_a_gram(sample):
    _, _, index = sample
    count = index.shard_count()
    shard = lambda g: search.fnv1a(search.shard_key(g)) % count  # noqa: E731
    assert shard("ท่าซ") == shard("ทาซ") == shard("ท้าซ")


@pytest.mark.browser
def test_browser_cuts_text_exactly_as_the_index_does(browser, sample):
    _, docs, _ = sample
    texts = TRICKY + [d.title for d in docs[:200]] + [d.text[:3000] for d in docs[:10]]
    page = browser.new_page()
    page.add_script_tag(path=str(SEARCH_JS))
    got = page.evaluate("""texts => texts.map(t => {
        const s = wongrianSearch, chunks = s.chunks(t);
        return [s.normalize(t), chunks, chunks.map(c => s.grams(c)),
                chunks.flatMap(c => s.grams(c)).map(g => [s.shardKey(g), s.fnv1a(s.shardKey(g))])];
    })""", texts)
    page.close()
    for text, (normal, chunks, grams, keys) in zip(texts, got):
        assert normal == search.normalize(text), text
        assert chunks == search.chunks(text), text
        assert grams == [search.grams(c) for c in chunks], text
        assert keys == [[search.shard_key(g), search.fnv1a(search.shard_key(g))]
                        for c in chunks for g in search.grams(c)], text


@pytest.mark.browser
def test_search_quality_on_the_query_set(sample_site, offline_page):
    """Floors just under what was measured (recall 1.000, precision 0.999, 75 of 75 right first)."""
    from bench.search_bench import load_queries, page_refs, run_queries, score

    queries = load_queries()
    assert len(queries) >= 60
    offline_page.goto((sample_site.out_dir / "index.html").as_uri())
    results = run_queries(offline_page, [q["q"] for q in queries])
    quality = score(queries, results, page_refs(sample_site.site))
    assert quality.recall >= 0.99, quality.misses
    assert quality.precision >= 0.99, quality.misses
    assert quality.first_right >= quality.firsts - 1, quality.misses
    assert offline_page.external_requests == []
