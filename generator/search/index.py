"""The Thai search index (pure): documents from the Site, normalised character trigrams, JS files.

Thai has no spaces between words and segmenters disagree (pythainlp at build time, ICU's
Intl.Segmenter in the browser), so the index does not use words: both sides cut normalised text
into the same character trigrams (`normalize`, `chunks`, `grams`; mirrored line for line in
theme/overrides/assets/search/search.js and checked against each other in tests/test_search.py).
A tone mark belongs to the letter before it, so a query typed without tone marks can match every
tone variant of its trigrams (ranked below exact matches). Trigrams only find candidates: the
browser confirms each word against the page's text (`t/<n>.js`), which also gives the snippet.

Abbreviations and place names are expanded at index time: a story's metadata text carries the
full names, abbreviations, aliases and former names of its agencies and the names of its areas,
so "พช." finds stories of สำนักงานพัฒนาชุมชน… and "ท่าซัก" finds the tambon and its stories.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping

from .. import dates, prerendered
from ..escape import script_json
from ..model import AGENCY_LEVEL_TH, AREA_LEVEL_TH, CIRCLES, Agency, Area, Story
from ..pages import agency_path, area_path, circle_path, role_path, series_path, story_path, year_path
from ..site import Site

# -- the normal form: keep in step with search.js -------------------------------------------------

TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff\u00ad]")
_TONE_BEFORE_VOWEL = re.compile("([\u0e48-\u0e4b])([\u0e31\u0e34-\u0e37])")
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
_FOLD = {**{ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
         **{0x0E50 + d: str(d) for d in range(10)}}
_TO_FOLD = re.compile("[A-Z\u0e50-\u0e59]")
_THAI = "\u0e01-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
_CHUNK = re.compile(f"[{_THAI}]+|[0-9a-z]+")                 # digits are cut from Thai letters
_SCRIPT_EDGE = re.compile(f"(?<=[0-9a-z])(?=[{_THAI}])|(?<=[{_THAI}])(?=[0-9a-z])")
_DIGIT = "0-9\u0e50-\u0e59"
_THOUSANDS = re.compile(f"(?<=[{_DIGIT}]),(?=[{_DIGIT}]{{3}}(?![{_DIGIT}]))")  # 30,000 → 30000
_LETTER = re.compile("[^\u0e48-\u0e4b][\u0e48-\u0e4b]*")
_L = "[\u0e01-\u0e3a\u0e40-\u0e45\u0e47\u0e4c-\u0e4e0-9a-z][\u0e48-\u0e4b]*"  # one letter
_TRIGRAMS = re.compile(f"(?=({_L}{_L}{_L}))")               # what `grams` gives, on a whole text
_ENDS = re.compile(f"({_L}{_L})(?![\u0e01-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e0-9a-z])")
_NO_TONES = dict.fromkeys(map(ord, TONES), None)
END = " "  # marks the end of a chunk, so that every two-letter substring starts some gram


def prepare(text: str) -> str:
    """The spelling fixes that change length: NFC, no zero-width, vowel order, sara am, เเ→แ."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    text = _TONE_BEFORE_VOWEL.sub(r"\2\1", text)
    text = _SARA_AM.sub("\\1\u0e33", text)
    return text.replace("\u0e40\u0e40", "\u0e41")


def normalize(text: str, prepared: bool = False) -> str:
    """Search form: prepared, ASCII lower-case, Thai digits as ASCII, full stops and thousands
    separators removed (30,000 = ๓๐,๐๐๐ = 30000)."""
    text = _THOUSANDS.sub("", (text if prepared else prepare(text)).replace(".", ""))
    return text.translate(_FOLD) if _TO_FOLD.search(text) else text


def chunks(text: str) -> list[str]:
    """Runs of Thai letters, and runs of ASCII letters/digits (`27ข้อ` is `27`, `ข้อ`);
    everything else separates them."""
    return _CHUNK.findall(normalize(text))


def letters(chunk: str) -> list[str]:
    """Letters of a chunk, each with its tone mark (a stray leading tone mark is dropped)."""
    return _LETTER.findall(chunk.lstrip(TONES))


def toneless(text: str) -> str:
    return text.translate(_NO_TONES)


def grams(chunk: str) -> list[str]:
    """The chunk's letter trigrams, plus its last two letters followed by END."""
    ls = letters(chunk)
    if len(ls) < 2:
        return []
    return ["".join(ls[i:i + 3]) for i in range(len(ls) - 2)] + ["".join(ls[-2:]) + END]


def shard_key(gram: str) -> str:
    """The first two letters without tone marks: every tone variant shares a shard."""
    return toneless("".join(letters(gram)[:2]))


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units (what JavaScript's charCodeAt sees)."""
    data, value = text.encode("utf-16-le"), 0x811C9DC5
    for i in range(0, len(data), 2):
        value = ((value ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return value


# -- documents --------------------------------------------------------------------------------------

KINDS = ("story", "agency", "area", "tag", "role", "circle", "year", "series", "indicator", "network")
TEXT_KINDS = ("story", "indicator", "network")  # pages indexed with their text (t/<n>.js)
PAGE_FOLDERS = {"indicators/": "indicator", "network/": "network"}  # Markdown pages indexed whole
META, BODY, OFTEN = 1, 2, 4  # posting flags: in title/names/metadata, in the text, 3+ times there


@dataclass(frozen=True)
class SearchDoc:
    """One page as search sees it: what is shown in a result and what is indexed."""

    kind: str
    url: str                    # relative to the site root
    title: str
    date: str = ""              # Thai BE date of a story
    where: str = ""             # areas of a story, or a short description of an entity
    names: tuple[str, ...] = ()  # exact names: a query equal to one ranks the page first
    meta: str = ""              # a story's facts: author, agencies and areas by every name, tags …
    text: str = ""              # a story's summary and body (or a page's text) as plain text
    groups: tuple[tuple[str, ...], ...] = ()  # a story's agencies and areas: (shown name, other names…)

    @property
    def meta_text(self) -> str:
        """Everything indexed as metadata (META): title, names, where, facts."""
        return " ; ".join([self.title, *self.names, self.where, self.meta])


def html_path(md_path: str) -> str:
    return md_path[:-3] + ".html"


def search_docs(site: Site, pages: Iterable[str]) -> list[SearchDoc]:
    """Stories (newest first), then agency, area and listing pages that exist in `pages`, then
    the indicator and network pages (`pages` maps a path to its Markdown, or is a set of paths)."""
    exists = set(pages)
    docs = [story_doc(site, s) for s in site.stories]
    docs += [agency_doc(site, a) for a in site.agencies.values()]
    docs += [area_doc(site, a) for a in site.areas.values()]
    docs += listing_docs(site)
    docs = [d for d in docs if d.url[:-5] + ".md" in exists]
    if isinstance(pages, Mapping):
        docs += [page_doc(path, pages[path]) for path in sorted(pages)
                 if any(path.startswith(f) for f in PAGE_FOLDERS)]
    return docs


_HEADING = re.compile(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$", re.M)
_RAW_BLOCK = re.compile(r"<(svg|script|style)\b.*?</\1>", re.S | re.I)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_DESCRIPTION = re.compile(r"\A---\n(?:.*\n)*?description:\s*(.+)\n")


def page_doc(path: str, markdown: str) -> SearchDoc:
    """An indicator or network page: its first heading as title; as text, what the page is about
    (its description, its links to sibling pages, first paragraph and headings), not its tables,
    lists, figures and data notes, which name every agency and area (those have their own pages)."""
    kind = next(k for f, k in PAGE_FOLDERS.items() if path.startswith(f))
    markdown = prerendered.split(markdown)[0]
    described = _DESCRIPTION.search(markdown)
    markdown = _FRONT_MATTER.sub("", _RAW_BLOCK.sub(" ", markdown))
    heading = _HEADING.search(markdown)
    title = plain_text(heading.group(1)) if heading else path
    lines = [line for line in markdown[heading.end() if heading else 0:].splitlines()
             if line.strip() and not re.match(r"\s*([|<*+-]|\d+\.|\[)", line)]
    first = next((line for line in lines if not line.startswith("#")), "")
    navs = [line for line in markdown.splitlines() if line.startswith("<nav")]
    about = [described.group(1).strip("'\"") if described else "", *navs, first,
             *(line for line in lines if line.startswith("##"))]
    return SearchDoc(kind=kind, url=html_path(path), title=prepare(title), names=(prepare(title),),
                     text=prepare(plain_text("\n".join(a for a in about if a))))


def agency_names(site: Site, agency: Agency) -> list[str]:
    """Every name of an agency; a local unit also gets its template's prefixes + its place names."""
    names = [agency.label, agency.name_th, agency.abbr_th, *agency.aliases, *agency.former]
    if agency.template and agency.area in site.areas:
        template, area = site.agencies[agency.template], site.areas[agency.area]
        prefixes = [n.split("{")[0] for n in (template.abbr_th, *template.aliases, *template.former)]
        names += [p + place for p in prefixes if p for place in (area.name_th, *area.aliases)]
    return _unique(n for n in names if n and "{" not in n)


def area_names(area: Area) -> list[str]:
    """An area's label, name and aliases, with and without its level word."""
    word = AREA_LEVEL_TH[area.level] if area.level != "village" else ""
    return _unique([area.label, area.name_th, word + area.name_th, *area.aliases])


def story_doc(site: Site, story: Story) -> SearchDoc:
    areas = [site.areas[a] for a in story.areas]
    meta = [story.author, *story.tags, *story.roles, CIRCLES.get(story.circle, ""),
            dates.thai_date(story.date), f"ปี {story.year_be}"]
    for agency_id in story.agencies:
        meta += agency_names(site, site.agencies[agency_id])
    for area in areas:
        meta += [n for a in (*site.registry.ancestors(area.id)[1:], area) for n in area_names(a)]
    if story.series:
        meta.append(story.series.title)
    groups = [(a.name_th or a.label, *agency_names(site, a))
              for a in (site.agencies[i] for i in story.agencies)]
    groups += [(a.label, *area_names(a), a.name_en) for a in areas]
    return SearchDoc(
        kind="story", url=html_path(story_path(story)), title=prepare(story.title),
        date=dates.thai_date_short(story.date), where=prepare(", ".join(_place(site, a) for a in areas)),
        meta=prepare(" ; ".join(_unique(meta))),
        text=prepare(plain_text(story.summary + "\n\n" + story.body)),
        groups=tuple(tuple(_prepared(g)) for g in groups))


def agency_doc(site: Site, agency: Agency) -> SearchDoc:
    names = agency_names(site, agency)
    where = AGENCY_LEVEL_TH.get(agency.level or "", "")
    if agency.area in site.areas:
        where = " ".join(a.label for a in reversed(site.area_chain(agency.area)[1:]))
    shown = agency.label + (f" ({agency.abbr_th})" if agency.abbr_th and agency.abbr_th != agency.name_th else "")
    return SearchDoc(kind="agency", url=html_path(agency_path(agency.id)), title=prepare(shown),
                     where=prepare(where), names=_prepared([*names, agency.name_en, agency.abbr_en]))


def area_doc(site: Site, area: Area) -> SearchDoc:
    chain = site.area_chain(area.id)
    where = " ".join(a.label for a in reversed(chain[:-1]))
    names = area_names(area)
    return SearchDoc(kind="area", url=html_path(area_path(area.id)), title=prepare(area.label),
                     where=prepare(where), names=_prepared([*names, area.name_en, area.id]))


def listing_docs(site: Site) -> list[SearchDoc]:
    """Tag, role, circle, year and series pages: found by their names."""
    docs = [SearchDoc("tag", html_path(f"tag/{site.tag_slug[t]}.md"), prepare(t), names=_prepared([t]))
            for t in site.by_tag]
    docs += [SearchDoc("role", html_path(role_path(r)), r, names=(r,)) for r in site.by_role]
    docs += [SearchDoc("circle", html_path(circle_path(c)), "วงเรียนรู้" + CIRCLES[c],
                       names=(CIRCLES[c],)) for c in site.by_circle]
    docs += [SearchDoc("year", html_path(year_path(y)), f"บันทึกปี {y}", names=(str(y),))
             for y in site.by_year]
    for series_id, ids in site.by_series.items():
        first = site.story[ids[0]]
        title = (first.series.title if first.series else "") or first.title
        docs.append(SearchDoc("series", html_path(series_path(series_id)), prepare(title),
                              names=_prepared([title])))
    return docs


def _place(site: Site, area: Area) -> str:
    chain = site.area_chain(area.id)
    return " ".join(a.label for a in reversed(chain[1:] if len(chain) > 1 else chain))


def _prepared(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(_unique(prepare(n) for n in names))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in items if i and i.strip()))


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_ATTR = re.compile(r"\{[:#.][^}]*\}|\{ *[#.][^}]*\}")
_MD_MARK = re.compile(r"<[^>]+>|^\s*(#{1,6}|[-*+]|\d+\.|>|!!!|\?\?\?)\s+|[*_`|]+|^-{3,}\s*$", re.M)


def plain_text(markdown: str) -> str:
    """Readable text of Markdown: links become their text, markup and table rules go."""
    text = _MD_ATTR.sub("", _MD_LINK.sub(r"\1", markdown))
    text = _MD_MARK.sub(" ", text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


# -- the index --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchIndex:
    """Documents and, per trigram, its postings: (document number, META|BODY|OFTEN flags)."""

    docs: tuple[SearchDoc, ...]
    postings: Mapping[str, tuple[tuple[int, int], ...]]

    def shard_count(self, target_bytes: int = 24_000) -> int:
        """A power of two that keeps a shard near `target_bytes` (8 … 1024 shards)."""
        size = sum(len(g) * 3 + 2 * len(p) for g, p in self.postings.items())
        count = 8
        while count < 1024 and size / count > target_bytes:
            count *= 2
        return count


def count_grams(text: str, prepared: bool = False) -> Counter[str]:
    """How often each gram of `grams` occurs in the text (regular expressions: fast)."""
    text = _SCRIPT_EDGE.sub(" ", normalize(text, prepared))
    counts = Counter(_TRIGRAMS.findall(text))
    counts.update(end + END for end in _ENDS.findall(text))
    return counts


def build_index(docs: Iterable[SearchDoc]) -> SearchIndex:
    """Postings of every trigram of every document's metadata and text."""
    docs = tuple(docs)
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, doc in enumerate(docs):
        flags = dict.fromkeys(count_grams(doc.meta_text, prepared=True), META)
        for gram, count in count_grams(doc.text, prepared=True).items():
            flags[gram] = flags.get(gram, 0) | (BODY | OFTEN if count >= 3 else BODY)
        for gram, flag in flags.items():
            postings[gram].append((number, flag))
    return SearchIndex(docs, {g: tuple(p) for g, p in sorted(postings.items())})


# -- files: JavaScript that registers itself (file:// pages cannot fetch JSON) ---------------------

FINAL = "0123456789abcdefghijklmnopqrstuv"   # last base-32 digit of a number
MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ+/=*!~"   # any earlier digit


def encode_number(value: int) -> str:
    digits = [FINAL[value & 31]]
    value >>= 5
    while value:
        digits.append(MORE[value & 31])
        value >>= 5
    return "".join(reversed(digits))


_CODES = [encode_number(v) for v in range(4096)]


def encode_postings(postings: Iterable[tuple[int, int]]) -> str:
    """Each posting as one number, (gap to the previous document) * 8 + flags."""
    previous, out = -1, []
    for number, flags in postings:
        value = (number - previous - 1) * 8 + flags
        out.append(_CODES[value] if value < len(_CODES) else encode_number(value))
        previous = number
    return "".join(out)


def _js(call: str, *args: object) -> bytes:
    body = ",".join(script_json(a, separators=(",", ":")) for a in args)
    return f"wongrianSearch.{call}({body});\n".encode("utf-8")


def doc_row(doc: SearchDoc) -> list:
    return [KINDS.index(doc.kind), doc.url, doc.title, doc.date, doc.where, "|".join(doc.names)]


def has_text(doc: SearchDoc) -> bool:
    return doc.kind in TEXT_KINDS


def index_files(index: SearchIndex) -> dict[str, bytes]:
    """`docs.js` (the result table), `s/<k>.js` (postings by shard), `t/<n>.js` (a story's
    facts, text and name groups, or a page's text: to confirm words, cut snippets, say why)."""
    count = index.shard_count()
    shards: dict[int, dict[str, str]] = defaultdict(dict)
    for gram, postings in index.postings.items():
        shards[fnv1a(shard_key(gram)) % count][gram] = encode_postings(postings)
    files = {f"s/{k}.js": _js("addShard", k, shards.get(k, {})) for k in range(count)}
    files.update({f"t/{n}.js": _js("addText", n, doc.meta, doc.text, [list(g) for g in doc.groups])
                  for n, doc in enumerate(index.docs) if has_text(doc)})
    files["docs.js"] = _js("addDocs", {"shards": count, "kinds": list(KINDS),
                                       "docs": [doc_row(d) for d in index.docs]})
    return files


def files_hash(files: Mapping[str, bytes]) -> str:
    """A short content hash of the index files (names the folder, so caches never mix builds)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    return digest.hexdigest()[:10]
