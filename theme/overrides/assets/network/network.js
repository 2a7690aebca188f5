/* Wongrian network page: the interactive graph of agencies and areas.
   Data comes from graph-data.js (window.WR_NETWORK), positions are computed at build time,
   so this script only draws and filters. Works from file:// (no fetch, no network).
   netload.js loads it (after cytoscape and graph-data.js) when the graph is wanted. */
(function () {
  "use strict";
  var data = window.WR_NETWORK;
  var root = document.getElementById("wr-network");
  var status = document.getElementById("wr-status");
  if (!root || !data) { return; }
  if (!window.cytoscape) {
    status.textContent = "เปิดภาพเครือข่ายแบบโต้ตอบไม่ได้ ดูภาพนิ่งหรือรายชื่อด้านล่างแทน";
    return;
  }
  root.classList.add("wr-on");

  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
                 "#8c564b", "#e377c2", "#bcbd22", "#393b79", "#637939", "#843c39"];
  var TYPE_COLOUR = { agency: "#1b6e3a", area: "#e08a1e" };
  var nodes = data.nodes, edges = data.edges, links = data.links;
  var $ = function (id) { return document.getElementById(id); };
  var controls = { from: $("wr-from"), to: $("wr-to"), amphoe: $("wr-amphoe"), kind: $("wr-kind"),
                   level: $("wr-level"), colour: $("wr-colour"), links: $("wr-links"),
                   search: $("wr-search") };
  var rows = {};
  Array.prototype.forEach.call(document.querySelectorAll("#wr-node-list tr[data-node]"),
    function (tr) { rows[tr.getAttribute("data-node")] = tr; });
  var amphoeIndex = {};
  data.filters.amphoe.forEach(function (a, i) { amphoeIndex[a[0]] = i; });

  function fillSelect(select, options) {
    options.forEach(function (o) {
      var option = document.createElement("option");
      option.value = o[0];
      option.textContent = o[1];
      select.appendChild(option);
    });
  }
  fillSelect(controls.amphoe, data.filters.amphoe);
  fillSelect(controls.kind, data.filters.kind);
  fillSelect(controls.level, data.filters.level);
  var names = $("wr-names");
  nodes.forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label;
    names.appendChild(option);
  });

  function inRange(yr, from, to) {  // yr = [year, count, year, count, ...]
    var total = 0;
    for (var i = 0; i < yr.length; i += 2) {
      if (yr[i] >= from && yr[i] <= to) { total += yr[i + 1]; }
    }
    return total;
  }

  function colourOf(n) {
    var mode = controls.colour.value;
    if (mode === "type") { return TYPE_COLOUR[n.t]; }
    if (mode === "amphoe") {
      if (!n.amphoe) { return "#7b8794"; }
      var hue = Math.round(360 * amphoeIndex[n.amphoe] / Math.max(1, data.filters.amphoe.length));
      return "hsl(" + hue + ",60%,42%)";
    }
    return n.c ? PALETTE[(n.c - 1) % PALETTE.length] : "#7b8794";
  }

  function total(yr) { return inRange(yr, -Infinity, Infinity); }

  function sizeOf(count, largest) { return 8 + 26 * Math.sqrt(count / largest); }

  // The first frame shows everything, so it is built directly in its final state; the
  // agency–agency ties are added only when asked for (they are many and hidden at first).
  function elements() {
    var largest = Math.max.apply(null, nodes.map(function (n) { return total(n.yr); }).concat([1]));
    var els = nodes.map(function (n, i) {
      return { group: "nodes", classes: n.t, position: { x: n.x, y: n.y },
               data: { id: n.id, i: i, label: n.label, size: sizeOf(total(n.yr), largest),
                       colour: colourOf(n) } };
    });
    edges.forEach(function (e, i) {
      els.push({ group: "edges", classes: "tie", data: { id: "e" + i, source: nodes[e[0]].id,
                                                         target: nodes[e[1]].id, w: total(e[2]) } });
    });
    return els;
  }

  var linksAdded = false;
  function addLinks() {
    if (linksAdded) { return; }
    linksAdded = true;
    cy.add(links.map(function (e, i) {
      return { group: "edges", classes: "link off",
               data: { id: "l" + i, source: nodes[e[0]].id, target: nodes[e[1]].id, w: 1 } };
    }));
  }

  // Labels are drawn at LABEL_PX screen pixels whatever the zoom, and only where they fit:
  // the most connected nodes first, more as the reader zooms in; the others on hover or search.
  var LABEL_PX = 13;
  var STYLE = [
    { selector: "node", style: {
      "width": "data(size)", "height": "data(size)", "background-color": "data(colour)",
      "label": "", "font-family": "Sarabun, sans-serif", "font-size": LABEL_PX,
      "text-valign": "bottom", "text-margin-y": 2, "color": "#111111",
      "text-outline-color": "#ffffff", "text-outline-width": 2.5, "text-outline-opacity": 1,
      "border-width": 1, "border-color": "#ffffff" } },
    { selector: "node.lab, node.hover, node.hit", style: { "label": "data(label)", "z-index": 5 } },
    { selector: "node.area", style: { "shape": "round-rectangle" } },
    { selector: "node.dim", style: { "opacity": 0.25 } },
    { selector: "node.hit", style: { "border-width": 4, "border-color": "#a33f00", "z-index": 10,
                                     "font-weight": "bold" } },
    { selector: "edge", style: {
      "curve-style": "haystack", "haystack-radius": 0, "line-color": "#7b8794",
      "opacity": 0.4, "width": "mapData(w, 1, 8, 0.6, 6)" } },
    { selector: "edge.link", style: { "line-color": "#b44d4d", "opacity": 0.35 } },
    { selector: ".off", style: { "display": "none" } },
    { selector: "node.hover", style: { "border-width": 3, "border-color": "#0b3d91", "z-index": 20 } },
    { selector: "node.focus", style: { "label": "data(label)", "border-width": 5, "border-color": "#0b3d91",
                                       "border-style": "double", "z-index": 30, "font-weight": "bold" } },
    { selector: "edge.hover", style: { "opacity": 0.9, "line-color": "#0b3d91" } }
  ];

  var cy, shown = {}, baseZoom = 1;

  function state() {
    var from = +controls.from.value, to = +controls.to.value;
    return { from: Math.min(from, to), to: Math.max(from, to), amphoe: controls.amphoe.value,
             kind: controls.kind.value, level: controls.level.value, links: controls.links.checked };
  }

  function candidates(s, counts) {
    return nodes.map(function (n, i) {
      if (!counts[i]) { return false; }
      if (n.t === "area") { return !s.amphoe || n.amphoe === s.amphoe; }
      return (s.kind === "*" || n.kind === s.kind) && (s.level === "*" || n.level === s.level);
    });
  }

  function visibleTies(list, s, ok) {
    return list.map(function (e) {
      var w = inRange(e[2], s.from, s.to);
      return ok[e[0]] && ok[e[1]] && w > 0 ? w : 0;
    });
  }

  function apply() {
    var s = state();
    if (s.links) { addLinks(); }
    var counts = nodes.map(function (n) { return inRange(n.yr, s.from, s.to); });
    var ok = candidates(s, counts);
    var tieW = visibleTies(edges, s, ok), ties = nodes.map(function () { return 0; });
    tieW.forEach(function (w, i) { if (w) { ties[edges[i][0]]++; ties[edges[i][1]]++; } });
    var agencyNeedsTie = !!s.amphoe, areaNeedsTie = s.kind !== "*" || s.level !== "*";
    var vis = nodes.map(function (n, i) {
      var needsTie = n.t === "agency" ? agencyNeedsTie : areaNeedsTie;
      return ok[i] && (!needsTie || ties[i] > 0);
    });
    var linkW = s.links ? visibleTies(links, s, vis) : links.map(function () { return 0; });
    var largest = Math.max.apply(null, counts.concat([1]));
    var nodeCount = 0, edgeCount = 0;
    cy.batch(function () {
      cy.nodes().forEach(function (ele) {
        var i = ele.data("i");
        ele.toggleClass("off", !vis[i]);
        ele.data("size", sizeOf(counts[i], largest));
        ele.data("colour", colourOf(nodes[i]));
        if (vis[i]) { nodeCount++; }
      });
      cy.edges().forEach(function (ele) {
        var id = ele.id(), tie = id.charAt(0) === "e", k = +id.slice(1);
        var list = tie ? tieW : linkW, pair = tie ? edges[k] : links[k], w = list[k];
        var on = w > 0 && vis[pair[0]] && vis[pair[1]];
        ele.toggleClass("off", !on);
        if (on) { ele.data("w", w); if (list === tieW) { edgeCount++; } }
      });
    });
    nodes.forEach(function (n, i) {
      shown[n.id] = { stories: counts[i], visible: vis[i] };
      if (rows[n.id]) { rows[n.id].hidden = !vis[i]; }
    });
    report(s, nodeCount, edgeCount);
    legend();
    labelsSoon();
  }

  function report(s, nodeCount, edgeCount) {
    status.textContent = "แสดง " + nodeCount + " จาก " + nodes.length + " จุด · " + edgeCount +
      " เส้น · พ.ศ. " + s.from + (s.to !== s.from ? "–" + s.to : "") +
      (nodeCount ? "" : " · ไม่มีจุดที่ตรงกับตัวกรอง ลองเปลี่ยนช่วงปีหรือกดล้างตัวกรอง");
    root.setAttribute("data-visible", String(nodeCount));
  }

  function labelWidth(text) {  // Thai vowel and tone marks above or below take no room
    return 0.6 * LABEL_PX * String(text).replace(/[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/g, "").length;
  }

  var labelTimer = null;
  function placeLabels() {
    var zoom = cy.zoom(), boxes = [], w = cy.width(), h = cy.height();
    cy.batch(function () {
      cy.nodes().style("font-size", LABEL_PX / zoom);
      cy.nodes().removeClass("lab");
      var order = cy.nodes(":visible").sort(function (a, b) {
        return (b.degree() + b.data("size")) - (a.degree() + a.data("size"));
      });
      order.forEach(function (ele) {
        var p = ele.renderedPosition(), half = labelWidth(ele.data("label")) / 2 + 2;
        var top = p.y + ele.renderedHeight() / 2 + 1, box = [p.x - half, top, p.x + half, top + LABEL_PX + 3];
        if (box[2] < 0 || box[0] > w || box[1] > h || box[3] < 0) { return; }
        var clear = boxes.every(function (o) {
          return box[2] <= o[0] || box[0] >= o[2] || box[3] <= o[1] || box[1] >= o[3];
        });
        if (clear) { boxes.push(box); ele.addClass("lab"); }
      });
    });
  }
  function labelsSoon() {
    clearTimeout(labelTimer);
    labelTimer = setTimeout(placeLabels, 60);
  }

  function legend() {
    var list = $("wr-legend"), mode = controls.colour.value, items = [];
    if (!list) { return; }
    list.textContent = "";
    var seen = {};
    cy.nodes(":visible").sort(function (a, b) { return b.data("size") - a.data("size"); })
      .forEach(function (ele) {
        var n = nodes[ele.data("i")], key = ele.data("colour");
        if (seen[key]) { return; }
        seen[key] = true;
        var name = mode === "type" ? (n.t === "agency" ? "หน่วยงาน" : "พื้นที่") :
          mode === "amphoe" ? (n.amphoe ? amphoeName(n.amphoe) : "ไม่ระบุอำเภอ") :
          (n.c ? "กลุ่ม " + n.c + " เช่น " + n.label : "ไม่อยู่ในกลุ่ม");
        items.push([key, name]);
      });
    items.slice(0, 14).forEach(function (item) {
      var li = document.createElement("li"), swatch = document.createElement("span");
      swatch.className = "wr-swatch";
      swatch.style.background = item[0];
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(item[1]));
      list.appendChild(li);
    });
    if (items.length > 14) {
      var more = document.createElement("li");
      more.textContent = "และอีก " + (items.length - 14) + " สี";
      list.appendChild(more);
    }
  }
  function amphoeName(code) {
    var i = amphoeIndex[code];
    return i === undefined ? code : data.filters.amphoe[i][1];
  }

  var tip = $("wr-tip");
  function showTip(ele) {
    var n = nodes[ele.data("i")], info = shown[n.id] || { stories: 0 };
    var degree = ele.connectedEdges().filter(function (e) { return !e.hasClass("off"); }).length;
    tip.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = n.label;
    tip.appendChild(strong);
    [n.name !== n.label ? n.name : "", n.info,
     "บันทึก " + info.stories + " เรื่อง · เชื่อมกับ " + degree + " จุด",
     "คลิกเพื่อเปิดหน้า"].forEach(function (line) {
      if (!line) { return; }
      var div = document.createElement("div");
      div.textContent = line;
      tip.appendChild(div);
    });
    var p = ele.renderedPosition();
    tip.style.left = Math.round(p.x + 14) + "px";
    tip.style.top = Math.round(p.y + 14) + "px";
    tip.hidden = false;
  }

  function normal(text) { return String(text).toLowerCase().replace(/[\s.]/g, ""); }

  function search(fit) {
    var query = normal(controls.search.value), found = $("wr-found");
    found.textContent = "";
    cy.nodes(".hit").removeClass("hit");
    cy.nodes(".dim").removeClass("dim");
    if (!query) { announce(""); return; }
    var hits = nodes.filter(function (n) { return normal(n.q).indexOf(query) >= 0; });
    hits.slice(0, 12).forEach(function (n) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = n.url;
      a.textContent = n.label + (n.name !== n.label ? " (" + n.name + ")" : "");
      li.appendChild(a);
      found.appendChild(li);
    });
    if (!hits.length) {
      var li = document.createElement("li");
      li.textContent = "ไม่พบชื่อที่ตรงกับ \"" + controls.search.value + "\"";
      found.appendChild(li);
      if (fit) { announce(li.textContent); }
      return;
    }
    var eles = cy.collection(hits.map(function (n) { return cy.getElementById(n.id); }));
    eles.addClass("hit");
    cy.nodes().not(eles).addClass("dim");
    if (fit) {  // centre on the matches; zoom in no further than labels stay apart
      var box = eles.boundingBox(), pad = 80;
      var fitZoom = Math.min((cy.width() - 2 * pad) / Math.max(box.w, 1),
                             (cy.height() - 2 * pad) / Math.max(box.h, 1));
      var level = Math.max(cy.minZoom(), Math.min(fitZoom, baseZoom * 2.5, cy.maxZoom()));
      cy.stop(true, true);
      cy.animate({ zoom: level, center: { eles: eles }, duration: 300, complete: labelsSoon });
      announce("พบ " + hits.length + " จุดที่ตรงกับ \"" + controls.search.value + "\" (เน้นไว้กลางภาพ): " +
        hits.slice(0, 5).map(function (n) { return n.label; }).join(", ") +
        (hits.length > 5 ? " และอีก " + (hits.length - 5) + " จุด" : "") +
        " · รายชื่ออยู่ถัดไป หรือไปที่ภาพแล้วกดลูกศรเพื่อไปทีละจุด");
      $("wr-graph").scrollIntoView({ block: "nearest" });  // the matches, not the list, in view
    }
  }

  function announce(text) {  // read out (aria-live) and shown under the search box
    var line = $("wr-announce");
    if (line) { line.textContent = text; }
  }

  var playing = null;
  function play() {
    var button = $("wr-play"), years = data.years, step = 0;
    if (playing) { clearInterval(playing); playing = null; button.textContent = "▶ ดูการเติบโตทีละปี"; return; }
    controls.from.value = String(years[0]);
    button.textContent = "■ หยุด";
    var next = function () {
      controls.to.value = String(years[step]);
      apply();
      step++;
      if (step >= years.length) { clearInterval(playing); playing = null; button.textContent = "▶ ดูการเติบโตทีละปี"; }
    };
    next();
    if (playing === null && step < years.length) { playing = setInterval(next, 1200); }
  }

  function reset() {
    controls.from.value = String(data.years[0]);
    controls.to.value = String(data.years[data.years.length - 1]);
    controls.amphoe.value = "";
    controls.kind.value = "*";
    controls.level.value = "*";
    controls.links.checked = false;
    controls.search.value = "";
    search(false);
    apply();
    cy.fit(undefined, 20);
  }

  function start() {
    cy = window.cytoscape({
      container: $("wr-graph"), elements: elements(), style: STYLE, layout: { name: "preset" },
      minZoom: 0.1, maxZoom: 6, boxSelectionEnabled: false,
      autoungrabify: true, hideEdgesOnViewport: edges.length > 3000
    });
    cy.on("mouseover", "node", function (e) {
      e.target.addClass("hover");
      e.target.connectedEdges().addClass("hover");
      showTip(e.target);
    });
    cy.on("mouseout", "node", function (e) {
      e.target.removeClass("hover");
      e.target.connectedEdges().removeClass("hover");
      tip.hidden = true;
    });
    cy.on("tap", "node", function (e) { window.location.href = nodes[e.target.data("i")].url; });
    ["from", "to", "amphoe", "kind", "level", "colour", "links"].forEach(function (k) {
      controls[k].addEventListener("change", apply);
    });
    controls.search.addEventListener("input", function () { search(false); });
    controls.search.addEventListener("keydown", function (e) { if (e.key === "Enter") { search(true); } });
    $("wr-play").addEventListener("click", play);
    $("wr-reset").addEventListener("click", reset);
    nodes.forEach(function (n) { shown[n.id] = { stories: total(n.yr), visible: true }; });
    report(state(), nodes.length, edges.length);
    cy.fit(undefined, 20);
    baseZoom = cy.zoom();
    cy.on("viewport", labelsSoon);
    legend();
    placeLabels();
    // Printing lays the page out again at the paper's width: the whole drawing is fitted to it
    // (or nodes at the right are cut off), and the reader's view comes back afterwards.
    var viewed = null;
    window.addEventListener("beforeprint", function () {
      viewed = { zoom: cy.zoom(), pan: cy.pan() };
      cy.resize();
      cy.fit(undefined, 20);
      placeLabels();
    });
    window.addEventListener("afterprint", function () {
      cy.resize();
      if (viewed) { cy.viewport({ zoom: viewed.zoom, pan: viewed.pan }); }
      placeLabels();
    });
    window.wrNetwork = { cy: cy, apply: apply, ready: performance.now() };
    root.setAttribute("data-ready", "1");
    if (window.wrNetworkFocus) { $("wr-graph").focus(); }  // opened by the phone's button
  }

  // Canvas text needs the Thai font loaded first, or the first frame shows boxes.
  var fonts = document.fonts && document.fonts.load ?
    Promise.all([document.fonts.load("11px Sarabun", "ก"), document.fonts.load("11px Sarabun", "A")]) :
    Promise.resolve();
  var timeout = new Promise(function (resolve) { setTimeout(resolve, 1500); });
  Promise.race([fonts, timeout]).then(start, start);
}());
