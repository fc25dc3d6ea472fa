// Opens the recording at the moment a search hit or a segment link names (?t=seconds).
(function () {
  "use strict";
  var player = document.getElementById("player");
  if (!player) { return; }
  var start = parseFloat(player.getAttribute("data-start") || "0");
  function seek(seconds) {
    if (isNaN(seconds)) { return; }
    if (player.readyState >= 1) { player.currentTime = seconds; }
    else { player.addEventListener("loadedmetadata", function () { player.currentTime = seconds; }, { once: true }); }
  }
  if (start > 0) { seek(start); }
  document.querySelectorAll("a[data-seek]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      seek(parseFloat(link.getAttribute("data-seek")));
      history.replaceState(null, "", link.getAttribute("href"));
      player.focus();
    });
  });
})();
