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

    function update() {
      const info = facts[factSelect.value];
      valueSelect.querySelectorAll("optgroup").forEach(function (group) {
        const show = !info || group.label === info.label;
        group.hidden = !show;
        group.disabled = !show;
      });
      const chosen = valueSelect.selectedOptions[0];
      if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) {
        valueSelect.value = "";
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
