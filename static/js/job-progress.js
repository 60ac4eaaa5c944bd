// Polls a job's status (jobs:status with Accept: application/json) and updates its progress box in place.
// Without JavaScript the box still works: its "Oppdater status" link reloads the page.
(function () {
  "use strict";

  var INTERVAL_MS = 2000;
  var MAX_INTERVAL_MS = 15000;

  function show(el, visible) {
    if (el) { el.classList.toggle("d-none", !visible); }
  }

  function render(box, state) {
    var status = box.querySelector("[data-job-status]");
    var text = box.querySelector("[data-job-text]");
    var bar = box.querySelector("[data-job-bar]");
    var error = box.querySelector("[data-job-error]");
    var download = box.querySelector("[data-job-download]");
    var link = box.querySelector("[data-job-download-link]");
    var filename = box.querySelector("[data-job-filename]");
    var note = box.querySelector("[data-job-queue-note]");
    if (status) { status.textContent = state.status_label; }
    if (text) { text.textContent = state.active && state.progress_text ? " – " + state.progress_text : ""; }
    if (bar) { bar.value = state.progress; }
    show(note, state.status === "not_queued");
    if (error) { error.textContent = state.error || ""; show(error, state.status === "error"); }
    if (state.download_url && link) {
      link.setAttribute("href", state.download_url);
      if (filename) { filename.textContent = state.filename; }
    }
    show(download, Boolean(state.download_url));
  }

  // The «Pakken bygges…» message above the page goes once no box on the page has a job still going.
  function settle() {
    var boxes = document.querySelectorAll("[data-job-progress]");
    var going = Array.prototype.some.call(boxes, function (box) { return box.getAttribute("data-job-active") === "true"; });
    if (going) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-job-message]"), function (message) {
      message.remove();
    });
  }

  function poll(box, delay) {
    var url = box.getAttribute("data-status-url");
    window.setTimeout(function () {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (state) {
          render(box, state);
          box.setAttribute("data-job-active", state.active ? "true" : "false");
          if (state.active) { poll(box, INTERVAL_MS); } else { settle(); }
        })
        .catch(function () {
          poll(box, Math.min(delay * 2, MAX_INTERVAL_MS)); // the server is busy or away: back off
        });
    }, delay);
  }

  function start() {
    settle();
    var boxes = document.querySelectorAll("[data-job-progress]");
    Array.prototype.forEach.call(boxes, function (box) {
      show(box.querySelector("[data-job-refresh]"), false);
      if (box.querySelector("[data-job-refresh]")) { poll(box, INTERVAL_MS); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
