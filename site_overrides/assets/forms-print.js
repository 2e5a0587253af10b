/* Forms: print mirrors (runs last: fills the mirrors once all parts are in).
 * The form scripts are plain scripts (the offline edition runs from file://, where
 * modules do not load), loaded in order on form pages only:
 * forms.js (the form, its values), forms-rows.js (repeatable rows, on forms that
 * have them), forms-checks.js, forms-drafts.js, forms-calendar.js (on forms with a
 * calendar event), forms-print.js (print mirrors; runs last). They share one object,
 * window.coordForm, made by forms.js.
 */
(function () {
  "use strict";
  var F = window.coordForm;
  if (!F) return;
  // the shared parts this script uses (forms.js makes them)
  var page = F.page, form = F.form, inputs = F.inputs, filled = F.filled;

  /* ---------- print mirrors ---------- */

  // Each field's value is copied into its .print-value, and what is empty is marked
  // (data-empty on fields, rows and sections): a filled printout leaves it out.
  function mirrorField(box) {
    var type = box.getAttribute("data-type");
    var target = box.querySelector(".print-value");
    var text = "", has;
    if (type === "checkbox") {
      has = box.querySelector("input").checked;
    } else if (type === "radio" || type === "checkboxes") {
      text = Array.prototype.filter.call(box.querySelectorAll("input"), function (e) { return e.checked; })
        .map(function (e) { return e.parentNode.querySelector("label").textContent; }).join(", ");
      has = text !== "";
    } else {
      var el = box.querySelector("input, textarea, select");
      text = el ? el.value : "";
      has = text.trim() !== "";
    }
    if (target) target.textContent = text;
    box.toggleAttribute("data-empty", !has);
    box.toggleAttribute("data-filled", has);
  }

  function markEmpty(container) {
    container.toggleAttribute("data-empty", !container.querySelector(".field:not([data-empty])"));
  }

  function mirrorHeader() {
    page.querySelectorAll("[data-mirror]").forEach(function (el) {
      var name = el.getAttribute("data-mirror");
      var source = name && inputs(name)[0];
      el.textContent = source ? source.value : "";
    });
    form.classList.toggle("coord-form--filled", !!form.querySelector(".field:not([data-empty])"));
  }

  var CONTAINERS = ".repeat__row, .repeat, .form-section";

  function mirror() {
    form.querySelectorAll(".field").forEach(mirrorField);
    form.querySelectorAll(CONTAINERS).forEach(markEmpty);
    mirrorHeader();
  }

  function mirrorOne(target) {
    var box = target && target.closest && target.closest(".field");
    if (!box) return;
    mirrorField(box);
    for (var c = box.parentElement.closest(CONTAINERS); c; c = c.parentElement && c.parentElement.closest(CONTAINERS)) {
      markEmpty(c);
    }
    mirrorHeader();
  }

  F.mirror = mirror;
  F.mirrorOne = mirrorOne;

  F.actions.print = function () { mirror(); window.print(); };
  window.addEventListener("beforeprint", mirror);
  mirror();
})();
