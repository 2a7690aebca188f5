/* Wongrian search box: Material's search markup (partials/search.html) driven by search.js.
 * Stories come first: each shows its title, kind, BE date, area, a snippet around the best match
 * of the whole query and, when it was found by another name of one of its agencies or areas,
 * why ("ธ.ก.ส. = ธนาคารเพื่อการ…"). Entity pages (agencies, areas, tags, years …) are one
 * compact line of at most three links above the stories (the rest behind a button). */
(function () {
  "use strict";
  var engine = window.wongrianSearch;
  var root = document.querySelector("[data-wr-search]");
  if (!engine || !root) return;

  var KIND = { story: "บันทึก", agency: "หน่วยงาน", area: "พื้นที่", tag: "ป้ายกำกับ", role: "บทบาท",
               circle: "ระดับวง", year: "ปี", series: "ชุดบันทึก", indicator: "ตัวชี้วัด", network: "เครือข่าย" };
  var PAGE = 20, ENTITIES = 3;
  var toggle = document.getElementById("__search");
  var input = root.querySelector("[data-wr-search-query]");
  var meta = root.querySelector("[data-wr-search-meta]");
  var list = root.querySelector("[data-wr-search-list]");
  var group = root.querySelector("[data-wr-search-entities]");
  var more = root.querySelector("[data-wr-search-more]");
  var base = siteBase();
  var current = { seq: 0, res: null, tokens: [], shown: 0 };

  function siteBase() {
    try {
      var b = JSON.parse(document.getElementById("__config").textContent).base || ".";
      return b.replace(/\/?$/, "/");
    } catch (e) { return "./"; }
  }
  function open() { if (toggle && !toggle.checked) toggle.checked = true; engine.ready().catch(function () {}); }
  function close() { if (toggle) toggle.checked = false; input.blur(); }
  function element(tag, cls, html) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (html !== undefined) el.innerHTML = html;
    return el;
  }
  function escape(text) { return engine.highlight(text, []); }

  function item(result, snippet) {
    var doc = result.doc, tokens = current.tokens;
    var li = element("li", "md-search-result__item");
    var a = element("a", "md-search-result__link");
    a.href = base + doc.url;
    a.setAttribute("tabindex", "-1");
    var article = element("article", "md-search-result__article md-typeset");
    article.appendChild(element("h1", null, engine.highlight(doc.title, tokens)));
    var facts = [KIND[doc.kind] || doc.kind, doc.date, doc.where].filter(Boolean).map(escape);
    article.appendChild(element("p", "wr-search-facts", facts.join(" · ")));
    if (doc.hasText && snippet !== false) {
      var p = element("p", "wr-search-snippet", "");
      article.appendChild(p);
      engine.loadText(doc.n).then(function () {
        var why = engine.reasons(doc.n, tokens), names = [];
        why.forEach(function (r) {
          names = names.concat(r.names);
          article.insertBefore(element("p", "wr-search-why", escape(r.typed) + " = " + escape(r.shown)), p);
        });
        p.innerHTML = engine.snippet(engine.text(doc.n), tokens.concat(names), 160);
      });
    }
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }
  function stories(res) { return res.stories || res.results || []; }
  function showMore() {
    var res = current.res;
    var ready = stories(res).length >= current.shown + PAGE || res.complete ? Promise.resolve(res)
      : engine.more(res, PAGE);
    more.disabled = true;
    return ready.then(function () {
      if (res !== current.res) return;
      var next = stories(res).slice(current.shown, current.shown + PAGE);
      next.forEach(function (r) { list.appendChild(item(r)); });
      current.shown += next.length;
      res.fixed = current.shown;  // shown stories keep their places when more are confirmed
      more.disabled = false;
      more.hidden = res.complete && current.shown >= stories(res).length;
      count(res);
    });
  }
  function entityLink(result) {
    var a = element("a", "wr-search-entity", escape(result.doc.title) + " <small>" +
                    escape(KIND[result.doc.kind] || result.doc.kind) + "</small>");
    a.href = base + result.doc.url;
    a.title = result.doc.title;   // the whole name when a long one is cut short
    a.setAttribute("tabindex", "-1");
    return a;
  }
  // At most three entity pages on one line; the others behind a button.
  function showEntities(res) {
    var all = res.entities || [];
    group.innerHTML = "";
    group.hidden = !all.length;
    if (!all.length) return;
    group.appendChild(element("span", "wr-search-entities__label", "หน้าที่เกี่ยวข้อง:"));
    all.slice(0, ENTITIES).forEach(function (r) { group.appendChild(entityLink(r)); });
    if (all.length > ENTITIES) {
      var rest = element("button", null, escape("อีก " + (all.length - ENTITIES).toLocaleString("th-TH") + " หน้า"));
      rest.type = "button";
      rest.addEventListener("click", function () {
        all.slice(ENTITIES).forEach(function (r) { group.insertBefore(entityLink(r), rest); });
        group.removeChild(rest);
      });
      group.appendChild(rest);
    }
  }
  function count(res) {
    var n = res.complete ? res.results.length : res.estimate;
    var searchable = res.tokens.some(function (t) { return t.parts.length; });  // ("3" alone: none)
    meta.textContent = res.empty ? "พิมพ์คำที่ต้องการค้นหา" : !searchable ? "พิมพ์อย่างน้อย 2 ตัวอักษร"
      : !n ? "ไม่พบผลลัพธ์ ลองใช้คำที่สั้นลงหรือชื่อย่อ"
        : (res.partial ? "หน้าที่มีคำค้นส่วนใหญ่ " : res.complete ? "พบ " : "พบประมาณ ") +
          n.toLocaleString("th-TH") + " รายการ";
  }
  function render(res) {
    current.res = res;
    current.tokens = res.tokens;
    current.shown = 0;
    list.innerHTML = "";
    showEntities(res);
    count(res);
    showMore();
  }
  // Two steps: the index's best candidates at once (titles and facts), then the confirmed
  // results with their snippets as soon as the texts of the first ones are loaded.
  function search() {
    var seq = ++current.seq, text = input.value;
    if (!text.trim()) {
      render({ results: [], tokens: [], complete: true, empty: true });
      return;
    }
    engine.search(text).then(function (res) {
      if (seq !== current.seq) return null;
      provisional(res);
      return engine.confirm(res, PAGE).then(function (done) { if (seq === current.seq) render(done); });
    }).catch(function () {
      if (seq === current.seq) meta.textContent = "เปิดดัชนีค้นหาไม่ได้ ลองตรวจว่าคัดลอกไฟล์มาครบ (wongrian verify)";
    });
  }
  function provisional(res) {
    current.tokens = res.tokens;
    list.innerHTML = "";
    group.hidden = true;
    res.candidates.filter(function (c) { return c.doc.hasText; }).slice(0, PAGE)
      .forEach(function (c) { list.appendChild(item(c, false)); });
    more.hidden = true;
    meta.textContent = res.candidates.length ? "กำลังค้นหา…" : "";
  }
  function links() {
    return Array.prototype.slice.call(group.querySelectorAll("a")).concat(
      Array.prototype.slice.call(list.querySelectorAll("a")));
  }
  function move(step) {
    var all = links(), at = all.indexOf(document.activeElement) + step;
    if (at < 0) { input.focus(); return; }
    if (all[at]) all[at].focus();
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {  // the first story (or, with none, the first entity page)
      var first = list.querySelector("a") || group.querySelector("a");
      if (first) window.location.href = first.href;
      e.preventDefault();
    } else if (e.key === "ArrowDown") { move(1); e.preventDefault(); }
  });
  root.querySelector("form").addEventListener("reset", function () { setTimeout(search, 0); });
  more.addEventListener("click", showMore);
  function trap(e) {  // while the overlay is open, Tab cycles inside it
    var inside = Array.prototype.filter.call(
      root.querySelectorAll("input, button, a[href]:not([tabindex='-1'])"),
      function (el) { return !el.disabled && el.getClientRects().length > 0; });
    if (!inside.length) return;
    var first = inside[0], last = inside[inside.length - 1];
    if (e.shiftKey && document.activeElement === first) { last.focus(); e.preventDefault(); }
    else if (!e.shiftKey && document.activeElement === last) { first.focus(); e.preventDefault(); }
    else if (inside.indexOf(document.activeElement) < 0) { first.focus(); e.preventDefault(); }
  }
  root.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { close(); e.preventDefault(); }
    else if (e.key === "Tab" && toggle && toggle.checked && !input.value.trim()) {
      toggle.checked = false;  // nothing asked yet: Tab passes by (focus moves on from the box)
    } else if (e.key === "Tab" && toggle && toggle.checked) trap(e);
    else if (e.target !== input && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      move(e.key === "ArrowDown" ? 1 : -1);
      e.preventDefault();
    }
  });
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === "/" || e.key === "s")) {
      open();
      input.focus();
      e.preventDefault();
    }
  });
  var q = /[?&]q=([^&#]*)/.exec(window.location.search);
  if (q) {
    try { input.value = decodeURIComponent(q[1].replace(/\+/g, " ")); } catch (e) { input.value = ""; }
    open();
    search();
  }
})();
