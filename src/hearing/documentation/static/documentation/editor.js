// The transcript editor: each segment's ▶ plays its stretch of the recording (the player seeks
// with a range request and stops at the segment's end); text fields grow with their text; the
// keyboard moves between segments (Alt+↓/↑), plays (Alt+P) and saves (Ctrl+Enter); "teilen"
// sends where the cursor is.
(function () {
  "use strict";
  var player = document.getElementById("editor-player");
  var forms = Array.prototype.slice.call(document.querySelectorAll("[data-segment]"));
  if (!player || !forms.length) return;
  var stopAt = null;
  var playing = null;

  function play(form) {
    if (playing === form && !player.paused) { player.pause(); return; }
    playing = form;
    stopAt = Number(form.getAttribute("data-end"));
    player.currentTime = Number(form.getAttribute("data-start"));
    player.play().catch(function () { /* refused without a gesture: the player shows ▶ */ });
  }
  player.addEventListener("timeupdate", function () {
    if (stopAt !== null && player.currentTime >= stopAt) { player.pause(); stopAt = null; }
  });

  function grow(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 4 + "px";
  }

  forms.forEach(function (form, index) {
    var area = form.querySelector("[data-text]");
    form.querySelector("[data-play]").addEventListener("click", function () { play(form); });
    grow(area);
    area.addEventListener("input", function () { grow(area); });
    var split = form.querySelector("[data-split]");
    split.addEventListener("click", function () {
      form.querySelector("[data-at]").value = String(area.selectionStart);
    });
    form.addEventListener("keydown", function (e) {
      var target = null;
      if (e.altKey && e.key === "ArrowDown") target = forms[index + 1];
      else if (e.altKey && e.key === "ArrowUp") target = forms[index - 1];
      else if (e.altKey && (e.key === "p" || e.key === "P" || e.code === "KeyP")) { e.preventDefault(); play(form); return; }
      else if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); form.requestSubmit(); return; }
      else return;
      e.preventDefault();
      if (target) {
        var next = target.querySelector("[data-text]");
        next.focus();
        target.scrollIntoView({ block: "center" });
      }
    });
  });
})();
