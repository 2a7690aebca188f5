from tests.test_editor_browser import editor  # noqa

def test_scratch(browser, editor):
    _, url = editor
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.goto(url)
    page.click("button:has-text('เข้าสู่ระบบ')", timeout=30000)
    page.wait_for_selector("text=บันทึกวงเรียนรู้")
    page.click("text=วงเรียนรู้ทดสอบ: แก้ไขจากเว็บ")
    page.locator("[id^='title-field']").first.wait_for()
    page.wait_for_timeout(800)
    print(page.evaluate("""() => [...document.querySelectorAll('[id^=DndDescribedBy], [id^=DndLiveRegion], [aria-roledescription]')].map(e => e.outerHTML.slice(0, 300))"""))
    print(page.evaluate("""() => { const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (w.nextNode()) { const t = w.currentNode.textContent.trim(); if (/[A-Za-z]{4,}/.test(t) && !/[\u0E00-\u0E7F]/.test(t) && w.currentNode.parentElement.tagName !== 'SCRIPT' && w.currentNode.parentElement.tagName !== 'STYLE') out.push(t.slice(0, 80)); }
      const attrs = [...document.querySelectorAll('[aria-label],[title],[placeholder],[alt]')].map(e => ['aria-label','title','placeholder','alt'].map(a => e.getAttribute(a)).filter(v => v && /[A-Za-z]{4,}/.test(v) && !/[\u0E00-\u0E7F]/.test(v))).flat();
      return [out, attrs]; }"""))
    context.close()
