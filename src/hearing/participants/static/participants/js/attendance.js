// Attendance view: refresh the figures every 5 seconds from the JSON endpoint.
(function () {
  "use strict";
  var table = document.querySelector("[data-attendance-url]");
  if (!table) return;
  var url = table.dataset.attendanceUrl;

  function fill(row, values) {
    if (!row) return;
    Object.keys(values).forEach(function (key) {
      var cell = row.querySelector('[data-key="' + key + '"]');
      if (cell && typeof values[key] === "number") cell.textContent = String(values[key]);
    });
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.groups.forEach(function (g) { fill(table.querySelector('tr[data-group="' + g.slug + '"]'), g); });
        fill(table.querySelector('tfoot tr'), data.totals);
      })
      .catch(function () { /* the next tick tries again */ })
      .then(function () { window.setTimeout(refresh, 5000); });
  }
  window.setTimeout(refresh, 5000);
})();
