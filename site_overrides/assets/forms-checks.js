/* Forms: checks and the error summary.
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
  var page = F.page, def = F.def, ui = F.ui, form = F.form, statusBox = F.statusBox,
      alertBox = F.alertBox, summary = F.summary, fmt = F.fmt, say = F.say, inputs = F.inputs,
      index = F.index, values = F.values, filled = F.filled, rowFilled = F.rowFilled,
      today = F.today, seconds = F.seconds;

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

  var MARKED = ".field--error, .field--warning, .field--advice";

  function clearBox(box) {
    box.classList.remove("field--error", "field--warning", "field--advice");
    var msg = box.querySelector(".field__error");
    msg.hidden = true;
    msg.textContent = "";
    box.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
  }

  function clearErrors() {
    form.querySelectorAll(MARKED).forEach(clearBox);
  }

  // kind: "error" (aria-invalid), "warning" or "advice" (shown, never invalid)
  function markError(name, message, idx, kind) {
    kind = kind === true ? "warning" : kind || "error";
    var box = fieldBox(name, idx);
    if (!box || box.matches(MARKED)) return null;
    box.classList.add("field--" + kind);
    var msg = box.querySelector(".field__error");
    msg.textContent = message;
    msg.hidden = false;
    if (kind === "error") (idx[name] || []).forEach(function (el) { el.setAttribute("aria-invalid", "true"); });
    var el = (idx[name] || [])[0];
    return { id: el ? el.id : "", message: message, warning: kind === "warning", advice: kind === "advice" };
  }

  // a problem is a message; an empty field that is only recommended gives advice ({advice: message})
  function checkOne(f, label, value, el) {
    if (!filled(value)) {
      if (f.required) return labelled(f.type === "checkbox" ? ui.err_required_check : ui.err_required, label);
      if (f.recommended) return { advice: labelled(ui.err_recommended, label) };
      if (el && el.validity && el.validity.badInput) return CHECKS[def.checks[f.type]](""); // half-typed date/time
      return null;
    }
    var check = CHECKS[def.checks[f.type]];
    return check && typeof value === "string" ? check(value.trim()) : null;
  }

  // every problem of the form as {name, message, kind}: kind "error", "warning" (a rule's
  // warning, e.g. a date that has passed) or "advice" (a recommended field left empty)
  function problems(idx) {
    var found = [];
    var vals = values(idx);
    function add(name, message, warning) {
      if (message && typeof message === "object") found.push({ name: name, message: message.advice, kind: "advice" });
      else found.push({ name: name, message: message, kind: warning ? "warning" : "error" });
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
            if (typeof problem === "string" && filled(item[c.name])) problem = row + ": " + problem;
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
    return found;
  }

  function validate() {
    clearErrors();
    var idx = index();
    var found = [];
    // errors first, so that a field with an error and advice shows the error
    var all = problems(idx);
    ["error", "warning", "advice"].forEach(function (kind) {
      all.forEach(function (p) {
        if (p.kind !== kind) return;
        var e = markError(p.name, p.message, idx, kind);
        if (e) found.push(e);
      });
    });
    // in the order the fields appear on the page
    var order = {};
    Array.prototype.forEach.call(form.querySelectorAll("input, textarea, select"), function (e, i) { order[e.id] = i; });
    found.sort(function (a, b) { return order[a.id] - order[b.id]; });
    return found;
  }

  function summaryList(items, kind) {
    var list = document.createElement("ul");
    list.setAttribute("data-kind", kind);
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

  var shown = []; // what the summary lists now

  function showSummary(found) {
    // earlier messages (a draft opened, a row added) do not stand next to the result
    statusBox.textContent = "";
    alertBox.textContent = "";
    shown = found.slice();
    if (!found.length) {
      summary.hidden = true;
      say(statusBox, ui.no_errors);
      return;
    }
    render(found);
    summary.hidden = false;
    summary.focus();
  }

  function render(found) {
    var errors = found.filter(function (e) { return !e.warning && !e.advice; });
    var title = summary.querySelector("h2");
    Array.prototype.slice.call(summary.children).forEach(function (el) { if (el !== title) el.remove(); });
    summary.classList.remove("error-summary--advice");
    // errors under the title; then warnings and advice, each under its own heading
    var groups = [[found.filter(function (e) { return e.warning; }), ui.summary_warnings, "warnings"],
                  [found.filter(function (e) { return e.advice; }), ui.summary_advice, "advice"]];
    var first = true;
    if (errors.length) {
      title.textContent = errors.length === 1 ? ui.summary_one : fmt(ui.summary_title, { n: errors.length });
      summary.appendChild(summaryList(errors, "errors"));
      first = false;
    } else {
      summary.classList.add("error-summary--advice");
    }
    groups.forEach(function (g) {
      if (!g[0].length) return;
      if (first) {
        title.textContent = g[1];
        first = false;
      } else {
        var sub = document.createElement("h3");
        sub.textContent = g[1];
        summary.appendChild(sub);
      }
      summary.appendChild(summaryList(g[0], g[2]));
    });
  }

  // a field that had a problem is checked again as it is corrected: when the problem is
  // gone its message and aria-invalid go at once, and its line leaves the summary
  function recheck(target) {
    var box = target && target.closest ? target.closest(".field") : null;
    if (!box || !box.matches(MARKED)) return;
    var idx = index();
    var names = {};
    box.querySelectorAll("[name]").forEach(function (el) { names[el.getAttribute("name")] = true; });
    var wasError = box.classList.contains("field--error");
    var still = problems(idx).filter(function (p) { return names[p.name] && (p.kind === "error") === wasError; })[0];
    var msg = box.querySelector(".field__error");
    if (still) {
      if (msg.textContent !== still.message) msg.textContent = still.message;
      return;
    }
    var ids = {};
    box.querySelectorAll("[id]").forEach(function (el) { ids[el.id] = true; });
    clearBox(box);
    if (summary.hidden) return;
    shown = shown.filter(function (e) { return !ids[e.id]; });
    if (shown.length) render(shown);
    else summary.hidden = true;
  }

  form.addEventListener("input", function (event) { recheck(event.target); });
  form.addEventListener("change", function (event) { recheck(event.target); });

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

  F.clearErrors = clearErrors;
  F.validate = validate;
  F.showSummary = showSummary;

  F.actions.check = function () { showSummary(validate()); };
})();
