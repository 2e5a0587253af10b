// The editor's script: rows of a list added, removed and moved (by keyboard too),
// Markdown previewed by the server, focus on the message after a save. The form
// itself works without it (edit and save); no inline script, no other origin.
"use strict";

(function () {
  const form = document.querySelector("form.editor");
  const live = document.querySelector("[data-live]");
  const focusTarget = document.querySelector("[data-focus]");
  if (focusTarget) focusTarget.focus();
  if (!form) return;
  const token = form.querySelector("input[name=_token]").value;
  const words = JSON.parse(document.body.dataset.words || "{}");

  function say(text) {
    // a fresh text node each time: screen readers announce repeated messages too
    live.textContent = "";
    window.setTimeout(() => { live.textContent = text; }, 50);
  }

  function ownItems(list) {
    return Array.from(list.querySelector("[data-items]").children).filter((el) => el.matches("[data-item]"));
  }

  function fieldName(el) {
    const parts = [];
    for (let node = el; node && node !== form; node = node.parentElement) {
      if (node.dataset && node.dataset.key) parts.unshift(node.dataset.key);
    }
    return parts.join(".");
  }

  function idFor(name) {
    return "f-" + name.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  }

  // Names, ids and "Avsnitt 3" follow the order on screen after every change.
  function renumber() {
    form.querySelectorAll("[data-list]").forEach((list) => {
      const label = list.dataset.itemLabel;
      ownItems(list).forEach((item, i) => {
        item.dataset.key = String(i);
        item.querySelectorAll("[data-number]").forEach((span) => {
          if (span.closest("[data-item]") === item) span.textContent = label + " " + (i + 1);
        });
      });
    });
    form.querySelectorAll("[data-list], fieldset.group").forEach((el) => { el.id = idFor(fieldName(el)); });
    form.querySelectorAll("[data-key][name]").forEach((input) => {
      const name = fieldName(input);
      input.name = name;
      if (input.type === "hidden") return;
      const id = idFor(name);
      const field = input.closest("[data-field]");
      input.id = id;
      const label = field.querySelector("[data-label]");
      if (label) label.htmlFor = id;
      const described = [];
      const hint = field.querySelector("[data-hint]");
      if (hint) { hint.id = id + "-hint"; described.push(hint.id); }
      const error = field.querySelector("[data-error]");
      if (error) { error.id = id + "-error"; described.push(error.id); }
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      const out = field.querySelector("[data-preview-out]");
      if (out) {
        out.id = id + "-preview";
        field.querySelector("[data-preview]").setAttribute("aria-controls", out.id);
      }
    });
  }

  function firstControl(el) {
    return el.querySelector("input:not([type=hidden]), textarea, select, button");
  }

  function itemName(item) {
    const span = item.querySelector("[data-number]");
    return span ? span.textContent : "";
  }

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !form.contains(button)) return;
    if (button.matches("[data-add]")) {
      const list = button.closest("[data-list]");
      const template = list.querySelector(":scope > template[data-template]");
      const item = template.content.firstElementChild.cloneNode(true);
      list.querySelector("[data-items]").appendChild(item);
      renumber();
      const control = firstControl(item);
      if (control) control.focus();
      say(words.added.replace("{item}", itemName(item)));
    } else if (button.matches("[data-remove]")) {
      const item = button.closest("[data-item]");
      const list = item.closest("[data-list]");
      const name = itemName(item);
      const next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      renumber();
      const target = next ? next.querySelector("[data-remove]") : list.querySelector(":scope > .add [data-add]") || list;
      target.focus();
      say(words.removed.replace("{item}", name));
    } else if (button.matches("[data-move]")) {
      const item = button.closest("[data-item]");
      const up = button.dataset.move === "up";
      const other = up ? item.previousElementSibling : item.nextElementSibling;
      if (!other) return;
      if (up) other.before(item); else other.after(item);
      renumber();
      button.focus();
      say(words.moved.replace("{item}", itemName(item)));
    } else if (button.matches("[data-preview]")) {
      preview(button);
    }
  });

  async function preview(button) {
    const field = button.closest("[data-field]");
    const text = field.querySelector("textarea").value;
    const out = field.querySelector("[data-preview-out]");
    out.hidden = false;
    try {
      const response = await fetch("/preview", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Editor-Token": token },
        body: JSON.stringify({ file: form.dataset.file, text: text }),
      });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      const frame = out.querySelector("[data-preview-frame]");
      const refused = out.querySelector("[data-preview-refused]");
      if (data.refused) {
        // what the site does not allow is not shown at all: the reasons instead, as text
        const intro = document.createElement("p");
        intro.textContent = words.preview_refused;
        const list = document.createElement("ul");
        data.refused.forEach((message) => {
          const li = document.createElement("li");
          li.textContent = message;
          list.appendChild(li);
        });
        refused.replaceChildren(intro, list);
        refused.hidden = false;
        frame.hidden = true;
        frame.removeAttribute("srcdoc");
        return;
      }
      // The site's own pipeline, in a document of its own: the frame is sandboxed (no
      // script, no form, no navigation of this tab), so nothing in the text reaches
      // the form around it or the page.
      refused.hidden = true;
      frame.hidden = false;
      frame.srcdoc = data.doc;
    } catch (err) {
      const refused = out.querySelector("[data-preview-refused]");
      refused.textContent = words.preview_failed;
      refused.hidden = false;
      out.querySelector("[data-preview-frame]").hidden = true;
    }
  }

  // A change larger than the server reads is not sent: the message shows here, and
  // everything typed stays in the form.
  form.addEventListener("submit", (event) => {
    const size = new URLSearchParams(new FormData(form)).toString().length;
    if (size <= Number(form.dataset.maxBody)) return;
    event.preventDefault();
    let summary = document.querySelector("[data-size-summary]");
    if (!summary) {
      summary = document.createElement("div");
      summary.className = "error-summary";
      summary.tabIndex = -1;
      summary.dataset.sizeSummary = "";
      summary.setAttribute("role", "alert");
      const title = document.createElement("h2");
      title.textContent = words.error_title;
      const text = document.createElement("p");
      text.textContent = words.too_large;
      summary.append(title, text);
      form.before(summary);
    }
    summary.focus();
  });

  form.querySelectorAll("[data-add]").forEach((b) => { b.hidden = false; });
  form.querySelectorAll("[data-item]").forEach((item) => item.classList.add("js"));
  document.documentElement.classList.add("js");
})();
