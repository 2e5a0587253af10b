/* Forms: the form and its values. The first of the form scripts; forms-rows.js,
 * forms-checks.js, forms-drafts.js, forms-calendar.js and forms-print.js follow.
 *
 * Everything happens in this browser tab: nothing is sent anywhere and nothing is
 * stored in the browser. Typed text is only ever set with .value / .textContent,
 * never as HTML. The form works without this file (fill in and print); the
 * buttons that need it are hidden until it runs. All words come from the page's
 * form definition (forms/<id>.yml and content/site.yml).
 */
(function () {
  "use strict";

  var page = document.querySelector("[data-form-page]");
  if (!page) return;
  var def = JSON.parse(page.querySelector("#form-definition").textContent);
  var ui = def.ui;
  var form = page.querySelector("form.coord-form");
  var statusBox = page.querySelector(".form-status");
  var alertBox = page.querySelector(".form-alert");
  var summary = page.querySelector("#error-summary");
  var fileInput = page.querySelector("[data-draft-file]");

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : m;
    });
  }

  function say(box, text) {
    // clear first so that the same message is announced again
    box.textContent = "";
    window.setTimeout(function () { box.textContent = text; }, 50);
  }

  /* ---------- reading and writing values ---------- */

  // a draft may put at most this many rows in one group (a plan has a handful; a
  // thousand rows would take seconds to open and pages to print)
  var MAX_ROWS = 200;

  function inputs(name) {
    return form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
  }

  // name -> elements, read once: looking each name up in a form with a thousand rows
  // would make opening and checking it take minutes
  function index(scope) {
    var map = {};
    (scope || form).querySelectorAll("[name]").forEach(function (el) {
      var n = el.getAttribute("name");
      (map[n] || (map[n] = [])).push(el);
    });
    return map;
  }

  function readField(name, type, idx) {
    var els = idx ? idx[name] || [] : inputs(name);
    if (!els.length) return undefined;
    if (type === "checkbox") return els[0].checked;
    if (type === "checkboxes") {
      return Array.prototype.filter.call(els, function (e) { return e.checked; })
        .map(function (e) { return e.value; });
    }
    if (type === "radio") {
      var chosen = Array.prototype.find.call(els, function (e) { return e.checked; });
      return chosen ? chosen.value : "";
    }
    return els[0].value;
  }

  function same(a, b) {
    function norm(t) { return String(t).replace(/\r\n?/g, "\n").trim(); }
    return norm(a) === norm(b);
  }

  // Puts a draft's value in; false when the form cannot take it (wrong type, an option
  // that does not exist, a date that is not a date): the field is then left empty.
  function writeField(name, type, value, idx) {
    var els = idx ? idx[name] || [] : inputs(name);
    if (!els.length) return false;
    if (value === null) return true;
    if (type === "checkbox") {
      if (typeof value !== "boolean") return false;
      els[0].checked = value;
      return true;
    }
    if (type === "checkboxes") {
      if (!Array.isArray(value)) return false;
      els.forEach(function (e) { e.checked = value.indexOf(e.value) !== -1; });
      return value.every(function (v) {
        return els.some(function (e) { return e.value === v; });
      });
    }
    if (typeof value !== "string") return false;
    if (type === "radio") {
      els.forEach(function (e) { e.checked = e.value === value; });
      return value === "" || els.some(function (e) { return e.checked; });
    }
    els[0].value = value;
    if (same(els[0].value, value)) return true;
    els[0].value = "";
    return false;
  }

  function repeatRows(name) {
    return form.querySelectorAll('[data-repeat="' + name + '"] > .repeat__rows > .repeat__row');
  }

  function values(idx) {
    idx = idx || index();
    var out = {};
    def.fields.forEach(function (f) {
      if (f.type === "repeat") {
        out[f.name] = Array.prototype.map.call(repeatRows(f.name), function (row, i) {
          var item = {};
          f.fields.forEach(function (c) { item[c.name] = readField(f.name + "." + i + "." + c.name, c.type, idx); });
          return item;
        });
      } else {
        out[f.name] = readField(f.name, f.type, idx);
      }
    });
    return out;
  }

  function filled(value) {
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === "boolean") return value;
    return typeof value === "string" && value.trim() !== "";
  }

  function rowFilled(item) {
    return Object.keys(item).some(function (k) { return filled(item[k]); });
  }


  function download(filename, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }


  // "13:30" or "13:30:15" as seconds after midnight; null when it is not a time
  function seconds(time) {
    var m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(String(time).trim());
    if (!m || +m[1] > 23 || +m[2] > 59 || +(m[3] || 0) > 59) return null;
    return +m[1] * 3600 + +m[2] * 60 + +(m[3] || 0);
  }

  // the shared object the other form scripts read; `dirty`: typed since the last save
  window.coordForm = {
    page: page, def: def, ui: ui, form: form, statusBox: statusBox, alertBox: alertBox, summary: summary,
    fileInput: fileInput, dirty: false, MAX_ROWS: MAX_ROWS, actions: {},
    fmt: fmt, say: say, inputs: inputs, index: index, readField: readField, writeField: writeField,
    repeatRows: repeatRows, values: values, filled: filled, rowFilled: rowFilled, download: download,
    today: today, seconds: seconds
  };
  var F = window.coordForm;

  /* ---------- wiring ---------- */

  page.querySelectorAll("[data-js]").forEach(function (el) { el.hidden = false; });
  form.classList.add("coord-form--mirrored"); // print the copied values, not the inputs
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", function (event) { F.dirty = true; F.mirrorOne(event.target); });
  form.addEventListener("change", function (event) { F.dirty = true; F.mirrorOne(event.target); });
  // each button's action comes from the script of its concern (F.actions)
  // the same buttons stand at the top and at the end of the form
  page.querySelectorAll(".form-toolbar").forEach(function (bar) {
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button) return;
      var action = F.actions[button.getAttribute("data-action")];
      if (action) action();
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!F.dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
