// "One change for many": a "select all" box for the municipality checkboxes, and only the chosen fact's
// values and detail fields. Without this script every field stays visible and the server checks them.
(function () {
  "use strict";

  function init() {
    const form = document.getElementById("group-form");
    if (!form) return;
    const boxes = Array.from(form.querySelectorAll("#municipality-boxes input[type=checkbox]"));
    const all = document.getElementById("select-all");
    const wrapper = document.getElementById("select-all-wrapper");
    if (all && wrapper) {
      wrapper.hidden = false;
      const sync = function () {
        const checked = boxes.filter(function (b) { return b.checked; }).length;
        all.checked = checked === boxes.length && checked > 0;
        all.indeterminate = checked > 0 && checked < boxes.length;
      };
      all.addEventListener("change", function () {
        boxes.forEach(function (b) { b.checked = all.checked; });
        sync();
      });
      boxes.forEach(function (b) { b.addEventListener("change", sync); });
      sync();
    }

    const factSelect = form.querySelector("select[name=fact]");
    const valueSelect = form.querySelector("select[name=value]");
    if (!factSelect || !valueSelect) return;
    function update() {
      const fact = factSelect.value;
      valueSelect.querySelectorAll("option").forEach(function (option) {
        const show = option.value.split(":")[0] === fact;
        option.hidden = !show;
        option.disabled = !show;
      });
      valueSelect.querySelectorAll("optgroup").forEach(function (group) {
        const show = Array.from(group.children).some(function (o) { return !o.disabled; });
        group.hidden = !show;
      });
      const chosen = valueSelect.selectedOptions[0];
      if (!chosen || chosen.disabled) {
        const first = valueSelect.querySelector("option:not([disabled])");
        if (first) valueSelect.value = first.value;
      }
      form.querySelectorAll("[data-for]").forEach(function (node) {
        node.hidden = node.dataset.for.split(" ").indexOf(fact) < 0;
      });
    }
    factSelect.addEventListener("change", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
