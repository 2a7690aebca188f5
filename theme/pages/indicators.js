// Wongrian: click a column header of a .wr-sortable table to sort its rows.
// Progressive enhancement: without this script the tables are complete, in their default order.
(function () {
  "use strict";
  function key(cell) {
    var text = cell.textContent.trim();
    var number = text.replace(/[,%\s]/g, "");
    return /^-?\d+(\.\d+)?$/.test(number) ? parseFloat(number) : (text === "–" ? null : text);
  }
  function compare(a, b) {
    if (a === b) return 0;
    if (a === null) return 1;  // empty cells last, whatever the direction
    if (b === null) return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "th", { numeric: true });
  }
  function sortBy(table, column, th) {
    var body = table.tBodies[0];
    var down = th.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, key: key(row.cells[column]), index: index };
    });
    rows.sort(function (a, b) {
      var order = compare(a.key, b.key);
      if (a.key !== null && b.key !== null && down) order = -order;
      return order || a.index - b.index;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", down ? "descending" : "ascending");
    rows.forEach(function (item) { body.appendChild(item.row); });
  }
  function enhance() {
    document.querySelectorAll(".wr-sortable table").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length) return;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "wr-sort";
        button.title = "เรียงตามคอลัมน์นี้";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, column, th); });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
