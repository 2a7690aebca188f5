"""The site model: indexes, local units, related stories, tag slugs."""

import pytest

from generator.build import check_project, make_site
from generator.site import tag_slugs

from conftest import story_text


@pytest.fixture
def site(tmp_site):
    root = tmp_site({
        "content/stories/2008/a.md": story_text(
            title="เรื่องแรก", date="2008-05-03", agencies=("พช.อำเภอเมือง", "อบต.ท่าซัก"),
            areas=("ท่าซัก",), tags=("บัญชีครัวเรือน",), roles=("คุณอำนวย",),
            series="{id: s, part: 1, total: 2}"),
        "content/stories/2008/b.md": story_text(
            title="เรื่องที่สอง", date="2008-06-01", agencies=("กศน.ตำบลท่าซัก",),
            areas=("หมู่ 3 ต.ท่าซัก",), tags=("บัญชีครัวเรือน", "ออมทรัพย์"), roles=("คุณกิจ",),
            series="{id: s, part: 2, total: 2}"),
        "content/stories/2009/c.md": story_text(
            title="เรื่องที่สาม", date="2009-01-10", agencies=("มวล.",), areas=("อ.ท่าศาลา",),
            tags=("ออมทรัพย์",), circle="amphoe"),
        "content/stories/2009/d.md": story_text(
            title="ร่าง", date="2009-02-01", agencies=("พอช.",), draft="true")})
    return make_site(check_project(root))


def test_drafts_are_not_published(site):
    assert [s.title for s in site.stories] == ["เรื่องที่สาม", "เรื่องที่สอง", "เรื่องแรก"]
    assert "codi" not in site.by_agency


def test_area_index_includes_descendants(site):
    titles = lambda ids: [site.story[i].title for i in ids]  # noqa: E731
    assert titles(site.by_area["800121"]) == ["เรื่องที่สอง", "เรื่องแรก"]
    assert titles(site.by_area["80012103"]) == ["เรื่องที่สอง"]
    assert titles(site.by_area["80"]) == ["เรื่องที่สาม", "เรื่องที่สอง", "เรื่องแรก"]
    assert "8008" in site.by_area and "8001" in site.by_area


def test_local_units_exist_with_bound_parents(site):
    unit = site.agencies["dole_tambon-800121"]
    assert unit.name_th == "กศน.ตำบลท่าซัก" and unit.area == "800121"
    assert unit.template == "dole_tambon"
    assert unit.parent == "dole_amphoe-8001" and "dole_amphoe-8001" in site.agencies
    assert site.agencies["sao-800121"].name_th == "องค์การบริหารส่วนตำบลท่าซัก"
    assert site.agencies["cdd_amphoe-8001"].parent == "cdd_province"


def test_year_role_tag_series_indexes(site):
    assert sorted(site.by_year) == [2551, 2552]
    assert len(site.by_tag["บัญชีครัวเรือน"]) == 2
    assert [site.story[i].series.part for i in site.by_series["s"]] == [1, 2]
    assert set(site.by_role) == {"คุณอำนวย", "คุณกิจ"}


def test_related_prefers_series_then_shared_entities(site):
    first = next(s for s in site.stories if s.title == "เรื่องแรก")
    related = [site.story[i].title for i in site.related[first.id]]
    assert related[0] == "เรื่องที่สอง"
    assert first.id not in site.related[first.id]


def test_tag_slugs_are_ascii_unique_and_sorted():
    slugs = tag_slugs({"ข้าว": ("a",), "ข่าว": ("a",), "บัญชีครัวเรือน": ("a",)})
    assert len(set(slugs.values())) == 3
    assert all(s.isascii() for s in slugs.values())
    assert slugs["ข่าว"].endswith("-2") or slugs["ข้าว"].endswith("-2")


def _related_reference(stories, limit, only=None):
    """The ranking as first written (one Counter per story): what `related_stories` must give."""
    from collections import Counter, defaultdict

    from generator.site import WEIGHTS, _keys

    members = defaultdict(list)
    for story in stories:
        for key in _keys(story):
            members[key].append(story.id)
    order = {s.id: n for n, s in enumerate(stories)}
    tags = {s.id: set(s.tags) for s in stories}
    related = {}
    for story in stories if only is None else [s for s in stories if s.id in only]:
        score = Counter()
        for key in _keys(story):
            for other in members[key]:
                score[other] += WEIGHTS[key[0]]
        score.pop(story.id, None)
        rank = lambda i: (-score[i], -len(tags[i] & tags[story.id]), order[i], i)  # noqa: E731
        related[story.id] = tuple(sorted(score, key=rank)[:limit])
    return related


@pytest.mark.parametrize("seed", range(6))
def test_related_stories_rank_as_the_reference(seed):
    """Random stories; their tags common ones (t…, kept as a byte per story) and rare ones
    (r…, kept as the numbers of their stories)."""
    import datetime as dt
    import random

    from generator.model import SeriesRef, Story
    from generator.site import related_stories

    rnd = random.Random(seed)
    pick = lambda pool, most: tuple(rnd.choice(pool) for _ in range(rnd.randint(0, most)))  # noqa: E731
    stories = tuple(Story(
        id=f"s{n:03d}", source=f"content/stories/s{n}.md", title=f"เรื่อง {n}",
        date=dt.date(2008, 1, 1) + dt.timedelta(days=rnd.randint(0, 900)), circle="tambon",
        agencies=pick(["a", "b", "c", "d"], 3), areas=pick(["x", "y", "z", "w", "v"], 3),
        tags=pick(["t1", "t2", "t3", "t4", "t5", "t6"], 3) + pick([f"r{k}" for k in range(300)], 2),
        series=SeriesRef(id=rnd.choice("pq"), part=1, total=2) if rnd.random() < 0.2 else None,
        roles=(), author="", summary="", body="", words=1) for n in range(rnd.randint(1, 400)))
    limit = rnd.randint(1, 8)
    assert related_stories(stories, limit) == _related_reference(stories, limit)
    only = {s.id for s in stories[::3]}
    assert related_stories(stories, limit, only) == _related_reference(stories, limit, only)
