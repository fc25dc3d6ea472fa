/* Wall and speaker view: a button that puts the page in full screen (projector, stage monitor).
   Shown only where the browser can do it; the page works the same without. */
(function () {
  "use strict";
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
