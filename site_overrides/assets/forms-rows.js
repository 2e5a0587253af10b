/* Forms: repeatable rows.
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
  var ui = F.ui, form = F.form, statusBox = F.statusBox, fmt = F.fmt, say = F.say;

  /* ---------- repeatable rows ---------- */

  function renumber(group) {
    var name = group.getAttribute("data-repeat");
    var label = group.getAttribute("data-item-label");
    var rows = group.querySelectorAll(":scope > .repeat__rows > .repeat__row");
    var min = parseInt(group.getAttribute("data-min"), 10) || 0;
    rows.forEach(function (row, i) {
      var old = row.getAttribute("data-row");
      if (old !== String(i)) {
        var idOld = "f-" + name + "-" + old + "-", idNew = "f-" + name + "-" + i + "-";
        var nameOld = name + "." + old + ".", nameNew = name + "." + i + ".";
        row.querySelectorAll("[id],[for],[name],[aria-describedby],[href]").forEach(function (el) {
          ["id", "for", "aria-describedby"].forEach(function (attr) {
            var v = el.getAttribute(attr);
            if (v) el.setAttribute(attr, v.split(idOld).join(idNew));
          });
          var n = el.getAttribute("name");
          if (n) el.setAttribute("name", n.split(nameOld).join(nameNew));
        });
        row.setAttribute("data-row", String(i));
      }
      row.querySelector(".repeat__n").textContent = String(i + 1);
      var remove = row.querySelector(".repeat__remove");
      remove.textContent = fmt(ui.remove_row, { label: label, n: i + 1 });
      remove.hidden = rows.length <= min;
    });
  }

  function addRow(group, quiet) {
    var template = group.querySelector(":scope > template");
    var rows = group.querySelector(":scope > .repeat__rows");
    var i = rows.children.length;
    var html = template.innerHTML.split("__i__").join(String(i)).split("__n__").join(String(i + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html; // our own template from the build, never typed text
    var row = holder.firstElementChild;
    row.querySelectorAll("[data-js]").forEach(function (el) { el.hidden = false; });
    rows.appendChild(row);
    renumber(group);
    F.mirror();
    if (!quiet) {
      row.querySelector("input, textarea, select").focus();
      say(statusBox, fmt(ui.row_added, { label: group.getAttribute("data-item-label"), n: i + 1 }));
    }
    return row;
  }

  function removeRow(row) {
    var group = row.closest("[data-repeat]");
    var n = parseInt(row.getAttribute("data-row"), 10) + 1;
    var next = row.nextElementSibling;
    row.remove();
    renumber(group);
    var focusTarget = next ? next.querySelector("input, textarea, select") : group.querySelector(".repeat__add");
    focusTarget.focus();
    say(statusBox, fmt(ui.row_removed, { label: group.getAttribute("data-item-label"), n: n }));
    F.dirty = true;
    F.mirror();
  }

  // all the rows a draft needs made at once, numbered once (one row at a time took
  // minutes for a thousand rows)
  function setRowCount(group, count) {
    var rows = group.querySelector(":scope > .repeat__rows");
    while (rows.children.length > count) rows.lastElementChild.remove();
    var have = rows.children.length;
    if (have < count) {
      var template = group.querySelector(":scope > template").innerHTML;
      var parts = [];
      for (var i = have; i < count; i++) {
        parts.push(template.split("__i__").join(String(i)).split("__n__").join(String(i + 1)));
      }
      var holder = document.createElement("div");
      holder.innerHTML = parts.join(""); // our own template from the build, never typed text
      holder.querySelectorAll("[data-js]").forEach(function (el) { el.hidden = false; });
      var fragment = document.createDocumentFragment();
      Array.prototype.slice.call(holder.children).forEach(function (row) { fragment.appendChild(row); });
      rows.appendChild(fragment);
    }
    renumber(group);
  }

  F.renumber = renumber;
  F.addRow = addRow;
  F.removeRow = removeRow;
  F.setRowCount = setRowCount;

  form.querySelectorAll("[data-repeat]").forEach(renumber);
  form.addEventListener("click", function (event) {
    var add = event.target.closest(".repeat__add");
    if (add) { addRow(add.closest("[data-repeat]")); F.dirty = true; return; }
    var remove = event.target.closest(".repeat__remove");
    if (remove) removeRow(remove.closest(".repeat__row"));
  });
})();
