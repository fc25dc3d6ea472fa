// Live Q&A and speakers list: keeps the panels current from the events live-state.js re-announces
// ("hearing:live"). Public lists are drawn from the event data (no request per viewer); the
// personal and moderation panels re-fetch their server-rendered part (few viewers, private data).
(function () {
  "use strict";
  if (window.hearingLivePanels) return;
  window.hearingLivePanels = true;

  function fmt(seconds) {
    var s = Math.max(0, Math.floor(Math.abs(seconds)));
    return (seconds < 0 ? "−" : "") + String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
  }

  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var started = Date.parse(el.getAttribute("data-started"));
      var limit = Number(el.getAttribute("data-limit"));
      if (!started || !limit) { el.textContent = ""; return; }
      var left = limit - (Date.now() - started) / 1000;
      var label = (el.closest("[data-live-speaking]") || document.body).getAttribute("data-text-remaining") || "";
      el.textContent = (label ? label + " " : "") + fmt(left);
      el.classList.toggle("over", left < 0);
    });
  }
  window.setInterval(tick, 1000);
  tick();

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  function drawQuestions(data) {
    document.querySelectorAll("[data-live-questions]").forEach(function (list) {
      if (list.closest("[data-live-fetch]")) return;
      if (String(data.item) !== list.getAttribute("data-item")) return;
      list.textContent = "";
      data.questions.forEach(function (q) {
        var li = document.createElement("li");
        li.className = "question is-" + q.status;
        li.setAttribute("data-question-id", q.id);
        li.setAttribute("data-status", q.status);
        li.setAttribute("data-votes", q.votes);
        li.appendChild(voteCount(q.votes, list));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(text("span", q.text, "question-text"));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(text("span", "– " + q.asker, "asker"));
        if (q.status === "answering") { li.appendChild(document.createTextNode(" ")); li.appendChild(text("span", list.getAttribute("data-text-answering"), "badge live")); }
        if (q.status === "answered") { li.appendChild(document.createTextNode(" ")); li.appendChild(text("span", list.getAttribute("data-text-answered"), "badge")); }
        list.appendChild(li);
      });
      var empty = list.parentNode.querySelector("[data-live-questions-empty]");
      if (empty) empty.hidden = data.questions.length > 0;
    });
  }

  function voteCount(count, list) {
    var votes = text("span", count + " ", "votes");
    // German and English have one form for 1 and one for the rest (gettext's plural rule).
    var word = list.getAttribute(Number(count) === 1 ? "data-text-vote" : "data-text-votes");
    votes.appendChild(text("span", word, "visually-hidden"));
    return votes;
  }

  // One question's new count ("votes:<question>" events): the list stays in the server's order,
  // answering before approved before answered, then most votes first, the earlier
  // (lower id: ids are given in the order questions are asked) on a tie.
  var RANK = { answering: 0, approved: 1, answered: 2 };
  function drawVotes(data) {
    document.querySelectorAll("[data-live-questions]").forEach(function (list) {
      if (list.closest("[data-live-fetch]")) return;
      if (String(data.item) !== list.getAttribute("data-item")) return;
      var li = list.querySelector('[data-question-id="' + Number(data.question) + '"]');
      if (!li || !li.hasAttribute("data-votes")) return;
      li.setAttribute("data-votes", data.votes);
      li.replaceChild(voteCount(data.votes, list), li.querySelector(".votes"));
      var items = Array.prototype.slice.call(list.children);
      items.sort(function (a, b) {
        return (RANK[a.getAttribute("data-status")] - RANK[b.getAttribute("data-status")]) ||
          (Number(b.getAttribute("data-votes")) - Number(a.getAttribute("data-votes"))) ||
          (Number(a.getAttribute("data-question-id")) - Number(b.getAttribute("data-question-id")));
      });
      items.forEach(function (el) { list.appendChild(el); });
    });
  }

  function drawSpeakers(data) {
    document.querySelectorAll("[data-live-speaking]").forEach(function (box) {
      if (box.closest("[data-live-fetch]")) return;
      var list = box.parentNode.querySelector("[data-live-questions]");
      if (list && String(data.item) !== list.getAttribute("data-item")) return;
      var name = box.querySelector("[data-speaking-name]");
      var countdown = box.querySelector("[data-countdown]");
      var called = box.querySelector("[data-speaking-called]");
      var s = data.speaking;
      if (s) {
        var where = box.getAttribute(s.attendance === "virtual" ? "data-text-virtual" : "data-text-in-person");
        name.textContent = s.name + " (" + where + ")";
        countdown.setAttribute("data-started", s.started_at || "");
        countdown.setAttribute("data-limit", s.limit || "");
        countdown.hidden = false;
      } else {
        name.textContent = box.getAttribute("data-text-nobody");
        countdown.hidden = true;
      }
      called.textContent = data.called ? box.getAttribute("data-text-called") + " " + data.called.name : "";
      tick();
    });
  }

  var timers = {};
  function refresh(body) {
    var url = body.getAttribute("data-live-refresh-url");
    if (timers[url]) return;
    timers[url] = window.setTimeout(function () {
      timers[url] = null;
      // Never pull the ground from under someone typing: try again once they leave the field.
      var active = document.activeElement;
      if (active && body.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) {
        active.addEventListener("blur", function () { refresh(body); }, { once: true });
        return;
      }
      fetch(url, { headers: { Accept: "text/html" }, cache: "no-store", credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) { body.innerHTML = html; tick(); syncAsk(panelOf(body)); } })
        .catch(function () { /* the next event tries again */ });
    }, 100);
  }

  // The question boxes sit outside the parts that are fetched again (nobody loses what they
  // type); they follow the item and the public-questions switch. The refreshed part of a panel
  // carries the state ([data-live-ask-state]: the item with Q&A, if one runs, and the switch).
  function syncAsk(panel) {
    var state = panel.querySelector("[data-live-ask-state]");
    if (!state) return;
    var item = state.getAttribute("data-item");
    var publicOn = state.getAttribute("data-public") === "1";
    panel.querySelectorAll("[data-live-ask]").forEach(function (form) {
      var open = !!item && (!form.hasAttribute("data-live-ask-needs-public") || publicOn);
      var field = form.querySelector("[data-live-ask-item]");
      if (field && item) field.value = item;
      if (open && !form.querySelector("[name=csrfmiddlewaretoken]")) {
        // A page kept in the cache has no token: fetch one before the form can be sent.
        fetch(form.getAttribute("data-csrf-url"), { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (body) {
            if (!body || form.querySelector("[name=csrfmiddlewaretoken]")) return;
            var token = document.createElement("input");
            token.type = "hidden";
            token.name = "csrfmiddlewaretoken";
            token.value = body.token;
            form.insertBefore(token, form.firstChild);
            form.hidden = false;
          })
          .catch(function () { /* the next change tries again */ });
        return;
      }
      form.hidden = !open;
    });
  }
  function panelOf(el) { return el.closest(".live-panel") || document; }

  document.addEventListener("hearing:live", function (e) {
    var message = e.detail;
    if (message.kind === "announcement") {
      document.querySelectorAll("[data-live-announcement]").forEach(function (el) {
        el.textContent = message.data.text;
        el.hidden = false;
      });
    }
    if (message.kind === "settings") {
      document.querySelectorAll("[data-live-ask-state]").forEach(function (state) {
        state.setAttribute("data-public", message.data.public_questions ? "1" : "0");
        syncAsk(panelOf(state));
      });
    }
    if (message.kind === "live-state") {
      // At once, before the panel's part comes again: the item's id and whether it has Q&A.
      var current = message.data.current;
      document.querySelectorAll("[data-live-ask-state]").forEach(function (state) {
        state.setAttribute("data-item", current && current.interactive ? String(current.id) : "");
        syncAsk(panelOf(state));
      });
    }
    if (message.kind === "questions") drawQuestions(message.data);
    if (message.kind === "votes") drawVotes(message.data);
    if (message.kind === "speakers") drawSpeakers(message.data);
    document.querySelectorAll("[data-live-body]").forEach(function (body) {
      // Private panels follow every change; public ones only a new item (the lists come in the data).
      if (body.hasAttribute("data-live-fetch") || message.kind === "live-state") refresh(body);
    });
  });
})();
