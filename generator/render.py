"""Stage 3: content models -> Markdown pages (one Jinja2 template per page kind).

The pages are plain Markdown with a little HTML (md_in_html), so MkDocs (or Zensical)
only has to turn them into HTML. Cross references written by editors are resolved
here, before MkDocs, so they work under any engine:

* ``[[term-id]]`` / ``[[term-id|text]]`` -> a link to the glossary entry, with the
  definition as its tooltip;
* ``](sida:page-id#anchor)`` -> a relative link to the page's Markdown file;
* every glossary term with ``abbr:`` -> an abbreviation definition on every page.
"""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from types import SimpleNamespace

import jinja2

from . import bundle, charts, checks, jinja
from .content import Content, PageEntry, forms_ui_for, pdf_key
from .kinds import BY_NAME, DOCX_LIBRARY, TOOLS_CSS
from .forms_schema import CASE_VERSION, FIELD_TYPES
from .markup import MARKER, PAGE_LINK, TERM_REF, one_line, plain, term_words

TEMPLATES = jinja.TEMPLATES


# the texts of a paper block (forms_schema.PaperBlock): terms and links keep only their words
TEXT_KEYS = ("heading", "text", "date_label", "person", "custodian")


class Renderer:
    """Renders every page. `pdf_sizes` (PDF name -> bytes) is what the PDF stage made:
    form pages show the size of their PDF."""

    def __init__(self, content: Content, cache_dir: Path | None = None, pdf_sizes: dict[str, int] | None = None):
        self.content = content
        self.ui = content.site.ui
        self.terms = content.terms()
        self.words = content.words()
        self.env = jinja.for_content(content, html=False, cache_dir=cache_dir)
        self.html_env = jinja.for_content(content, html=True, cache_dir=cache_dir)
        self.pdf_sizes = dict(pdf_sizes or {})
        self.bundles = bundle.Bundles(content.root.parent / "site_overrides")  # bundle.py
        abbrs = [t for t in self.terms.values() if t.abbr]
        self.abbreviations = [(re.compile(rf"(?<!\w){re.escape(t.abbr)}(?!\w)"),
                               f"*[{t.abbr}]: {one_line(t.term, self.words)}") for t in abbrs]

    # --- references ------------------------------------------------------

    @staticmethod
    def link(from_page: str, to_page: str, anchor: str | None = None) -> str:
        rel = posixpath.relpath(to_page + ".md", posixpath.dirname(from_page) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def resolve(self, text: str, page_id: str) -> str:
        def term(match: re.Match) -> str:
            term_id = match.group(1).strip()
            shown = (match.group(2) or self.terms[term_id].term).strip()
            href = self.link(page_id, "ordlista", term_id)
            tip = one_line(self.terms[term_id].definition, self.words)
            return f'[{shown}]({href} "{tip}"){{ .term }}'

        def page(match: re.Match) -> str:
            return "](" + self.link(page_id, match.group(1), match.group(2)) + ")"

        return PAGE_LINK.sub(page, TERM_REF.sub(term, text))

    # --- pages -----------------------------------------------------------

    def test_results(self) -> str:
        """The accessibility figures published by `make a11y-report` (content/system/test-results.yml)."""
        from .a11y_report import read
        figures = read(self.content.root / "system" / "test-results.yml")
        if figures is None:
            return self.ui.test_results_missing
        return self.ui.test_results.format(**figures.model_dump(mode="json"))

    def expand_markers(self, body: str, page_id: str) -> str:
        """Replace <!-- lista: name --> with the generated list of that name."""
        def expand(match: re.Match) -> str:
            template = self.env.get_template(f"list-{match.group(1)}.md.j2")
            return template.render(
                ui=self.ui, routines=self.content.routines, forms=self.content.forms,
                checklists=sorted(self.content.of_kind("checklist"), key=lambda e: e.model.order),
                guides=sorted(self.content.of_kind("quickguide"), key=lambda e: e.model.order),
                results=self.test_results(), publisher=checks.readable_publisher(self.content.site.publisher),
                forms_ui=self.content.site.forms_ui, pdf_sizes=self.pdf_sizes,
                pages=sorted(self.content.pages.values(), key=lambda e: e.model.title),
                link=lambda to, anchor=None: self.link(page_id, to, anchor))
        return MARKER.sub(expand, body)

    def inline(self, text: str, page_id: str):
        """One line of authored Markdown as inline HTML (no surrounding paragraph)."""
        html = str(self.html_fragment(text, page_id)).strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return jinja2.filters.Markup(html)

    def html_fragment(self, text: str, page_id: str):
        """Authored Markdown as HTML for a raw-HTML block: terms as words, page links
        as relative .html links (MkDocs does not rewrite links inside raw HTML)."""
        import markdown

        text = term_words(text, self.words)
        text = PAGE_LINK.sub(lambda m: "](" + self.link(page_id, m.group(1), m.group(2)).replace(".md", ".html", 1) + ")", text)
        return jinja2.filters.Markup(markdown.markdown(text))

    def forms_ui_for(self, form):
        """The form pages' own words in the form's language (content.forms_ui_for)."""
        return forms_ui_for(self.content, form)

    def form_versions(self, form) -> dict[str, str]:
        """{language: page id} of the same form in the other languages."""
        from .content import form_page_id
        versions = {} if form.lang == "sv" else {"sv": f"blanketter/{form.id}"}
        for lang, forms in self.content.form_translations.items():
            if lang != form.lang and form.id in forms:
                versions[lang] = form_page_id(forms[form.id])
        return versions

    def form_definition(self, form) -> dict:
        """What forms.js needs: fields with their types and labels, rules, texts."""
        fields = []
        # messages name the section too: "Namn" alone does not say whose name
        for section in form.sections:
            for f in section.fields:
                label = term_words(f.label, self.words)
                if f.type != "repeat" and label != section.legend:
                    label = f"{label} ({section.legend})"
                item = {"name": f.id, "type": f.type, "label": label,
                        "required": getattr(f, "required", False),
                        "recommended": getattr(f, "recommended", False), "case": case_columns(f)}
                if f.type == "repeat":
                    item.update(item_label=f.item_label, min=f.min, case_from=f.case_from,
                                case_rows=[r.model_dump() for r in f.case_rows], fields=[
                        {"name": c.id, "type": c.type, "label": term_words(c.label, self.words), "required": c.required,
                         "recommended": c.recommended, "case": case_columns(c)}
                        for c in f.fields])
                fields.append(item)
        return {
            "id": form.id, "version": form.version, "title": form.title,
            "title_field": form.title_field, "fields": fields,
            "rules": [r.model_dump() for r in form.rules],
            "calendar": [e.model_dump() for e in form.events],
            "paper": self.form_paper(form),
            "case_version": CASE_VERSION,
            "next": [dict(h.model_dump(), href=self.form_href(form, h.form)) for h in form.next],
            "checks": {k: v["check"] for k, v in FIELD_TYPES.items()},
            "ui": self.forms_ui_for(form).model_dump(),
        }

    def form_paper(self, form) -> dict | None:
        """The paper (forms_schema.Paper) as forms-paper.js reads it: every field named
        with its type and the label it has on paper, a note with its words, the
        printed introduction first."""
        if form.paper is None:
            return None
        fields = {f.id: f for s in form.sections for f in s.fields}
        hints = {s.id: s.hint for s in form.sections}
        def text(t):  # a YAML block's line breaks are soft; an empty line is a new paragraph
            return re.sub(r"(?<!\n)\n(?!\n)", " ", plain(t, self.words).strip()) if t else None

        def named(fid, label=None):
            f = fields[fid]
            return {"name": fid, "type": f.type, "label": text(label or f.label)}

        blocks = []
        for b in form.paper.blocks:
            block = {k: (text(v) if isinstance(v, str) and k in TEXT_KEYS else v)
                     for k, v in b.model_dump(exclude={"fields", "section"}).items() if v not in (None, [])}
            block["fields"] = [named(x.field, x.label) for x in b.fields]
            for key in ("date", "start", "end"):
                if b_value := getattr(b, key):
                    block[key] = named(b_value)
            if b.field:
                group = fields[b.field]
                children = {c.id: c for c in group.fields}
                block["columns"] = [{"name": c, "type": children[c].type, "label": text(children[c].label)}
                                    for c in b.columns]
            if b.section:
                block["text"] = text(hints[b.section])
            blocks.append(block)
        return {"file": form.paper.file, "library": DOCX_LIBRARY, "intro": text(form.print_intro), "blocks": blocks}

    def form_href(self, form, target: str) -> str:
        """The link from one form page to another, as it is written in raw HTML."""
        from .content import form_page_id
        here = f"blanketter/{form.id}" if form.lang == "sv" else form_page_id(form)
        return self.link(here, f"blanketter/{target}").replace(".md", ".html", 1)

    def form_html(self, form) -> str:
        definition = json.dumps(self.form_definition(form), ensure_ascii=False).replace("</", "<\\/")
        size = self.pdf_sizes.get(pdf_key(form), 0)
        return self.html_env.get_template("form.html.j2").render(
            form=form, ui=self.forms_ui_for(form), definition=jinja2.filters.Markup(definition),
            pdf_href=f"{form.id}.pdf", pdf_kb=max(1, round(size / 1024)),
            next_links=[(h.label, self.form_href(form, h.form)) for h in form.next])

    def render(self, entry: PageEntry) -> str:
        template = self.env.get_template(BY_NAME[entry.kind].template)
        context = {
            "page": entry.model,
            "page_id": entry.id,
            "ui": self.ui,
            "site": self.content.site,
            "sources": [self.content.sources[s] for s in entry.model.sources if s in self.content.sources],
            "routines": self.content.routines,
            "terms": self.terms,
            "sources_by_id": self.content.sources,
            "body": self.expand_markers(entry.doc.body, entry.id) if entry.doc.body else None,
            "link": lambda to, anchor=None: self.link(entry.id, to, anchor),
            "routine_titles": {r.id: r.short_title for r in self.content.routines},
            "forms_ui": self.content.site.forms_ui,
        }
        context.update(
            forms_by_id={f.id: f for f in self.content.forms},
            checklists_by_id={e.model.id: e.model for e in self.content.of_kind("checklist")},
        )
        extra = getattr(self, f"context_{entry.kind}", None)  # what one page kind needs on top
        if extra is not None:
            context.update(extra(entry))
        scripts, styles = page_assets(entry)
        text = with_assets(template.render(**context), self.bundled(scripts), styles)
        text = self.resolve(text, entry.id).rstrip()
        # the definitions of the abbreviations this page uses (each explained where it appears)
        used = "\n".join(line for pattern, line in self.abbreviations if pattern.search(text))
        return text + "\n\n" + used + "\n"

    # --- what one page kind needs on top of the common context ------------------

    def context_form(self, entry: PageEntry) -> dict:
        return {"form_html": self.form_html(entry.model), "form_ui": self.forms_ui_for(entry.model),
                "translations": self.form_versions(entry.model)}

    def _checklist(self, c, level: int, page_id: str):
        return self.html_env.get_template("checklist.html.j2").render(
            c=c, ui=self.ui, sources_by_id=self.content.sources, level=level,
            md=lambda text: self.inline(text, page_id))

    def context_checklist(self, entry: PageEntry) -> dict:
        return {"checklist_html": self._checklist(entry.model, 2, entry.id)}

    def context_selfcheck(self, entry: PageEntry) -> dict:
        answers = {k: self.html_fragment(getattr(entry.model, k), entry.id)
                   for k in ("answer_yes", "answer_no", "answer_incomplete")}
        return {"selfcheck_html": self.html_env.get_template("selfcheck.html.j2").render(
            page=entry.model, ui=self.ui, sources_by_id=self.content.sources, answers=answers,
            md=lambda text: self.inline(text, entry.id))}

    def context_followup(self, entry: PageEntry) -> dict:
        return {"chart_drawing": {i: jinja2.filters.Markup(h) for i, h in charts.drawings(entry.model.charts).items()},
                "chart_table": {c.id: jinja2.filters.Markup(charts.table(c)) for c in entry.model.charts}}

    def context_public(self, entry: PageEntry) -> dict:
        page = entry.model
        context = {
            # easy-to-read pages gather the facts' sources at the end, each once
            "gathered_sources": list(dict.fromkeys(
                (f.source, f.where, f.checked) for sec in page.sections for f in sec.facts)),
            "leaflet_pdf": leaflet_name(entry) if has_leaflet(entry) else None,
        }
        if page.checklist:
            c = SimpleNamespace(id=entry.id.replace("/", "-"), groups=page.checklist)
            context["checklist_html"] = self._checklist(c, 3, entry.id)
        return context

    def bundled(self, scripts: list[str]) -> list[str]:
        """A page's own scripts as one file when there are several (bundle.py)."""
        return self.bundles.loaded(scripts)

    def render_all(self, out_dir: Path) -> dict[Path, str]:
        """Write every page as Markdown under out_dir, and the bundled scripts beside
        them; return {file: content file}."""
        origin: dict[Path, str] = {}
        for entry in self.content.pages.values():
            target = out_dir / f"{entry.id}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.render(entry), encoding="utf-8")
            origin[target.relative_to(out_dir).with_suffix(".html")] = str(entry.doc.path)
        bundle.write(out_dir, self.bundles.texts)
        return origin

    def nav(self) -> list:
        """The MkDocs nav from content/site.yml."""
        def item(node):
            if node.children:
                children = ([f"{node.page}.md"] if node.page else []) + [item(c) for c in node.children]
                return {node.title: children}
            return {node.title: f"{node.page}.md"}
        return [item(n) for n in self.content.site.nav]


def case_columns(f) -> list[str]:
    """A field's `case:` and `case_also:` as one list (a row's field may name several
    columns; the first is saved)."""
    if f.case is None:
        return []
    return [f.case] + list(getattr(f, "case_also", []))


def has_leaflet(entry: PageEntry) -> bool:
    """A public page with sections marked `leaflet` also has a printable leaflet (PDF)."""
    return entry.kind == "public" and any(s.leaflet for s in entry.model.sections)


def leaflet_name(entry: PageEntry) -> str:
    return posixpath.basename(entry.id) + "-folder.pdf"


def page_assets(entry: PageEntry) -> tuple[list[str], list[str]]:
    """The scripts and stylesheets a page loads besides site.js and site.css: its kind's
    (kinds.py), without the form parts its form does not use, and a public page's
    checklist script and styles when it has one."""
    kind = BY_NAME[entry.kind]
    scripts, styles = list(kind.scripts), list(kind.styles)
    model = entry.model
    if entry.kind == "form":
        if not any(f.type == "repeat" for s in model.sections for f in s.fields):
            scripts.remove("assets/forms-rows.js")
        if not model.calendar:
            scripts.remove("assets/forms-calendar.js")
    if entry.kind == "public" and model.checklist:
        scripts.append("assets/checklists.js")
        styles.append(TOOLS_CSS)
    return scripts, styles


def with_assets(page: str, scripts: list[str], styles: list[str]) -> str:
    """`scripts:` and `styles:` in the page's front matter (main.html loads them), after
    its first `---`."""
    if not (scripts or styles) or not page.startswith("---\n"):
        return page
    meta = "".join(f"{key}:\n" + "".join(f"  - {item}\n" for item in items)
                   for key, items in (("scripts", scripts), ("styles", styles)) if items)
    return "---\n" + meta + page[4:]
