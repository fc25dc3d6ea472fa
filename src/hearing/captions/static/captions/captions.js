// Live captions from the live bus (live-state.js re-announces every event as "hearing:live"):
// final lines are added to a log (role="log": screen readers read each new line once); the
// interim text of the line being spoken stands below it, hidden from screen readers.
(function () {
  "use strict";
  if (window.hearingCaptions) return;
  window.hearingCaptions = true;
  var lines = document.querySelector("[data-caption-lines]");
  var interim = document.querySelector("[data-caption-interim]");
  var boxes = document.querySelectorAll("[data-captions-box]");
  if (!lines && !boxes.length) return;
  var KEEP = 200;  // lines on the page; the whole record is in the transcript later
  // A page opened mid-hearing starts at the newest line.
  var scroller = lines && lines.closest("[data-caption-scroll]");
  if (scroller) scroller.scrollTop = scroller.scrollHeight;

  // The band: the last final line above what is being said now. Shown with the first caption;
  // the viewer's choices (on/off, size) are kept in this browser.
  var choice = {};
  try { choice = JSON.parse(window.localStorage.getItem("hearing-captions") || "{}"); } catch (e) { choice = {}; }
  function remember() { try { window.localStorage.setItem("hearing-captions", JSON.stringify(choice)); } catch (e) { /* private mode */ } }
  boxes.forEach(function (box) {
    var toggle = box.querySelector("[data-captions-toggle]");
    var size = box.querySelector("[data-captions-size]");
    var band = box.querySelector("[data-captions-band]");
    if (!toggle || !size) return;  // the wall's band: no controls, always shown at its size
    function apply() {
      band.hidden = !toggle.checked;
      band.classList.toggle("is-large", size.value === "large");
      band.classList.toggle("is-huge", size.value === "huge");
    }
    if (choice.off) toggle.checked = false;
    if (choice.size) size.value = choice.size;
    toggle.addEventListener("change", function () { choice.off = !toggle.checked; remember(); apply(); });
    size.addEventListener("change", function () { choice.size = size.value; remember(); apply(); });
    apply();
  });
  function band(final, text) {
    boxes.forEach(function (box) {
      box.hidden = false;
      var now = box.querySelector("[data-caption-now]");
      if (final) {
        box.querySelector("[data-caption-last]").textContent = text;
        now.textContent = "";
      } else {
        now.textContent = text;
      }
    });
  }

  // The captioner's console: the correction box follows the newest line, unless the captioner
  // is writing in it.
  var correct = document.querySelector("[data-caption-correct]");
  var newest = 0;
  function follow(data) {
    if (!correct || Number(data.id) < newest) return;
    newest = Number(data.id);
    var box = correct.querySelector("textarea");
    if (document.activeElement === box) return;
    correct.action = correct.getAttribute("data-action-template").replace(/0\/$/, newest + "/");
    box.value = data.text;
    correct.hidden = false;
  }

  // The line the page was rendered with (a page opened mid-hearing): older ones do not replace it.
  var lastShown = 0;
  boxes.forEach(function (box) { lastShown = Math.max(lastShown, Number(box.getAttribute("data-caption-latest") || 0)); });
  function show(data) {
    // A correction of an older line changes the log, not the band's newest line.
    if (Number(data.id) >= lastShown) { lastShown = Number(data.id); band(true, data.text); }
    follow(data);
    if (!lines) return;
    // Whoever scrolled back to read an older line stays there; otherwise the newest is in view.
    var box = lines.closest("[data-caption-scroll]");
    var following = !box || box.scrollHeight - box.scrollTop - box.clientHeight < 48;
    var li = lines.querySelector('[data-caption-id="' + Number(data.id) + '"]');
    if (!li) {
      li = document.createElement("li");
      li.setAttribute("data-caption-id", data.id);
      lines.appendChild(li);
    }
    li.textContent = data.text;
    li.classList.toggle("is-edited", !!data.edited);
    while (lines.children.length > KEEP) lines.removeChild(lines.firstChild);
    if (interim) interim.textContent = "";
    if (box && following) box.scrollTop = box.scrollHeight;
  }

  document.addEventListener("hearing:live", function (e) {
    var message = e.detail;
    if (message.type === "captions.line") show(message.data);
    if (message.type === "captions.delayed" || message.type === "captions.caught_up") {
      document.querySelectorAll("[data-captions-delayed]").forEach(function (el) {
        el.hidden = message.type !== "captions.delayed";
      });
    }
    if (message.type === "captions.interim") {
      if (interim) interim.textContent = message.data.text;
      band(false, message.data.text);
    }
  });
})();
