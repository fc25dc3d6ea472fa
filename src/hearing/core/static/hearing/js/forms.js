// Forms that write (method="post") send once: while a post is on its way, its submit buttons are
// disabled and say so to screen readers (aria-busy), so a double click does not send it twice.
// The server refuses duplicates anyway (constraints); this spares the second round trip. A page
// restored from the back/forward cache gets its buttons back.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") return;
    if (event.defaultPrevented) return;
    if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
    form.setAttribute("aria-busy", "true");
    // After this event: the browser still sends the pressed button's name and value.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
        .forEach(function (button) {
          if (button.disabled) return;
          button.disabled = true;
          button.setAttribute("data-sending", "");
        });
    }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[aria-busy=true]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("[data-sending]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("data-sending");
      });
    });
  });
})();
