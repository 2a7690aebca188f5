"""From story files to typed stories: fields, ids, local units, slugs, series."""

import datetime as dt

import pytest

from generator.build import check_project
from generator.errors import ContentErrors

from conftest import story_text


def test_story_fields_are_typed_and_resolved(tmp_site):
    root = tmp_site({"content/stories/2008/a.md": story_text(
        date="3 พ.ค. 51", roles=("คุณอำนวย", "คุณกิจ", "คุณอำนวย"),
        agencies=("พช.อำเภอเมือง", "สำนักงานพัฒนาชุมชนอำเภอเมือง", "สาสุข"),
        areas=("ต.ท่าซัก อ.เมือง", "800121", "หมู่ 3 ต.ท่าซัก"), tags=("บัญชีครัวเรือน",),
        summary="สรุป", updated="2012-06-01", source="gotoknow:180345")})
    (story,) = check_project(root).stories
    assert story.date == dt.date(2008, 5, 3) and story.updated == dt.date(2012, 6, 1)
    assert story.roles == ("คุณอำนวย", "คุณกิจ")
    assert story.agencies == ("cdd_amphoe-8001", "moph")
    assert story.areas == ("800121", "80012103")
    assert story.origin == "gotoknow:180345" and story.summary == "สรุป"
    assert story.id.startswith("2008-05-03-") and story.words > 0


def test_bare_template_binds_to_the_storys_one_area(tmp_site):
    root = tmp_site({
        "content/stories/a.md": story_text(agencies=("อบต.", "พช.อำเภอ"), areas=("ท่าซัก",)),
        "content/stories/b.md": story_text(date="2008-05-04", agencies=("อบต.",),
                                           areas=("ท่าซัก", "ต.กลาย อ.ท่าศาลา"))})
    stories = {s.source[-4:]: s for s in check_project(root).stories}
    assert stories["a.md"].agencies == ("sao-800121", "cdd_amphoe-8001")
    assert stories["b.md"].agencies == ("sao",)  # two tambons: left generic


def test_same_date_and_title_get_numbered_ids_and_a_warning(tmp_site):
    root = tmp_site({"content/stories/a.md": story_text(), "content/stories/b.md": story_text()})
    checked = check_project(root)
    ids = sorted(s.id for s in checked.stories)
    assert ids[1] == ids[0] + "-2"
    (warning,) = checked.warnings
    assert warning.path == "content/stories/b.md" and "same date and slug" in warning.en
    with pytest.raises(ContentErrors):
        check_project(root, strict=True)


def test_explicit_slug_and_draft(tmp_site):
    root = tmp_site({"content/stories/a.md": story_text(slug="tha-sak-first", draft="true")})
    (story,) = check_project(root).stories
    assert story.id == "2008-05-03-tha-sak-first" and story.draft


def test_circle_accepts_thai_words(tmp_site):
    root = tmp_site({"content/stories/a.md": story_text(circle="หมู่บ้าน")})
    assert check_project(root).stories[0].circle == "village"


def test_errors_across_files_are_all_reported_at_once(tmp_site):
    root = tmp_site({"content/stories/a.md": story_text(agencies=("พชช.",)),
                     "content/stories/b.md": story_text(areas=("ท่าซก",), date="2008-05-09"),
                     "content/stories/c.md": story_text(roles=("คุณอำนวน",), date="2008-05-10")})
    with pytest.raises(ContentErrors) as caught:
        check_project(root)
    assert [(e.path[-4:], e.field) for e in caught.value.errors] == [
        ("a.md", "agencies"), ("b.md", "areas"), ("c.md", "roles")]


def test_series_total_must_agree(tmp_site):
    root = tmp_site({
        "content/stories/a.md": story_text(series="{id: s, part: 1, total: 2}"),
        "content/stories/b.md": story_text(date="2008-06-01", series="{id: s, part: 2, total: 3}")})
    with pytest.raises(ContentErrors) as caught:
        check_project(root)
    (error,) = caught.value.errors
    assert (error.path, error.line) == ("content/stories/b.md", 10)
    assert error.en == 'series "s" has total 2 elsewhere, 3 here'


# -- strict front matter ------------------------------------------------------------------------

def errors_for(tmp_site, **fields) -> list[tuple[str, int, str]]:
    root = tmp_site({"content/stories/a.md": story_text(**fields)})
    with pytest.raises(ContentErrors) as caught:
        check_project(root)
    return [(e.field, e.line, e.en) for e in caught.value.errors]


@pytest.mark.parametrize("value", ['"yes"', '"true"', "1", "0", "[true]", "ใช่"])
def test_draft_and_review_must_be_booleans(tmp_site, value):
    for fld in ("draft", "review"):
        ((field, line, en),) = errors_for(tmp_site, **{fld: value})
        assert (field, line) == (fld, 10) and en.startswith(f"{fld} must be true or false")


@pytest.mark.parametrize("value", ["yes", "true", "false", "no", "True"])
def test_yaml_booleans_are_accepted_for_draft(tmp_site, value):
    root = tmp_site({"content/stories/a.md": story_text(draft=value)})
    assert check_project(root).stories[0].draft is (value.lower() in ("yes", "true"))


@pytest.mark.parametrize("fld, value, kind", [
    ("title", "123", "number"), ("title", "1.5", "number"), ("author", "yes", "true/false"),
    ("summary", "2008", "number"), ("slug", "2551", "number"), ("source", "180345", "number")])
def test_text_fields_read_as_other_types_ask_for_quotes(tmp_site, fld, value, kind):
    root = tmp_site({"content/stories/a.md": story_text(**{fld: value})})
    with pytest.raises(ContentErrors) as caught:
        check_project(root)
    (error,) = caught.value.errors
    assert error.field == fld and f"is read as a {kind}" in error.en
    assert error.hint_en == f'put it in quotes: {fld}: "{value if kind != "true/false" else True}"'


@pytest.mark.parametrize("fld", ["agencies", "areas", "roles", "tags"])
def test_list_fields_refuse_strings_mappings_nulls_and_nesting(tmp_site, fld):
    for text, message in [
            (story_text(**{fld: ()}).replace(f"{fld}: []", f"{fld}: ก"), "must be a list"),
            (story_text(**{fld: ()}).replace(f"{fld}: []", f"{fld}: {{a: b}}"), "must be a list"),
            (story_text(**{fld: ()}).replace(f"{fld}: []", f"{fld}: [ก, null]"), "item 2 of"),
            (story_text(**{fld: ()}).replace(f"{fld}: []", f"{fld}: [[ก, ข]]"), "item 1 of")]:
        root = tmp_site({"content/stories/a.md": text})
        with pytest.raises(ContentErrors) as caught:
            check_project(root)
        assert any(e.field == fld and message in e.en for e in caught.value.errors), text


def test_area_codes_may_be_numbers_but_tags_may_not(tmp_site):
    root = tmp_site({"content/stories/a.md": story_text().replace('areas: ["ต.ท่าซัก อ.เมือง"]',
                                                                  "areas: [800121]")})
    assert check_project(root).stories[0].areas == ("800121",)
    root = tmp_site({"content/stories/a.md": story_text().replace('tags: ["ทดสอบ"]', "tags: [2551]")})
    with pytest.raises(ContentErrors) as caught:
        check_project(root)
    assert [(e.field, e.line) for e in caught.value.errors] == [("tags", 9)]


def test_series_part_must_be_a_whole_number_not_true(tmp_site):
    found = errors_for(tmp_site, series="{id: s, part: true, total: 2}")
    assert [f[0] for f in found] == ["series"] and "series part True" in found[0][2]
    found = errors_for(tmp_site, series="{id: s, part: 1, total: 2, title: 2551}")
    assert found == [("series", 10, "the series title must be text, not 2551")]


def test_a_date_that_is_a_list_or_mapping_is_an_error(tmp_site):
    root = tmp_site({"content/stories/a.md": story_text(updated="{day: 3}")})
    with pytest.raises(ContentErrors) as caught:
        check_project(root)
    assert [(e.field, e.line) for e in caught.value.errors] == [("updated", 10)]


def test_titles_and_summaries_have_a_maximum_length(tmp_site):
    assert check_project(tmp_site({"content/stories/a.md": story_text(title="ก" * 200)})).stories
    found = errors_for(tmp_site, title="ก" * 201, summary="ข" * 501)
    assert found == [("title", 2, "201 characters, more than the 200 allowed"),
                     ("summary", 10, "501 characters, more than the 500 allowed")]


def test_control_characters_are_refused_with_their_lines(tmp_site):
    text = story_text(body="ก\x00ข\n\nบรรทัด\tแท็บได้\n\nค\x07ง\x85\n")
    root = tmp_site({"content/stories/a.md": text})
    with pytest.raises(ContentErrors) as caught:
        check_project(root)
    assert [(e.line, e.en) for e in caught.value.errors] == [
        (12, "control character U+0000 in the text"), (16, "control character U+0007 in the text")]


def test_a_story_left_at_the_top_of_content_is_named_not_silently_dropped(tmp_site):
    from generator.check import check_project
    from generator.errors import ContentErrors

    root = tmp_site({"content/2008-05-03-x.md": "---\ntitle: ก\n---\nเนื้อ\n"})
    checked = check_project(root)
    assert [(w.path, w.en) for w in checked.warnings] == [
        ("content/2008-05-03-x.md", "a story outside content/stories/ is not published")]
    assert checked.warnings[0].hint_en == "move it to content/stories/2008/"
    with pytest.raises(ContentErrors):
        check_project(root, strict=True)


def test_a_story_dated_in_the_future_is_named(tmp_site):
    import datetime as dt

    from generator.check import check_project

    ahead = dt.date.today() + dt.timedelta(days=400)
    root = tmp_site({"content/stories/2008/a.md": story_text().replace("date: 2008-05-03",
                                                                        f"date: {ahead.isoformat()}")})
    warnings = check_project(root).warnings
    assert [(w.field, w.en) for w in warnings] == [
        ("date", f"{ahead.isoformat()} is in the future: a story tells what happened")]
