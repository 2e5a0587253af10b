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
  var def = F.def, ui = F.ui, form = F.form, statusBox = F.statusBox, alertBox = F.alertBox,
      summary = F.summary, fileInput = F.fileInput, fmt = F.fmt, say = F.say, index = F.index,
      writeField = F.writeField, repeatRows = F.repeatRows, values = F.values,
      download = F.download, today = F.today, MAX_ROWS = F.MAX_ROWS;

  /* ---------- drafts ---------- */

  function saveDraft() {
    var file = fmt(ui.draft_file, { form: def.id, date: today() });
    var draft = { form: def.id, version: def.version, saved: new Date().toISOString(), values: values() };
    download(file, "application/json", JSON.stringify(draft, null, 2));
    F.dirty = false;
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
    F.clearErrors();
    summary.hidden = true;
    statusBox.textContent = "";
    alertBox.textContent = "";
    form.reset();
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
    F.mirror();
    F.dirty = false;
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

  F.saveDraft = saveDraft;
  F.loadDraft = loadDraft;

  F.actions.save = saveDraft;
  F.actions.open = function () {
    if (!F.dirty || window.confirm(ui.draft_confirm)) fileInput.click();
  };
})();
