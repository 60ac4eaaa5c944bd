// Autosave for the office report's texts (templates/reports/report_detail.html).
// Progressive: without JavaScript the "Lagre utkast" button posts the same form.
// - posts the form to data-autosave-url every few seconds while something changed, when a field loses focus,
//   and (as a beacon) when the page is left;
// - keeps the latest typed text in localStorage until the server has it, so an expired session or a closed
//   tab loses nothing: the text is put back into the form the next time the page is opened (after login).
(function () {
  "use strict";

  var INTERVAL_MS = 4000;
  var form = document.getElementById("report-form");
  if (!form || !form.getAttribute("data-autosave-url")) { return; }
  var url = form.getAttribute("data-autosave-url");
  var key = form.getAttribute("data-storage-key") + ":" + form.getAttribute("data-round");
  var statusBox = form.querySelector("[data-autosave-status]");
  var restoredBox = document.querySelector("[data-autosave-restored]");
  var dirty = false;
  var saving = false;
  var locked = false;

  function setStatus(text) {
    if (statusBox) { statusBox.textContent = text; }
  }

  function values() {
    var data = {};
    form.querySelectorAll("textarea[name]").forEach(function (area) { data[area.name] = area.value; });
    form.querySelectorAll("input[type=checkbox][name]").forEach(function (box) {
      if (!data[box.name]) { data[box.name] = []; }
      if (box.checked) { data[box.name].push(box.value); }
    });
    return data;
  }

  function apply(data) {
    form.querySelectorAll("textarea[name]").forEach(function (area) {
      if (typeof data[area.name] === "string") { area.value = data[area.name]; }
    });
    form.querySelectorAll("input[type=checkbox][name]").forEach(function (box) {
      if (Array.isArray(data[box.name])) { box.checked = data[box.name].indexOf(box.value) >= 0; }
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function remember(unsynced) {
    try {
      window.localStorage.setItem(key, JSON.stringify({ values: values(), unsynced: unsynced, at: Date.now() }));
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  }

  function recall() {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  // Text typed here that never reached the server (session expired, tab closed, network down) comes back.
  var kept = recall();
  if (kept && kept.unsynced && kept.values && !same(kept.values, values())) {
    apply(kept.values);
    dirty = true;
    if (restoredBox) {
      restoredBox.textContent = "Vi har hentet fram tekst du skrev som ikke var lagret på serveren. " +
        "Den lagres nå automatisk.";
      restoredBox.classList.remove("d-none");
    }
  } else {
    remember(false);
  }

  function signedOut() {
    setStatus("Du er ikke lenger innlogget. Teksten er tatt vare på i denne nettleseren: logg inn igjen og " +
      "åpne rapporten, så hentes den fram.");
  }

  function save() {
    if (!dirty || saving || locked) { return Promise.resolve(!locked); }
    saving = true;
    var sent = values();
    setStatus("Lagrer …");
    return fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.type === "opaqueredirect" || type.indexOf("application/json") < 0) {
        signedOut();  // a login redirect, or a CSRF refusal after logging in again elsewhere
        return false;
      }
      return response.json().then(function (data) {
        if (data.ok) {
          if (same(sent, values())) { dirty = false; remember(false); }
          setStatus(data.message);
          return true;
        }
        if (data.refused) { locked = true; }
        setStatus(data.message || "Teksten kunne ikke lagres.");
        return false;
      });
    }).catch(function () {
      setStatus("Fikk ikke kontakt med serveren. Teksten er tatt vare på i nettleseren og lagres når forbindelsen er tilbake.");
      return false;
    }).then(function (ok) {
      saving = false;
      return ok;
    });
  }

  function changed() {
    dirty = true;
    remember(true);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("focusout", function (event) {
    if (event.target && event.target.name) { save(); }
  });
  window.setInterval(save, INTERVAL_MS);

  function leaving() {
    if (dirty && !locked && navigator.sendBeacon) { navigator.sendBeacon(url, new FormData(form)); }
  }
  window.addEventListener("beforeunload", leaving);
  window.addEventListener("pagehide", leaving);

  // The normal save button: the server answers with a new page; the local copy stays until that page shows
  // the same text (then it is marked as saved on load).
  form.addEventListener("submit", function () { remember(true); dirty = false; });

  // "Send inn": save what was typed first, then go to the confirmation page.
  var submitLink = document.querySelector("[data-report-submit-link]");
  if (submitLink) {
    submitLink.addEventListener("click", function (event) {
      if (!dirty) { return; }
      event.preventDefault();
      save().then(function (ok) { if (ok) { window.location.href = submitLink.href; } });
    });
  }
})();
