// Full screen for the player with what belongs to it: the button puts the wrapper
// ([data-stream-screen]: the picture, the interpreter's window, the caption band and the controls)
// on the screen, not the video alone, which would leave the interpreter and the live captions
// behind. The video's own full-screen button is taken away where this one works; where the browser
// cannot put an element in full screen (iPhone), the button stays hidden and the video's own one
// is there as before.
(function () {
  "use strict";
  if (!document.fullscreenEnabled) return;
  document.querySelectorAll("[data-stream-screen]").forEach(function (screen) {
    var button = screen.querySelector("[data-stream-fullscreen]");
    if (!button || !screen.requestFullscreen) return;
    var enter = button.textContent;
    var exit = button.getAttribute("data-text-exit");
    var videos = screen.querySelectorAll("video[controls]");

    function toggle() {
      if (document.fullscreenElement === screen) {
        document.exitFullscreen();
      } else {
        screen.requestFullscreen().catch(function () { /* refused (no user gesture): stays */ });
      }
    }

    videos.forEach(function (video) {
      video.setAttribute("controlslist", "nofullscreen");
      // A double click on the picture is the other way into full screen: the same one.
      video.addEventListener("dblclick", function (e) { e.preventDefault(); toggle(); });
    });
    button.hidden = false;
    button.addEventListener("click", toggle);
    document.addEventListener("fullscreenchange", function () {
      button.textContent = document.fullscreenElement === screen ? exit : enter;
    });
  });
})();
