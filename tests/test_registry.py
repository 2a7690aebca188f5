"""Agencies and areas: the registries and reading the references people write."""

from pathlib import Path

import pytest

from generator.areas import ResolveError, parse_area_reference
from generator.config import load_config
from generator.errors import Problems
from generator.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def resolvers():
    problems = Problems()
    found = load_registry(ROOT, load_config(ROOT, problems), problems)
    assert problems.errors == []
    return found


def test_gazetteer_has_the_province_from_geothai(resolvers):
    areas = resolvers.registry.areas
    levels = [a.level for a in areas.values()]
    assert levels.count("province") == 1 and levels.count("amphoe") == 23
    assert levels.count("tambon") == 170
    assert areas["800121"].name_th == "ท่าซัก" and areas["800121"].parent == "8001"
    lat, lon = areas["800121"].point
    assert 8.0 < lat < 9.0 and 99.5 < lon < 100.5
    assert areas["8001"].point is not None  # mean of its tambon points


@pytest.mark.parametrize("written, expected", [
    ("ท่าซัก", "800121"), ("ต.ท่าซัก", "800121"), ("ตำบลท่าซัก", "800121"),
    ("ต.ท่าซัก อ.เมือง", "800121"), ("ท่าซัก อ.เมืองนครศรีธรรมราช", "800121"),
    ("800121", "800121"), (800121, "800121"), ("อ.ท่าศาลา", "8008"), ("อำเภอท่าศาลา", "8008"),
    ("ต.ท่าศาลา อ.ท่าศาลา", "800801"), ("จ.นครศรีธรรมราช", "80"), ("นครศรีฯ", "80"),
    ("ต.ปากแพรก อ.ทุ่งสง", "800901"), ("ปากแพรก อ.ปากพนัง", "801217"),
    ("หมู่ 3 ต.ท่าซัก อ.เมือง", "80012103"), ("ม.3 ท่าซัก", "80012103"),
    ("หมู่ที่ 3 ตำบลท่าซัก", "80012103"), ("80012103", "80012103"), ("ต.ท่\u200bาซัก", "800121"),
])
def test_area_references_resolve(resolvers, written, expected):
    assert resolvers.areas.resolve(written) == expected


@pytest.mark.parametrize("written, message", [
    ("ปากแพรก", 'area "ปากแพรก" matches 2 units'),
    ("ทุ่งสง", 'area "ทุ่งสง" matches 2 units: อ.ทุ่งสง (8009), ต.ทุ่งสง อ.นาบอน (801002)'),
    ("ท่าซก", 'unknown area "ท่าซก"'),
    ("ต.ท่าซัก อ.ท่าศาลา", 'unknown area "ต.ท่าซัก อ.ท่าศาลา" in อ.ท่าศาลา'),
    ("หมู่ 30 ท่าซัก", "ต.ท่าซัก อ.เมืองนครศรีธรรมราช has villages 1–9, not หมู่ 30"),
    ("หมู่ 2 ต.นาบอน", "no villages of ต.นาบอน อ.นาบอน are listed"),
    ("990101", 'unknown area code "990101"'),
])
def test_bad_area_references_say_why(resolvers, written, message):
    with pytest.raises(ResolveError) as caught:
        resolvers.areas.resolve(written)
    assert caught.value.en.startswith(message)


def test_area_reference_parts():
    parts = parse_area_reference("หมู่ 3 ต.ท่าซัก อ.เมือง จ.นครศรีธรรมราช")
    assert (parts.village, parts.tambon, parts.amphoe, parts.province) == (
        "3", "ท่าซัก", "เมือง", "นครศรีธรรมราช")


@pytest.mark.parametrize("written, expected", [
    ("พช.", "cdd"), ("พัฒนาชุมชน", "cdd"), ("กรมการพัฒนาชุมชน", "cdd"),
    ("สาสุข", "moph"), ("สาธารณสุข", "moph"), ("กศน.", "dole"), ("เกษรตร", "doae"),
    ("พช.อำเภอเมือง", "cdd_amphoe-8001"), ("สำนักงานพัฒนาชุมชนอำเภอเมือง", "cdd_amphoe-8001"),
    ("พช. อำเภอเมือง", "cdd_amphoe-8001"), ("อบต.ท่าซัก", "sao-800121"), ("อบต. ท่าซัก", "sao-800121"),
    ("รพ.สต.ท่าซัก", "shph-800121"), ("สสอ.ทุ่งสง", "dho-8009"), ("รพ.ทุ่งสง", "community_hospital-8009"),
    ("อบต.ปากแพรก อ.ทุ่งสง", "sao-800901"), ("กศน.ตำบลท่าซัก", "dole_tambon-800121"),
    ("รพ.มหาราช", "maharaj_hospital"), ("cdd_amphoe-8001", "cdd_amphoe-8001"), ("อบต.", "sao"),
    ("เครือข่ายภาคประชาชนจังหวัดนครศรีธรรมราช", "people_network"),
])
def test_agency_references_resolve(resolvers, written, expected):
    assert resolvers.agencies.resolve(written) == expected


@pytest.mark.parametrize("written, message", [
    ("พชช.", 'unknown agency "พชช."'),
    ("ปกครอง", 'agency "ปกครอง" can mean 2 agencies'),
    ("ท้องถิ่น", 'agency "ท้องถิ่น" can mean 3 agencies'),
    ("กรมส่งเสริมฯ", 'agency "กรมส่งเสริมฯ" can mean 2 agencies'),
    ("เทศบาลนคร", 'agency "เทศบาลนคร" can mean 2 agencies'),
    ("อบต.ปากแพรก", 'agency "อบต.ปากแพรก": area "ปากแพรก" matches 2 units'),
])
def test_bad_agency_references_say_why(resolvers, written, message):
    with pytest.raises(ResolveError) as caught:
        resolvers.agencies.resolve(written)
    assert caught.value.en.startswith(message)


def test_unknown_agency_suggests_the_closest_names(resolvers):
    with pytest.raises(ResolveError) as caught:
        resolvers.agencies.resolve("พชช.")
    assert caught.value.hint_en.startswith('did you mean "พช.", "พอช.", "พช.อ."? ')


def test_registry_keeps_the_draft_ids(resolvers):
    import yaml
    draft = yaml.safe_load((ROOT.parent / "shared/data/agencies-draft.yml").read_text(encoding="utf-8")) \
        if (ROOT.parent / "shared/data/agencies-draft.yml").exists() else None
    ids = set(resolvers.registry.agencies)
    if draft:
        kept = {a["id"] for a in draft["agencies"]} - {"people_coordination_unit"}
        assert kept <= ids
    assert {"cdd", "sao", "dole", "moph", "walailak", "people_network"} <= ids
