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

import jinja2

from .content import MARKER, PAGE_LINK, TERM_REF, Content, PageEntry
from .forms_schema import FIELD_TYPES

TEMPLATES = Path(__file__).parent / "templates"
# Swedish alphabetical order: å, ä, ö come after z (in that order).
SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def _plain_terms(text: str) -> str:
    """`[[id|text]]` -> text and `[[id]]` -> id words, for places that are not Markdown."""
    text = re.sub(r"\[\[([^\]|]+)\|([^\]]+)\]\]", r"\2", text)
    return re.sub(r"\[\[([^\]]+)\]\]", lambda m: m.group(1).replace("-", " "), text)


def _plain_text(text: str) -> str:
    """Labels and hints shown as plain text: terms and links keep only their words."""
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", _plain_terms(text))


def _plain(markdown_text: str) -> str:
    """A one-line plain-text version of a short Markdown text (for tooltips)."""
    text = re.sub(r"\[\[([^\]|]+)\|([^\]]+)\]\]", r"\2", markdown_text)
    text = re.sub(r"\[\[([^\]]+)\]\]", lambda m: m.group(1).replace("-", " "), text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`>#]", "", text)
    return " ".join(text.split()).replace('"', "'")


def plain_text_html(text: str) -> str:
    """Text shown exactly as typed, on one line, inside raw HTML (which Markdown leaves
    alone): HTML escaped, and the characters of our own syntax written as entities so
    that neither the generator nor Markdown reads them."""
    import html
    return "".join(f"&#{ord(c)};" if c in "[]{}*_`\\|#:" else html.escape(c)
                   for c in " ".join(str(text).split()))


class Renderer:
    def __init__(self, content: Content, cache_dir: Path | None = None):
        self.content = content
        # compiled templates kept between builds (Jinja checks each template's mtime)
        cache = None
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
        self.origin: dict[Path, str] = {}  # built page -> content file it came from
        self.ui = content.site.ui
        self.terms = content.terms()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            bytecode_cache=cache,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # `{#id}` is Markdown's heading-id syntax, so comments are {## ... ##}
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self.env.filters["date"] = self.format_date
        self.env.filters["indent4"] = lambda text: "\n".join(
            ("    " + line) if line.strip() else "" for line in text.strip("\n").splitlines()
        )
        self.env.filters["sv_sort"] = lambda items, attr: sorted(
            items, key=lambda item: getattr(item, attr).lower().translate(SV_ORDER))
        # easy-to-read text: every line of the source is a line on screen (short lines)
        self.env.filters["hardbreaks"] = lambda text: re.sub(r"(?<=\S)\n(?=\S)", "  \n", text)
        self.env.filters["attr"] = lambda text: jinja2.filters.escape(_plain(text))
        # answers typed by others: text, never markup, never editor syntax ([[x]], sida:)
        self.env.filters["text"] = plain_text_html
        # HTML fragments (forms) are escaped: typed or authored text is never markup
        self.html_env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, bytecode_cache=cache,
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.html_env.filters["plain"] = _plain_text
        self.html_env.globals["types"] = FIELD_TYPES
        self.pdf_sizes: dict[str, int] = {}  # form id -> PDF size in bytes, set by the PDF stage
        abbrs = [t for t in self.terms.values() if t.abbr]
        self.abbreviations = [(re.compile(rf"(?<!\w){re.escape(t.abbr)}(?!\w)"), f"*[{t.abbr}]: {_plain(t.term)}")
                              for t in abbrs]

    def format_date(self, value) -> str:
        return f"{value.day} {self.ui.months[value.month - 1]} {value.year}"

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
            tip = _plain(self.terms[term_id].definition)
            return f'[{shown}]({href} "{tip}"){{ .term }}'

        def page(match: re.Match) -> str:
            return "](" + self.link(page_id, match.group(1), match.group(2)) + ")"

        return PAGE_LINK.sub(page, TERM_REF.sub(term, text))

    # --- pages -----------------------------------------------------------

    def test_results(self) -> str:
        """The accessibility figures of the latest test run (content/system/test-results.yml)."""
        path = self.content.root / "system" / "test-results.yml"
        if not path.exists():
            return self.ui.test_results_missing
        import yaml
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        try:
            return self.ui.test_results.format(**data)
        except KeyError:
            return self.ui.test_results_missing

    def expand_markers(self, body: str, page_id: str) -> str:
        """Replace <!-- lista: name --> with the generated list of that name."""
        def expand(match: re.Match) -> str:
            template = self.env.get_template(f"list-{match.group(1)}.md.j2")
            return template.render(
                ui=self.ui, routines=self.content.routines, forms=self.content.forms,
                checklists=sorted((e for e in self.content.pages.values() if e.kind == "checklist"),
                                  key=lambda e: e.model.order),
                guides=sorted((e for e in self.content.pages.values() if e.kind == "quickguide"),
                              key=lambda e: e.model.order),
                results=self.test_results(), publisher=self.content.site.publisher,
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

        text = _plain_terms(text)
        text = PAGE_LINK.sub(lambda m: "](" + self.link(page_id, m.group(1), m.group(2)).replace(".md", ".html", 1) + ")", text)
        return jinja2.filters.Markup(markdown.markdown(text))

    def forms_ui_for(self, form):
        """The form pages' own words in the form's language (content/site.yml)."""
        site = self.content.site
        return site.forms_ui if form.lang == "sv" else site.forms_ui_translations[form.lang]

    @staticmethod
    def pdf_key(form) -> str:
        """The form's name in the PDF stage (and in pdf_sizes): en-min-plan for a translation."""
        return form.id if form.lang == "sv" else f"{form.lang}-{form.id}"

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
                label = _plain_terms(f.label)
                if f.type != "repeat" and label != section.legend:
                    label = f"{label} ({section.legend})"
                item = {"name": f.id, "type": f.type, "label": label,
                        "required": getattr(f, "required", False)}
                if f.type == "repeat":
                    item.update(item_label=f.item_label, min=f.min, fields=[
                        {"name": c.id, "type": c.type, "label": _plain_terms(c.label), "required": c.required}
                        for c in f.fields])
                fields.append(item)
        return {
            "id": form.id, "version": form.version, "title": form.title,
            "title_field": form.title_field, "fields": fields,
            "rules": [r.model_dump() for r in form.rules],
            "calendar": form.calendar.model_dump() if form.calendar else None,
            "checks": {k: v["check"] for k, v in FIELD_TYPES.items()},
            "ui": self.forms_ui_for(form).model_dump(),
        }

    def form_html(self, form) -> str:
        definition = json.dumps(self.form_definition(form), ensure_ascii=False).replace("</", "<\\/")
        size = self.pdf_sizes.get(self.pdf_key(form), 0)
        return self.html_env.get_template("form.html.j2").render(
            form=form, ui=self.forms_ui_for(form), definition=jinja2.filters.Markup(definition),
            pdf_href=f"{form.id}.pdf", pdf_kb=max(1, round(size / 1024)))

    def render(self, entry: PageEntry) -> str:
        template = self.env.get_template(f"{entry.kind}.md.j2")
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
            checklists_by_id={e.model.id: e.model for e in self.content.pages.values() if e.kind == "checklist"},
        )
        if entry.kind == "form":
            context["form_html"] = self.form_html(entry.model)
            context["form_ui"] = self.forms_ui_for(entry.model)
            context["translations"] = self.form_versions(entry.model)
        elif entry.kind == "checklist":
            context["checklist_html"] = self.html_env.get_template("checklist.html.j2").render(
                c=entry.model, ui=self.ui, sources_by_id=self.content.sources, level=2,
                md=lambda text: self.inline(text, entry.id))
        elif entry.kind == "selfcheck":
            answers = {k: self.html_fragment(getattr(entry.model, k), entry.id)
                       for k in ("answer_yes", "answer_no", "answer_incomplete")}
            context["selfcheck_html"] = self.html_env.get_template("selfcheck.html.j2").render(
                page=entry.model, ui=self.ui, sources_by_id=self.content.sources, answers=answers,
                md=lambda text: self.inline(text, entry.id))
        elif entry.kind == "followup":
            from . import charts
            context["chart_drawing"] = {i: jinja2.filters.Markup(h) for i, h in charts.drawings(entry.model.charts).items()}
            context["chart_table"] = {c.id: jinja2.filters.Markup(charts.table(c)) for c in entry.model.charts}
        elif entry.kind == "public":
            # easy-to-read pages gather the facts' sources at the end, each once
            context["gathered_sources"] = list(dict.fromkeys(
                (f.source, f.where, f.checked) for sec in entry.model.sections for f in sec.facts))
            if entry.model.checklist:
                from types import SimpleNamespace
                c = SimpleNamespace(id=entry.id.replace("/", "-"), groups=entry.model.checklist)
                context["checklist_html"] = self.html_env.get_template("checklist.html.j2").render(
                    c=c, ui=self.ui, sources_by_id=self.content.sources, level=3,
                    md=lambda text: self.inline(text, entry.id))
            has_leaflet = any(s.leaflet for s in entry.model.sections)
            context["leaflet_pdf"] = (posixpath.basename(entry.id) + "-folder.pdf") if has_leaflet else None
        text = template.render(**context)
        text = self.resolve(text, entry.id).rstrip()
        # the definitions of the abbreviations this page uses (each explained where it appears)
        used = "\n".join(line for pattern, line in self.abbreviations if pattern.search(text))
        return text + "\n\n" + used + "\n"

    def render_all(self, out_dir: Path) -> dict[Path, str]:
        """Write every page as Markdown under out_dir; return {file: content file}."""
        origin: dict[Path, str] = {}
        for entry in self.content.pages.values():
            target = out_dir / f"{entry.id}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.render(entry), encoding="utf-8")
            origin[target.relative_to(out_dir).with_suffix(".html")] = str(entry.doc.path)
        return origin

    def nav(self) -> list:
        """The MkDocs nav from content/site.yml."""
        def item(node):
            if node.children:
                children = ([f"{node.page}.md"] if node.page else []) + [item(c) for c in node.children]
                return {node.title: children}
            return {node.title: f"{node.page}.md"}
        return [item(n) for n in self.content.site.nav]
