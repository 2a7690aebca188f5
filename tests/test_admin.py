"""The web editor's configuration (editor/admin.py), generated from the registries and the
story schema; and that admin/ is built only when asked, and never bundled."""

from __future__ import annotations

import yaml

from generator.build import check_project
from generator.bundle import site_files
from generator.config import load_config
from generator.editor import admin
from generator.errors import Problems
from generator.stories import FIELDS
from tests.conftest import MINIMAL_CONFIG, ROOT

EDITOR = MINIMAL_CONFIG + "editor:\n  enabled: true\n"


def checked():
    return check_project(ROOT)


def fields_of(found):
    return {f["name"]: f for f in found["collections"][0]["fields"]}


def test_every_front_matter_key_has_a_thai_field():
    found = admin.editor_config(checked().config, checked().resolvers)
    fields = fields_of(found)
    assert set(fields) == {*FIELDS, "body"}
    for name, fld in fields.items():
        assert fld["label"] and not fld["label"].isascii(), name
        assert fld.get("hint"), name
    assert fields["circle"]["options"][0] == {"label": "ระดับจังหวัด", "value": "province"}
    assert fields["roles"]["multiple"] and "คุณอำนวย" in fields["roles"]["options"]
    assert fields["date"]["format"] == "YYYY-MM-DD"
    assert fields["body"]["sanitize_preview"] is True


def test_agency_options_resolve_and_show_their_abbreviations():
    c = checked()
    options = admin.agency_options(c.resolvers)
    for option in options:
        c.resolvers.agencies.resolve(option["value"])  # raises if `wongrian check` would fail
    labels = {c.resolvers.agencies.resolve(o["value"]): o["label"] for o in options}
    assert "พช." in labels["cdd"] and labels["cdd"].startswith("กรมการพัฒนาชุมชน")
    assert labels["cdd_amphoe-8009"].startswith("สำนักงานพัฒนาชุมชนอำเภอทุ่งสง")
    assert "sao-800121" in labels


def test_area_options_carry_the_amphoe_so_repeated_names_stay_apart():
    c = checked()
    options = admin.area_options(c.resolvers)
    pak_phraek = [o for o in options if o["value"].startswith("ต.ปากแพรก")]
    assert [o["value"] for o in pak_phraek] == ["ต.ปากแพรก อ.ทุ่งสง", "ต.ปากแพรก อ.ปากพนัง"]
    assert [c.resolvers.areas.resolve(o["value"]) for o in pak_phraek] == ["800901", "801217"]
    assert len({o["value"] for o in options}) == len(options)
    for option in options:
        c.resolvers.areas.resolve(option["value"])


def test_references_older_stories_wrote_stay_selectable():
    c = checked()
    written = admin.written_references(ROOT)
    fields = fields_of(admin.editor_config(c.config, c.resolvers, written))
    values = {o["value"]: o["label"] for o in fields["agencies"]["options"]}
    assert set(written["agencies"]) <= set(values)
    assert values["สาสุข"] == "สาสุข → กระทรวงสาธารณสุข (สธ.)"


def test_backend_follows_the_site_config(tmp_site):
    root = tmp_site(config=EDITOR + "  base_url: https://auth.example.org\n")
    c = check_project(root)
    found = admin.editor_config(c.config, c.resolvers)
    assert found["backend"]["name"] == "github"
    assert found["backend"]["repo"] == "example/test"  # from repository.url
    assert found["backend"]["base_url"] == "https://auth.example.org"
    assert found["publish_mode"] == "editorial_workflow" and found["locale"] == "th"
    assert "local_backend" not in found
    collection = found["collections"][0]
    assert (collection["folder"], collection["path"]) == ("content/stories", "{{year}}/{{slug}}")
    assert collection["media_folder"] == "" and collection["format"] == admin.FORMAT
    local = tmp_site(config=EDITOR + "  local_backend: true\n  local_backend_port: 9001\n")
    c = check_project(local)
    found = admin.editor_config(c.config, c.resolvers)
    assert found["local_backend"] == {"url": "http://localhost:9001/api/v1"}
    assert "publish_mode" not in found


def test_config_yaml_round_trips_and_names_map_resolves():
    c = checked()
    files = admin.admin_files(c.config, c.resolvers)
    assert yaml.safe_load(files["admin/config.yml"])["collections"][0]["name"] == "stories"
    names = yaml.safe_load(files["admin/names.json"])
    assert names["agencies"]["สาสุข"] == "กระทรวงสาธารณสุข (สธ.)"
    assert names["areas"]["ต.ปากแพรก อ.ทุ่งสง"] == "ต.ปากแพรก อ.ทุ่งสง"
    assert names["comments"]["title"] == "# ชื่อบันทึก (title)"
    assert {"admin/index.html", "admin/decap-cms.js", "admin/yaml.min.js"} <= set(files)


def test_editor_settings_are_checked(tmp_site):
    problems = Problems()
    load_config(tmp_site(config=EDITOR + "  local_backend_port: abc\n"), problems)
    assert any(e.field == "editor.local_backend_port" for e in problems.errors)


def test_admin_only_in_the_web_build_and_never_in_the_bundle(tmp_site, tmp_path):
    from generator.build import build

    plain = build(tmp_site(), tmp_path / "plain").out_dir
    assert not (plain / "admin").exists()
    root = tmp_site(config=EDITOR)
    out = build(root, tmp_path / "with-editor").out_dir
    assert (out / "admin" / "index.html").exists() and (out / "admin" / "config.yml").exists()
    assert not [name for name in site_files(out) if name.startswith("admin/")]


def test_an_enabled_editor_needs_a_backend_and_a_repository(tmp_site):
    problems = Problems()
    config = MINIMAL_CONFIG.replace("https://github.com/example/test", "")
    load_config(tmp_site(config=config + "editor:\n  enabled: true\n  backend: svn\n"), problems)
    assert sorted(e.field for e in problems.errors) == ["editor.backend", "editor.repo"]
    assert "ต้องรู้ที่เก็บ" in next(e.th for e in problems.errors if e.field == "editor.repo")
    problems = Problems()
    load_config(tmp_site(config=config + "editor:\n  enabled: false\n  backend: svn\n"), problems)
    assert not problems.errors


def test_indicator_readings_offer_only_what_check_accepts():
    """A reading is about a tambon or a village, and its period defaults to the story's
    fiscal year: the province and amphoe are no options, and the period may stay empty."""
    c = checked()
    fields = fields_of(admin.editor_config(c.config, c.resolvers, admin.written_references(ROOT)))
    items = {f["name"]: f for f in fields["indicators"]["fields"]}
    levels = {c.resolvers.registry.areas[c.resolvers.areas.resolve(o["value"])].level
              for o in items["area"]["options"]}
    assert levels == {"tambon", "village"}
    assert "ต.ท่าซัก อ.เมือง" in {o["value"] for o in items["area"]["options"]}  # older stories'
    assert items["period"]["required"] is False


def test_the_list_is_newest_first_as_its_description_says():
    found = admin.editor_config(checked().config, checked().resolvers)
    collection = found["collections"][0]
    assert "ใหม่สุดก่อน" in collection["description"]
    assert collection["sortable_fields"][0] == {"field": "date", "default_sort": "desc"}


def test_the_guides_name_the_workflow_as_the_editor_shows_it():
    """The workflow view's name and columns the guides tell a facilitator to use are the
    words of the vendored Thai locale."""
    locale = (ROOT / "theme" / "admin" / "decap-locale-th.js").read_text(encoding="utf-8")
    words = {w: f'"{w}"' in locale for w in ("กระแสงาน", "ร่าง", "อยู่ระหว่างการตรวจสอบ", "พร้อม")}
    assert all(words.values()), words
    guide = (ROOT / "docs" / "editor-th.md").read_text(encoding="utf-8")
    section = guide.split("## 3.")[1].split("## 4.")[0]
    import re
    assert set(re.findall(r"\*\*(.+?)\*\*", section)) <= set(words), section
    assert all(w in (ROOT / "docs" / "editor.md").read_text(encoding="utf-8") for w in words)


def test_the_editor_takes_no_file_larger_than_check_publishes(tmp_site):
    problems = Problems()
    load_config(tmp_site(config=EDITOR + "  max_file_mb: 20\nbuild:\n  max_file_mb: 10\n"), problems)
    assert [e.field for e in problems.errors] == ["editor.max_file_mb"]
    assert "build.max_file_mb (10 MB)" in problems.errors[0].en
    problems = Problems()
    load_config(tmp_site(config=EDITOR + "  max_file_mb: 10\n"), problems)
    assert not problems.errors
