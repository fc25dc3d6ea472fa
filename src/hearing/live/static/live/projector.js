/* Wall and speaker view: a button that puts the page in full screen (projector, stage monitor).
   Shown only where the browser can do it; the page works the same without. */
(function () {
  "use strict";
  // The wall's join address breaks only after a "/" (its parts do not wrap): a part wider than the
  // join panel makes the address's type smaller until it fits, instead of running out of the panel.
  var address = document.querySelector("[data-wall-address]");
  function fit() {
    if (!address) return;
    address.style.fontSize = "";
    var size = parseFloat(window.getComputedStyle(address).fontSize);
    var smallest = size * 0.4;
    while (address.scrollWidth > address.clientWidth && size > smallest) {
      size *= 0.93;
      address.style.fontSize = size + "px";
    }
  }
  fit();
  window.addEventListener("resize", fit);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(fit);

  // The wall shows only whole questions (live.css); how many did not fit is said beside
  // "Fragen", so none is left out without a word. Counted again when the list changes.
  function countHidden() {
    var list = document.querySelector(".wall [data-live-questions]");
    var note = document.querySelector(".wall [data-questions-more]");
    if (!list || !note) return;
    var right = list.getBoundingClientRect().right;
    var hidden = 0;
    list.querySelectorAll(":scope > li").forEach(function (li) {
      if (li.getBoundingClientRect().left >= right - 1) hidden += 1;
    });
    var text = hidden === 0 ? "" : hidden === 1 ? note.getAttribute("data-text-one")
      : note.getAttribute("data-text-many").replace("{n}", String(hidden));
    if (note.textContent !== text) note.textContent = text;  // no change, no new mutation
  }
  var body = document.querySelector(".wall [data-live-body]");
  if (body && window.MutationObserver) {
    new MutationObserver(countHidden).observe(body, { childList: true, subtree: true, characterData: true });
  }
  // The live part shrinks when the caption band appears or grows a line: count again then.
  if (body && window.ResizeObserver) new ResizeObserver(countHidden).observe(body);
  countHidden();
  window.addEventListener("resize", countHidden);

  var button = document.querySelector("[data-fullscreen]");
  if (!button || !document.fullscreenEnabled) {
    return;
  }
  var enter = button.textContent;
  var exit = button.getAttribute("data-text-exit");
  button.hidden = false;
  button.addEventListener("click", function () {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else {
      document.documentElement.requestFullscreen();
    }
  });
  document.addEventListener("fullscreenchange", function () {
    var on = Boolean(document.fullscreenElement);
    button.textContent = on ? exit : enter;
    button.setAttribute("aria-pressed", on ? "true" : "false");
  });
})();
