"""Page rendering details not covered by the golden file."""

import datetime as dt

from generator.build import check_project, make_site
from generator.engine.converter import parts_only
from generator.pages import AREA_LISTING, AREA_SUMMARY_SLOT, render_docs
from generator.prerendered import detach, restore

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
    assert f">บันทึกที่ {AREA_LISTING}</a>" in amphoe and ">บันทึกที่ 0</a>" not in amphoe
    assert tambon.count("wr-date") == AREA_LISTING + 1 and "เรื่องล่าสุดจากทั้งหมด" not in tambon


def without_meta(markdown: str) -> str:
    """A page's Markdown as MkDocs converts it: without its front matter."""
    return markdown.split("\n---\n", 1)[1]


def test_area_pages_answer_first_then_stories_then_the_rest(tmp_site):
    files = {"content/stories/a.md": story_text(title="เรื่องท่าซัก", slug="a"),
             "content/stories/b.md": story_text(title="เรื่องท่าซักสอง", slug="b"),
             "content/stories/c.md": story_text(title="เรื่องปากพูน", slug="c",
                                                areas=("ต.ปากพูน อ.เมือง",))}
    docs = render_docs(make_site(check_project(tmp_site(files))))
    # the page is HTML, handed over as prerendered parts around the grades' slot
    markdown, parts = detach(docs.pages["area/8001.md"])
    assert parts_only(without_meta(markdown).replace(AREA_SUMMARY_SLOT, "")) is not None
    amphoe = restore(markdown, parts)
    order = [amphoe.index(s) for s in ('<h1 id="อเมืองนครศรีธรรมราช">อ.เมืองนครศรีธรรมราช<a ',
                                       'class="wr-answer"', AREA_SUMMARY_SLOT, 'id="stories"',
                                       'id="agencies"', 'id="children"', 'id="about"')]
    assert order == sorted(order)
    assert "บันทึก <b>3</b> เรื่อง · หน่วยงาน <b>1</b> แห่ง · ตำบลที่มีบันทึก <b>2</b> จาก" in amphoe
    # children by activity: ท่าซัก (2) before ปากพูน (1); the rest folded, not in the table
    rows = amphoe.split('<div class="wr-children">')[1].split("</table>")[0]
    assert rows.index(">ต.ท่าซัก</a></td>") < rows.index(">ต.ปากพูน</a></td>")
    assert '<td style="text-align: right;">2</td>' in rows
    folded = amphoe.split('<details class="wr-idle">')[1]
    folded = folded[:folded.index("</details>")]
    assert "ต.คลัง" not in rows and '">ต.คลัง</a>' in folded
    idle = folded.count("<a href=")
    assert f"<summary>พื้นที่ที่ยังไม่มีบันทึก ({idle})</summary>" in folded and idle > 1


def test_area_summary_slot_is_filled_by_the_indicator_feature(tmp_site):
    from generator.build import make_docs

    files = {"content/stories/a.md": story_text(title="เรื่องท่าซัก", slug="a")}
    docs = make_docs(make_site(check_project(tmp_site(files))))
    markdown, parts = detach(docs.pages["area/800121.md"])
    assert AREA_SUMMARY_SLOT not in markdown and parts_only(without_meta(markdown)) is not None
    tambon = restore(markdown, parts)
    head = tambon[:tambon.index('id="stories"')]
    assert "ยังไม่มีผลประเมินตัวชี้วัดชุมชนอินทรีย์ของพื้นที่นี้" in head


def test_home_says_what_this_is_who_writes_and_how_to_join(tmp_site):
    docs = render_docs(make_site(check_project(tmp_site({}))))
    home = docs.pages["index.md"]
    assert "คุณอำนวย" in home and "วงเรียนรู้" in home
    assert 'href="https://github.com/example/test/blob/main/CONTRIBUTING.md"' in home
    for target in ("indicators/index.md", "network/index.md", "#newest"):
        assert f"]({target})" in home
    assert docs.extra == {"data_date": ""}



def test_only_markup_becomes_a_pre_rendered_part(tmp_site):
    import jinja2
    import pytest
    from markupsafe import Markup

    from generator import prerendered
    from generator.pages import Renderer

    renderer = Renderer(make_site(check_project(tmp_site({}))))
    renderer.env.loader = jinja2.DictLoader({"t.md.j2": "# T\n\n{{ part(text) }}\n"})
    with pytest.raises(TypeError, match="takes Markup"):
        renderer.render("t.md.j2", "x.md", text="<script>alert(1)</script>")  # plain text
    page = renderer.render("t.md.j2", "x.md", text=Markup("<p>ok</p>"))
    name = prerendered.key("<p>ok</p>")
    assert f"<!-- wr:part {name} -->" in page.text
    assert page.text.endswith(f'{{"{name}": "<p>ok</p>"}}\n')
    assert prerendered.detach(page.text) == ("# T\n\n" + prerendered.placeholder(name).strip() + "\n",
                                             {name: "<p>ok</p>"})


def test_a_link_to_another_story_file_leads_to_its_page_and_a_wrong_one_is_named(tmp_site):
    from generator.build import build, check_project
    from generator.linkcheck import check_links

    from conftest import story_text

    body = ("## เรื่องเล่า\n\nดู[วงแรก](../2006/2006-08-22-first.md#เรื่องเล่า) และ"
            "[ไม่มี](../2006/nope.md)\n")
    root = tmp_site({
        "content/stories/2006/2006-08-22-first.md": story_text(title="วงเรียนรู้ครั้งแรก", date="2006-08-22"),
        "content/stories/2008/2008-05-03-second.md": story_text(title="วงที่สอง", body=body)})
    warnings = check_project(root).warnings
    assert [(w.line, w.en) for w in warnings] == [
        (14, 'the link to "../2006/nope.md" leads to no story of the site')]
    result = build(root, root / "site")
    page = next((root / "site" / "story" / "2008").glob("*.html")).read_text(encoding="utf-8")
    first = next((root / "site" / "story" / "2006").glob("*.html")).name
    assert f'href="../2006/{first}#เรื่องเล่า"' in page and first != "2006-08-22-first.html"
    assert [b for b in check_links(result.out_dir) if "nope" not in b] == []
