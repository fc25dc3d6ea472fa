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

  // A line a person corrected or wrote shows a mark, and says so in words for screen readers
  // (the words come translated from the template, as captions/_edited.html renders them).
  function writeLine(el, text, data, texts) {
    el.textContent = text;
    if (!text || !data.edited) return;
    var mark = document.createElement("span");
    mark.className = "caption-edited";
    var sign = document.createElement("span");
    sign.setAttribute("aria-hidden", "true");
    sign.textContent = "✎";
    var words = document.createElement("span");
    words.className = "visually-hidden";
    words.textContent = " " + texts.getAttribute(data.source === "person" ? "data-text-written" : "data-text-edited");
    mark.appendChild(document.createTextNode(" "));
    mark.appendChild(sign);
    mark.appendChild(words);
    el.appendChild(mark);
  }

  // The band: the last final line above what is being said now. Shown with the first caption;
  // the viewer's choices (on/off, size) are kept in this browser, the wall's apart from a
  // viewer's (the laptop at the projector is often someone's own).
  var bands = [];
  boxes.forEach(function (box) {
    var last = box.querySelector("[data-caption-last]");
    var mark = last.querySelector(".caption-edited");
    var b = {
      box: box,
      band: box.querySelector("[data-captions-band]"),
      last: last,
      now: box.querySelector("[data-caption-now]"),
      // What the band shows, whole (render() may show only its end); first the line the page
      // was rendered with.
      line: {
        text: last.firstChild && last.firstChild.nodeType === 3 ? last.firstChild.nodeValue : "",
        edited: !!mark,
        source: mark && mark.hasAttribute("data-caption-written") ? "person" : "auto"
      },
      interim: ""
    };
    bands.push(b);
    var toggle = box.querySelector("[data-captions-toggle]");
    var size = box.querySelector("[data-captions-size]");
    var note = box.querySelector("[data-captions-note]");
    if (!toggle) return;
    var key = box.hasAttribute("data-captions-wall") ? "hearing-captions-wall" : "hearing-captions";
    var choice = {};
    try { choice = JSON.parse(window.localStorage.getItem(key) || "{}"); } catch (e) { choice = {}; }
    function remember() { try { window.localStorage.setItem(key, JSON.stringify(choice)); } catch (e) { /* private mode */ } }
    function apply() {
      b.band.hidden = !toggle.checked;
      if (note) note.hidden = !toggle.checked;
      if (size) {
        b.band.classList.toggle("is-large", size.value === "large");
        b.band.classList.toggle("is-huge", size.value === "huge");
      }
      render(b);
    }
    if (choice.off) toggle.checked = false;
    if (size && choice.size) size.value = choice.size;
    toggle.addEventListener("change", function () { choice.off = !toggle.checked; remember(); apply(); });
    if (size) size.addEventListener("change", function () { choice.size = size.value; remember(); apply(); });
    apply();
  });

  // A band of a fixed height (the wall, full screen) shows the newest words: what does not fit
  // leaves at the start in whole words ("…" stands for them), never as half a line cut at the
  // top edge. Other bands grow with their text.
  function fits(b) {
    var style = window.getComputedStyle(b.band);
    var room = b.band.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return b.last.getBoundingClientRect().height + b.now.getBoundingClientRect().height <= room + 1;
  }
  // Draws (with ``draw``) as much of the end of ``text`` as fits; false when not one word does.
  function shorten(b, text, draw) {
    var words = text.split(/\s+/).filter(Boolean);
    function from(k) { return k >= words.length ? "" : (k ? "… " : "") + words.slice(k).join(" "); }
    var low = 0, high = words.length;  // the fewest words to leave out so that the rest fits
    while (low < high) {
      var mid = Math.floor((low + high) / 2);
      draw(from(mid));
      if (fits(b)) high = mid; else low = mid + 1;
    }
    draw(from(low));
    return low < words.length;
  }
  function render(b) {
    function drawLast(text) { writeLine(b.last, text, b.line, b.box); }
    function drawNow(text) { b.now.textContent = text; }
    drawLast(b.line.text);
    drawNow(b.interim);
    if (b.box.hidden || b.band.hidden || window.getComputedStyle(b.band).overflowY !== "hidden") return;
    // The line being said is the newest: the last line gives way first, all of it if need be.
    if (!fits(b) && !shorten(b, b.line.text, drawLast)) shorten(b, b.interim, drawNow);
  }
  function renderAll() { bands.forEach(render); }
  window.addEventListener("resize", renderAll);
  document.addEventListener("fullscreenchange", renderAll);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(renderAll);
  renderAll();

  function band(final, data) {
    bands.forEach(function (b) {
      b.box.hidden = false;
      if (final) {
        b.line = { text: data.text, edited: !!data.edited, source: data.source };
        b.interim = "";
      } else {
        b.interim = data.text;
      }
      render(b);
    });
  }

  // The captioner's console: the correction box follows the newest line. A correction being
  // written stays with its line (the form's action) until it is sent, emptied or put back to
  // the line's text, also when the focus has left the box; while the box has the focus it
  // stays as it is, too.
  var correct = document.querySelector("[data-caption-correct]");
  var correctBox = correct && correct.querySelector("textarea");
  var newest = correct ? Number(correct.getAttribute("data-caption-target") || 0) : 0;
  var loaded = correctBox ? correctBox.value : "";  // the text of the line the box holds
  function editing() {
    var text = correctBox.value;
    return document.activeElement === correctBox || (text.trim() !== "" && text !== loaded);
  }
  function follow(data) {
    if (!correct || Number(data.id) < newest) return;
    newest = Number(data.id);
    if (editing()) return;
    correct.action = correct.getAttribute("data-action-template").replace(/0\/$/, newest + "/");
    correct.setAttribute("data-caption-target", String(newest));
    correctBox.value = loaded = data.text;
    // What the box was loaded with goes along: a line another captioner changed meanwhile is
    // not overwritten without a word (captions.domain.correct).
    correct.querySelector("[data-caption-original]").value = data.text;
    correct.hidden = false;
  }

  // The line the page was rendered with (a page opened mid-hearing): older ones do not replace it.
  var lastShown = 0;
  boxes.forEach(function (box) { lastShown = Math.max(lastShown, Number(box.getAttribute("data-caption-latest") || 0)); });
  function show(data) {
    // A correction of an older line changes the log, not the band's newest line.
    if (Number(data.id) >= lastShown) { lastShown = Number(data.id); band(true, data); }
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
    writeLine(li, data.text, data, lines);
    li.classList.toggle("is-edited", !!data.edited);
    while (lines.children.length > KEEP) lines.removeChild(lines.firstChild);
    if (interim) interim.textContent = "";
    if (box && following) box.scrollTop = box.scrollHeight;
  }

  // Captions switched off for the hearing: the bands go, with what was being said; the caption
  // page and the console say that they are off. Switched on again, the bands come back with the
  // next line (a late word of the recogniser in between is not shown).
  var off = false;
  function switched(on) {
    off = !on;
    document.querySelectorAll("[data-captions-on]").forEach(function (el) { el.hidden = !on; });
    document.querySelectorAll("[data-captions-off]").forEach(function (el) { el.hidden = on; });
    if (on) return;
    if (interim) interim.textContent = "";
    document.querySelectorAll("[data-captions-delayed]").forEach(function (el) { el.hidden = true; });
    bands.forEach(function (b) {
      b.box.hidden = true;
      b.line = { text: "", edited: false, source: "auto" };
      b.interim = "";
      render(b);
    });
  }

  document.addEventListener("hearing:live", function (e) {
    var message = e.detail;
    if (message.type === "captions.enabled") switched(true);
    if (message.type === "captions.disabled") switched(false);
    if (message.type === "captions.line") show(message.data);
    if (message.type === "captions.delayed" || message.type === "captions.caught_up") {
      document.querySelectorAll("[data-captions-delayed]").forEach(function (el) {
        el.hidden = off || message.type !== "captions.delayed";
      });
    }
    if (message.type === "captions.interim" && !off) {
      if (interim) interim.textContent = message.data.text;
      band(false, message.data);
    }
  });
})();
