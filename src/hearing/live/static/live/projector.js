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
