// Keeps a public page's "current item" up to date without a reload.
// Where the live app's panel names an event stream ([data-live-events-url]) the page listens to it
// (EventSource; polling the event log where EventSource is missing or refused) and re-announces
// every event as a "hearing:live" DOM event for the other scripts. Elsewhere it polls the state.
(function () {
  "use strict";
  // Pages may include this script twice (the page and a live panel): one stream per page.
  if (window.hearingLiveState) return;
  window.hearingLiveState = true;
  var root = document.querySelector("[data-live-state-url]");
  var stream = document.querySelector("[data-live-events-url]");
  if (!root && !stream) return;
  var url = root ? root.getAttribute("data-live-state-url") : null;
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
  if (!stream) { window.setTimeout(poll, INTERVAL); return; }

  var lastId = Number(stream.getAttribute("data-live-last-event")) || 0;
  function dispatch(message) {
    if (message.id <= lastId) return;  // already applied (a replay overlapping a poll)
    lastId = message.id;
    // A superseded event only moves the position on: its data is gone, the newer one has it.
    if (message.type === "superseded") return;
    // Pages act on the topic (what state the data holds: "live-state", "questions:12" …); the
    // type says what happened, like the audit log ("hearings.item.started").
    message.kind = String(message.topic || "").split(":")[0];
    if (message.kind === "live-state") apply(message.data);
    document.dispatchEvent(new CustomEvent("hearing:live", { detail: message }));
  }
  function pollEvents() {
    var target = stream.getAttribute("data-live-poll-url") + "?after=" + lastId;
    fetch(target, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body) body.events.forEach(dispatch); })
      .catch(function () { /* offline for a moment */ })
      .then(function () { window.setTimeout(pollEvents, INTERVAL); });
  }
  if (!window.EventSource) { window.setTimeout(pollEvents, INTERVAL); return; }
  var source = new EventSource(stream.getAttribute("data-live-events-url") + "?last_event_id=" + lastId);
  // The browser reconnects by itself and sends Last-Event-ID; the server replays what was missed.
  source.onmessage = function (e) { dispatch(JSON.parse(e.data)); };
  source.onerror = function () {
    if (source.readyState === EventSource.CLOSED) window.setTimeout(pollEvents, INTERVAL);
  };
})();
