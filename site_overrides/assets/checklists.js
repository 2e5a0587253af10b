/* Checklists: count ticked items (announced to screen readers), reset, print.
 * Ticks are kept in this browser tab only (sessionStorage), or on this computer
 * (localStorage) when the user chooses so. A checklist holds no personal data. */
(function () {
  "use strict";
  document.querySelectorAll("[data-checklist]").forEach(function (list) {
    var id = "checklist:" + list.getAttribute("data-checklist");
    var boxes = list.querySelectorAll(".checklist__item input[type=checkbox]");
    var progress = list.querySelector(".checklist__progress");
    var remember = list.querySelector("[data-remember]");
    var template = list.getAttribute("data-progress");

    function store() { return remember.checked ? window.localStorage : window.sessionStorage; }

    function save() {
      var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; })
        .map(function (b) { return b.id; });
      try {
        store().setItem(id, JSON.stringify(ticked));
        if (!remember.checked) window.localStorage.removeItem(id);
      } catch (e) { /* storage may be off: ticks then last until the page closes */ }
    }

    function count(announce) {
      var done = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      var text = template.replace("{done}", done).replace("{total}", boxes.length);
      if (announce) progress.textContent = text;
      else progress.textContent = text;
    }

    function restore() {
      var saved = null;
      try {
        saved = window.localStorage.getItem(id);
        if (saved) remember.checked = true;
        else saved = window.sessionStorage.getItem(id);
      } catch (e) { saved = null; }
      var ticked = [];
      try { ticked = JSON.parse(saved) || []; } catch (e) { ticked = []; }
      boxes.forEach(function (b) { b.checked = ticked.indexOf(b.id) !== -1; });
    }

    list.querySelectorAll("[data-js]").forEach(function (el) { el.hidden = false; });
    restore();
    count(false);
    list.addEventListener("change", function (event) {
      if (event.target === remember) { save(); return; }
      save();
      count(true);
    });
    list.querySelector("[data-action=reset]").addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      save();
      progress.textContent = list.getAttribute("data-reset-done") + " " +
        template.replace("{done}", 0).replace("{total}", boxes.length);
      boxes[0].focus();
    });
    list.querySelector("[data-action=print]").addEventListener("click", function () { window.print(); });
  });
})();
