"""Page rendering details not covered by the golden file."""

import datetime as dt

from generator.build import check_project, make_site
from generator.pages import AREA_LISTING, render_docs

from conftest import story_text


def test_province_and_amphoe_pages_list_the_newest_stories_tambon_pages_all(tmp_site):
    start = dt.date(2008, 1, 1)
    files = {f"content/stories/s{n:03d}.md": story_text(
        title=f"บันทึกที่ {n}", date=(start + dt.timedelta(days=n)).isoformat(), slug=f"s{n}")
        for n in range(AREA_LISTING + 1)}
    docs = render_docs(make_site(check_project(tmp_site(files))))
    amphoe, tambon = docs.pages["area/8001.md"], docs.pages["area/800121.md"]
    assert amphoe.count("wr-date") == AREA_LISTING
    assert f"แสดง {AREA_LISTING} เรื่องล่าสุดจากทั้งหมด {AREA_LISTING + 1} เรื่อง" in amphoe
    assert f"บันทึกที่ {AREA_LISTING}]" in amphoe and "บันทึกที่ 0]" not in amphoe
    assert tambon.count("wr-date") == AREA_LISTING + 1 and "เรื่องล่าสุดจากทั้งหมด" not in tambon
