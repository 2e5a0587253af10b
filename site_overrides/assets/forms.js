/* Forms: check, repeatable rows, print, drafts to file and calendar file.
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
  var dirty = false;

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
    mirror();
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
    dirty = true;
    mirror();
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

  /* ---------- checks ---------- */

  function luhn(digits) {
    var sum = 0;
    for (var i = 0; i < digits.length; i++) {
      var d = parseInt(digits[i], 10) * (i % 2 === 0 ? 2 : 1);
      sum += d > 9 ? d - 9 : d;
    }
    return sum % 10 === 0;
  }

  function checkPersonnummer(value) {
    var m = value.replace(/\s/g, "").match(/^(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$/);
    if (!m) return ui.err_pnr_format;
    var century = m[1];
    var yy = parseInt(m[2], 10), mm = parseInt(m[3], 10), dd = parseInt(m[4], 10);
    if (dd > 60) dd -= 60; // samordningsnummer: day + 60
    var year = century ? parseInt(century + m[2], 10) : 2000 + yy;
    var date = new Date(Date.UTC(year, mm - 1, dd));
    if (mm < 1 || mm > 12 || dd < 1 || date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) {
      return ui.err_pnr_date;
    }
    if (!luhn(m[2] + m[3] + m[4] + m[5])) return ui.err_pnr_check;
    return null;
  }

  // a dot with at least one character before and after it (a@b.c, https://b.c)
  function innerDot(rest) { return rest.slice(1, -1).indexOf(".") !== -1; }

  var CHECKS = {
    // linear time on any length: no pattern that can backtrack, and a dot inside the rest
    email: function (v) { var at = v.indexOf("@"); return /^[^\s@]+@[^\s@]+$/.test(v) && innerDot(v.slice(at + 1)) ? null : ui.err_email; },
    tel: function (v) { return /^[0-9+()\-\s]{5,}$/.test(v) ? null : ui.err_tel; },
    url: function (v) { var m = /^https?:\/\/(\S+)$/.exec(v); return m && innerDot(m[1]) ? null : ui.err_url; },
    date: function (v) { return /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : ui.err_date; },
    time: function (v) { return /^\d{2}:\d{2}$/.test(v) ? null : ui.err_time; },
    personnummer: checkPersonnummer
  };

  function fieldBox(name, idx) {
    var el = (idx ? idx[name] || [] : inputs(name))[0];
    return el ? el.closest(".field") : null;
  }

  // "Fyll i: {label}." without a doubled stop after a label that ends in "?" or "."
  function labelled(template, label) {
    var text = fmt(template, { label: label });
    return /[?!.:]$/.test(label) ? text.split(label + ".").join(label) : text;
  }

  function clearErrors() {
    form.querySelectorAll(".field--error, .field--warning").forEach(function (box) {
      box.classList.remove("field--error", "field--warning");
      var msg = box.querySelector(".field__error");
      msg.hidden = true;
      msg.textContent = "";
      box.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    });
  }

  function markError(name, message, idx, warning) {
    var box = fieldBox(name, idx);
    if (!box || box.classList.contains("field--error") || box.classList.contains("field--warning")) return null;
    box.classList.add(warning ? "field--warning" : "field--error");
    var msg = box.querySelector(".field__error");
    msg.textContent = message;
    msg.hidden = false;
    if (!warning) (idx[name] || []).forEach(function (el) { el.setAttribute("aria-invalid", "true"); });
    var el = (idx[name] || [])[0];
    return { id: el ? el.id : "", message: message, warning: !!warning };
  }

  function checkOne(f, label, value, el) {
    if (!filled(value)) {
      if (f.required) return labelled(f.type === "checkbox" ? ui.err_required_check : ui.err_required, label);
      if (el && el.validity && el.validity.badInput) return CHECKS[def.checks[f.type]](""); // half-typed date/time
      return null;
    }
    var check = CHECKS[def.checks[f.type]];
    return check && typeof value === "string" ? check(value.trim()) : null;
  }

  function validate() {
    clearErrors();
    var found = [];
    var idx = index();
    var vals = values(idx);
    function add(name, message, warning) {
      var e = markError(name, message, idx, warning);
      if (e) found.push(e);
    }
    def.fields.forEach(function (f) {
      if (f.type === "repeat") {
        var items = vals[f.name];
        // rows left blank are not errors, as long as the group has its least number of rows
        var missing = Math.max(0, f.min - items.filter(rowFilled).length);
        items.forEach(function (item, i) {
          if (!rowFilled(item)) {
            if (missing <= 0) return;
            missing--;
          }
          var row = f.item_label + " " + (i + 1);
          f.fields.forEach(function (c) {
            var name = f.name + "." + i + "." + c.name;
            var problem = checkOne(c, row + ": " + c.label, item[c.name], (idx[name] || [])[0]);
            if (problem && filled(item[c.name])) problem = row + ": " + problem;
            if (problem) add(name, problem);
          });
        });
      } else {
        var problem = checkOne(f, f.label, vals[f.name], (idx[f.name] || [])[0]);
        if (problem) add(f.name, problem);
      }
    });
    var now = today();
    def.rules.forEach(function (r) {
      if (r.type === "date_order" && filled(vals[r.first]) && filled(vals[r.then]) && vals[r.then] < vals[r.first]) {
        add(r.then, r.message);
      } else if (r.type === "time_order" && filled(vals[r.first]) && filled(vals[r.then]) &&
                 seconds(vals[r.then]) !== null && seconds(vals[r.then]) <= seconds(vals[r.first])) {
        add(r.then, r.message);
      } else if (r.type === "not_past" && filled(vals[r.field]) && vals[r.field] < now) {
        add(r.field, r.message, true);
      } else if (r.type === "date_within" && filled(vals[r.field]) &&
                 ((filled(vals[r.start]) && vals[r.field] < vals[r.start]) ||
                  (filled(vals[r.end]) && vals[r.field] > vals[r.end]))) {
        add(r.field, r.message);
      } else if (r.type === "required_if" && filled(vals[r.when]) && !filled(vals[r.field])) {
        add(r.field, r.message);
      } else if (r.type === "one_of" && !r.fields.some(function (n) { return filled(vals[n]); })) {
        add(r.fields[0], r.message);
      }
    });
    // in the order the fields appear on the page
    var order = {};
    Array.prototype.forEach.call(form.querySelectorAll("input, textarea, select"), function (e, i) { order[e.id] = i; });
    found.sort(function (a, b) { return order[a.id] - order[b.id]; });
    return found;
  }

  function summaryList(items) {
    var list = document.createElement("ul");
    items.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + e.id;
      a.textContent = e.message;
      li.appendChild(a);
      list.appendChild(li);
    });
    return list;
  }

  function showSummary(found) {
    // earlier messages (a draft opened, a row added) do not stand next to the result
    statusBox.textContent = "";
    alertBox.textContent = "";
    var errors = found.filter(function (e) { return !e.warning; });
    var warnings = found.filter(function (e) { return e.warning; });
    var title = summary.querySelector("h2");
    Array.prototype.slice.call(summary.children).forEach(function (el) { if (el !== title) el.remove(); });
    if (!found.length) {
      summary.hidden = true;
      say(statusBox, ui.no_errors);
      return;
    }
    if (errors.length) {
      title.textContent = errors.length === 1 ? ui.summary_one : fmt(ui.summary_title, { n: errors.length });
      summary.appendChild(summaryList(errors));
    } else {
      title.textContent = ui.summary_warnings;
    }
    if (warnings.length) {
      if (errors.length) {
        var sub = document.createElement("h3");
        sub.textContent = ui.summary_warnings;
        summary.appendChild(sub);
      }
      summary.appendChild(summaryList(warnings));
    }
    summary.hidden = false;
    summary.focus();
  }

  summary.addEventListener("click", function (event) {
    var a = event.target.closest("a");
    if (!a) return;
    event.preventDefault();
    var el = document.getElementById(a.getAttribute("href").slice(1));
    if (el) {
      el.focus();
      var box = el.closest(".field") || el;
      box.scrollIntoView({ block: "center" });
    }
  });

  /* ---------- drafts ---------- */

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

  function saveDraft() {
    var file = fmt(ui.draft_file, { form: def.id, date: today() });
    var draft = { form: def.id, version: def.version, saved: new Date().toISOString(), values: values() };
    download(file, "application/json", JSON.stringify(draft, null, 2));
    dirty = false;
    say(statusBox, fmt(ui.draft_saved, { file: file }));
  }

  // Opening a draft replaces the whole form, as the confirmation says: what the draft
  // does not hold is left empty. What the form cannot take is named by its label.
  function loadDraft(text) {
    var draft;
    try { draft = JSON.parse(text); } catch (e) { draft = null; }
    if (!draft || typeof draft !== "object" || typeof draft.form !== "string" ||
        typeof draft.version !== "number" || !draft.values || typeof draft.values !== "object" ||
        Array.isArray(draft.values)) {
      say(alertBox, ui.draft_malformed);
      return;
    }
    if (draft.form !== def.id) {
      say(alertBox, fmt(ui.draft_foreign, { form: draft.form }));
      return;
    }
    var has = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };
    var known = {};
    def.fields.forEach(function (f) { known[f.name] = f; });
    // keys at the top of the file other than the draft's own (e.g. "__proto__") are not used: say so
    var unknown = Object.keys(draft).filter(function (k) {
      return ["form", "version", "saved", "values"].indexOf(k) === -1;
    });
    Object.keys(draft.values).forEach(function (key) { if (!has(known, key)) unknown.push(key); });
    var invalid = [], notes = [];
    clearErrors();
    summary.hidden = true;
    statusBox.textContent = "";
    alertBox.textContent = "";
    form.reset();
    def.fields.forEach(function (f) {
      if (f.type !== "repeat") return;
      var group = form.querySelector('[data-repeat="' + f.name + '"]');
      var v = draft.values[f.name];
      if (!has(draft.values, f.name)) { setRowCount(group, parseInt(group.getAttribute("data-start"), 10) || f.min); return; }
      if (!Array.isArray(v)) { invalid.push(f.label); setRowCount(group, f.min); return; }
      if (v.length > MAX_ROWS) {
        notes.push(fmt(ui.draft_too_many, { n: v.length, label: f.label, max: MAX_ROWS }));
        v = v.slice(0, MAX_ROWS);
      }
      setRowCount(group, Math.max(v.length, f.min));
      var names = {};
      f.fields.forEach(function (c) { names[c.name] = c; });
      var rows = repeatRows(f.name);
      v.forEach(function (item, i) {
        var row = f.item_label + " " + (i + 1);
        if (!item || typeof item !== "object" || Array.isArray(item)) { invalid.push(row); return; }
        var idx = index(rows[i]);
        Object.keys(item).forEach(function (k) {
          if (!has(names, k)) unknown.push(row + ": " + k);
          else if (!writeField(f.name + "." + i + "." + k, names[k].type, item[k], idx)) invalid.push(row + ": " + names[k].label);
        });
      });
    });
    var idx = index();
    def.fields.forEach(function (f) {
      if (f.type === "repeat" || !has(draft.values, f.name)) return;
      if (!writeField(f.name, f.type, draft.values[f.name], idx)) invalid.push(f.label);
    });
    mirror();
    dirty = false;
    var messages = [ui.draft_loaded];
    if (draft.version < def.version) messages.push(fmt(ui.draft_older, { old: draft.version, "new": def.version }));
    if (unknown.length) messages.push(fmt(ui.draft_dropped, { fields: unknown.join(", ") }));
    if (invalid.length) messages.push(fmt(ui.draft_invalid, { fields: invalid.join(", ") }));
    messages = messages.concat(notes);
    say(messages.length > 1 ? alertBox : statusBox, messages.join(" "));
  }

  fileInput.addEventListener("change", function () {
    var file = fileInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { loadDraft(String(reader.result)); fileInput.value = ""; };
    reader.onerror = function () { say(alertBox, ui.draft_malformed); fileInput.value = ""; };
    reader.readAsText(file);
  });

  /* ---------- calendar (.ics) ---------- */

  // RFC 5545: no control characters; text escaped; lines folded at 75 octets of
  // UTF-8, never inside a character (å is two octets, an emoji four)
  function icsText(text) {
    return String(text).replace(/\r\n?/g, "\n").replace(/\t/g, " ")
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]/g, "")
      .replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
  }

  function octets(ch) {
    var cp = ch.codePointAt(0);
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  function fold(line) {
    var out = [], current = "", size = 0;
    Array.from(line).forEach(function (ch) {
      var n = octets(ch);
      if (size + n > 75) { out.push(current); current = " "; size = 1; }
      current += ch;
      size += n;
    });
    out.push(current);
    return out.join("\r\n");
  }

  // "13:30" or "13:30:15" as seconds after midnight; null when it is not a time
  function seconds(time) {
    var m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(String(time).trim());
    if (!m || +m[1] > 23 || +m[2] > 59 || +(m[3] || 0) > 59) return null;
    return +m[1] * 3600 + +m[2] * 60 + +(m[3] || 0);
  }

  function validDate(date) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
    var d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)));
    return d.toISOString().slice(0, 10) === date;
  }

  // local date and time, secs after the day's midnight (may run into the next day)
  function stamp(date, secs) {
    var d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), 0, 0, secs));
    return d.toISOString().slice(0, 19).replace(/[-:]/g, "");
  }

  // the event's name, with the short title the person or sender chose (initials, a word)
  function summaryText(cal, vals) {
    var title = cal.title ? String(vals[cal.title] || "").replace(/\s+/g, " ").trim() : "";
    return title ? fmt(ui.calendar_summary, { summary: cal.summary, title: title }) : cal.summary;
  }

  function calendar() {
    var cal = def.calendar, vals = values();
    var date = String(vals[cal.date] || "").trim(), startText = cal.start ? vals[cal.start] : "";
    if (!validDate(date)) { say(alertBox, ui.calendar_missing); return; }
    var when;
    if (filled(startText)) {
      var start = seconds(startText);
      if (start === null) { say(alertBox, ui.calendar_missing); return; }
      var end = cal.end && filled(vals[cal.end]) ? seconds(vals[cal.end]) : null;
      if (end !== null && end <= start) {
        // an end before the start (or at it) is a mistake to fix, not an event to make
        var rule = def.rules.filter(function (r) { return r.type === "time_order" && r.then === cal.end; })[0];
        if (rule) { say(alertBox, rule.message); return; }
        end = null;
      }
      if (end === null) end = start + 3600; // an hour when no end is given
      when = ["DTSTART;TZID=Europe/Stockholm:" + stamp(date, start), "DTEND;TZID=Europe/Stockholm:" + stamp(date, end)];
    } else {
      // no time: a reminder for the whole day
      when = ["DTSTART;VALUE=DATE:" + date.replace(/-/g, ""), "DTEND;VALUE=DATE:" + stamp(date, 86400).slice(0, 8)];
    }
    var where = cal.location.map(function (n) { return vals[n]; }).filter(filled).join(", ");
    var what = cal.description.map(function (n) { return vals[n]; }).filter(filled).join("\n\n");
    var now = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Samordnad planering//forms.js//SV", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VTIMEZONE", "TZID:Europe/Stockholm",
      "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
      "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE",
      "BEGIN:VEVENT",
      "UID:" + now + "-" + Math.random().toString(36).slice(2) + "@samordnad-planering",
      "DTSTAMP:" + now
    ].concat(when, ["SUMMARY:" + icsText(summaryText(cal, vals))]);
    if (where) lines.push("LOCATION:" + icsText(where));
    if (what) lines.push("DESCRIPTION:" + icsText(what));
    lines.push("END:VEVENT", "END:VCALENDAR");
    var file = def.id + "-" + date + ".ics";
    download(file, "text/calendar", lines.map(fold).join("\r\n") + "\r\n");
    say(statusBox, fmt(ui.calendar_done, { file: file }));
  }

  /* ---------- wiring ---------- */

  page.querySelectorAll("[data-js]").forEach(function (el) { el.hidden = false; });
  form.classList.add("coord-form--mirrored"); // print the copied values, not the inputs
  form.querySelectorAll("[data-repeat]").forEach(renumber);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", function (event) { dirty = true; mirrorOne(event.target); });
  form.addEventListener("change", function (event) { dirty = true; mirrorOne(event.target); });
  form.addEventListener("click", function (event) {
    var add = event.target.closest(".repeat__add");
    if (add) { addRow(add.closest("[data-repeat]")); dirty = true; return; }
    var remove = event.target.closest(".repeat__remove");
    if (remove) removeRow(remove.closest(".repeat__row"));
  });
  page.querySelector(".form-toolbar").addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (!button) return;
    var action = button.getAttribute("data-action");
    if (action === "check") showSummary(validate());
    else if (action === "print") { mirror(); window.print(); }
    else if (action === "save") saveDraft();
    else if (action === "open") {
      if (!dirty || window.confirm(ui.draft_confirm)) fileInput.click();
    } else if (action === "calendar") calendar();
  });
  window.addEventListener("beforeprint", mirror);
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
  mirror();
})();
