// The record form on the municipality page: show only the chosen fact's values and detail fields, and its
// criteria. Without this script every field stays visible and the server checks which ones apply.
(function () {
  "use strict";
  const DETAIL_FIELDS = ["meeting_date", "meeting_format", "participants", "case_number", "link", "target_date", "network", "code"];

  function init(form) {
    const dataNode = document.getElementById("fact-form-data");
    if (!dataNode) return;
    const facts = JSON.parse(dataNode.textContent);
    const factSelect = form.querySelector("select[name=fact]");
    const valueSelect = form.querySelector("select[name=value]");
    const help = form.querySelector("#fact-help");
    if (!factSelect || !valueSelect) return;

    function wrapper(name) {
      const field = form.querySelector("[name=" + name + "]");
      return field ? field.closest(".mb-3") || field.parentElement : null;
    }

    function update(event) {
      const info = facts[factSelect.value];
      valueSelect.querySelectorAll("optgroup").forEach(function (group) {
        const show = !info || group.label === info.label;
        group.hidden = !show;
        group.disabled = !show;
      });
      const chosen = valueSelect.selectedOptions[0];
      if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) {
        // A re-rendered form (error, conflict) marks the first option with the submitted value, which may
        // belong to another fact ("planned", "yes"...): on load, keep the user's choice in the shown group.
        const same = event ? null : Array.prototype.find.call(valueSelect.options, function (option) {
          return option.value === chosen.value && !option.parentElement.disabled;
        });
        valueSelect.value = "";
        if (same) same.selected = true;
      }
      DETAIL_FIELDS.forEach(function (name) {
        const box = wrapper(name);
        if (box) box.hidden = !!info && info.fields.indexOf(name) === -1;
      });
      if (help) {
        help.textContent = info ? info.help : "";
        help.hidden = !info;
      }
    }

    factSelect.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("form[data-fact-form]").forEach(init);
})();
