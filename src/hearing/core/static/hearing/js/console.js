// Moderator console: the running item's elapsed time against its plan, ticking every second.
(function () {
  "use strict";
  var timer = document.getElementById("item-timer");
  if (!timer) return;
  var started = Date.now() - Number(timer.getAttribute("data-elapsed")) * 1000;
  var planned = Number(timer.getAttribute("data-planned"));
  var elapsedEl = timer.querySelector("[data-timer-elapsed]");
  var plannedEl = timer.querySelector("[data-timer-planned]");
  var stateEl = timer.querySelector("[data-timer-state]");

  function fmt(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var m = Math.floor(s / 60);
    return String(m).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
  }
  function tick() {
    var elapsed = (Date.now() - started) / 1000;
    elapsedEl.textContent = fmt(elapsed);
    var over = elapsed > planned;
    timer.classList.toggle("over", over);
    stateEl.textContent = over ? "(" + timer.getAttribute("data-text-over") + " " + fmt(elapsed - planned) + ")" : "";
  }
  plannedEl.textContent = fmt(planned);
  tick();
  window.setInterval(tick, 1000);
})();
