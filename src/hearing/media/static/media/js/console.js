// Stream status in the moderator console: live, bitrate, HLS viewers, recording, and the
// sign-language interpreter's stream where there is one.
(function () {
  "use strict";
  var root = document.querySelector("[data-stream-console]");
  if (!root) return;
  var url = root.getAttribute("data-stream-console");
  var INTERVAL = 3000;

  function set(selector, text) {
    var el = root.querySelector(selector);
    if (el && el.textContent !== text) el.textContent = text;
  }

  function apply(state) {
    var liveEl = root.querySelector("[data-console-live]");
    set("[data-console-live]", liveEl.getAttribute(state.live ? "data-text-live" : "data-text-offline"));
    set("[data-console-bitrate]", state.bitrate ? Math.round(state.bitrate / 1000) + " kbit/s" : "—");
    set("[data-console-viewers]", state.live ? String(state.viewers) : "—");
    var sign = root.querySelector("[data-console-sign]");
    if (sign && state.sign) set("[data-console-sign]", sign.getAttribute(state.sign.live ? "data-text-live" : "data-text-offline"));
    var rec = root.querySelector("[data-console-recording]");
    set("[data-console-recording]", rec.getAttribute(state.recording ? "data-text-on" : "data-text-off"));
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) apply(state); })
      .catch(function () { /* try again on the next tick */ })
      .then(function () { window.setTimeout(poll, INTERVAL); });
  }
  poll();
})();
