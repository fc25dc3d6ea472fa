// The agenda editor: items can be dragged by their handle to another place; the new order goes
// to the server as one list (the arrow buttons do the same one step at a time, by keyboard too).
// The server answers with the agenda's new times, so the page is loaded again.
(function () {
  "use strict";
  var list = document.querySelector("[data-agenda-order]");
  if (!list) return;
  var status = document.querySelector("[data-agenda-status]");
  // Removing asks first (the item is kept, but gone from every page).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
  var dragged = null;

  list.querySelectorAll("[data-item]").forEach(function (row) {
    var handle = row.querySelector(".drag-handle");
    handle.addEventListener("dragstart", function (e) {
      dragged = row;
      row.classList.add("is-dragged");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", row.getAttribute("data-item"));
    });
    handle.addEventListener("dragend", function () {
      row.classList.remove("is-dragged");
      dragged = null;
    });
    row.addEventListener("dragover", function (e) {
      if (!dragged || dragged === row) return;
      e.preventDefault();
      var box = row.getBoundingClientRect();
      var after = e.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (e) {
      e.preventDefault();
      save();
    });
  });

  function save() {
    var order = Array.prototype.map.call(list.querySelectorAll("[data-item]"), function (row) {
      return row.getAttribute("data-item");
    });
    var body = new URLSearchParams({ order: order.join(",") });
    var token = document.querySelector("[name=csrfmiddlewaretoken]");
    fetch(list.getAttribute("data-url"), {
      method: "POST",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" },
      body: body,
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || response.statusText);
        window.location.reload();
      });
    }).catch(function (error) {
      if (status) status.textContent = error.message;
      window.location.reload();
    });
  }
})();
