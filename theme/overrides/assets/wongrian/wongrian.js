/* Wongrian: Material's language selector reads every <link rel="alternate"> on
   DOMContentLoaded and asks for "sitemap.xml" next to it; ours are Atom feeds, so it asked for
   sitemap.xml and feeds/…/sitemap.xml on every page. This script runs after Material's bundle
   and before DOMContentLoaded: the feed links step out of the document while Material looks,
   and come back right after (the HTML keeps them for feed readers). */
(function () {
  "use strict";
  if (document.readyState !== "loading") return;
  var links = Array.prototype.slice.call(
    document.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]'));
  var marks = links.map(function (link) {
    var mark = document.createComment("feed");
    link.parentNode.replaceChild(mark, link);
    return mark;
  });
  document.addEventListener("DOMContentLoaded", function () {
    marks.forEach(function (mark, i) { mark.parentNode.replaceChild(links[i], mark); });
  }, { once: true });
})();

/* Wongrian: a table wider than the column becomes a labelled scroll region that the keyboard
   can scroll (tabindex 0), with a Thai hint under it; it goes back to a plain table when the
   window grows. Material wraps content tables in .md-typeset__scrollwrap; a table it did not
   wrap is wrapped here. */
(function () {
  "use strict";
  var HINT = "ตารางกว้างกว่าหน้าจอ: เลื่อนไปทางขวาเพื่อดูคอลัมน์อื่น (หรือกดแท็บมาที่ตารางแล้วใช้ปุ่มลูกศร)";
  var CHART_HINT = "แผนภูมิกว้างกว่าหน้าจอ: เลื่อนไปทางขวาเพื่อดูส่วนที่เหลือ (หรือกดแท็บมาที่แผนภูมิแล้วใช้ปุ่มลูกศร)";

  function heading(node) {
    for (var el = node; el; el = el.previousElementSibling || el.parentElement) {
      if (/^H[1-6]$/.test(el.tagName)) {
        return el.textContent.replace(/[¶#]\s*$/, "").trim();
      }
      if (el.classList && el.classList.contains("md-content__inner")) break;
    }
    return "";
  }

  function wrap(table) {
    var outer = table.closest(".md-typeset__scrollwrap");
    if (outer) return outer;
    outer = document.createElement("div");
    outer.className = "md-typeset__scrollwrap";
    var inner = document.createElement("div");
    inner.className = "md-typeset__table";
    table.parentNode.insertBefore(outer, table);
    outer.appendChild(inner);
    inner.appendChild(table);
    return outer;
  }

  var used = {};

  function unique(name) {  // two regions with one name confuse a landmark list
    used[name] = (used[name] || 0) + 1;
    return used[name] > 1 ? name + " (" + used[name] + ")" : name;
  }

  function update(box) {
    var chart = box.tagName === "FIGURE";  // a chart or map drawn wider than a phone (CSS)
    var wide = box.scrollWidth > box.clientWidth + 1;
    var hint = box.nextElementSibling;
    var hasHint = hint && hint.classList.contains("wr-scroll-hint");
    box.classList.toggle("wr-scroll", wide);
    if (wide) {
      var caption = box.querySelector("caption");
      var name = (caption && caption.textContent.trim()) || heading(box) || "ข้อมูล";
      if (!chart) box.setAttribute("role", "region");  // (a figure keeps its own role, named)
      box.setAttribute("tabindex", "0");
      if (!box.hasAttribute("aria-label")) {
        box.setAttribute("aria-label", unique((chart ? "แผนภูมิ " : "ตาราง ") + name + " (เลื่อนซ้ายขวาได้)"));
      }
      if (!hasHint) {
        hint = document.createElement("p");
        hint.className = "wr-scroll-hint";
        hint.textContent = chart ? CHART_HINT : HINT;
        box.parentNode.insertBefore(hint, box.nextSibling);
      }
    } else {
      box.removeAttribute("role");
      box.removeAttribute("tabindex");
      box.removeAttribute("aria-label");
      if (hasHint) hint.remove();
    }
  }

  function setUp() {
    var boxes = Array.prototype.map.call(
      document.querySelectorAll(".md-content table:not(.wr-plain)"), wrap).concat(
      Array.prototype.slice.call(document.querySelectorAll(".md-content figure.wr-figure")));
    boxes.forEach(update);
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (e) { update(e.target); });
      });
      boxes.forEach(function (b) { observer.observe(b); });
    }
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setTimeout(setUp, 0); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
