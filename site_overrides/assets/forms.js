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

  function inputs(name) {
    return form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
  }

  function readField(name, type) {
    var els = inputs(name);
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

  function writeField(name, type, value) {
    var els = inputs(name);
    if (!els.length) return false;
    if (type === "checkbox") {
      if (typeof value !== "boolean") return false;
      els[0].checked = value;
    } else if (type === "checkboxes") {
      if (!Array.isArray(value)) return false;
      els.forEach(function (e) { e.checked = value.indexOf(e.value) !== -1; });
    } else if (type === "radio") {
      if (typeof value !== "string") return false;
      els.forEach(function (e) { e.checked = e.value === value; });
    } else {
      if (typeof value !== "string") return false;
      els[0].value = value;
    }
    return true;
  }

  function repeatRows(name) {
    return form.querySelectorAll('[data-repeat="' + name + '"] > .repeat__rows > .repeat__row');
  }

  function values() {
    var out = {};
    def.fields.forEach(function (f) {
      if (f.type === "repeat") {
        out[f.name] = Array.prototype.map.call(repeatRows(f.name), function (row, i) {
          var item = {};
          f.fields.forEach(function (c) { item[c.name] = readField(f.name + "." + i + "." + c.name, c.type); });
          return item;
        });
      } else {
        out[f.name] = readField(f.name, f.type);
      }
    });
    return out;
  }

  function filled(value) {
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === "boolean") return value;
    return typeof value === "string" && value.trim() !== "";
  }

  /* ---------- print mirrors ---------- */

  function mirror() {
    form.querySelectorAll(".field").forEach(function (box) {
      var target = box.querySelector(".print-value");
      var el = box.querySelector("input:not([type=checkbox]):not([type=radio]), textarea, select");
      if (target && el) target.textContent = el.value;
    });
    page.querySelectorAll("[data-mirror]").forEach(function (el) {
      var name = el.getAttribute("data-mirror");
      var source = name && inputs(name)[0];
      el.textContent = source ? source.value : "";
    });
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

  function setRowCount(group, count) {
    var rows = group.querySelector(":scope > .repeat__rows");
    while (rows.children.length > count) rows.lastElementChild.remove();
    while (rows.children.length < count) addRow(group, true);
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

  function fieldBox(name) {
    var el = inputs(name)[0];
    return el ? el.closest(".field") : null;
  }

  function focusId(name) {
    var el = inputs(name)[0];
    return el ? el.id : "";
  }

  function clearErrors() {
    form.querySelectorAll(".field--error").forEach(function (box) {
      box.classList.remove("field--error");
      var msg = box.querySelector(".field__error");
      msg.hidden = true;
      msg.textContent = "";
      box.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    });
  }

  function markError(name, message) {
    var box = fieldBox(name);
    if (!box || box.classList.contains("field--error")) return null;
    box.classList.add("field--error");
    var msg = box.querySelector(".field__error");
    msg.textContent = message;
    msg.hidden = false;
    inputs(name).forEach(function (el) { el.setAttribute("aria-invalid", "true"); });
    return { id: focusId(name), message: message };
  }

  function checkOne(name, f, value, el) {
    if (!filled(value)) {
      if (f.required) return f.type === "checkbox" ? fmt(ui.err_required_check, { label: f.label })
        : fmt(ui.err_required, { label: f.label });
      if (el && el.validity && el.validity.badInput) return CHECKS[def.checks[f.type]](""); // half-typed date/time
      return null;
    }
    var check = CHECKS[def.checks[f.type]];
    return check && typeof value === "string" ? check(value.trim()) : null;
  }

  function validate() {
    clearErrors();
    var found = [];
    var vals = values();
    function add(name, message) {
      var e = markError(name, message);
      if (e) found.push(e);
    }
    def.fields.forEach(function (f) {
      if (f.type === "repeat") {
        vals[f.name].forEach(function (item, i) {
          f.fields.forEach(function (c) {
            var name = f.name + "." + i + "." + c.name;
            var label = { label: f.item_label + " " + (i + 1) + ": " + c.label };
            var problem = checkOne(name, c, item[c.name], inputs(name)[0]);
            if (problem && !filled(item[c.name]) && c.required) {
              problem = fmt(c.type === "checkbox" ? ui.err_required_check : ui.err_required, label);
            }
            if (problem) add(name, problem);
          });
        });
      } else {
        var problem = checkOne(f.name, f, vals[f.name], inputs(f.name)[0]);
        if (problem) add(f.name, problem);
      }
    });
    def.rules.forEach(function (r) {
      if (r.type === "date_order" && filled(vals[r.first]) && filled(vals[r.then]) && vals[r.then] < vals[r.first]) {
        add(r.then, r.message);
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
    // errors in the order the fields appear on the page
    var order = Array.prototype.map.call(form.querySelectorAll("input, textarea, select"), function (e) { return e.id; });
    found.sort(function (a, b) { return order.indexOf(a.id) - order.indexOf(b.id); });
    return found;
  }

  function showSummary(errors) {
    var list = summary.querySelector("ul");
    list.textContent = "";
    if (!errors.length) {
      summary.hidden = true;
      say(statusBox, ui.no_errors);
      return;
    }
    summary.querySelector("h2").textContent = errors.length === 1 ? ui.summary_one
      : fmt(ui.summary_title, { n: errors.length });
    errors.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + e.id;
      a.textContent = e.message;
      li.appendChild(a);
      list.appendChild(li);
    });
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
    var file = def.id + "-utkast-" + today() + ".json";
    var draft = { form: def.id, version: def.version, saved: new Date().toISOString(), values: values() };
    download(file, "application/json", JSON.stringify(draft, null, 2));
    dirty = false;
    say(statusBox, fmt(ui.draft_saved, { file: file }));
  }

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
    var known = {};
    def.fields.forEach(function (f) { known[f.name] = f; });
    // keys at the top of the file other than the draft's own (e.g. "__proto__") are not used: say so
    var dropped = Object.keys(draft).filter(function (k) {
      return ["form", "version", "saved", "values"].indexOf(k) === -1;
    });
    // check everything before changing anything on screen
    Object.keys(draft.values).forEach(function (key) {
      var f = known[key], v = draft.values[key];
      if (!f) { dropped.push(key); return; }
      if (f.type === "repeat" && !Array.isArray(v)) dropped.push(key);
    });
    clearErrors();
    summary.hidden = true;
    def.fields.forEach(function (f) {
      if (!Object.prototype.hasOwnProperty.call(draft.values, f.name) || dropped.indexOf(f.name) !== -1) return;
      var v = draft.values[f.name];
      if (f.type === "repeat") {
        var group = form.querySelector('[data-repeat="' + f.name + '"]');
        setRowCount(group, Math.max(v.length, f.min));
        var names = {};
        f.fields.forEach(function (c) { names[c.name] = c; });
        v.forEach(function (item, i) {
          if (!item || typeof item !== "object") { dropped.push(f.item_label + " " + (i + 1)); return; }
          Object.keys(item).forEach(function (k) {
            var c = names[k];
            if (!c || !writeField(f.name + "." + i + "." + k, c.type, item[k])) {
              dropped.push(f.item_label + " " + (i + 1) + ": " + k);
            }
          });
        });
      } else if (!writeField(f.name, f.type, v)) {
        dropped.push(f.name);
      }
    });
    mirror();
    dirty = false;
    var messages = [ui.draft_loaded];
    if (draft.version < def.version) messages.push(fmt(ui.draft_older, { old: draft.version, "new": def.version }));
    if (dropped.length) messages.push(fmt(ui.draft_dropped, { fields: dropped.join(", ") }));
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

  function icsText(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r?\n/g, "\\n");
  }

  function fold(line) {
    var out = [];
    while (line.length > 70) { out.push(line.slice(0, 70)); line = " " + line.slice(70); }
    out.push(line);
    return out.join("\r\n");
  }

  function stamp(date, time) { return date.replace(/-/g, "") + "T" + time.replace(":", "") + "00"; }

  function nextDay(date) {
    var d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10) + 1));
    return d.toISOString().slice(0, 10).replace(/-/g, "");
  }

  function calendar() {
    var cal = def.calendar, vals = values();
    var date = vals[cal.date], start = cal.start ? vals[cal.start] : "";
    if (!filled(date) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) { say(alertBox, ui.calendar_missing); return; }
    var when;
    if (filled(start)) {
      var end = cal.end && filled(vals[cal.end]) ? vals[cal.end] : null;
      if (!end) {
        var t = start.split(":");
        end = String(Math.min(23, parseInt(t[0], 10) + 1)).padStart(2, "0") + ":" + t[1];
      }
      when = ["DTSTART;TZID=Europe/Stockholm:" + stamp(date, start), "DTEND;TZID=Europe/Stockholm:" + stamp(date, end)];
    } else {
      // no time: a reminder for the whole day
      when = ["DTSTART;VALUE=DATE:" + date.replace(/-/g, ""), "DTEND;VALUE=DATE:" + nextDay(date)];
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
    ].concat(when, ["SUMMARY:" + icsText(cal.summary)]);
    if (where) lines.push("LOCATION:" + icsText(where));
    if (what) lines.push("DESCRIPTION:" + icsText(what));
    lines.push("END:VEVENT", "END:VCALENDAR");
    var file = def.id + "-" + date + ".ics";
    download(file, "text/calendar", lines.map(fold).join("\r\n") + "\r\n");
    say(statusBox, fmt(ui.calendar_done, { file: file }));
  }

  /* ---------- wiring ---------- */

  page.querySelectorAll("[data-js]").forEach(function (el) { el.hidden = false; });
  form.querySelectorAll("[data-repeat]").forEach(renumber);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", function () { dirty = true; mirror(); });
  form.addEventListener("change", function () { dirty = true; mirror(); });
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
