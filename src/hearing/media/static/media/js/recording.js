// Chapter buttons on a recording's page jump the player to the chapter's start.
(function () {
  "use strict";
  var player = document.getElementById("recording-player");
  if (!player) return;
  document.querySelectorAll("[data-seek]").forEach(function (button) {
    button.addEventListener("click", function () {
      player.currentTime = parseFloat(button.getAttribute("data-seek"));
      var playing = player.play();
      if (playing && playing.catch) playing.catch(function () { /* the visitor presses play */ });
      player.focus();
    });
  });
})();
