/* Wongrian's additions to Decap CMS (admin/): a front-matter format that keeps every byte it
   did not change (comments, order, quoting), and a preview that looks like the story page.
   Loaded after decap-cms.js, decap-locale-th.js and yaml.min.js; starts the CMS itself. */
(function () {
  "use strict";
  var CMS = window.CMS, YAML = window.YAML, h = window.h;
  var FENCE = /^(---[ \t]*\r?\n)([\s\S]*?)(\r?\n---[ \t]*(?:\r?\n|$))/;
  var EMPTY_FENCE = /^(---[ \t]*\r?\n)(---[ \t]*(?:\r?\n|$))/;
  var SOURCE = "__wongrian_source";  // the front matter as read; never written back
  var NAMES = { agencies: {}, areas: {}, circles: {}, comments: {}, order: [], flow: [],
                months: {}, circle_words: {} };  // replaced by names.json
  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
                "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];

  /* -- reading and writing story files ------------------------------------------------------ */

  /* Older stories write dates and circles the many ways `wongrian check` reads; the widgets get
     the canonical form, and an untouched value is compared in that form (so it stays as written). */
  function isoDate(value) {
    var text = String(value === null || value === undefined ? "" : value).replace(/\s+/g, " ").trim();
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text), y, mo, d;
    if (m) { y = +m[1]; mo = +m[2]; d = +m[3]; } else {
      m = /^(?:วันที่\s*)?(\d{1,2})\s*([^\d\s,]+?)\s*,?\s*(?:พ\.ศ\.|ค\.ศ\.)?\s*(\d{2}|\d{4})$/.exec(text);
      mo = m && NAMES.months[m[2].replace(/\./g, "").toLowerCase()];
      if (!mo) return null;
      d = +m[1]; y = +m[3] + (m[3].length === 2 ? 2500 : 0);
    }
    if (y >= 2493 && y <= 2643) y -= 543;
    var date = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1950 || y > 2100 || date.getUTCMonth() !== mo - 1) return null;
    return date.toISOString().slice(0, 10);
  }

  function normalize(data) {
    ["date", "updated"].forEach(function (k) { if (data[k]) data[k] = isoDate(data[k]) || data[k]; });
    if (typeof data.circle === "string") {
      var c = data.circle.trim().replace(/^วงเรียนรู้/, "").replace(/^ระดับ/, "").trim();
      data.circle = NAMES.circle_words[c] || c;
    }
    return data;
  }

  function fromFile(text) {
    var m = FENCE.exec(text), e = m ? null : EMPTY_FENCE.exec(text);
    if (e) m = [e[0], e[1], "", e[2]];
    if (!m) return { body: text };
    var doc = YAML.parseDocument(m[2]);  // YAML 1.2: dates and yes/no stay text
    var data = normalize((doc.errors.length ? null : doc.toJS()) || {});
    data.body = text.slice(m[0].length);
    data[SOURCE] = JSON.stringify([m[1], m[2], m[3]]);
    return data;
  }

  function isEmpty(value) {
    if (value === undefined || value === null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).every(function (k) { return isEmpty(value[k]); });
    return false;
  }

  function tidy(value) {  // drop empty members of objects (an untouched series has none)
    if (Array.isArray(value)) return value.map(tidy);
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) { if (!isEmpty(value[k])) out[k] = tidy(value[k]); });
      return out;
    }
    return value;
  }

  function same(a, b) { return JSON.stringify(tidy(a)) === JSON.stringify(tidy(b)); }

  function valueText(value, flow) {
    var doc = new YAML.Document(value);
    return doc.toString({ lineWidth: 0, collectionStyle: flow ? "flow" : "block",
                          flowCollectionPadding: false }).replace(/\n$/, "");
  }

  function pairText(key, value, flow) {
    if (flow || value === null || typeof value !== "object") return key + ": " + valueText(value, flow);
    var doc = new YAML.Document({});
    doc.set(key, value);
    return doc.toString({ lineWidth: 0 }).replace(/\n$/, "");
  }

  function lineStart(text, at) { return text.lastIndexOf("\n", at - 1) + 1; }
  function lineEnd(text, at) { var n = text.indexOf("\n", at); return n < 0 ? text.length : n + 1; }

  /* One changed key, as an edit of the source text: [start, end, replacement]. Scalars and
     flow lists are replaced in place; a block list or mapping is rewritten with its key. */
  function editFor(text, pair, key, value) {
    var node = pair.value, keyStart = pair.key.range[0];
    var end = node && node.range ? Math.max(node.range[1], pair.key.range[1]) : pair.key.range[1];
    if (isEmpty(value)) {
      var from = lineStart(text, keyStart), to = lineEnd(text, Math.max(end - 1, keyStart));
      return [to === text.length && from > 0 ? from - 1 : from, to, ""];  // the last key: its newline too
    }
    var block = !!(node && node.items && !node.flow);
    if (node && node.range && !block && node.range[1] > node.range[0]) {
      return [node.range[0], node.range[1], valueText(value, true)];
    }
    var stop = text.slice(0, end).replace(/\s+$/, "").length;
    return [keyStart, stop, pairText(key, value, !block && Array.isArray(value))];
  }

  function newKeyText(key, value) {
    var comment = NAMES.comments[key] ? NAMES.comments[key] + "\n" : "";
    return comment + pairText(key, value, NAMES.flow.indexOf(key) >= 0);
  }

  function keep(key, value) { return !isEmpty(value) && !(value === false && key !== "draft"); }

  function keysOf(values) {
    var keys = NAMES.order.filter(function (k) { return k in values; });
    return keys.concat(Object.keys(values).filter(function (k) { return keys.indexOf(k) < 0; }));
  }

  function toFile(data) {
    var values = {}, body = data.body || "", source = data[SOURCE];
    Object.keys(data).forEach(function (k) { if (k !== "body" && k !== SOURCE) values[k] = tidy(data[k]); });
    if (!source) {
      var lines = keysOf(values).filter(function (k) { return keep(k, values[k]); })
        .map(function (k) { return newKeyText(k, values[k]); });
      return "---\n" + lines.join("\n") + "\n---\n\n" + body.replace(/^\n+/, "");
    }
    var parts = JSON.parse(source), text = parts[1];
    var doc = YAML.parseDocument(text), original = normalize(doc.toJS() || {}), edits = [], added = [];
    var pairs = doc.contents && doc.contents.items ? doc.contents.items : [];
    keysOf(values).forEach(function (key) {
      var value = values[key];
      if (key in original) {
        if (same(value, original[key]) || (isEmpty(value) && isEmpty(original[key]))) return;
        var pair = pairs.filter(function (p) { return p.key && p.key.value === key; })[0];
        if (pair) edits.push(editFor(text, pair, key, value));
      } else if (keep(key, value)) {
        added.push(newKeyText(key, value));
      }
    });
    edits.sort(function (a, b) { return b[0] - a[0]; });
    edits.forEach(function (e) { text = text.slice(0, e[0]) + e[2] + text.slice(e[1]); });
    if (added.length) text = text.replace(/\s*$/, "") + (text.trim() ? "\n" : "") + added.join("\n");
    return parts[0] + text + parts[2] + body;
  }

  /* A new story needs its ASCII file name (Decap cannot romanise Thai); older ones keep theirs. */
  function requireSlug(event) {
    var data = event.entry.get("data");
    if (!event.entry.get("newRecord") || data.get("slug")) return data;
    throw new Error("ใส่ชื่อไฟล์ (อักษรอังกฤษ) ก่อนบันทึก เช่น tha-sak-first-circle | the slug is needed");
  }

  /* -- the preview ---------------------------------------------------------------------------- */

  function thaiDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value || ""));
    if (!m) return String(value || "");
    return Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + (Number(m[1]) + 543);
  }

  function list(entry, key) {
    var value = entry.getIn(["data", key]);
    if (!value) return [];
    return (value.toJS ? value.toJS() : [].concat(value)).filter(function (v) { return v !== null && v !== ""; });
  }

  function facts(label, items, names) {
    var shown = items.map(function (v) { return names[v] || String(v); });
    return h("p", null, h("strong", null, label + ":"), " ", shown.length ? shown.join(" · ") : "ไม่ระบุ");
  }

  function StoryPreview(props) {
    var entry = props.entry, get = function (k) { return entry.getIn(["data", k]); };
    var circle = get("circle"), summary = get("summary"), author = get("author");
    var meta = [h("span", { className: "wr-date", key: "d" }, thaiDate(get("date")))];
    if (circle) meta.push(" · วงเรียนรู้" + (NAMES.circles[circle] || circle));
    if (author) meta.push(" · โดย " + author);
    return h("div", { className: "md-container", dir: "ltr" }, h("main", { className: "md-main" },
      h("div", { className: "md-content" }, h("article", { className: "md-content__inner md-typeset wr-preview" },
        h("h1", null, get("title") || "(ยังไม่มีชื่อบันทึก)"),
        h("div", { className: "wr-meta" }, meta),
        summary ? h("div", { className: "admonition abstract" },
          h("p", { className: "admonition-title" }, "สรุป"), h("p", null, summary)) : null,
        props.widgetFor("body"),
        h("hr"),
        h("div", { className: "wr-facts" },
          facts("หน่วยงาน", list(entry, "agencies"), NAMES.agencies),
          facts("พื้นที่", list(entry, "areas"), NAMES.areas),
          facts("บทบาทในวง", list(entry, "roles"), {}),
          facts("ป้ายกำกับ", list(entry, "tags"), {}))))));
  }

  /* The site's own stylesheets (Material's and Wongrian's), as the home page links them. */
  function siteStyles() {
    return fetch("../index.html").then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html"), base = new URL("../index.html", location.href);
      return Array.prototype.map.call(doc.querySelectorAll('link[rel="stylesheet"]'), function (l) {
        return new URL(l.getAttribute("href"), base).href;
      });
    }).catch(function () { return []; });
  }

  var PREVIEW_CSS = "body{font-family:Sarabun,sans-serif;margin:0}" +
    ".md-typeset{font-size:.9rem}.wr-preview{margin:1rem 1.2rem}";

  /* Files above the size limit, and of a type `wongrian check` does not publish (Decap's image
     picker takes any image/*: SVG, HEIC from phones), are refused before Decap reads them (its
     own limit needs a media-library plugin). */
  function limitUploads() {
    document.addEventListener("change", function (event) {
      var input = event.target, limit = NAMES.max_file_bytes, types = NAMES.file_types || [];
      if (!input || input.type !== "file" || !limit) return;
      var files = Array.prototype.slice.call(input.files || []), message = "";
      var big = files.filter(function (f) { return f.size > limit; });
      var odd = files.filter(function (f) {
        var dot = f.name.lastIndexOf(".");
        return types.length && (dot < 0 || types.indexOf(f.name.slice(dot).toLowerCase()) < 0);
      });
      if (odd.length) {
        message = "ไฟล์ " + odd[0].name + " เป็นชนิดที่เว็บไม่เผยแพร่ — ใช้ได้เฉพาะ " + types.join(" ") +
                  " (แปลงรูปเป็น JPG หรือ PNG ก่อน) | this file type is not published";
      } else if (big.length) {
        message = "ไฟล์ " + big[0].name + " ใหญ่เกิน " + Math.round(limit / 1048576) +
                  " MB — ย่อรูปให้เล็กลงก่อน | file larger than the limit";
      } else {
        return;
      }
      event.stopImmediatePropagation();
      input.value = "";
      window.alert(message);
    }, true);
  }

  /* Decap's own components of the story body are labelled in English ("Image", "Alt Text",
     "Code Block"): registered again under the same ids with Thai labels. */
  var COMPONENT_TH = { image: "รูปภาพ", "code-block": "โค้ด" };
  var COMPONENT_FIELD_TH = { image: "รูปภาพ", alt: "คำอธิบายรูป", title: "ชื่อรูป (ทางเลือก)" };

  function thaiComponents() {
    CMS.getEditorComponents().forEach(function (component, id) {
      if (!COMPONENT_TH[id]) return;
      var fields = component.fields && component.fields.toJS ? component.fields.toJS() : [];
      CMS.registerEditorComponent(Object.assign({}, component, {
        label: COMPONENT_TH[id],
        fields: fields.map(function (f) {
          return Object.assign({}, f, { label: COMPONENT_FIELD_TH[f.name] || f.label });
        })
      }));
    });
  }

  /* Strings decap-cms.js has that the vendored Thai locale (3.8.2) lacks: Decap would show or
     read them out in English (the editorial workflow's notes, aria-labels, a toolbar title). */
  var LOCALE_TH = {
    auth: { loginWithForgejo: "เข้าสู่ระบบด้วย Forgejo" },
    collection: { collectionTop: { viewAsList: "แสดงเป็นรายการ", viewAsGrid: "แสดงเป็นตาราง" },
                  entries: { unpublishedHeader: "บันทึกที่ยังไม่เผยแพร่" } },
    editor: {
      editorControl: { field: { widgetLabel: "ช่อง %{widgetLabel}" } },
      editorInterface: { toggleNotes: "แสดงหรือซ่อนหมายเหตุ" },
      editorNotesPane: {
        title: "หมายเหตุ", emptyState: "ยังไม่มีหมายเหตุ เขียนหมายเหตุแรกด้านล่างเพื่อคุยกับผู้ตรวจ",
        addNote: "เพิ่มหมายเหตุ", addPlaceholder: "เขียนหมายเหตุ...", editPlaceholder: "แก้หมายเหตุ...",
        save: "บันทึก", cancel: "ยกเลิก", edit: "แก้ไข", delete: "ลบ", resolve: "ทำเสร็จแล้ว",
        unresolve: "ยังไม่เสร็จ", confirmDelete: "ต้องการลบหมายเหตุนี้หรือไม่",
        shortcut: "กด Ctrl+Enter เพื่อเพิ่มหมายเหตุได้เร็วขึ้น"
      },
      editorWidgets: {
        markdown: { strikethrough: "ขีดฆ่า",
                    toggleMode: { rich: "สลับเป็นข้อความจัดรูปแบบ", markdown: "สลับเป็นมาร์คดาวน์" } },
        datetime: { setToNow: "ตั้ง%{fieldLabel}เป็นเวลาตอนนี้" },
        object: { expand: "ขยาย", collapse: "ย่อ" }
      }
    },
    mediaLibrary: { mediaLibraryModal: { close: "ปิด" } },
    ui: {
      settingsDropdown: { account: "เมนูบัญชีผู้ใช้" },
      toast: {
        noteAdded: "เพิ่มหมายเหตุแล้ว", onFailToAddNote: "เพิ่มหมายเหตุไม่สำเร็จ: %{details}",
        noteUpdated: "แก้หมายเหตุแล้ว", onFailToUpdateNote: "แก้หมายเหตุไม่สำเร็จ: %{details}",
        noteDeleted: "ลบหมายเหตุแล้ว", onFailToDeleteNote: "ลบหมายเหตุไม่สำเร็จ: %{details}",
        noteResolved: "หมายเหตุนี้เสร็จแล้ว", noteReopened: "เปิดหมายเหตุอีกครั้ง",
        onFailToToggleNote: "เปลี่ยนสถานะหมายเหตุไม่สำเร็จ: %{details}"
      }
    }
  };

  function withMissing(found, extra) {  // found's strings win; extra fills the gaps
    var out = Object.assign({}, extra);
    Object.keys(found || {}).forEach(function (k) {
      out[k] = found[k] && typeof found[k] === "object" ? withMissing(found[k], extra[k] || {}) : found[k];
    });
    return out;
  }

  /* On a phone the form comes first: the preview would take half of a small screen. Decap
     keeps the right pane's choice ("preview" or "none") in localStorage; each visit starts with
     it off, and the switch (bottom right) shows the preview below the form. */
  function formFirstOnPhones() {
    try {
      if (window.matchMedia("(max-width: 799px)").matches) localStorage.setItem("cms.right-pane", "none");
    } catch (e) { /* storage refused: Decap's own default */ }
  }

  /* What Decap leaves out for screen readers (axe-core finds each), mended on every change of
     the page: names for the body's text box, its Markdown switch (and that switch's state) and
     the preview frame; the toolbar menus (a focusable button inside a role="button" wrapper,
     which the wrapper already opens) keep the wrapper, named after the button, the button made
     inert (clicks then reach the wrapper); a main landmark where Decap's page has none; the
     loading bar hidden from them. */
  function mendAccessibility(root) {
    var wrap = document.getElementById("wr-admin"), heading = document.querySelector(".wr-hidden");
    var own = !!root.querySelector("#nc-root main, #nc-root [role='main']");  // and its own h1
    if (wrap && own !== !wrap.hasAttribute("role")) {
      if (own) wrap.removeAttribute("role"); else wrap.setAttribute("role", "main");
      heading.hidden = own;
    }
    root.querySelectorAll("[data-slate-editor]:not([aria-label])").forEach(function (box) {
      var field = box.closest("[class*='-ControlContainer']");
      var label = field && field.querySelector("label");
      box.setAttribute("aria-label", label ? label.textContent : "เนื้อเรื่อง");
    });
    root.querySelectorAll("[class*='-ToolbarToggle'] > button[role='switch']").forEach(function (sw) {
      var labels = sw.parentNode.querySelectorAll("[class*='-ToolbarToggleLabel']");
      var last = labels[labels.length - 1];  // "Markdown"; Decap marks the active label only
      var markdown = last ? last.textContent : "มาร์คดาวน์";  // by its styles' composed name
      var raw = !!last && /ToolbarToggleLabel-ToolbarToggleLabel/.test(last.className);
      if (sw.getAttribute("aria-label") !== markdown) sw.setAttribute("aria-label", markdown);
      if (sw.getAttribute("aria-checked") !== String(raw)) sw.setAttribute("aria-checked", String(raw));
    });
    root.querySelectorAll("body > canvas:not([aria-hidden])").forEach(function (bar) {
      bar.setAttribute("aria-hidden", "true");  // the loading bar Decap draws at the top
    });
    root.querySelectorAll("iframe#preview-pane:not([title])").forEach(function (frame) {
      frame.setAttribute("title", "ตัวอย่างหน้าเว็บ");
    });
    root.querySelectorAll("[role='button'][aria-haspopup] button:not([inert])").forEach(function (b) {
      var wrapper = b.closest("[role='button']");
      if (!wrapper.hasAttribute("aria-label")) wrapper.setAttribute("aria-label", b.title || b.textContent);
      b.setAttribute("inert", "");
    });
  }

  /* dnd-kit (the sortable chips of Decap's selects) speaks English to screen readers: its
     instructions, and what its live region announces while an item is moved. */
  var DRAG_HELP_TH = "กดแป้นเว้นวรรคเพื่อหยิบรายการ ใช้ปุ่มลูกศรเพื่อเลื่อนรายการ " +
      "กดแป้นเว้นวรรคอีกครั้งเพื่อวางในตำแหน่งใหม่ หรือกด Esc เพื่อยกเลิก";
  var DRAG_NEWS_TH = [
    [/^Picked up draggable item (.+)\.$/, "หยิบรายการ $1 แล้ว"],
    [/^Draggable item (.+) was moved over droppable area (.+)\.$/, "เลื่อนรายการ $1 มาที่ตำแหน่งของ $2"],
    [/^Draggable item (.+) is no longer over a droppable area\.$/, "รายการ $1 อยู่นอกตำแหน่งที่วางได้"],
    [/^Draggable item (.+) was dropped over droppable area (.+)$/, "วางรายการ $1 ที่ตำแหน่งของ $2 แล้ว"],
    [/^Dragging was cancelled\. Draggable item (.+) was dropped\.$/, "ยกเลิกการเลื่อน รายการ $1 อยู่ที่เดิม"],
    [/^Draggable item (.+) was dropped\.$/, "วางรายการ $1 แล้ว"]
  ];

  function dragNewsTh(text) {
    for (var i = 0; i < DRAG_NEWS_TH.length; i++) {
      if (DRAG_NEWS_TH[i][0].test(text)) return text.replace(DRAG_NEWS_TH[i][0], DRAG_NEWS_TH[i][1]);
    }
    return text;
  }

  function thaiDragTexts(root) {
    root.querySelectorAll("[id^='DndDescribedBy']").forEach(function (help) {
      if (help.textContent !== DRAG_HELP_TH) help.textContent = DRAG_HELP_TH;
    });
    root.querySelectorAll("[id^='DndLiveRegion']:not([data-wr-th])").forEach(function (news) {
      news.setAttribute("data-wr-th", "");
      var translate = function () {
        var th = dragNewsTh(news.textContent);
        if (th !== news.textContent) news.textContent = th;
      };
      new MutationObserver(translate).observe(news, { childList: true, characterData: true, subtree: true });
      translate();
    });
  }

  function watchAccessibility() {
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        mendAccessibility(document);
        thaiDragTexts(document);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  function start() {
    formFirstOnPhones();
    watchAccessibility();
    limitUploads();
    thaiComponents();
    CMS.registerLocale("th", withMissing(CMS.getLocale("th"), LOCALE_TH));
    var names = fetch("names.json").then(function (r) { return r.json(); });
    Promise.all([names, siteStyles()]).then(function (found) {
      NAMES = found[0];
      found[1].forEach(function (href) { CMS.registerPreviewStyle(href); });
      CMS.registerPreviewStyle(PREVIEW_CSS, { raw: true });
      CMS.registerCustomFormat("wongrian-frontmatter", "md", { fromFile: fromFile, toFile: toFile });
      CMS.registerPreviewTemplate("stories", StoryPreview);
      CMS.registerEventListener({ name: "preSave", handler: requireSlug });
      CMS.init();
    });
  }

  window.WongrianAdmin = { fromFile: fromFile, toFile: toFile, thaiDate: thaiDate, isoDate: isoDate,
                           dragNewsTh: dragNewsTh,
                           useNames: function (names) { NAMES = names; } };
  if (CMS) start();
})();
