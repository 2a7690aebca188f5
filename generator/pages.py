"""The page stage: a Markdown docs tree for MkDocs, one page per story and per entity."""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from pathlib import Path
from typing import Callable, Iterable, Mapping, TypeVar

import jinja2
from markupsafe import Markup

from . import dates, htmltable, prerendered
from .cache import templates as compiled
from .body import heading_html, render_bodies, render_body, story_ids, title_heading
from .escape import md_text, page_meta
from .model import (AGENCY_LEVEL_TH, AREA_LEVEL_TH, CIRCLES, ROLE_MEANING, ROLES, Agency, Area,
                    Story)
from .feed import FEED_LEVELS, agency_feed_path, area_feed_path, render_feeds
from .paths import (BRIEF_LEVELS, agency_path, area_path, brief_path, circle_path, href_in,
                    relative_url, role_path, series_path, story_links, story_path, tag_path,
                    year_path)
from .site import Site

TEMPLATES = Path(__file__).resolve().parent.parent / "theme" / "pages"
T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """One generated Markdown page, at a path inside the docs tree."""

    path: str
    text: str


@dataclass
class Docs:
    """The generated docs tree: Markdown pages, static files (bytes), and what features add to
    the MkDocs config (nav sections, CSS and JavaScript files)."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[dict[str, str]] = field(default_factory=list)
    css: list[str] = field(default_factory=list)
    js: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # for the theme (e.g. the footer)

    def add(self, path: str, text: str) -> None:
        if path in self.pages:
            raise ValueError(f"two pages want the path {path}")
        self.pages[path] = text

    def fill(self, path: str, slot: str, text: str) -> None:
        """Put a section where the page left a slot for it (e.g. grades under an area's title)."""
        self.pages[path] = prerendered.fill(self.pages[path], slot, text)

    def append(self, path: str, text: str) -> None:
        """Add a section at the end of an existing page (e.g. a chart on an area page)."""
        self.pages[path] = prerendered.append(self.pages[path], text)  # parts stay at the end


class Changes(Docs):
    """What a feature does to `docs`, made now and applied to it later (`apply`), for a feature
    that runs before its turn: it reads the pages as they are now (read-only), and what it adds
    (pages, sections, files, nav, CSS and JavaScript) lands as if it had run in its turn."""

    def __init__(self, docs: Docs):
        super().__init__(pages=MappingProxyType(docs.pages))  # type: ignore[arg-type]
        self.steps: list[tuple[str, tuple[str, ...]]] = []

    def add(self, path: str, text: str) -> None:
        self.steps.append(("add", (path, text)))

    def fill(self, path: str, slot: str, text: str) -> None:
        self.steps.append(("fill", (path, slot, text)))

    def append(self, path: str, text: str) -> None:
        self.steps.append(("append", (path, text)))

    def apply(self, docs: Docs) -> None:
        for step, args in self.steps:
            getattr(docs, step)(*args)
        docs.files.update(self.files)
        docs.nav.extend(self.nav)
        docs.css.extend(self.css)
        docs.js.extend(self.js)
        docs.extra.update(self.extra)


# -- rendering ---------------------------------------------------------------------------------

def md_escape(text: object) -> str:
    """Plain text escaped for Markdown, as a plain string for Markdown built in Python."""
    return str(md_text(text))


def _finalize(value: object) -> object:
    """Every `{{ … }}` of a page template: plain text is escaped for Markdown; what templates
    and our functions built (macros, links, `Markup`) is kept."""
    if isinstance(value, Markup) or value is None:
        return value
    if isinstance(value, (int, float)):
        return Markup(str(value))
    return md_text(value)


def reading_minutes(story: Story, words_per_minute: int) -> int:
    return max(1, round(story.words / words_per_minute))


def make_environment(site: Site) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True, autoescape=True,
                             finalize=_finalize, bytecode_cache=compiled.PAGES,
                             auto_reload=False)  # a build's templates do not change under it
    env.filters.update(md=md_text, thai_date=dates.thai_date, thai_date_short=dates.thai_date_short,
                       html_attr=lambda value: Markup(html.escape(str(value))))  # an attribute value
    env.globals.update(
        title_heading=lambda title: Markup(title_heading(title)),
        thead=htmltable.thead, tr=htmltable.tr,  # tables as HTML, for parts
        heading=lambda level, anchor, text: Markup(heading_html(level, anchor, _finalize(text))),
        site=site, CIRCLES=CIRCLES, ROLES=ROLES, ROLE_MEANING=ROLE_MEANING,
        AREA_LEVEL_TH=AREA_LEVEL_TH, AGENCY_LEVEL_TH=AGENCY_LEVEL_TH, thai_month=dates.thai_month,
        story_path=story_path, agency_path=agency_path, area_path=area_path, role_path=role_path,
        tag_path=lambda tag: tag_path(site, tag), circle_path=circle_path, year_path=year_path,
        series_path=series_path, minutes=lambda s: reading_minutes(s, site.config.build["words_per_minute"]),
        edit_url=lambda source: Markup(site.config.edit_url(source)), meta=page_meta,
        written_names=lambda a: [n for n in (*a.aliases, *a.former) if "{" not in n
                                 and n not in {r for r, _ in a.renamed}],
        area_short=lambda area_id: _area_short(site, area_id),
        brief_path=brief_path, BRIEF_LEVELS=BRIEF_LEVELS, agency_feed_path=agency_feed_path, area_feed_path=area_feed_path, FEED_LEVELS=FEED_LEVELS,
        former_names=lambda a: [f"{_dots(n)} (ถึง พ.ศ. {y})" for n, y in a.renamed],
        holder_names=lambda a: [_dots(h) for h in a.holders],
    )
    return env


@lru_cache(maxsize=1 << 16)
def _escaped_href_in(target: str, folder: str) -> Markup:
    return Markup(html.escape(href_in(target, folder)))


class Renderer:
    """Renders templates for one site; `url()` inside a template is relative to the page, and
    `part()` hands MkDocs HTML it need not parse (see `prerendered.py`)."""

    def __init__(self, site: Site):
        self.site = site
        self.env = make_environment(site)
        self.env.globals["story_items"] = self.story_items
        self.items: dict[str, tuple[str, str]] = {}  # `_item`, by story id
        self.by_source: dict[str, Story] | None = None  # `story_links`

    def story_links(self, body: str, story: Story) -> str:
        """`paths.story_links` of this story's body, the stories by file made once."""
        if ".html" not in body:
            return body
        if self.by_source is None:
            self.by_source = {s.source: s for s in self.site.stories}
        return story_links(body, story, self.by_source)

    def render(self, template: str, path: str, **context) -> Page:
        here = posixpath.dirname(path)
        parts: dict[str, str] = {}

        def part(html_text: Markup) -> Markup:
            if not isinstance(html_text, Markup):  # only escaped or sanitised HTML passes
                raise TypeError(f"part() of {path} takes Markup, not {type(html_text).__name__}")
            return Markup(prerendered.hold(parts, str(html_text)))

        def href_to(target: str) -> Markup:  # a docs-tree path as a link from this page's HTML
            return _escaped_href_in(target, here)

        def agency_a(agency) -> Markup:  # a link to an agency's page, for HTML
            abbr = f" ({md_text(agency.abbr_th)})" if agency.abbr_th and agency.abbr_th != agency.name_th \
                else ""
            return Markup(f'<a href="{href_to(agency_path(agency.id))}">{md_text(agency.label)}</a>{abbr}')

        def area_a(area) -> Markup:  # a link to an area's page, for HTML
            return Markup(f'<a href="{href_to(area_path(area.id))}">{md_text(area.label)}</a>')

        url = lambda target: Markup(relative_url(target, here))  # noqa: E731
        text = self.env.get_template(template).render(page_path=path, url=url, part=part,
                                                      href_to=href_to, agency_a=agency_a,
                                                      area_a=area_a, **context)
        return Page(path, prerendered.attach(re.sub(r"\n{3,}", "\n\n", text), parts))

    def story_items(self, stories: Iterable[Story], page_path: str) -> Markup:
        """A list of stories as HTML (title, date, places), with links from `page_path`."""
        here = posixpath.dirname(page_path)
        rows = []
        for story in stories:
            target, label = self._item(story)
            rows.append(f'<li><a href="{_escaped_href_in(target, here)}">{label}</li>')
        return Markup('<div class="wr-stories">\n<ul>\n' + "\n".join(rows) + "\n</ul>\n</div>")

    def _item(self, story: Story) -> tuple[str, str]:
        """`list_item`, made once per story: a story is listed on the pages of its agencies,
        areas, tags, year …, the same way on each."""
        item = self.items.get(story.id)
        if item is None:
            item = self.items[story.id] = list_item(self.site, story)
        return item


def list_item(site: Site, story: Story) -> tuple[str, str]:
    """A story's page and the HTML of its list item after the link's address."""
    places = ", ".join(_area_short(site, a) for a in story.areas)
    return story_path(story), (
        f'{html.escape(story.title, quote=False)}</a> '
        f'<span class="wr-date">{html.escape(dates.thai_date(story.date))}</span>'
        + (f" · {html.escape(places, quote=False)}" if places else ""))


# -- pages -------------------------------------------------------------------------------------

BODIES_AT_ONCE = 25  # story bodies rendered together before their pages (`body.render_bodies`)


def story_pages(site: Site, r: Renderer) -> Iterable[Page]:
    for story in site.stories:
        yield story_page(site, r, story)


def render_bodies_of(stories: Iterable[Story]) -> None:
    """The bodies of these stories rendered ahead, all together (`story_page` finds them: a
    build renders story pages BODIES_AT_ONCE at a time, see `cache.pages.stories_in_two`)."""
    render_bodies((story.body, story_ids(story.title)) for story in stories)


def story_page(site: Site, r: Renderer, story: Story) -> Page:
    series = [site.story[i] for i in site.by_series.get(story.series.id, ())] if story.series else []
    body = r.story_links(render_body(story.body, story_ids(story.title)), story)
    return r.render("story.md.j2", story_path(story), story=story, series=series,
                    related=site.stories_of(site.related[story.id]),
                    body=Markup(f'<div class="wr-body">\n{body}\n</div>'))  # sanitised


def agency_pages(site: Site, r: Renderer) -> Iterable[Page]:
    for agency in site.agencies.values():
        ids = site.by_agency.get(agency.id, ())
        units = [a for a in site.agencies.values() if a.template == agency.id]
        unit_ids = {i for u in units for i in site.by_agency.get(u.id, ())}
        stories = site.stories_of(ids)
        yield r.render("agency.md.j2", agency_path(agency.id), agency=agency, stories=stories,
                       units=units, unit_story_count=len(unit_ids),
                       partners=_partners(site, agency, stories), places=_places(site, stories))
    yield r.render("agency_index.md.j2", "agency/index.md", groups=_agency_groups(site))


AREA_LISTING = 100  # stories listed on a province or amphoe page (the page stays light)
AREA_SUMMARY_SLOT = "<!-- wr:area-summary -->"  # filled by the indicator feature


def _by_activity(site: Site, areas: Iterable[Area]) -> tuple[list[tuple[Area, int]], list[Area]]:
    """(area, stories) with stories, most first then by name; and the areas without any."""
    counted = [(a, len(site.by_area.get(a.id, ()))) for a in areas]
    active = sorted(((a, n) for a, n in counted if n),
                    key=lambda x: (-x[1], _thai_order(x[0].name_th), x[0].id))
    idle = sorted((a for a, n in counted if not n), key=lambda a: (_thai_order(a.name_th), a.id))
    return active, idle


def _thai_order(name: str) -> str:
    """A sort key in Thai dictionary order: a leading vowel (เ แ โ ใ ไ) sorts after its
    consonant, so เชียรใหญ่ comes with the ช, not after every other name."""
    return re.sub(r"([เแโใไ])([ก-ฮ])", r"\2\1", name)


def area_pages(site: Site, r: Renderer) -> Iterable[Page]:
    for area in site.areas.values():
        ids = site.by_area.get(area.id, ())
        if area.level == "village" and not ids:
            continue
        stories = site.stories_of(ids)
        children = [c for c in site.registry.children(area.id)
                    if c.level != "village" or site.by_area.get(c.id)]
        # a province or amphoe lists its newest stories; its tambon pages list all of theirs
        listed = stories if area.level in ("tambon", "village") else stories[:AREA_LISTING]
        active, idle = _by_activity(site, children)
        yield r.render("area.md.j2", area_path(area.id), area=area, stories=stories,
                       listed=listed, chain=site.area_chain(area.id), children=children,
                       active_children=active, idle_children=idle,
                       agencies=_active_agencies(site, stories),
                       summary_slot=Markup(AREA_SUMMARY_SLOT))
    yield r.render("area_index.md.j2", "area/index.md",
                   provinces=[a for a in site.areas.values() if a.level == "province"])


def listing_pages(site: Site, r: Renderer) -> Iterable[Page]:
    for tag, ids in site.by_tag.items():
        yield r.render("tag.md.j2", tag_path(site, tag), tag=tag, stories=site.stories_of(ids))
    tags = sorted(site.by_tag.items(), key=lambda item: (-len(item[1]), item[0]))
    yield r.render("tag_index.md.j2", "tag/index.md", tags=tags)
    for role, ids in site.by_role.items():
        yield r.render("role.md.j2", role_path(role), role=role, stories=site.stories_of(ids))
    yield r.render("role_index.md.j2", "role/index.md")
    for circle, ids in site.by_circle.items():
        yield r.render("circle.md.j2", circle_path(circle), circle=circle,
                       stories=site.stories_of(ids))
    yield r.render("circle_index.md.j2", "circle/index.md")
    for year, ids in site.by_year.items():
        yield r.render("year.md.j2", year_path(year), year=year, months=_by_month(site, ids))
    yield r.render("year_index.md.j2", "year/index.md")
    for series_id, ids in site.by_series.items():
        yield r.render("series.md.j2", series_path(series_id), stories=site.stories_of(ids))
    yield r.render("series_index.md.j2", "series/index.md")


def home_page(site: Site, r: Renderer) -> Iterable[Page]:
    newest = site.stories[: site.config.build["newest_on_home"]]
    amphoe = sorted((a for a in site.areas.values() if a.level == "amphoe" and site.by_area.get(a.id)),
                    key=lambda a: (-len(site.by_area[a.id]), a.id))
    agencies = sorted((a for a in site.agencies.values() if site.by_agency.get(a.id)),
                      key=lambda a: (-len(site.by_agency[a.id]), a.id))[:12]
    tambon_count = sum(1 for a in site.areas.values() if a.level == "tambon" and site.by_area.get(a.id))
    yield r.render("home.md.j2", "index.md", newest=newest, amphoe=amphoe, agencies=agencies,
                   tambon_count=tambon_count,
                   join_href=Markup(html.escape(site.config.join_url())))  # home is at the root


def brief_pages(site: Site, r: Renderer) -> Iterable[Page]:
    """The printable area briefs (`brief.py`, which reads the indicator roll-up)."""
    from .brief import brief_pages as make  # imported here: brief.py builds on this module

    return make(site, r)


PageMaker = Callable[[Site, Renderer], Iterable[Page]]
PAGE_MAKERS: list[PageMaker] = [home_page, story_pages, agency_pages, area_pages, brief_pages,
                                listing_pages]


def render_docs(site: Site, makers: Iterable[PageMaker] = (),
                renderer: Renderer | None = None, exclude: Iterable[PageMaker] = ()) -> Docs:
    """Every page of the site as Markdown (but those of the `exclude`d makers), and the feeds."""
    renderer = renderer or Renderer(site)
    docs = Docs(files=render_feeds(site, story_path),
                extra={"data_date": dates.thai_date(site.stories[0].date) if site.stories else ""})
    for maker in [m for m in [*PAGE_MAKERS, *makers] if m not in exclude]:
        for page in maker(site, renderer):
            docs.add(page.path, page.text)
    return docs


# -- helpers for templates ---------------------------------------------------------------------

def _dots(name: str) -> str:
    """A templated name for display: 'นายอำเภอ{amphoe}' → 'นายอำเภอ…'."""
    return re.sub(r"\{(amphoe|tambon)\}", "…", name)


def _area_short(site: Site, area_id: str) -> str:
    """'ต.ท่าซัก', and for a village 'หมู่ 3 ต.ท่าซัก' (a village number alone says little)."""
    area = site.areas[area_id]
    if area.level == "village" and area.parent:
        return f"{area.label} {site.areas[area.parent].label}"
    return area.label


def _ranked(ids: Iterable[str], lookup: Mapping[str, T]) -> list[tuple[T, int]]:
    """(entity, how many stories) for the ids given once per story: most first, then by id."""
    counts = Counter(ids)
    return [(lookup[i], n) for i, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def _partners(site: Site, agency: Agency, stories: list[Story]) -> list[tuple[Agency, int]]:
    return _ranked((a for s in stories for a in s.agencies if a != agency.id), site.agencies)


def _places(site: Site, stories: list[Story]) -> list[tuple[Area, int]]:
    return _ranked((a for s in stories for a in s.areas), site.areas)


def _active_agencies(site: Site, stories: list[Story]) -> list[tuple[Agency, int]]:
    return _ranked((a for s in stories for a in s.agencies), site.agencies)


def _agency_groups(site: Site) -> list[tuple[str, list[Agency]]]:
    groups: dict[str, list[Agency]] = {}
    for agency in site.agencies.values():
        groups.setdefault(agency.level or "", []).append(agency)
    order = [*AGENCY_LEVEL_TH, ""]
    return [(AGENCY_LEVEL_TH.get(level, "ไม่ระบุระดับ"),
             sorted(groups[level], key=lambda a: (a.name_th, a.id)))
            for level in order if level in groups]


def _by_month(site: Site, ids: tuple[str, ...]) -> list[tuple[str, list[Story]]]:
    months: dict[int, list[Story]] = {}
    for story in site.stories_of(ids):
        months.setdefault(story.date.month, []).append(story)
    return [(dates.thai_month(site.story[ids[0]].year_be, m), months[m])
            for m in sorted(months, reverse=True)]
