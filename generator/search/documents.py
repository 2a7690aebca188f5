"""Search documents: what each page of the site is, as search sees and shows it (pure)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from .. import dates, prerendered
from ..model import AGENCY_LEVEL_TH, AREA_LEVEL_TH, CIRCLES, Agency, Area, Story
from ..paths import agency_path, area_path, circle_path, role_path, series_path, story_path, year_path
from ..site import Site
from . import memo
from .normal import prepare

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


def search_docs(site: Site, pages: Iterable[str], shape: str = "") -> list[SearchDoc]:
    """Stories (newest first), then agency, area and listing pages that exist in `pages`, then
    the indicator and network pages (`pages` maps a path to its Markdown, or is a set of paths).
    With the page tree's `shape` (`cache.pages.shape_key`: everything but story bodies), the
    documents of the last index made for it are used, with the stories' texts of now."""
    rows = memo.docs_of_shape(shape, stories_digest(site))
    if rows is not None:
        texts = memo.story_texts((story_markdown(s) for s in site.stories), story_text)
        return [_doc(row, texts[n] if n < len(texts) else None) for n, row in enumerate(rows)]
    docs = _search_docs(site, pages)
    memo.keep_docs(shape, stories_digest(site),
                   [_row(d, n < len(site.stories)) for n, d in enumerate(docs)])
    return docs


def kept_for(site: Site, shape: str) -> bool:
    """Whether the memo (or its head) has the documents of this shape and these stories (then
    `search_docs` needs no page)."""
    return memo.has_docs_of(shape, stories_digest(site))


def stories_digest(site: Site) -> str:
    """A digest of the stories' pages, in order (the first documents of an index)."""
    urls = "\n".join(html_path(story_path(s)) for s in site.stories)
    return hashlib.blake2b(urls.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _row(doc: SearchDoc, story: bool) -> tuple:
    return (doc.kind, doc.url, doc.title, doc.date, doc.where, list(doc.names), doc.meta,
            "" if story else doc.text, [list(g) for g in doc.groups])


def _doc(row: list, text: str | None) -> SearchDoc:
    kind, url, title, date, where, names, meta, kept, groups = row
    return SearchDoc(kind, url, title, date, where, tuple(names), meta,
                     kept if text is None else text, tuple(tuple(g) for g in groups))


def pages_read(pages: Mapping[str, str]) -> dict[str, str]:
    """What `search_docs` reads of these pages: every path, and the texts of the pages indexed
    whole (PAGE_FOLDERS); the other texts are left empty."""
    whole = tuple(PAGE_FOLDERS)
    return {path: text if path.startswith(whole) else "" for path, text in pages.items()}


def _search_docs(site: Site, pages: Iterable[str]) -> list[SearchDoc]:
    exists = set(pages)
    docs = story_docs(site)
    docs += [agency_doc(site, a) for a in site.agencies.values()]
    docs += [area_doc(site, a) for a in site.areas.values()]
    docs += listing_docs(site)
    docs = [d for d in docs if d.url[:-5] + ".md" in exists]
    if isinstance(pages, Mapping):
        docs += [page_doc(path, pages[path]) for path in sorted(pages)
                 if any(path.startswith(f) for f in PAGE_FOLDERS)]
    return docs


def story_docs(site: Site) -> list[SearchDoc]:
    """Every story, newest first (their texts from `memo` when it holds them)."""
    names = Names(site)
    texts = memo.story_texts((story_markdown(s) for s in site.stories), story_text)
    return [story_doc(site, s, names, text) for s, text in zip(site.stories, texts)]


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


def romanised(*names: str) -> list[str]:
    """Romanised names as written and without spaces ("Tha Sala", "Thasala")."""
    return _unique(v for n in names if n and "{" not in n for v in (n, n.replace(" ", "")))


@dataclass(frozen=True)
class Named:
    """An agency or area as a story lists it: Thai names, romanised names, the group shown as a
    result's reason (prepared), and for an area its place ("อ.เมือง ต.ท่าซัก")."""

    thai: tuple[str, ...]
    latin: tuple[str, ...]
    group: tuple[str, ...]
    place: str = ""


class Names:
    """The names of a site's agencies and areas as stories list them, each worked out once."""

    def __init__(self, site: Site):
        self.site = site
        self._agencies: dict[str, Named] = {}
        self._areas: dict[str, Named] = {}

    def agency(self, agency_id: str) -> Named:
        """Its names; romanised: its own, and its place's."""
        if agency_id not in self._agencies:
            agency = self.site.agencies[agency_id]
            place = self.site.areas[agency.area].name_en if agency.area in self.site.areas else ""
            thai = agency_names(self.site, agency)
            self._agencies[agency_id] = Named(
                tuple(thai), tuple(romanised(agency.label_en, agency.abbr_en, place)),
                _prepared((agency.name_th or agency.label, *thai, agency.label_en, agency.abbr_en)))
        return self._agencies[agency_id]

    def area(self, area_id: str) -> Named:
        """Its names and its parents', Thai and romanised (the province too: "ทุ่งสง
        นครศรีธรรมราช" finds the stories of Thung Song)."""
        if area_id not in self._areas:
            area = self.site.areas[area_id]
            chain = (*self.site.registry.ancestors(area_id), area)
            self._areas[area_id] = Named(
                tuple(n for a in chain for n in area_names(a)), tuple(romanised(*(a.name_en for a in chain))),
                _prepared((area.label, *area_names(area), *romanised(area.name_en))), _place(self.site, area))
        return self._areas[area_id]


def story_markdown(story: Story) -> str:
    return story.summary + "\n\n" + story.body


def story_text(markdown: str) -> str:
    """What search indexes and shows of a story's summary and body (`story_markdown`)."""
    return prepare(plain_text(markdown))


def story_doc(site: Site, story: Story, names: Names | None = None,
              text: str | None = None) -> SearchDoc:
    """A story with its facts: agencies and areas by every name, Thai and romanised (so that
    "Tha Sak" or "thasala" finds the stories of the place, as ท่าซัก does), its date with the
    month in full and abbreviated (as results show it: "5 มี.ค. 2551", and with the year's two
    last digits, "มี.ค. 51"), and its CE year (old posts and file names say 2008); `text` is
    `story_text` of the story, when known."""
    names = names or Names(site)
    agencies = [names.agency(a) for a in story.agencies]
    areas = [names.area(a) for a in story.areas]
    meta = [story.author, *story.tags, *story.roles, CIRCLES.get(story.circle, ""),
            dates.thai_date(story.date), dates.thai_date_short(story.date), f"ปี {story.year_be}",
            f"ค.ศ. {story.date.year}",
            f"{dates.MONTHS_TH_ABBR[story.date.month - 1]} {story.year_be % 100:02d}"]  # ธ.ค. 49
    for named in (*agencies, *areas):
        meta += named.thai
    if story.series:
        meta.append(f"{story.series.title} ตอนที่ {story.series.part}")  # "… ตอน 2" finds part 2
    meta += [n for named in (*agencies, *areas) for n in named.latin]
    return SearchDoc(
        kind="story", url=html_path(story_path(story)), title=prepare(story.title),
        date=dates.thai_date_short(story.date), where=prepare(", ".join(a.place for a in areas)),
        meta=prepare(" ; ".join(_unique(meta))),
        text=story_text(story_markdown(story)) if text is None else text,
        groups=tuple(named.group for named in (*areas, *agencies)))  # a place first: its reason


def agency_doc(site: Site, agency: Agency) -> SearchDoc:
    names = agency_names(site, agency)
    where = AGENCY_LEVEL_TH.get(agency.level or "", "")
    if agency.area in site.areas:
        where = " ".join(a.label for a in reversed(site.area_chain(agency.area)[1:]))
    shown = agency.label + (f" ({agency.abbr_th})" if agency.abbr_th and agency.abbr_th != agency.name_th else "")
    return SearchDoc(kind="agency", url=html_path(agency_path(agency.id)), title=prepare(shown),
                     where=prepare(where), names=_prepared([*names, agency.label_en, agency.abbr_en]))


def area_doc(site: Site, area: Area) -> SearchDoc:
    chain = site.area_chain(area.id)
    where = " ".join(a.label for a in reversed(chain[:-1]))
    names = area_names(area)
    return SearchDoc(kind="area", url=html_path(area_path(area.id)), title=prepare(area.label),
                     where=prepare(where), names=_prepared([*names, *romanised(area.name_en), area.id]))


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
# (a branch that does not start at a line's start starts with a character of _MARK_START)
_MD_MARK = re.compile(r"<[^>]+>|^\s*(#{1,6}|[-*+]|\d+\.|>|!!!|\?\?\?)\s+|[*_`|]+|^-{3,}\s*$", re.M)


_BLANKS = re.compile(r"[ \t]{2,}|\t")  # as [ \t]+ → " ", without replacing each single space
_MARK_START = re.compile(r"[<*_`|\n]")  # where a match of _MD_MARK can start: at one of
# these characters, or at a line's start (after a newline)


def plain_text(markdown: str) -> str:
    """Readable text of Markdown: links become their text, markup and table rules go."""
    text = _MD_LINK.sub(r"\1", markdown) if "](" in markdown else markdown
    text = _MD_ATTR.sub("", text) if "{" in text else text
    text = _marks_removed(text)
    text = _BLANKS.sub(" ", text) if "\t" in text or "  " in text else text
    # as _LINE_BREAK.sub("\n", text).strip(): str.strip removes what \s matches
    return "\n".join(line for line in map(str.strip, text.split("\n")) if line)


def _marks_removed(text: str) -> str:
    """`_MD_MARK.sub(" ", text)`, trying the expression only where a match can start
    (`_MARK_START`): sub tries its four branches at every character of the text, a quarter
    of the work of the stories' search grams."""
    out, done, at = [], 0, _mark_start(text, 0)
    while at is not None:
        found = _MD_MARK.match(text, at)  # (`^` still knows a line's start from `at`)
        if found:
            out += (text[done:at], " ")
            done = found.end()
            at = _mark_start(text, done)
        else:
            at = _mark_start(text, at + 1)
    out.append(text[done:])
    return "".join(out)


def _mark_start(text: str, start: int) -> int | None:
    """The first place from `start` where `_MD_MARK` may match."""
    if start >= len(text):
        return None
    if start == 0 or text[start - 1] == "\n":
        return start
    found = _MARK_START.search(text, start)
    if found is None:
        return None
    return found.start() + 1 if found.group() == "\n" else found.start()
