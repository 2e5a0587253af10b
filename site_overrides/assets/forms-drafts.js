/* Forms: drafts saved to and opened from a file.
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
  var page = F.page, def = F.def, ui = F.ui, form = F.form, statusBox = F.statusBox, alertBox = F.alertBox,
      summary = F.summary, fileInput = F.fileInput, fmt = F.fmt, say = F.say, index = F.index,
      writeField = F.writeField, repeatRows = F.repeatRows, values = F.values,
      download = F.download, today = F.today, MAX_ROWS = F.MAX_ROWS;

  /* ---------- drafts and the case ---------- */

  // A form with `case:` fields saves the case: its own draft (form, version, values) and,
  // under "case", what the forms of one SIP share (shared: concept -> value or rows) and
  // the drafts of the other forms, kept as they were. Opening the file in another of
  // these forms fills what that form has in common; the rest stays empty.
  var has = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };
  var isObject = function (v) { return !!v && typeof v === "object" && !Array.isArray(v); };
  var caseFields = def.fields.filter(function (f) { return f.case.length || (f.case_from || []).length; });
  var isCaseForm = caseFields.length > 0;
  var theCase = null; // {shared, forms} of the case file this form was filled from
  var FORM_ID = /^[a-z0-9][a-z0-9-]{0,60}$/;
  var HANDOFF = "coordForm.case";

  // "a, b, c och 7 till": a long list is cut, each item too (a file may hold anything)
  function shortList(items, max) {
    var shown = items.slice(0, max || 5).map(function (t) {
      t = String(t);
      return t.length > 60 ? t.slice(0, 59) + "…" : t;
    });
    var list = shown.join(", ");
    return items.length > shown.length ? fmt(ui.list_more, { list: list, n: items.length - shown.length }) : list;
  }

  // a copy of a plain object without the keys that could reach an object's prototype
  function plain(obj) {
    var out = {};
    Object.keys(obj).forEach(function (k) {
      if (k !== "__proto__" && k !== "constructor" && k !== "prototype") out[k] = obj[k];
    });
    return out;
  }

  // what this form shares, merged over what the case already held
  function sharedFrom(vals, before) {
    var shared = plain(isObject(before) ? before : {});
    caseFields.forEach(function (f) {
      if (f.type !== "repeat") { shared[f.case[0]] = vals[f.name]; return; }
      if (!f.case.length) return; // a group that only reads from the case
      var old = Array.isArray(shared[f.case[0]]) ? shared[f.case[0]] : [];
      shared[f.case[0]] = vals[f.name].filter(F.rowFilled).map(function (item, i) {
        // the columns this form does not have are kept from the same row
        var row = plain(isObject(old[i]) ? old[i] : {});
        f.fields.forEach(function (c) { if (c.case.length) row[c.case[0]] = item[c.name]; });
        return row;
      });
    });
    return shared;
  }

  function draftFile() {
    var saved = new Date().toISOString();
    var draft = { form: def.id, version: def.version, saved: saved, values: values() };
    if (!isCaseForm) return draft;
    var forms = {};
    if (theCase) {
      Object.keys(theCase.forms).forEach(function (id) { if (id !== def.id) forms[id] = theCase.forms[id]; });
    }
    draft.case = { version: def.case_version, shared: sharedFrom(draft.values, theCase && theCase.shared), forms: forms };
    return draft;
  }

  function saveDraft() {
    var file = fmt(ui.draft_file, { form: def.id, date: today() });
    download(file, "application/json", JSON.stringify(draftFile(), null, 2));
    F.dirty = false;
    say(statusBox, fmt(ui.draft_saved, { file: file }));
  }

  function wellFormed(draft) {
    return isObject(draft) && typeof draft.form === "string" && typeof draft.version === "number" &&
      isObject(draft.values);
  }

  // the case in a file: {version, shared, forms} with the file's own form among the forms;
  // null when the file holds none
  function caseOf(draft) {
    var c = draft.case;
    if (!isObject(c) || typeof c.version !== "number" || !isObject(c.shared)) return null;
    var forms = {};
    var all = isObject(c.forms) ? c.forms : {};
    Object.keys(all).slice(0, 50).forEach(function (id) {
      if (FORM_ID.test(id) && wellFormed(all[id]) && all[id].form === id) forms[id] = all[id];
    });
    if (FORM_ID.test(draft.form)) forms[draft.form] = { form: draft.form, version: draft.version, saved: draft.saved, values: draft.values };
    return { version: c.version, shared: plain(c.shared), forms: forms };
  }

  function versionNote(version, notes) {
    if (version > def.version) notes.push(fmt(ui.draft_newer, { "new": def.version }));
    else if (version < def.version) notes.push(fmt(ui.draft_older, { old: version, "new": def.version }));
  }

  // the form's own values from a draft; what the form cannot take is named in invalid,
  // what it does not know in unknown
  function fillOwn(draft, unknown, invalid, notes) {
    var known = {};
    def.fields.forEach(function (f) { known[f.name] = f; });
    Object.keys(draft.values).forEach(function (key) { if (!has(known, key)) unknown.push(key); });
    def.fields.forEach(function (f) {
      if (f.type !== "repeat") return;
      var group = form.querySelector('[data-repeat="' + f.name + '"]');
      var v = draft.values[f.name];
      if (!has(draft.values, f.name)) { F.setRowCount(group, parseInt(group.getAttribute("data-start"), 10) || f.min); return; }
      if (!Array.isArray(v)) { invalid.push(f.label); F.setRowCount(group, f.min); return; }
      if (v.length > MAX_ROWS) {
        notes.push(fmt(ui.draft_too_many, { n: v.length, label: f.label, max: MAX_ROWS }));
        v = v.slice(0, MAX_ROWS);
      }
      F.setRowCount(group, Math.max(v.length, f.min));
      var names = {};
      f.fields.forEach(function (c) { names[c.name] = c; });
      var rows = repeatRows(f.name);
      v.forEach(function (item, i) {
        var row = f.item_label + " " + (i + 1);
        if (!isObject(item)) { invalid.push(row); return; }
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
  }

  // the shared values into this form's case fields; returns the labels of what was filled
  function fillShared(shared, invalid, notes, own) {
    var done = [];
    caseFields.forEach(function (f) {
      // a group that only reads from the case keeps the rows the form's own draft has
      if (f.type === "repeat" && !f.case.length && own && Array.isArray(own.values[f.name]) &&
          own.values[f.name].some(function (r) { return isObject(r) && F.rowFilled(r); })) return;
      if (f.type !== "repeat") {
        var v = shared[f.case[0]];
        if (!has(shared, f.case[0]) || !F.filled(v)) return;
        if (writeField(f.name, f.type, v, index())) done.push(f.label);
        else invalid.push(f.label);
        return;
      }
      // the group's own list, or else the lists it starts from (a plan's participants
      // from the kallelse's relatives and units)
      var rows = f.case.length && Array.isArray(shared[f.case[0]]) && shared[f.case[0]].length ? shared[f.case[0]] : [];
      if (!rows.length) {
        (f.case_from || []).forEach(function (name) { if (Array.isArray(shared[name])) rows = rows.concat(shared[name]); });
        // rows made of single values (the person, the samordnare), first or last
        (f.case_rows || []).forEach(function (spec) {
          var row = {}, any = false;
          Object.keys(spec.columns).forEach(function (col) {
            var v = shared[spec.columns[col]];
            if (typeof v === "string" && v.trim()) { row[col] = v; any = true; }
          });
          if (!any) return;
          Object.keys(spec.text).forEach(function (col) { row[col] = spec.text[col]; });
          rows = spec.place === "start" ? [row].concat(rows) : rows.concat([row]);
        });
      }
      rows = rows.filter(isObject);
      if (!rows.length) return;
      if (rows.length > MAX_ROWS) {
        notes.push(fmt(ui.draft_too_many, { n: rows.length, label: f.label, max: MAX_ROWS }));
        rows = rows.slice(0, MAX_ROWS);
      }
      var group = form.querySelector('[data-repeat="' + f.name + '"]');
      F.setRowCount(group, Math.max(rows.length, f.min));
      var elements = repeatRows(f.name);
      rows.forEach(function (row, i) {
        var idx = index(elements[i]);
        f.fields.forEach(function (c) {
          if (!c.case.length) return;
          var col = c.case.filter(function (k) { return has(row, k) && F.filled(row[k]); })[0];
          var ok = writeField(f.name + "." + i + "." + c.name, c.type, col ? row[col] : "", idx);
          if (!ok) { writeField(f.name + "." + i + "." + c.name, c.type, "", idx); invalid.push(f.item_label + " " + (i + 1) + ": " + c.label); }
        });
      });
      done.push(fmt(ui.case_rows, { label: f.label, n: rows.length }));
    });
    return done;
  }

  // Opening a draft replaces the whole form, as the confirmation says: what the draft
  // does not hold is left empty. What the form cannot take is named by its label.
  // handoff: {from: the title of the form the user came from, values, fresh}
  function loadDraft(text, handoff) {
    var draft;
    try { draft = typeof text === "string" ? JSON.parse(text) : text; } catch (e) { draft = null; }
    if (!wellFormed(draft)) {
      say(alertBox, ui.draft_malformed);
      return;
    }
    var found = isCaseForm ? caseOf(draft) : null;
    if (draft.form !== def.id && !found) {
      say(alertBox, fmt(ui.draft_foreign, { form: shortList([draft.form]) }));
      return;
    }
    var own = draft.form === def.id ? draft : found.forms[def.id] || null;
    if (handoff && handoff.fresh) own = null;
    // keys at the top of the file other than the draft's own (e.g. "__proto__") are not used: say so
    var unknown = Object.keys(draft).filter(function (k) {
      return ["form", "version", "saved", "values"].concat(isCaseForm ? ["case"] : []).indexOf(k) === -1;
    });
    var invalid = [], notes = [];
    F.clearErrors();
    summary.hidden = true;
    statusBox.textContent = "";
    alertBox.textContent = "";
    form.reset();
    if (own) {
      versionNote(own.version, notes);
      fillOwn(own, unknown, invalid, notes);
    } else {
      def.fields.forEach(function (f) {
        if (f.type === "repeat") F.setRowCount(form.querySelector('[data-repeat="' + f.name + '"]'), parseInt(form.querySelector('[data-repeat="' + f.name + '"]').getAttribute("data-start"), 10) || f.min);
      });
    }
    var filledNow = [];
    if (found) {
      if (found.version > def.case_version) notes.push(fmt(ui.draft_newer, { "new": def.case_version }));
      filledNow = fillShared(found.shared, invalid, notes, own);
    }
    theCase = found; // a draft without a case starts a new one when it is saved
    if (handoff && isObject(handoff.values)) {
      var idx = index();
      def.fields.forEach(function (f) {
        if (f.type !== "repeat" && has(handoff.values, f.name) && writeField(f.name, f.type, handoff.values[f.name], idx)) filledNow.push(f.label);
      });
    }
    F.mirror();
    F.dirty = false; // nothing typed here yet; what came from another form is still there
    var messages;
    if (handoff) messages = [fmt(ui.case_from, { form: handoff.from, fields: shortList(filledNow, 15) })];
    else if (own) messages = [ui.draft_loaded];
    else messages = [];
    if (found && !handoff && draft.form !== def.id) {
      messages.push(filledNow.length ? fmt(ui.case_filled, { fields: shortList(filledNow, 15) }) : ui.case_none);
    }
    if (unknown.length) messages.push(fmt(ui.draft_dropped, { fields: shortList(unknown) }));
    if (invalid.length) messages.push(fmt(ui.draft_invalid, { fields: shortList(invalid, 15) }));
    messages = messages.concat(notes);
    var quiet = messages.length === 1 || (messages.length === 2 && !unknown.length && !invalid.length && !notes.length);
    say(quiet ? statusBox : alertBox, messages.join(" "));
  }

  fileInput.addEventListener("change", function () {
    var file = fileInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { loadDraft(String(reader.result)); fileInput.value = ""; };
    reader.onerror = function () { say(alertBox, ui.draft_malformed); fileInput.value = ""; };
    reader.readAsText(file);
  });

  /* ---------- one step to the next form of the case ---------- */

  // The case goes to the next page through this tab's sessionStorage (same origin, gone
  // when the tab closes, read once and removed), never in the address.
  page.querySelectorAll("[data-case-next]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var step = def.next[parseInt(link.getAttribute("data-case-next"), 10)];
      if (!step) return;
      event.preventDefault();
      var file = draftFile();
      var shared = file.case ? file.case.shared : {};
      Object.keys(step.case_as).forEach(function (k) { shared[k] = has(shared, step.case_as[k]) ? shared[step.case_as[k]] : ""; });
      try {
        window.sessionStorage.setItem(HANDOFF, JSON.stringify({
          to: step.form, from: def.title, values: step.values, fresh: !!step.fresh, file: file }));
      } catch (e) {
        say(alertBox, ui.case_handoff_failed);
        return;
      }
      F.dirty = false;
      window.location.href = link.href;
    });
  });

  function receive() {
    var text = null;
    try {
      text = window.sessionStorage.getItem(HANDOFF);
      if (text !== null) window.sessionStorage.removeItem(HANDOFF);
    } catch (e) { return; }
    if (text === null) return;
    var handoff;
    try { handoff = JSON.parse(text); } catch (e) { return; }
    if (!isObject(handoff) || handoff.to !== def.id || !isCaseForm) return;
    loadDraft(handoff.file, { from: String(handoff.from || ""), values: handoff.values, fresh: !!handoff.fresh });
  }

  F.saveDraft = saveDraft;
  F.loadDraft = loadDraft;
  F.draftFile = draftFile;

  F.actions.save = saveDraft;
  F.actions.open = function () {
    if (!F.dirty || window.confirm(ui.draft_confirm)) fileInput.click();
  };
  // after the other form scripts have set up the form (forms-print.js runs last)
  window.setTimeout(receive, 0);
})();
