/* Forms: the paper. A filled kallelse, plan or set of notes is printed as a letter or
 * a plan, not as the screen (forms/<id>.yml `paper`: which fields, in what order,
 * under which headings), and the same document can be downloaded as a Word file.
 * Runs after forms-print.js. Page numbers ("Sida 1 av 2") are drawn by the browser's
 * print in the page's margin (tools.css, @page); this script gives them their words.
 *
 * Typed text is only ever set with .textContent, never as HTML. The Word file is made
 * in this tab by the docx library (assets/vendor/docx-*.js, MIT, see
 * assets/vendor/docx-LICENSE.txt), which is fetched only when Word is asked for.
 * All words come from the form definition (forms/<id>.yml and content/site.yml).
 */
(function () {
  "use strict";
  var F = window.coordForm;
  if (!F) return;
  var def = F.def, ui = F.ui, page = F.page;
  var lang = (page.closest("[lang]") || document.documentElement).getAttribute("lang") || "sv";
  // where this script was loaded from: the Word library lies beside it
  var here = document.currentScript && document.currentScript.src;

  /* ---------- page numbers in the print's margin ---------- */

  function cssString(text) {
    return '"' + String(text).replace(/[\\"]/g, "\\$&").replace(/[\r\n]+/g, " ") + '"';
  }

  // "Sida {page} av {pages}" -> "Sida " counter(page) " av " counter(pages)
  function pageNumbers(template) {
    return template.split(/(\{pages?\})/).filter(Boolean).map(function (part) {
      if (part === "{page}") return "counter(page)";
      if (part === "{pages}") return "counter(pages)";
      return cssString(part);
    }).join(" ");
  }
  document.documentElement.style.setProperty("--print-pages", pageNumbers(ui.print_pages));

  var paper = def.paper;
  var box = page.querySelector(".paper");
  if (!paper || !box) return;

  /* ---------- values in words ---------- */

  function dateWords(iso, weekday) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || "").trim());
    if (!m) return String(iso || "").trim();
    var options = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
    if (weekday) options.weekday = "long";
    return new Intl.DateTimeFormat(lang, options).format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
  }

  function timeWords(time) {
    return String(time || "").trim().replace(/^(\d{2}):(\d{2}).*$/, "$1" + ui.time_separator + "$2");
  }

  function text(field, value) {
    if (value === undefined || value === null) return "";
    if (field.type === "checkbox") return value ? field.label : "";
    if (Array.isArray(value)) return value.join(", ");
    if (field.type === "date") return dateWords(value, false);
    if (field.type === "time") return timeWords(value);
    return String(value).trim();
  }

  /* ---------- the document: a list of parts, for print and for Word ---------- */

  function facts(fields, values) {
    return fields.map(function (f) { return [f.label, text(f, values[f.name]), f.type]; })
      .filter(function (row) { return row[1] !== ""; })
      .map(function (row) { return row[2] === "checkbox" ? ["", row[1]] : [row[0], row[1]]; });
  }

  function rows(group, columns, values) {
    return (values[group] || []).filter(F.rowFilled).map(function (item) {
      return columns.map(function (c) { return text(c, item[c.name]); });
    });
  }

  function when(block, values) {
    var date = block.date && values[block.date.name];
    var line = "";
    if (F.filled(date)) {
      var start = block.start && timeWords(values[block.start.name]);
      var end = block.end && timeWords(values[block.end.name]);
      line = dateWords(date, true);
      if (start) line += " " + F.fmt(end ? ui.time_span : ui.time_at, { start: start, end: end });
    }
    return (line ? [[block.date_label || block.date.label, line]] : []).concat(facts(block.fields, values));
  }

  function signatures(block, values) {
    var lines = [[block.person, text({ type: "text" }, values[def.title_field])]];
    if (block.child && values[block.child]) {
      var words = (block.match || []).map(function (w) { return w.toLowerCase(); });
      var found = (values[block.custodians] || []).filter(function (item) {
        var role = String(item[block.role] || "").toLowerCase();
        return words.some(function (w) { return role.indexOf(w) !== -1; });
      }).map(function (item) { return [block.custodian, String(item[block.name] || "").trim()]; });
      var blank = found.length ? 0 : block.blank;
      for (var i = 0; i < blank; i++) found.push([block.custodian, ""]);
      lines = lines.concat(found);
    }
    return lines;
  }

  function build(values) {
    var parts = [{ t: "title", text: def.title }];
    if (paper.intro) parts.push({ t: "p", text: paper.intro });
    paper.blocks.forEach(function (block) {
      var body = [];
      if (block.kind === "facts") {
        var list = facts(block.fields, values);
        if (list.length) body.push({ t: "facts", rows: list });
      } else if (block.kind === "when") {
        var at = when(block, values);
        if (at.length) body.push({ t: "facts", rows: at });
      } else if (block.kind === "text") {
        block.fields.forEach(function (f) {
          var value = text(f, values[f.name]);
          if (!value) return;
          if (f.type === "checkbox") body.push({ t: "p", text: value });
          else body.push({ t: "field", label: f.label, text: value });
        });
      } else if (block.kind === "table") {
        var found = rows(block.field, block.columns, values);
        if (found.length) {
          body.push({ t: "table", head: block.columns.map(function (c) { return c.label; }), rows: found });
        }
      } else if (block.kind === "note") {
        if (block.text) body.push({ t: "p", text: block.text });
      } else if (block.kind === "sender") {
        var lines = block.fields.map(function (f) { return text(f, values[f.name]); }).filter(Boolean);
        if (lines.length) {
          body.push({ t: "sender", lines: lines, date: [block.date_label, dateWords(F.today(), false)] });
        }
      } else if (block.kind === "signatures") {
        // heading, text and lines kept together: one part
        parts.push({ t: "sign", heading: block.heading, text: block.text,
                     head: [""].concat(block.sign_columns || []), rows: signatures(block, values) });
        return;
      }
      if (!body.length) return;
      if (block.heading) parts.push({ t: "h", text: block.heading });
      parts = parts.concat(body);
    });
    return parts;
  }

  /* ---------- print ---------- */

  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined) e.textContent = content;
    return e;
  }

  function table(cls, head, body) {
    var t = el("table", cls), thead = el("thead"), tr = el("tr"), tbody = el("tbody");
    head.forEach(function (h) { tr.appendChild(el("th", null, h)); });
    thead.appendChild(tr);
    t.appendChild(thead);
    body.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (c, i) { row.appendChild(el(i === 0 && cls === "paper__sign" ? "th" : "td", null, c)); });
      tbody.appendChild(row);
    });
    t.appendChild(tbody);
    return t;
  }

  var RENDER = {
    title: function () { return null; }, // the page's own heading is printed
    h: function (p) { return el("h2", "paper__heading", p.text); },
    p: function (p) { return el("p", "paper__text", p.text); },
    field: function (p) {
      var div = el("div", "paper__field");
      div.appendChild(el("h3", "paper__label", p.label));
      div.appendChild(el("p", "paper__text", p.text));
      return div;
    },
    facts: function (p) {
      var dl = el("dl", "paper__facts");
      p.rows.forEach(function (r) {
        var div = el("div", r[0] ? null : "paper__fact--alone");
        if (r[0]) div.appendChild(el("dt", null, r[0]));
        div.appendChild(el("dd", null, r[1]));
        dl.appendChild(div);
      });
      return dl;
    },
    table: function (p) { return table("paper__table", p.head, p.rows); },
    sign: function (p) {
      var div = el("div", "paper__signatures");
      if (p.heading) div.appendChild(el("h2", "paper__heading", p.heading));
      if (p.text) div.appendChild(el("p", "paper__text", p.text));
      div.appendChild(table("paper__sign", p.head, p.rows.map(function (r) {
        return r.concat(p.head.slice(2).map(function () { return ""; }));
      })));
      return div;
    },
    sender: function (p) {
      var div = el("div", "paper__sender");
      p.lines.forEach(function (line) { div.appendChild(el("p", null, line)); });
      div.appendChild(el("p", "paper__sent", p.date[0] + ": " + p.date[1]));
      return div;
    }
  };

  // a filled form prints as the paper; a blank one as the form, with lines to write on
  function render() {
    var values = F.values();
    var filled = def.fields.some(function (f) {
      var v = values[f.name];
      return f.type === "repeat" ? v.some(F.rowFilled) : F.filled(v);
    });
    box.textContent = "";
    page.toggleAttribute("data-paper", filled);
    if (!filled) return;
    build(values).forEach(function (part) {
      var node = RENDER[part.t](part);
      if (node) box.appendChild(node);
    });
  }

  F.paper = { build: build, render: render };
  var print = F.actions.print;
  F.actions.print = function () { render(); print(); };
  window.addEventListener("beforeprint", render);

  /* ---------- Word ---------- */

  var loading = null;
  function library() {
    if (window.docx) return Promise.resolve(window.docx);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL(paper.library, here || document.baseURI).href;
      s.onload = function () { window.docx ? resolve(window.docx) : reject(new Error("docx")); };
      s.onerror = function () { loading = null; reject(new Error("docx")); };
      document.head.appendChild(s);
    });
    return loading;
  }

  function docxFile(d, parts, person) {
    var width = 9638; // A4 less two margins of 2 cm, in twentieths of a point
    function runs(value, bold) {
      return String(value).split(/\r?\n/).map(function (line, i) {
        return new d.TextRun({ text: line, bold: !!bold, break: i ? 1 : 0 });
      });
    }
    function cell(value, bold, w) {
      return new d.TableCell({ width: { size: w, type: d.WidthType.DXA },
        children: [new d.Paragraph({ children: runs(value, bold) })] });
    }
    function grid(head, body, height) {
      var w = Math.floor(width / head.length);
      var widths = head.map(function () { return w; });
      return new d.Table({
        width: { size: width, type: d.WidthType.DXA }, columnWidths: widths, layout: d.TableLayoutType.FIXED,
        rows: [new d.TableRow({ tableHeader: true, children: head.map(function (h) { return cell(h, true, w); }) })]
          .concat(body.map(function (r) {
            return new d.TableRow({ height: height ? { value: height, rule: d.HeightRule.ATLEAST } : undefined,
              cantSplit: true, children: r.map(function (c, i) { return cell(c, height && i === 0, w); }) });
          }))
      });
    }
    var WORD = {
      title: function (p) { return [new d.Paragraph({ text: p.text, heading: d.HeadingLevel.HEADING_1 })]; },
      h: function (p) { return [new d.Paragraph({ text: p.text, heading: d.HeadingLevel.HEADING_2, keepNext: true })]; },
      p: function (p) { return [new d.Paragraph({ children: runs(p.text) })]; },
      field: function (p) {
        return [new d.Paragraph({ text: p.label, heading: d.HeadingLevel.HEADING_3, keepNext: true }),
                new d.Paragraph({ children: runs(p.text) })];
      },
      facts: function (p) {
        return p.rows.map(function (r) {
          return new d.Paragraph({ children: (r[0] ? [new d.TextRun({ text: r[0] + ": ", bold: true })] : [])
            .concat(runs(r[1])) });
        });
      },
      table: function (p) { return [grid(p.head, p.rows), new d.Paragraph({ children: [] })]; },
      sign: function (p) {
        var before = [];
        if (p.heading) before.push(new d.Paragraph({ text: p.heading, heading: d.HeadingLevel.HEADING_2, keepNext: true }));
        if (p.text) before.push(new d.Paragraph({ children: runs(p.text), keepNext: true }));
        return before.concat([grid(p.head, p.rows.map(function (r) {
          return r.concat(p.head.slice(2).map(function () { return ""; }));
        }), 800)]);
      },
      sender: function (p) {
        return p.lines.map(function (line) { return new d.Paragraph({ children: runs(line) }); })
          .concat([new d.Paragraph({ spacing: { before: 240 }, children: [
            new d.TextRun({ text: p.date[0] + ": ", bold: true }), new d.TextRun(p.date[1])] })]);
      }
    };
    var numbers = ui.print_pages.split(/(\{pages?\})/).filter(Boolean).map(function (part) {
      if (part === "{page}") return d.PageNumber.CURRENT;
      if (part === "{pages}") return d.PageNumber.TOTAL_PAGES;
      return part;
    });
    var head = [new d.TextRun({ text: def.title, bold: true })];
    if (person) head.push(new d.TextRun({ text: "\t" + ui.print_person + ": " + person }));
    return new d.Document({
      title: def.title,
      styles: { default: {
        document: { run: { font: "Arial", size: 21 }, paragraph: { spacing: { after: 100 } } },
        heading1: { run: { font: "Arial", size: 34, bold: true, color: "000000" }, paragraph: { spacing: { after: 200 } } },
        heading2: { run: { font: "Arial", size: 25, bold: true, color: "000000" },
                    paragraph: { spacing: { before: 280, after: 100 } } },
        heading3: { run: { font: "Arial", size: 21, bold: true, color: "000000" },
                    paragraph: { spacing: { before: 120, after: 40 } } }
      } },
      sections: [{
        properties: { page: { size: { width: 11906, height: 16838 },
          margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        headers: { default: new d.Header({ children: [new d.Paragraph({ children: head,
          tabStops: [{ type: d.TabStopType.RIGHT, position: width }] })] }) },
        footers: { default: new d.Footer({ children: [new d.Paragraph({ alignment: d.AlignmentType.RIGHT,
          children: [new d.TextRun({ children: numbers })] })] }) },
        children: parts.reduce(function (all, part) { return all.concat(WORD[part.t](part)); }, [])
      }]
    });
  }

  function saveBlob(name, blob) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  F.actions.word = function () {
    var values = F.values();
    var name = F.fmt(paper.file, { date: F.today() });
    library().then(function (d) {
      return d.Packer.toBlob(docxFile(d, build(values), String(values[def.title_field] || "").trim()));
    }).then(function (blob) {
      saveBlob(name, blob);
      F.say(F.statusBox, F.fmt(ui.word_done, { file: name }));
    }, function () {
      F.say(F.alertBox, ui.word_failed);
    });
  };
})();
