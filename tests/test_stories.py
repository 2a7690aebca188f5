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
