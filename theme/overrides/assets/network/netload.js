/* Wongrian network page: loads the interactive graph (Cytoscape, the graph data, network.js;
   most of the page's weight) when it is wanted: at once on a wide screen, on the button on a
   phone, where the list below comes first. Plain <script> elements, so file:// works too. */
(function () {
  "use strict";
  var root = document.getElementById("wr-network");
  var open = document.getElementById("wr-net-open");
  var status = document.getElementById("wr-status");
  if (!root) { return; }
  var scripts = (root.getAttribute("data-scripts") || "").split(" ").filter(Boolean);

  function load(i) {
    if (i >= scripts.length) { return; }
    var script = document.createElement("script");
    script.src = scripts[i];
    script.onload = function () { load(i + 1); };
    script.onerror = function () {
      status.textContent = "เปิดภาพเครือข่ายแบบโต้ตอบไม่ได้ ดูภาพนิ่งหรือรายชื่อด้านล่างแทน";
    };
    document.body.appendChild(script);
  }

  var phone = window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches;
  if (phone && open) {
    root.classList.add("wr-on", "wr-net-phone");  // the status line and the button
    open.hidden = false;
    status.textContent = "จอเล็ก: ดูรายชื่อด้านล่าง หรือกดปุ่มเพื่อเปิดภาพเครือข่าย";
    open.addEventListener("click", function () {
      window.wrNetworkFocus = true;  // the button goes away: focus goes to the graph
      open.hidden = true;
      root.classList.remove("wr-net-phone");
      status.textContent = "กำลังโหลดภาพเครือข่าย…";
      load(0);
    }, { once: true });
    return;
  }
  load(0);
}());
