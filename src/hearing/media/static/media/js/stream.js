// The hearing page's live stream: plays HLS (hls.js, or the browser's own HLS where hls.js cannot
// run) and follows live/offline from the platform without a reload.
(function () {
  "use strict";
  var root = document.querySelector("[data-stream]");
  if (!root) return;
  var video = root.querySelector("[data-stream-player]");
  var url = root.getAttribute("data-hls-url");
  var statusUrl = root.getAttribute("data-stream-status-url");
  var live = root.getAttribute("data-live") === "1";
  var attached = false;
  var hls = null;
  var INTERVAL = 4000;
  // Live but no playlist yet (the first fragment takes a few seconds): ask again soon, so the
  // picture starts as soon as there is one.
  var STARTING = 1000;

  // What the player is doing, for the console's and the tests' eyes: waiting, attached, or the
  // last hls.js error (its "details" name).
  function note(state) { root.setAttribute("data-player", state); }

  function attach() {
    if (hls || video.getAttribute("src")) return;
    note("attached");
    if (window.Hls && window.Hls.isSupported()) {
      // No worker: hls.js would start it from a blob: URL, which the CSP (rightly) forbids.
      hls = new window.Hls({ liveSyncDurationCount: 2, enableWorker: false });
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        note((data.fatal ? "fatal:" : "error:") + data.details);
        if (!data.fatal) return;
        // The encoder may just be starting: playlists appear a few seconds after the publish.
        if (data.type === window.Hls.ErrorTypes.NETWORK_ERROR) {
          window.setTimeout(function () { if (hls) hls.loadSource(url); }, 2000);
        } else if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR) {
          hls.recoverMediaError();
        } else {
          // Anything else leaves hls.js unusable: start over with a new player on the next
          // status check, instead of a live badge over a player that never shows a picture.
          restart();
        }
      });
      hls.loadSource(url);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = url;
    }
  }

  function restart() {
    if (hls) { hls.destroy(); hls = null; }
    attached = false;
    window.setTimeout(poll, STARTING);
  }

  function detach() {
    note("offline");
    if (hls) { hls.destroy(); hls = null; }
    if (video.getAttribute("src")) { video.removeAttribute("src"); video.load(); }
  }

  // The badge follows "live" (the encoder publishes); the player attaches once the first
  // playlist exists ("playable"), so it never asks for a playlist that is not there yet.
  function apply(isLive, isPlayable) {
    root.querySelectorAll("[data-stream-live]").forEach(function (el) { el.hidden = !isLive; });
    root.querySelectorAll("[data-stream-offline], [data-stream-offline-text]").forEach(function (el) { el.hidden = isLive; });
    root.setAttribute("data-live", isLive ? "1" : "0");
    live = isLive;
    if (isLive && isPlayable && !attached) { attached = true; attach(); }
    if (!isLive && attached) { attached = false; detach(); }
  }

  var timer = null;
  function poll() {
    window.clearTimeout(timer);
    if (document.hidden) { timer = window.setTimeout(poll, INTERVAL); return; }
    fetch(statusUrl, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) apply(state.live, state.playable); })
      .catch(function () { /* offline for a moment: try again on the next tick */ })
      .then(function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(poll, live && !attached ? STARTING : INTERVAL);
      });
  }

  // The live bus (live-state.js re-dispatches every pushed event as "hearing:live") tells us at
  // once; polling is the fallback where no push runs.
  document.addEventListener("hearing:live", function (e) {
    var type = e.detail && e.detail.type;
    if (type === "media.stream.started") poll();
    if (type === "media.stream.ended") apply(false, false);
  });

  poll();
})();
