/* Wongrian network page: the graph by keyboard. The graph is one Tab stop; there the arrow
   keys move to the nearest node in that direction (the matches of a search first, when there
   are any), Home to the most connected node, Enter opens the node's page, + and − zoom,
   0 shows the whole network, Escape lets go. The node is centred, outlined, labelled and
   read out (aria-live). network.js draws the graph (window.wrNetwork); this only steers. */
(function () {
  "use strict";
  var graph = document.getElementById("wr-graph");
  var say = document.getElementById("wr-announce");
  var data = window.WR_NETWORK;
  if (!graph || !say || !data) { return; }
  var current = null;

  function net() { return window.wrNetwork; }

  function pool(cy) {  // the nodes arrows move among: a search's matches, else all shown
    var hits = cy.nodes(".hit:visible");
    return hits.length ? hits : cy.nodes(":visible");
  }

  function biggest(nodes) {
    return nodes.sort(function (a, b) {
      return (b.degree() + b.data("size")) - (a.degree() + a.data("size")) ||
        (a.data("label") < b.data("label") ? -1 : 1);
    })[0];
  }

  // The nearest node in direction (dx, dy): ahead of the current one, closest, and as little
  // off the line of the arrow as possible.
  function nearest(from, nodes, dx, dy) {
    var p = from.position(), best = null, score = Infinity;
    nodes.forEach(function (ele) {
      if (ele.same(from)) { return; }
      var q = ele.position(), ahead = (q.x - p.x) * dx + (q.y - p.y) * dy;
      var aside = Math.abs((q.x - p.x) * dy - (q.y - p.y) * dx);
      if (ahead <= 0) { return; }
      var s = ahead + 2 * aside;
      if (s < score) { score = s; best = ele; }
    });
    return best;
  }

  function describe(ele) {
    var n = data.nodes[ele.data("i")];
    var degree = ele.connectedEdges().filter(function (e) { return !e.hasClass("off"); }).length;
    return [n.label + (n.name !== n.label ? " (" + n.name + ")" : ""), n.info,
            "เชื่อมกับ " + degree + " จุด", "กด Enter เพื่อเปิดหน้า"].filter(Boolean).join(" · ");
  }

  function select(ele) {
    var w = net(), cy = w.cy;
    if (current) { current.removeClass("focus"); }
    current = ele;
    ele.addClass("focus");
    var p = ele.renderedPosition(), margin = 60;
    if (p.x < margin || p.y < margin || p.x > cy.width() - margin || p.y > cy.height() - margin) {
      cy.stop(true, true);
      cy.animate({ center: { eles: ele }, duration: 200 });
    }
    say.textContent = describe(ele);
  }

  function letGo() {
    if (current) { current.removeClass("focus"); }
    current = null;
    say.textContent = "";
  }

  function zoom(factor) {
    var cy = net().cy, level = cy.zoom() * factor;
    cy.zoom({ level: Math.max(cy.minZoom(), Math.min(cy.maxZoom(), level)),
              renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  var ARROWS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };

  graph.addEventListener("keydown", function (e) {
    var w = net();
    if (!w || !w.cy) { return; }
    var nodes = pool(w.cy), next = null;
    if (current && (current.removed() || !current.visible())) { letGo(); }
    if (ARROWS[e.key]) {
      next = current ? nearest(current, nodes, ARROWS[e.key][0], ARROWS[e.key][1]) : biggest(nodes);
      if (!next && current) { say.textContent = "ไม่มีจุดต่อไปทางนี้ · " + describe(current); }
    } else if (e.key === "Home") {
      next = biggest(nodes);
    } else if (e.key === "Enter" && current) {
      window.location.href = data.nodes[current.data("i")].url;
    } else if (e.key === "+" || e.key === "=") {
      zoom(1.25);
    } else if (e.key === "-" || e.key === "_") {
      zoom(0.8);
    } else if (e.key === "0") {
      w.cy.fit(undefined, 20);
    } else if (e.key === "Escape") {
      letGo();
    } else {
      return;
    }
    e.preventDefault();
    if (next) { select(next); }
  });
  graph.addEventListener("blur", function () {
    if (current) { current.removeClass("focus"); }
  });
  graph.addEventListener("focus", function () {
    if (current) { current.addClass("focus"); }
  });
}());
