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


# -- spelling that knows Thai slips ------------------------------------------------------------

from generator.spelling import nearest, spelling_key, thai_distance  # noqa: E402


@pytest.mark.parametrize("typed, meant", [
    ("ปากพูล", "ปากพูน"),          # ล/น as a final consonant
    ("ปากพูร", "ปากพูน"),          # ร/น
    ("ทุงสง", "ทุ่งสง"),            # missing tone mark
    ("ทุ้งสง", "ทุ่งสง"),           # wrong tone mark
    ("ผู้ใหญ่บ้าน", "ผู้ใหญ่บ้าน"),
    ("ธกส", "ธ.ก.ส."),             # abbreviation without its dots
    ("สาธารณะสุข", "สาธารณสุข"),
])
def test_thai_slips_cost_less_than_other_edits(typed, meant):
    assert thai_distance(spelling_key(typed), spelling_key(meant)) < 1


def test_sara_ae_typed_as_two_sara_e_and_sara_am_as_two_marks_are_the_same_key():
    assert spelling_key("เเม่") == spelling_key("แม่")
    assert spelling_key("ทํานา") == spelling_key("ทำนา")


def test_a_sound_alike_letter_beats_another_letter():
    assert nearest("ปากพูล", ["ปากพูด", "ปากพูน"]) == ["ปากพูน", "ปากพูด"]
    assert nearest("ผู้ใหญ่บ้าน", ["ผู้ใหญ่บ้าน"]) == []  # the same key is not a suggestion


@pytest.mark.parametrize("written, first", [
    ("อบต.ปากพูล", "อบต.ปากพูน"), ("อบต ปากพูล", "อบต.ปากพูน"), ("สาธารณะสุข", "สาธารณสุข"),
    ("พช.อำเภอทุงสง", "พช.อำเภอทุ่งสง"), ("วลัยลัก", "วลัยลักษณ์"),
])
def test_unknown_agency_suggests_what_a_thai_writer_meant(resolvers, written, first):
    with pytest.raises(ResolveError) as caught:
        resolvers.agencies.resolve(written)
    assert caught.value.hint_en.startswith(f'did you mean "{first}"')


def test_unknown_agency_hint_has_a_registry_line_that_loads(resolvers):
    import yaml
    with pytest.raises(ResolveError) as caught:
        resolvers.agencies.resolve('หน่วย "ใหม่" <ทดลอง>')
    line = caught.value.hint_en.split("content/registry/agencies.yml: ", 1)[1]
    entry = yaml.safe_load(line)[0]
    assert entry["name_th"] == 'หน่วย "ใหม่" <ทดลอง>' and entry["status"] == "unverified"
    assert entry["id"] not in resolvers.registry.agencies and line in caught.value.hint_th


@pytest.mark.parametrize("written, expected", [("ธกส", "baac"), ("กศน", "dole")])
def test_abbreviation_without_dots_resolves_when_it_means_one_agency(resolvers, written, expected):
    assert resolvers.agencies.resolve(written) == expected


# -- wongrian registry add -------------------------------------------------------------------

def test_registry_add_appends_an_entry_and_keeps_the_comments(tmp_site, capsys):
    from generator.build import check_project
    from generator.cli import main

    root = tmp_site()
    path = root / "content" / "registry" / "agencies.yml"
    before = path.read_text(encoding="utf-8")
    assert main(["registry", "add", "--root", str(root), "--id", "test_office",
                 "--name", 'สำนักงานทดสอบ "ก"', "--alias", "สทก.", "--former", "สทข.:2558",
                 "--holder", "หัวหน้าสำนักงานทดสอบ", "--level", "province", "--parent", "moi",
                 "--source", "a test"]) == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.split("\nambiguous_aliases:")[0])
    assert after.endswith("\nambiguous_aliases:" + before.split("\nambiguous_aliases:")[1])
    assert "- id: test_office\n  name_th: \"สำนักงานทดสอบ \\\"ก\\\"\"\n" in after
    assert "  former: [{name: \"สทข.\", until: 2558}]\n" in after
    problems = Problems()
    found = load_registry(root, load_config(root, problems), problems)
    assert problems.errors == []
    for name in ("สทก.", "สทข.", "หัวหน้าสำนักงานทดสอบ", 'สำนักงานทดสอบ "ก"'):
        assert found.agencies.resolve(name) == "test_office"
    assert found.registry.agencies["test_office"].renamed == (("สทข.", 2558),)
    check_project(root)


def test_registry_add_refuses_a_bad_entry_and_writes_nothing(tmp_site, capsys):
    from generator.cli import main

    root = tmp_site()
    path = root / "content" / "registry" / "agencies.yml"
    before = path.read_text(encoding="utf-8")
    assert main(["registry", "add", "--root", str(root), "--id", "cdd", "--name", "ใหม่",
                 "--alias", "พช.", "--parent", "nope", "--former", "สกย."]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        '--former "สกย.": write NAME:YEAR, e.g. สกย.:2558 | เขียนเป็น ชื่อเดิม:ปี พ.ศ. เช่น สกย.:2558',
        'id: duplicate id "cdd" | รหัสซ้ำ "cdd" — give another with --id | ระบุรหัสอื่นด้วย --id',
        'parent: unknown parent "nope" | ไม่รู้จักหน่วยงานแม่ "nope"',
        'name "พช." already means cdd | ชื่อ "พช." เป็นของหน่วยงาน cdd แล้ว',
        "nothing was written | ไม่ได้แก้ไฟล์"]
    assert path.read_text(encoding="utf-8") == before


def test_former_names_need_a_buddhist_era_year(tmp_site):
    root = tmp_site({"content/registry/agencies.yml": (
        "agencies:\n- id: a\n  name_th: ก\n  former: [{name: ข, until: 2015}, {until: 2558}, ค]\n")})
    problems = Problems()
    load_registry(root, load_config(root, problems), problems)
    missing = ("content/registry/agencies.yml:2: former: each former name needs name: and until: "
               "(e.g. {name: สกย., until: 2558}) | ชื่อเดิมแต่ละชื่อต้องมี name: และ until: "
               "(เช่น {name: สกย., until: 2558})")
    assert [e.format() for e in problems.errors] == [
        "content/registry/agencies.yml:2: former: until: 2015 is not a Buddhist-Era year (e.g. 2558) | "
        "until: 2015 ไม่ใช่ปี พ.ศ. (เช่น 2558)", missing, missing]


# -- what the province's registry knows ------------------------------------------------------

@pytest.mark.parametrize("written, expected", [
    ("สกย.", "raot"), ("กยท.", "raot"), ("สกย.จังหวัด", "raot_province"),
    ("สกย.อำเภอทุ่งสง", "raot_branch-8009"), ("ธ.ก.ส.สาขาทุ่งสง", "baac_branch-8009"),
    ("ททท.", "tat"), ("ทสจ.", "mnre_province"), ("ประมงอำเภอสิชล", "dof_amphoe-8014"),
    ("ตำรวจชุมชน", "community_police"), ("สภ.ทุ่งสง", "police_station-8009"),
    ("เทศบาลเมืองทุ่งสง", "thungsong_town"), ("ทต.ท่าซัก", "tambon_municipality-800121"),
    ("ศูนย์ประสานงานองค์กรชุมชนตำบลท่าซัก", "con_center_tambon-800121"),
    ("สถานีอนามัยท่าซัก", "shph-800121"), ("วพบ.นครศรีธรรมราช", "bcn_nakhon"),
    # office holders stand for their office
    ("ผู้ว่าราชการจังหวัด", "province_hall"), ("ผวจ.", "province_hall"),
    ("นายอำเภอทุ่งสง", "dopa_amphoe-8009"), ("นายอำเภอ", "dopa_amphoe"),
    ("นายก อบต.ท่าซัก", "sao-800121"), ("กำนันท่าซัก", "kamnan_office-800121"),
    ("กำนันตำบลท่าซัก", "kamnan_office-800121"), ("ผู้ใหญ่บ้าน", "village_committee"),
    ("ผอ.รพ.สต.ท่าซัก", "shph-800121"), ("พัฒนาการอำเภอเมือง", "cdd_amphoe-8001"),
])
def test_the_registry_knows_the_province(resolvers, written, expected):
    assert resolvers.agencies.resolve(written) == expected


def test_former_names_carry_the_year_they_changed(resolvers):
    agencies = resolvers.registry.agencies
    assert ("สกย.", 2558) in agencies["raot"].renamed and "สกย." in agencies["raot"].former
    assert ("กศน.", 2566) in agencies["dole"].renamed


def test_every_group_of_the_agency_registry_says_where_it_came_from():
    lines = (ROOT / "content/registry/agencies.yml").read_text(encoding="utf-8").splitlines()
    heads = [i for i, line in enumerate(lines) if line.startswith("# " + "-" * 20)]
    assert len(heads) >= 14
    assert [lines[i] for i in heads if not lines[i + 1].startswith("# source: ")] == []


def test_registry_add_needs_a_block_list_to_append_to(tmp_site, capsys):
    from generator.cli import main

    root = tmp_site({"content/registry/agencies.yml": "agencies: []\n"})
    assert main(["registry", "add", "--root", str(root), "--name", "ใหม่"]) == 1
    assert "no top-level block list 'agencies:'" in capsys.readouterr().err
    assert (root / "content/registry/agencies.yml").read_text(encoding="utf-8") == "agencies: []\n"


@pytest.mark.parametrize("where", ["../../outside.yml", "{abs}", "link"])
def test_registry_add_neither_reads_nor_writes_a_file_outside_content(tmp_site, tmp_path, capsys, where):
    """What check refuses to read (a registry named outside content/, or a link out of it),
    registry add neither copied into the project nor wrote (it wrote, or crashed on an
    absolute name)."""
    import os

    from conftest import MINIMAL_CONFIG
    from generator.cli import main

    outside = tmp_path / "outside.yml"
    outside.write_text("agencies:\n- {id: x, name_th: นอกโครงการ}\n", encoding="utf-8")
    name = where.format(abs=outside) if where != "link" else "agencies.yml"
    root = tmp_site(config=MINIMAL_CONFIG.replace("agencies: agencies.yml", f"agencies: {name}"))
    if where == "link":
        (root / "content/registry/agencies.yml").unlink()
        os.symlink(outside, root / "content/registry/agencies.yml")
    assert main(["registry", "add", "--root", str(root), "--name", "ใหม่"]) == 1
    err = capsys.readouterr().err
    assert "outside" in err and "nothing was written" in err
    assert outside.read_text(encoding="utf-8") == "agencies:\n- {id: x, name_th: นอกโครงการ}\n"
    if where == "link":
        assert os.readlink(root / "content/registry/agencies.yml") == str(outside)


REG = "content/registry/"


def registry_errors(tmp_site, rel: str, text: str) -> list:
    """The errors `check_project` reports for the registry file `rel` written as `text` (it
    must fail)."""
    from generator.check import check_project
    from generator.errors import ContentErrors

    root = tmp_site()
    (root / REG / rel).write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        check_project(root)
    return [e for e in raised.value.errors if e.path == REG + rel]


@pytest.mark.parametrize("rel, text, field", [
    ("agencies.yml", "- id: x\n", "file"),
    ("agencies.yml", "agencies: 5\n", "agencies"),
    ("agencies.yml", "agencies:\n- id: x\n  name_th: 123\n", "name_th"),
    ("agencies.yml", "agencies:\n- id: x\n  name_th: [a, b]\n", "name_th"),
    ("agencies.yml", "agencies:\n- id: [a]\n  name_th: ก\n", "id"),
    ("agencies.yml", "agencies:\n- id: " + "a" * 300 + "\n  name_th: ก\n", "id"),  # its page's file name
    ("agencies.yml", "agencies:\n- id: x\n  name_th: ก\n  aliases_th: 5\n", "aliases_th"),
    ("agencies.yml", "agencies:\n- id: x\n  name_th: ก\n  former: 5\n", "former"),
    ("agencies.yml", "agencies:\n- id: x\n  name_th: ก\n  holders_th: 7\n", "holders_th"),
    ("agencies.yml", "agencies:\n- id: x\n  name_th: ก\n  name_en: 5\n", "name_en"),
    ("areas.yml", "- a\n", "file"),
    ("areas.yml", "aliases: {'80': 5}\n", "aliases.80"),
    ("area-points.yml", "points: {'800121': [abc, 1]}\n", "points.800121"),
    ("area-points.yml", "points: {'800121': 5}\n", "points.800121"),
    ("villages.yml", "tambon:\n  '800121': {count: eight}\n", "tambon.800121"),
    ("villages.yml", "tambon:\n  '800121': {count: 100000000}\n", "tambon.800121"),
    ("villages.yml", "tambon:\n  '800121': {count: -3}\n", "tambon.800121"),
    ("villages.yml", "tambon:\n  '800101': [8]\n", "tambon.800101"),
    ("villages.yml", "tambon:\n  '800121': {count: 3, names: {abc: x}}\n", "tambon.800121.names"),
    ("cohorts.yml", "- 1\n", "cohorts"),
    ("cohorts.yml", "cohorts:\n  1: hello\n", "cohorts.1"),
    ("cohorts.yml", "cohorts:\n  1: {name: ก, since: 2551, villages: 800121}\n", "cohorts.1"),
])
def test_a_registry_of_the_wrong_shape_is_an_error_at_its_file_not_a_crash(tmp_site, rel, text, field):
    mine = registry_errors(tmp_site, rel, text)
    assert field in [e.field for e in mine], mine
    assert all(e.th for e in mine)


def test_a_registry_file_the_config_names_must_exist_and_a_broken_one_stops_the_check(tmp_site):
    from generator.check import check_project
    from generator.errors import ContentErrors
    from conftest import MINIMAL_CONFIG

    story = "---\ntitle: ก\ndate: 2008-05-03\ncircle: tambon\nagencies: [พช.]\n---\nเนื้อ\n"
    root = tmp_site({"content/stories/a.md": story},
                    config=MINIMAL_CONFIG.replace("agencies: agencies.yml", "agencies: nope.yml"))
    with pytest.raises(ContentErrors) as raised:
        check_project(root)
    assert [(e.path, e.field) for e in raised.value.errors] == [(REG + "nope.yml", "file")]
    (root / "site_config.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    (root / REG / "agencies.yml").write_text("agencies:\n\t- id: x\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        check_project(root)
    assert [(e.path, e.field) for e in raised.value.errors] == [(REG + "agencies.yml", "yaml")]


def test_registry_add_follows_the_files_indent_line_endings_and_permissions(tmp_site, capsys):
    from generator.cli import main

    root = tmp_site()
    path = root / "content" / "registry" / "agencies.yml"
    path.write_bytes(b"# agencies\r\nagencies:\r\n  - id: cdd\r\n    name_th: \"\xe0\xb8\x81\"\r\n")
    path.chmod(0o644)
    assert main(["registry", "add", "--root", str(root), "--id", "test_office",
                 "--name", "สำนักงานทดสอบ"]) == 0
    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") and b"\r\n  - id: test_office\r\n" in data
    assert path.stat().st_mode & 0o777 == 0o644
    problems = Problems()
    load_registry(root, load_config(root, problems), problems)
    assert problems.errors == []
    for bad in ("", "   ", "สอง\nบรรทัด", "สอง\u2028x: y", "กลับ\u202eด้าน", "ก\x85ข"):
        assert main(["registry", "add", "--root", str(root), "--name", bad]) == 1
    assert "one line of text each" in capsys.readouterr().err
    assert path.read_bytes() == data


@pytest.mark.parametrize("rel, text, field", [
    ("agencies.yml", 'agencies:\n- id: x\n  name_th: "ก\\u0000"\n', "name_th"),
    ("agencies.yml", 'agencies:\n- id: x\n  name_th: ก\n  aliases_th: ["ข\\u202e"]\n', "aliases_th"),
    ("agencies.yml", 'agencies:\n- id: x\n  name_th: ก\n  note: "\\x1b[2J"\n', "note"),
    ("agencies.yml", 'agencies:\n- id: x\n  name_th: ก\n  former: [{name: "ข\\u2066", until: 2550}]\n', "former"),
    ("areas.yml", "aliases: {'8001': [\"เมือง\\u202eคอน\"]}\n", "aliases.8001"),
    ("villages.yml", "tambon:\n  '800121': {count: 3, names: {3: \"บ้าน\\x07\"}}\n", "tambon.800121.names"),
])
def test_a_control_character_a_yaml_escape_writes_in_a_registry_is_an_error(tmp_site, rel, text, field):
    """As in front matter: "\\u0000" or a text-direction override would reach pages and feeds
    (a NUL made network.svg ill-formed XML)."""
    mine = [e for e in registry_errors(tmp_site, rel, text) if e.field == field]
    assert len(mine) == 1 and "control character U+" in mine[0].en and "อักขระควบคุม" in mine[0].th


@pytest.mark.parametrize("rel, text, field", [
    ("agencies.yml", 'agencies:\n- id: x\n  name_th: "\\u200b"\n', "name_th"),
    ("agencies.yml", 'agencies:\n- id: x\n  name_th: ก\n  aliases_th: [" "]\n', "aliases_th"),
    ("agencies.yml", 'agencies:\n- id: x\n  name_th: ก\n  aliases_th: [""]\n', "aliases_th"),
    ("areas.yml", "aliases: {'8001': [\"\\u200b\\u200c\"]}\n", "aliases.8001"),
    ("villages.yml", "tambon:\n  '800121': {count: 3, names: {3: \" \"}}\n", "tambon.800121.names"),
])
def test_a_registry_name_that_is_empty_or_invisible_is_an_error(tmp_site, rel, text, field):
    """As a story title of only invisible characters is: the agency page would have no name."""
    mine = [e for e in registry_errors(tmp_site, rel, text) if e.field == field]
    assert len(mine) == 1 and "only invisible characters" in mine[0].en and "มองไม่เห็น" in mine[0].th
