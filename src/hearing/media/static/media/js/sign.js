// The sign-language interpreter's picture beside the hearing's: on the hearing page while the
// interpreter's stream and the hearing's are live, on a recording's page beside the recording.
// Switchable (the choice is kept in this browser) and kept in step with the hearing's player: it
// plays, pauses, rewinds and changes speed with it.
(function () {
  "use strict";
  var box = document.querySelector("[data-sign]");
  if (!box) return;
  var video = box.querySelector("[data-sign-player]");
  var main = document.querySelector("[data-stream-player], [data-recording-player]");
  var toggle = document.querySelector("[data-sign-toggle]");
  var offer = document.querySelector("[data-sign-switch]");
  var hlsUrl = box.getAttribute("data-sign-hls-url");
  var offset = parseFloat(box.getAttribute("data-sign-offset") || "0");
  var KEY = "hearing-sign";
  var wanted = true;
  try { wanted = window.localStorage.getItem(KEY) !== "off"; } catch (e) { /* private mode */ }
  if (toggle) toggle.checked = wanted;
  // A recording's interpreter is always there; a live one while its stream and the programme are.
  var available = !hlsUrl;
  var hls = null;
  // Further apart than this (seconds) the interpreter is moved to the hearing's time. Live, the
  // two playlists' edges differ by up to a fragment (2 s), so it allows more there.
  var DRIFT = hlsUrl ? 2.5 : 0.4;

  function note(state) { box.setAttribute("data-sign-state", state); }

  // Where the interpreter should be now: a recording's time minus where the interpreter's
  // recording starts; live, as far behind its live edge as the hearing's player is behind its.
  function target() {
    if (!hlsUrl) return main.currentTime - offset;
    if (!main.seekable.length || !video.seekable.length) return null;
    var behind = main.seekable.end(main.seekable.length - 1) - main.currentTime;
    return video.seekable.end(video.seekable.length - 1) - Math.max(behind, 0);
  }

  function follow() {
    if (box.hidden || !main) return;
    var at = target();
    if (at !== null) {
      var end = isFinite(video.duration) && !hlsUrl ? video.duration : Infinity;
      var outside = at < 0 || at > end;
      box.classList.toggle("sign-idle", outside);
      if (outside) { if (!video.paused) video.pause(); note("outside"); return; }
      if (Math.abs(video.currentTime - at) > DRIFT) video.currentTime = at;
    }
    video.playbackRate = main.playbackRate;
    if (main.paused && !video.paused) video.pause();
    if (!main.paused && video.paused) {
      var playing = video.play();
      if (playing && playing.catch) playing.catch(function () { /* not loaded yet: next event */ });
    }
    note(main.paused ? "paused" : "playing");
  }

  function attach() {
    if (hls || video.getAttribute("src")) return;
    if (window.Hls && window.Hls.isSupported()) {
      // As the hearing's player: no worker (the CSP forbids blob: scripts).
      hls = new window.Hls({ liveSyncDurationCount: 2, enableWorker: false });
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        if (data.fatal) { detach(); note("error:" + data.details); }
      });
      hls.loadSource(hlsUrl);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = hlsUrl;
    }
    note("attached");
  }

  function detach() {
    if (hls) { hls.destroy(); hls = null; }
    if (hlsUrl && video.getAttribute("src")) { video.removeAttribute("src"); video.load(); }
  }

  function show() {
    box.hidden = !(available && wanted);
    if (offer) offer.hidden = !available;
    if (box.hidden) { video.pause(); if (hlsUrl) detach(); note("hidden"); return; }
    if (hlsUrl) attach();
    follow();
  }

  if (toggle) {
    toggle.addEventListener("change", function () {
      wanted = toggle.checked;
      try { window.localStorage.setItem(KEY, wanted ? "on" : "off"); } catch (e) { /* private mode */ }
      show();
    });
  }
  if (main) {
    ["play", "pause", "seeked", "ratechange", "timeupdate"].forEach(function (type) {
      main.addEventListener(type, follow);
    });
  }
  video.addEventListener("loadedmetadata", follow);

  // Live: stream.js reports every status check (and the live bus's start and end at once). The
  // interpreter goes with the programme: shown while both are on air, never beside a programme
  // that is offline (an interpreter's camera left running before or after the hearing).
  document.addEventListener("hearing:stream-status", function (e) {
    var state = e.detail || {};
    var sign = state.sign;
    var now = !!(state.live && sign && sign.live && sign.playable);
    if (now === available) return;
    available = now;
    if (!now) detach();
    show();
  });
  show();
})();
