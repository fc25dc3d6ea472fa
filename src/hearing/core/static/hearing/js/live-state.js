// Keeps a public page's "current item" up to date without a reload.
// Polls the hearing's live state; the live-interaction push replaces the polling where it exists.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-state-url]");
  if (!root) return;
  var url = root.getAttribute("data-live-state-url");
  var lastCurrent = undefined;
  var INTERVAL = 2500;

  function apply(state) {
    var currentId = state.current ? state.current.id : null;
    if (currentId === lastCurrent) return;
    lastCurrent = currentId;
    var badge = document.querySelector("[data-live-badge]");
    if (badge) badge.hidden = !state.live;
    document.querySelectorAll("[data-item-id]").forEach(function (el) {
      var isCurrent = String(currentId) === el.getAttribute("data-item-id");
      el.classList.toggle("is-current", isCurrent);
      if (isCurrent) el.setAttribute("aria-current", "true"); else el.removeAttribute("aria-current");
      var label = el.querySelector("[data-current-label]");
      if (label) label.hidden = !isCurrent;
    });
    document.querySelectorAll("[data-item-live]").forEach(function (el) {
      el.hidden = String(currentId) !== el.getAttribute("data-item-live");
    });
    var status = document.getElementById("live-status");
    if (status) {
      status.textContent = "";
      if (state.current) {
        status.appendChild(document.createTextNode(status.getAttribute("data-text-live") + " "));
        var link = document.createElement("a");
        link.href = state.current.url;
        link.textContent = state.current.title;
        status.appendChild(link);
      } else {
        status.textContent = status.getAttribute("data-text-idle");
      }
    }
  }

  function poll() {
    if (document.hidden) { window.setTimeout(poll, INTERVAL); return; }
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) apply(state); })
      .catch(function () { /* offline for a moment: try again on the next tick */ })
      .then(function () { window.setTimeout(poll, INTERVAL); });
  }

  // The server rendered the current state; remember it so the first poll only applies changes.
  var current = document.querySelector("[data-item-id][aria-current]");
  lastCurrent = current ? Number(current.getAttribute("data-item-id")) : null;
  window.setTimeout(poll, INTERVAL);
})();
