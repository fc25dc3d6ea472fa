// Refreshes the job table (progress, time left) every few seconds while a job is active.
(function () {
  "use strict";
  var box = document.getElementById("jobs");
  if (!box) { return; }
  function refresh() {
    fetch(box.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        box.innerHTML = data.html;
        var active = data.jobs.some(function (job) { return job.state === "queued" || job.state === "running"; });
        if (active) { window.setTimeout(refresh, 3000); }
      })
      .catch(function () { window.setTimeout(refresh, 10000); });
  }
  window.setTimeout(refresh, 3000);
})();
