"""The web editor (admin/) end to end in Chromium, against Decap's local backend (decap-server
from npm, started here on a free port in a copy of the project): create a story with two
agencies, an area, a tag and an image; edit an existing story and keep every byte it did not
change; the preview does not run story HTML. Set WONGRIAN_DOC_SHOTS=1 to write the screenshots
used by docs/editor-th.md into docs/img/ (or =DIR: into DIR)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_CONFIG, ROOT

pytestmark = pytest.mark.browser

DECAP_SERVER = "decap-server@3.11.3"
NPM_CACHE = ROOT / ".cache" / "npm"
PHOTO = "huai-photo.png"
ROUNDTRIP = """\
---
# ชื่อบันทึก (title)
title: "วงเรียนรู้ทดสอบ: แก้ไขจากเว็บ"
date: 3 พ.ค. 51          # เขียนแบบไทย
circle: ตำบล
roles: [คุณอำนวย, 'คุณกิจ']
author: คุณอำนวย พช.อำเภอเมือง
agencies: ["พช.อำเภอเมือง", อบต.ท่าซัก,   สาสุข]
areas:
  - "ต.ท่าซัก อ.เมือง"
tags: [บัญชีครัวเรือน]

# สรุปเดิม
summary: สรุปเดิม
---

## เรื่องเล่า

เนื้อเรื่องเดิม มี *ตัวเอียง* และ   ช่องว่างเกิน

<img src="x" onerror="window.__wr_pwned = 1">
<script>window.__wr_pwned = 2</script>
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def decap_server() -> Path:
    """decap-server installed once into .cache/npm (npm is needed, as for `make test` on CI)."""
    script = NPM_CACHE / "node_modules" / "decap-server" / "dist" / "index.js"
    if not script.exists():
        if not (shutil.which("npm") and shutil.which("node")):
            pytest.skip("node and npm are needed for decap-server")
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                        str(NPM_CACHE), DECAP_SERVER], check=True, capture_output=True)
    return script


def png_bytes(width: int = 240, height: int = 160) -> bytes:
    import struct
    import zlib

    rows = b"".join(b"\x00" + b"\x2e\x7d\x32" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def editor(tmp_path_factory, http_root):
    """A project copy with the editor on, built, served, with decap-server beside it."""
    from generator.build import build

    script = decap_server()
    root = tmp_path_factory.mktemp("editor") / "project"
    shutil.copytree(ROOT / "content", root / "content")
    port = free_port()
    (root / "site_config.yml").write_text(
        MINIMAL_CONFIG + f"editor:\n  enabled: true\n  local_backend: true\n"
                         f"  local_backend_port: {port}\n", encoding="utf-8")
    (root / "content" / "stories" / "2008" / "2008-05-03-roundtrip.md").write_text(
        ROUNDTRIP, encoding="utf-8")
    build(root)
    env = dict(os.environ, PORT=str(port), MODE="fs", GIT_REPO_DIRECTORY=str(root),
               LOG_LEVEL="warn", BIND_HOST="127.0.0.1")
    server = subprocess.Popen(["node", str(script)], env=env, cwd=root)
    try:
        _wait_for(port)
        yield root, http_root(root / "site") + "admin/"
    finally:
        server.terminate()
        server.wait(10)


def _wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("decap-server did not start")


@pytest.fixture
def admin(browser, editor):
    """The editor, logged in to the local backend; `admin.shot(name)` saves a screenshot."""
    root, url = editor
    context = browser.new_context(viewport={"width": 1300, "height": 950}, locale="th-TH")
    page = context.new_page()
    missing: list[str] = []  # the editor's own scripts, styles and fonts must all load
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400
            and r.request.resource_type in ("script", "stylesheet", "font") else None)
    page.on("requestfailed", lambda r: missing.append(r.url)
            if r.resource_type in ("script", "stylesheet", "font") else None)
    page.goto(url)
    page.click("button:has-text('เข้าสู่ระบบ')", timeout=30000)
    page.wait_for_selector("text=บันทึกวงเรียนรู้")
    wanted = os.environ.get("WONGRIAN_DOC_SHOTS", "")
    shots = (ROOT / "docs" / "img" if wanted == "1" else Path(wanted)) if wanted else root / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    page.shot = lambda name, **kw: page.screenshot(path=str(shots / f"editor-{name}.png"), **kw)
    page.url_base = url
    yield page
    context.close()
    assert not missing


def pick(page, field: str, typed: str, option: str, shot: str = "") -> None:
    """Type into a searchable select and click the option whose label contains `option`."""
    page.click(f"[id^='{field}-field']")
    page.keyboard.type(typed)
    choice = page.locator("[class*='-option']", has_text=option).first
    choice.wait_for()
    if shot:
        page.shot(shot)
    choice.click()


def scroll_to_top(page) -> None:
    page.evaluate("() => document.querySelectorAll('*').forEach(e => { e.scrollTop = 0; })")


def publish(page, path: Path, before: str | None) -> str:
    """Publish (the local backend writes the file) and wait until `path` differs from `before`."""
    page.click("text=เผยแพร่ >> nth=0")
    page.click("text=เผยแพร่ตอนนี้")
    for _ in range(200):
        text = path.read_text(encoding="utf-8") if path.exists() else None
        if text and text != before:  # written (decap-server writes in place: let it finish)
            page.wait_for_timeout(500)
            return path.read_text(encoding="utf-8")
        page.wait_for_timeout(100)
    page.shot("failed-publish", full_page=True)
    raise AssertionError(f"{path} was not written")


def test_create_story_with_agencies_area_tag_and_image(admin, editor, tmp_path):
    from generator.build import build, check_project

    root, _ = editor
    newest = max(p.name[:10] for p in (ROOT / "content" / "stories").glob("*/*.md"))
    admin.wait_for_selector(f"text={newest}")  # the list is newest first, as its description says
    assert newest in admin.locator("[class*='ListCardLink'], [class*='ListCard'] a").first.inner_text()
    admin.shot("list")
    admin.goto(admin.url_base + "#/collections/stories/new")
    admin.fill("[id^='title-field']", "เยี่ยมกลุ่มออมทรัพย์ตำบลปากแพรก")
    admin.fill("[id^='slug-field']", "pak-phraek-savings-visit")
    admin.fill("[id^='date-field']", "2008-05-03")
    pick(admin, "circle", "ตำบล", "ระดับตำบล")
    pick(admin, "roles", "อำนวย", "คุณอำนวย")
    pick(admin, "agencies", "พช.", "สำนักงานพัฒนาชุมชนอำเภอทุ่งสง", shot="agency-search")
    pick(admin, "agencies", "กศน.ตำบลปาก", "กศน.ตำบลปากแพรก — ต.ปากแพรก อ.ทุ่งสง")
    pick(admin, "areas", "ปากแพรก", "ต.ปากแพรก อ.ทุ่งสง")
    admin.fill("[id^='tags-field']", "กลุ่มออมทรัพย์")
    admin.fill("[id^='summary-field']", "ไปดูการทำบัญชีของกลุ่มออมทรัพย์")
    admin.click("[data-slate-editor]")
    admin.keyboard.type("เราไปเยี่ยมกลุ่มออมทรัพย์ของตำบล")
    admin.keyboard.press("Enter")
    admin.click("[role='button'][aria-label='เพิ่มองค์ประกอบ']")  # its button is inert
    menu = admin.locator("[role=menu], [class*='DropdownList']").last.inner_text()
    assert "Image" not in menu and "Code Block" not in menu  # Decap's labels, made Thai
    admin.click('text="รูปภาพ"')
    admin.click("button:has-text('เลือกรูปภาพ')")
    drawing = tmp_path / "drawing.svg"  # image/* lets it through; check would refuse it
    drawing.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    alerts: list[str] = []
    admin.once("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    admin.set_input_files("input[type=file]", str(drawing))
    admin.wait_for_timeout(300)
    assert alerts and "ชนิดที่เว็บไม่เผยแพร่" in alerts[0] and ".png" in alerts[0]
    assert not (root / "content" / "stories" / "2008" / "drawing.svg").exists()
    photo = tmp_path / PHOTO
    photo.write_bytes(png_bytes())
    admin.set_input_files("input[type=file]", str(photo))
    admin.click("button:has-text('เลือกข้อมูลที่ถูกเลือก')")
    admin.fill("[id^='alt-field']", "สมุดบัญชีกลุ่ม")
    admin.shot("new-story-body")
    scroll_to_top(admin)
    admin.shot("new-story")
    story = root / "content" / "stories" / "2008" / "2008-05-03-pak-phraek-savings-visit.md"
    text = publish(admin, story, None)
    assert "# ชื่อบันทึก (title)\ntitle: เยี่ยมกลุ่มออมทรัพย์ตำบลปากแพรก\n" in text
    assert "\ndate: 2008-05-03\n" in text and "\ncircle: tambon\n" in text
    assert "agencies: [สำนักงานพัฒนาชุมชนอำเภอทุ่งสง, กศน.ตำบลปากแพรก อ.ทุ่งสง]" in text
    assert "areas: [ต.ปากแพรก อ.ทุ่งสง]" in text and "tags: [กลุ่มออมทรัพย์]" in text
    assert f"![สมุดบัญชีกลุ่ม]({PHOTO})" in text
    assert (story.parent / PHOTO).read_bytes() == png_bytes()

    checked = check_project(root, strict=False)
    [made] = [s for s in checked.stories if s.source.endswith("pak-phraek-savings-visit.md")]
    assert made.agencies == ("cdd_amphoe-8009", "dole_tambon-800901")
    assert made.areas == ("800901",) and made.tags == ("กลุ่มออมทรัพย์",)
    out = build(root, tmp_path / "site").out_dir
    page = (out / "story" / "2008" / f"{made.id}.html").read_text(encoding="utf-8")
    for link in ("../../agency/cdd_amphoe-8009.html", "../../agency/dole_tambon-800901.html",
                 "../../area/800901.html", f'src="{PHOTO}"'):
        assert link in page
    assert (out / "story" / "2008" / PHOTO).exists()


def test_a_new_story_needs_its_file_name(admin, editor):
    root, _ = editor
    before = sorted((root / "content" / "stories").rglob("*"))
    admin.goto(admin.url_base + "#/collections/stories/new")
    admin.fill("[id^='title-field']", "บันทึกที่ยังไม่มีชื่อไฟล์")
    admin.fill("[id^='date-field']", "2008-05-07")
    pick(admin, "circle", "ตำบล", "ระดับตำบล")
    admin.click("[data-slate-editor]")
    admin.keyboard.type("เนื้อเรื่อง")
    admin.click("text=เผยแพร่ >> nth=0")
    admin.click("text=เผยแพร่ตอนนี้")
    admin.wait_for_selector("text=ใส่ชื่อไฟล์ (อักษรอังกฤษ) ก่อนบันทึก")
    assert sorted((root / "content" / "stories").rglob("*")) == before


def test_edit_keeps_what_it_did_not_touch(admin, editor):
    root, _ = editor
    path = root / "content" / "stories" / "2008" / "2008-05-03-roundtrip.md"
    admin.click("text=วงเรียนรู้ทดสอบ: แก้ไขจากเว็บ")
    admin.wait_for_selector("[id^='summary-field']")
    admin.fill("[id^='summary-field']", "สรุปใหม่จากเว็บ")
    admin.shot("edit-story")
    assert publish(admin, path, ROUNDTRIP) == ROUNDTRIP.replace(
        "summary: สรุปเดิม", "summary: สรุปใหม่จากเว็บ")


def test_preview_looks_like_the_story_and_runs_no_story_html(admin):
    admin.click("text=วงเรียนรู้ทดสอบ: แก้ไขจากเว็บ")
    frame = admin.frame_locator("#preview-pane")
    frame.locator("h1", has_text="วงเรียนรู้ทดสอบ").wait_for()
    facts = frame.locator(".wr-facts").inner_text()
    for name in ("สำนักงานพัฒนาชุมชนอำเภอเมืองนครศรีธรรมราช", "องค์การบริหารส่วนตำบลท่าซัก",
                 "กระทรวงสาธารณสุข", "ต.ท่าซัก อ.เมืองนครศรีธรรมราช"):  # as written: พช.อำเภอเมือง…
        assert name in facts
    assert frame.locator(".wr-date").inner_text() == "3 พฤษภาคม 2551"  # written 3 พ.ค. 51
    assert "เนื้อเรื่องเดิม" in frame.locator("article").inner_text()
    assert frame.locator("article script").count() == 0
    assert frame.locator("article img[onerror]").count() == 0
    admin.wait_for_timeout(300)
    pwned = admin.evaluate("""() => [window.__wr_pwned,
        document.querySelector('#preview-pane').contentWindow.__wr_pwned]""")
    assert pwned == [None, None]
    font = frame.locator("h1").evaluate("e => getComputedStyle(e).fontFamily")
    assert "Sarabun" in font
    admin.shot("preview")


def test_every_string_of_the_editor_has_thai(admin):
    """Decap falls back to English for a key its Thai locale lacks (the workflow's notes,
    aria-labels such as 'Account options dropdown', the toolbar's 'Strikethrough')."""
    missing = admin.evaluate("""() => {
        const out = [];
        const walk = (en, th, at) => Object.keys(en).forEach(k => {
          if (typeof en[k] === 'object') walk(en[k], (th || {})[k], at + k + '.');
          else if (!th || th[k] === undefined) out.push(at + k);
        });
        walk(CMS.getLocale('en'), CMS.getLocale('th'), '');
        return out; }""")
    assert missing == []
    assert admin.locator("[aria-label='Account options dropdown']").count() == 0


def test_drag_and_drop_speaks_thai(admin):
    """dnd-kit's screen-reader instructions and live announcements (sortable chips of the
    selects) come in Thai: its English, written as dnd-kit writes it, is replaced."""
    admin.click("text=วงเรียนรู้ทดสอบ: แก้ไขจากเว็บ")
    admin.locator("[id^='title-field']").first.wait_for()
    help_text = admin.locator("[id^='DndDescribedBy']").first
    help_text.wait_for(state="attached")
    admin.wait_for_function("""() => /[\u0E00-\u0E7F]/.test(
        document.querySelector("[id^='DndDescribedBy']").textContent)""")
    assert "pick up" not in help_text.text_content()
    heard = admin.evaluate("""async () => {
        const news = document.querySelector("[id^='DndLiveRegion']"), out = [];
        for (const said of ['Picked up draggable item a1.',
                            'Draggable item a1 was moved over droppable area b2.',
                            'Draggable item a1 was dropped over droppable area b2',
                            'Dragging was cancelled. Draggable item a1 was dropped.']) {
          news.textContent = said;
          await new Promise(r => setTimeout(r, 50));
          out.push(news.textContent);
        }
        return out; }""")
    assert heard == ["หยิบรายการ a1 แล้ว", "เลื่อนรายการ a1 มาที่ตำแหน่งของ b2",
                     "วางรายการ a1 ที่ตำแหน่งของ b2 แล้ว", "ยกเลิกการเลื่อน รายการ a1 อยู่ที่เดิม"]


def _uncovered(page, locator) -> bool:
    """Whether a click at the middle of `locator` reaches it (nothing drawn over it)."""
    return locator.evaluate("""e => { const r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return r.bottom <= innerHeight && (hit === e || e.contains(hit)); }""")


def test_the_editor_fits_a_phone(browser, editor):
    """At 390 px the story form takes the width, with no sideways scroll to the publish menu;
    the toolbar covers neither the first field's label nor the preview switch, the form comes
    first, and the switch shows the preview below it."""
    _, url = editor
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH")
    page = context.new_page()
    try:
        page.goto(url)
        page.click("button:has-text('เข้าสู่ระบบ')", timeout=30000)
        page.wait_for_selector("text=บันทึกวงเรียนรู้")
        page.goto(url + "#/collections/stories/new")
        title = page.locator("[id^='title-field']").first
        title.wait_for()
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
        assert title.bounding_box()["width"] > 300
        assert page.locator("text=เผยแพร่ >> nth=0").bounding_box()["x"] < 390
        page.goto(url + "#/collections/stories")
        page.click("text=วงเรียนรู้ทดสอบ: แก้ไขจากเว็บ")
        title.wait_for()
        assert _uncovered(page, page.locator("label[for^='title-field']").first)
        assert page.locator("#preview-pane").count() == 0
        switch = page.locator("button[title='เปิด/ปิดการแสดงตัวอย่าง']")
        assert _uncovered(page, switch)
        switch.click()
        page.frame_locator("#preview-pane").locator("h1", has_text="วงเรียนรู้ทดสอบ").wait_for()
        preview = page.locator("#preview-pane").bounding_box()
        assert preview["width"] > 350 and preview["y"] > title.bounding_box()["y"]
        assert preview["y"] < 844 - 200  # a good part of the screen, not a sliver
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1300, 390])
def test_axe_finds_nothing_in_the_editor(browser, editor, width):
    """The sign-in page, the story list and a story's form (rich text and Markdown, the preview
    shown) pass axe-core; the body's Markdown switch says its state, and the toolbar's heading
    menu (its button made inert inside Decap's menu wrapper) opens by click and by keyboard."""
    from tests.test_a11y_browser import axe_violations

    _, url = editor
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
    page = context.new_page()
    try:
        page.goto(url)
        page.locator("button:has-text('เข้าสู่ระบบ')").wait_for()
        assert axe_violations(page) == []
        page.click("button:has-text('เข้าสู่ระบบ')")
        page.wait_for_selector("text=บันทึกวงเรียนรู้")
        assert axe_violations(page) == []
        page.click("text=วงเรียนรู้ทดสอบ: แก้ไขจากเว็บ")
        page.locator("[data-slate-editor]").wait_for()
        if page.locator("#preview-pane").count() == 0:
            page.click("button[title='เปิด/ปิดการแสดงตัวอย่าง']")
        page.frame_locator("#preview-pane").locator("h1").wait_for()
        assert axe_violations(page) == []
        menu = page.locator("[role='button'][aria-label='หัวข้อ']")
        menu.click()
        page.locator("[role='menuitem']").first.wait_for()
        page.keyboard.press("Escape")
        menu.focus()
        page.keyboard.press("Enter")
        page.locator("[role='menuitem']").first.wait_for()
        page.keyboard.press("Escape")
        switch = page.locator("button[role='switch'][aria-label='มาร์คดาวน์']")
        assert switch.get_attribute("aria-checked") == "false"
        switch.click()
        page.wait_for_function("""() => document.querySelector(
            "button[role='switch'][aria-label='มาร์คดาวน์']").getAttribute('aria-checked') === 'true'""")
        assert axe_violations(page) == []
    finally:
        context.close()
