// Live captions from the live bus (live-state.js re-announces every event as "hearing:live"):
// final lines are added to a log (role="log": screen readers read each new line once); the
// interim text of the line being spoken stands below it, hidden from screen readers.
(function () {
  "use strict";
  var lines = document.querySelector("[data-caption-lines]");
  var interim = document.querySelector("[data-caption-interim]");
  if (!lines) return;
  var KEEP = 200;  // lines on the page; the whole record is in the transcript later

  function show(data) {
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
    var box = lines.closest(".captions");
    if (box) box.scrollTop = box.scrollHeight;
  }

  document.addEventListener("hearing:live", function (e) {
    var message = e.detail;
    if (message.type === "captions.line") show(message.data);
    if (message.type === "captions.interim" && interim) interim.textContent = message.data.text;
  });
})();
