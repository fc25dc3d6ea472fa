// The hearing page's live stream: plays HLS (hls.js, or the browser's own HLS where hls.js cannot
// run) and follows live/offline from the platform without a reload.
(function () {
  "use strict";
  var root = document.querySelector("[data-stream]");
  if (!root) return;
  var video = root.querySelector("[data-stream-player]");
  var quality = root.querySelector("[data-stream-quality]");
  var audioNote = root.querySelector("[data-stream-audio-note]");
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

  // The viewer's choice: "" (the player picks by connection), a picture rendition, or sound
  // only. Sound only is a playlist of its own: hls.js leaves sound-only variants of a master
  // playlist aside when there are pictures, rightly, since it cannot switch between them.
  function chosen() { return quality ? quality.options[quality.selectedIndex] : null; }
  function isAudio(option) { return !!option && option.hasAttribute("data-audio"); }
  function sourceUrl() {
    var option = chosen();
    return option && (isAudio(option) || !hls) ? option.getAttribute("data-url") : root.getAttribute("data-hls-url");
  }
  var loaded = null;  // the address the player was given

  // The rendition behind an hls.js level, by its playlist's name ("<slug>_360p.m3u8").
  function levelName(level) {
    var match = /_([a-z0-9]+)\.m3u8(\?.*)?$/.exec(level && level.url ? String(level.url) : "");
    return match ? match[1] : "";
  }
  function applyLevel() {
    if (!hls || !hls.levels) return;
    var want = quality ? quality.value : "";
    var index = -1;
    hls.levels.forEach(function (level, i) { if (want && levelName(level) === want) index = i; });
    // currentLevel switches at once (the buffer of the old one is dropped); -1 hands the choice
    // back to hls.js's bandwidth estimate.
    hls.currentLevel = index;
  }

  function attach() {
    if (hls || video.getAttribute("src")) return;
    note("attached");
    if (window.Hls && window.Hls.isSupported()) {
      // No worker: hls.js would start it from a blob: URL, which the CSP (rightly) forbids.
      hls = new window.Hls({ liveSyncDurationCount: 2, enableWorker: false });
      hls.on(window.Hls.Events.MANIFEST_PARSED, applyLevel);
      hls.on(window.Hls.Events.LEVEL_SWITCHED, function (event, data) {
        var level = hls && hls.levels[data.level];
        root.setAttribute("data-rendition", isAudio(chosen()) ? "audio" : levelName(level));
      });
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        note((data.fatal ? "fatal:" : "error:") + data.details);
        if (!data.fatal) return;
        // The encoder may just be starting: playlists appear a few seconds after the publish.
        if (data.type === window.Hls.ErrorTypes.NETWORK_ERROR) {
          window.setTimeout(function () { if (hls) hls.loadSource(loaded); }, 2000);
        } else if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR) {
          hls.recoverMediaError();
        } else {
          // Anything else leaves hls.js unusable: start over with a new player on the next
          // status check, instead of a live badge over a player that never shows a picture.
          restart();
        }
      });
      loaded = sourceUrl();
      hls.loadSource(loaded);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      // The browser's own HLS picks renditions itself; a choice is that rendition's playlist.
      loaded = sourceUrl();
      video.src = loaded;
    }
    if (isAudio(chosen())) root.setAttribute("data-rendition", "audio");
  }

  // A new choice: another picture switches within hls.js and keeps the position; to or from
  // sound only the player starts on the other playlist at the same distance from the live edge
  // (as far as that playlist reaches), so a viewer who rewound stays where they were.
  function choose() {
    var audio = isAudio(chosen());
    if (audioNote) audioNote.hidden = !audio;
    if (!attached) return;
    if (hls && !audio && loaded === root.getAttribute("data-hls-url")) { applyLevel(); return; }
    var behind = 0;
    if (video.seekable.length) behind = video.seekable.end(video.seekable.length - 1) - video.currentTime;
    var wasPlaying = !video.paused;
    detach();
    resume = false;  // this choice plays on by itself, below
    note("attached");
    attach();
    video.addEventListener("loadedmetadata", function seek() {
      video.removeEventListener("loadedmetadata", seek);
      var range = video.seekable;
      // The sound's playlist is a minute long: as far back as it goes.
      if (behind > 10 && range.length) video.currentTime = Math.max(range.start(0), range.end(range.length - 1) - behind);
      if (wasPlaying) video.play().catch(function () { /* the browser wants a click first */ });
    });
  }
  if (quality) quality.addEventListener("change", choose);

  function restart() {
    if (hls) { hls.destroy(); hls = null; }
    attached = false;
    window.setTimeout(poll, STARTING);
  }

  // A viewer who was watching when the broadcast ended (the encoder reconnects, a pause) is
  // watching again when it comes back, without pressing play a second time.
  var resume = false;
  function resumeWhenReady() {
    if (!resume) return;
    resume = false;
    video.addEventListener("loadedmetadata", function again() {
      video.removeEventListener("loadedmetadata", again);
      video.play().catch(function () { /* the browser wants a click first */ });
    });
  }

  // Only what this broadcast has (the status says which playlists are new): an encoder
  // without sound has no "Nur Ton", and the last broadcast's sound is not offered instead.
  function offer(names) {
    if (!quality || !names) return;
    var lost = false;
    Array.prototype.forEach.call(quality.options, function (option) {
      if (!option.value) return;  // "Automatisch" is always there
      var available = names.indexOf(option.value) !== -1;
      option.disabled = !available;
      if (!available && option.selected) lost = true;
    });
    if (lost) { quality.value = ""; choose(); }
  }

  function detach() {
    if (!video.paused) resume = true;
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
    if (isLive && isPlayable && !attached) { attached = true; attach(); resumeWhenReady(); }
    if (!isLive && attached) { attached = false; detach(); }
  }

  var timer = null;
  function poll() {
    window.clearTimeout(timer);
    if (document.hidden) { timer = window.setTimeout(poll, INTERVAL); return; }
    fetch(statusUrl, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) return;
        apply(state.live, state.playable);
        if (state.live) offer(state.renditions);
        // For the sign-language window (sign.js), which has no status check of its own.
        document.dispatchEvent(new CustomEvent("hearing:stream-status", { detail: state }));
      })
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
    var track = (e.detail && e.detail.data && e.detail.data.track) || "programme";
    if (type === "media.stream.started") poll();
    // The interpreter's stream ending leaves the hearing's playing; the next check tells sign.js.
    // The programme's end hides the player at once; the check after it tells sign.js too.
    if (type === "media.stream.ended") { if (track === "programme") apply(false, false); poll(); }
  });

  poll();
})();
