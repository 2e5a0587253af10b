"""Stages 1+2 together: load every content file, validate it against the schema and
check the references between files. The result is a `Content` object that the
renderer reads, plus a list of errors and warnings (each with file and line).
"""
from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from . import forms_schema, html_check, schema
from .errors import ContentError, catalogue, type_name
from .load import Document, load_markdown, load_yaml

TERM_REF = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")
PAGE_LINK = re.compile(r"\]\(sida:([^)#\s]+)(?:#([^)\s]+))?\)")
# <!-- lista: rutiner --> in a page body is replaced by a generated list
# an address or name left as an example (example.se, exempel.se, FYLL I): publish nothing like it
EXAMPLE_VALUE = re.compile(r"\bexample\.|\bexempel\.|FYLL I", re.I)
MARKER = re.compile(r"<!--\s*lista:\s*([a-zåäö-]+)\s*-->")
MARKERS = ("rutiner", "granskning", "blanketter", "checklistor", "lathundar", "testresultat",
           "ansvarig", "synpunkter", "tillsyn", "serverloggar")


@dataclass
class PageEntry:
    """One page of the site: its id (= output path without .md), kind and model."""

    id: str
    kind: str  # routine | compare | glossary | laws | page
    model: Any
    doc: Document
    anchors: set[str] | None = None  # known heading ids, None = not known before build


@dataclass
class Content:
    root: Path
    site: schema.Site | None = None
    sources: dict[str, schema.Source] = field(default_factory=dict)
    routines: list[schema.Routine] = field(default_factory=list)
    glossary: schema.Glossary | None = None
    laws: schema.Laws | None = None
    forms: list[forms_schema.Form] = field(default_factory=list)
    # forms/<lang>/<id>.yml: the same form in another language, {lang: {form id: form}}
    form_translations: dict[str, dict[str, forms_schema.Form]] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)
    files: int = 0
    docs: list[Document] = field(default_factory=list)  # every file read, for checks on all texts
    regions: dict[str, tuple] = field(default_factory=dict)  # content/regions/<id>.yml: {id: (Region, doc)}

    @property
    def hard_errors(self) -> list[ContentError]:
        return [e for e in self.errors if not e.is_warning]

    @property
    def warnings(self) -> list[ContentError]:
        return [e for e in self.errors if e.is_warning]

    def terms(self) -> dict[str, schema.Term]:
        return {t.id: t for t in self.glossary.terms} if self.glossary else {}


# --- pydantic errors -> catalogue errors ------------------------------------

def _unwrap(annotation: Any) -> list[Any]:
    """All types inside list[...], X | None, Annotated[...] and dict[..., X]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, dict, typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        if origin is dict:
            args = args[1:]
        return [t for a in args for t in _unwrap(a)]
    return [annotation]


def _model_at(cls: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fld = current.model_fields.get(part)
        if fld is None:
            # a dict key (e.g. a document id in a comparison): stay on the value type
            continue
        models = [t for t in _unwrap(fld.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        if not models:
            return None
        current = models[0]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _translate(exc: ValidationError, cls: type[BaseModel], doc: Document) -> Iterator[ContentError]:
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        key = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
        line = doc.where.line(loc)
        if kind == "extra_forbidden":
            parent = _model_at(cls, loc[:-1])
            allowed = ", ".join(parent.model_fields) if parent else "-"
            yield ContentError(doc.path, line, "E020", key=key, allowed=allowed)
        elif kind == "missing":
            yield ContentError(doc.path, doc.where.line(loc[:-1]), "E021", key=key)
        elif kind.startswith("date") or kind.startswith("datetime"):
            yield ContentError(doc.path, line, "E023", key=key)
        elif kind == "literal_error":
            yield ContentError(doc.path, line, "E025", key=key, value=err.get("input"),
                               allowed=err.get("ctx", {}).get("expected", ""))
        elif kind == "union_tag_invalid":
            ctx = err.get("ctx", {})
            yield ContentError(doc.path, doc.where.line(loc + (ctx.get("discriminator", "").strip("'"),)),
                               "E025", key=ctx.get("discriminator", key).strip("'"), value=ctx.get("tag"),
                               allowed=ctx.get("expected_tags", ""))
        elif kind == "string_pattern_mismatch" and "a-z0-9" in str(err.get("ctx", {}).get("pattern", "")):
            yield ContentError(doc.path, line, "E026", key=key, value=err.get("input"))
        elif kind == "string_too_short":
            yield ContentError(doc.path, line, "E027", key=key)
        elif kind == "too_short":
            yield ContentError(doc.path, line, "E028", key=key,
                               min=err.get("ctx", {}).get("min_length", 1))
        elif kind.endswith("_type") or kind.endswith("_parsing") or kind.startswith("url"):
            yield ContentError(doc.path, line, "E022", key=key, expected=type_name(kind))
        else:
            yield ContentError(doc.path, line, "E024", key=key, problem=err.get("msg", kind))


def validate(cls: type[BaseModel], doc: Document, errors: list[ContentError]) -> Any | None:
    if not isinstance(doc.data, dict):
        errors.append(ContentError(doc.path, 1, "E004"))
        return None
    try:
        return cls.model_validate(doc.data)
    except ValidationError as exc:
        errors.extend(_translate(exc, cls, doc))
        return None
    except Exception as exc:  # whatever a file holds, it is an error in that file, never a crash
        errors.append(_unexpected(doc.path, exc))
        return None


def _unexpected(path: Path, exc: BaseException) -> ContentError:
    labels = catalogue()["labels"]
    if isinstance(exc, RecursionError):
        return ContentError(path, 1, "E001", problem=labels["yaml_too_deep"])
    return ContentError(path, 1, "E001", problem=labels["yaml_unexpected"].format(
        error=type(exc).__name__))


# --- loading -----------------------------------------------------------------

def _symlink_under(path: Path, top: Path) -> Path | None:
    """The first symbolic link on the way from `top` down to `path`, if any."""
    try:
        rel = path.relative_to(top)
    except ValueError:
        return None
    current = top
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def _load(loader, path: Path, errors: list[ContentError], content: "Content | None" = None,
          tops: tuple[Path, ...] = ()) -> Document | None:
    for top in tops:  # a link could publish any file of the machine: refused
        link = _symlink_under(path, top)
        if link is not None:
            errors.append(ContentError(link, 1, "E007"))
            return None
    try:
        doc = loader(path)
    except ContentError as err:
        errors.append(err)
        return None
    except Exception as exc:  # RecursionError, MemoryError ...: an error for this file
        errors.append(_unexpected(path, exc))
        return None
    if content is not None:
        content.docs.append(doc)
    return doc


def load_content(root: Path, today: dt.date | None = None, forms_dir: Path | None = None) -> Content:
    """Read and check everything under `root` (a content/ folder) and the form
    definitions in `forms_dir` (default: the forms/ folder beside it)."""
    root = Path(root)
    forms_dir = Path(forms_dir) if forms_dir else root.parent / "forms"
    content = Content(root=root)
    errors = content.errors
    tops = (root, forms_dir)

    def load(loader, path):
        return _load(loader, path, errors, content, tops)

    def yaml_model(rel: str, cls):
        path = root / rel
        if not path.exists() and not path.is_symlink():
            errors.append(ContentError(path, 1, "E005"))
            return None, None
        content.files += 1
        doc = load(load_yaml, path)
        return (validate(cls, doc, errors), doc) if doc else (None, None)

    content.site, site_doc = yaml_model("site.yml", schema.Site)
    sources, sources_doc = yaml_model("sources.yml", schema.Sources)
    if sources:
        _unique([(s.id, ("sources", i, "id")) for i, s in enumerate(sources.sources)], sources_doc, errors)
        content.sources = {s.id: s for s in sources.sources}

    def models(paths, cls):
        """Load and validate files that each hold one model whose id is the file name."""
        for path in sorted(paths):
            content.files += 1
            doc = load(load_yaml, path)
            model = validate(cls, doc, errors) if doc else None
            if model is None:
                continue
            if getattr(model, "id", path.stem) != path.stem:
                errors.append(ContentError(path, doc.where.line(("id",)), "E029", id=model.id, stem=path.stem))
            yield path, doc, model

    for path, doc, routine in models((root / "routines").glob("*.yml"), schema.Routine):
        _unique([(s.id, ("sections", i, "id")) for i, s in enumerate(routine.sections)], doc, errors)
        content.routines.append(routine)
        _add_page(content, f"rutiner/{routine.id}", "routine", routine, doc, {s.id for s in routine.sections})

    compare, compare_doc = yaml_model("compare.yml", schema.Compare)
    if compare:
        _add_page(content, "rutiner/jamfor", "compare", compare, compare_doc, {t.id for t in compare.topics})
    content.glossary, glossary_doc = yaml_model("glossary.yml", schema.Glossary)
    if content.glossary:
        terms = content.glossary.terms
        _unique([(t.id, ("terms", i, "id")) for i, t in enumerate(terms)], glossary_doc, errors)
        _unique([(t.abbr, ("terms", i, "abbr")) for i, t in enumerate(terms) if t.abbr], glossary_doc, errors)
        _add_page(content, "ordlista", "glossary", content.glossary, glossary_doc, {t.id for t in terms})
    content.laws, laws_doc = yaml_model("laws.yml", schema.Laws)
    if content.laws:
        _unique([(law.id, ("laws", i, "id")) for i, law in enumerate(content.laws.laws)], laws_doc, errors)
        _add_page(content, "lagar", "laws", content.laws, laws_doc, {law.id for law in content.laws.laws})

    for path, doc, form in models(forms_dir.glob("*.yml") if forms_dir.is_dir() else [], forms_schema.Form):
        _check_form(form, doc, errors)
        content.forms.append(form)
        _add_page(content, f"blanketter/{form.id}", "form", form, doc, None)

    _load_form_translations(content, forms_dir, models)

    # optional content kinds: (files, model, page id, kind)
    for pattern, cls, page_id, kind in OPTIONAL_KINDS:
        for path, doc, model in models(root.glob(pattern), cls):
            rel = path.relative_to(root / pattern.split("/")[0]).with_suffix("").as_posix()
            _add_page(content, page_id.format(stem=path.stem, rel=rel), kind, model, doc, _anchors(model))

    pages_dir = root / "pages"
    for path in sorted(pages_dir.rglob("*.md")):
        content.files += 1
        doc = load(load_markdown, path)
        page = validate(schema.Page, doc, errors) if doc else None
        if page:
            page_id = path.relative_to(pages_dir).with_suffix("").as_posix()
            _add_page(content, page_id, "page", page, doc, None)

    _check_references(content, today or dt.date.today(), site_doc, compare, compare_doc)
    from .editions import load_regions  # regional editions (generator/editions.py)
    load_regions(content, lambda paths: models(paths, schema.Region), site_doc)
    _check_html(content)
    return content


def _check_html(content: Content) -> None:
    """Raw HTML, links and attribute lists in every text of every file: allow-list only."""
    followups = {id(e.doc) for e in content.pages.values() if e.kind == "followup"}
    for doc in content.docs:
        def report(line, code, params, doc=doc):
            content.errors.append(ContentError(doc.path, line, code, **params))
        for path, text in _walk_strings(doc.data):
            if id(doc) in followups and path[:1] == ("free_text",):
                continue  # answers from the questionnaire: always shown as escaped text
            html_check.check(text, lambda i, p=path, t=text: doc.where.text_line(p, i, t), report)
        if doc.body is not None:
            html_check.check(doc.body, lambda i: doc.body_line + doc.body.count("\n", 0, i), report)


OPTIONAL_KINDS = [
    ("method/steg-for-steg.yml", schema.Steps, "arbetssatt/steg-for-steg", "steps"),
    ("method/sip.yml", schema.Steps, "arbetssatt/sip", "steps"),
    ("method/nar-erbjuda.yml", schema.SelfCheck, "arbetssatt/nar-erbjuda", "selfcheck"),
    ("method/vilken-plan.yml", schema.Plans, "arbetssatt/vilken-plan", "plans"),
    ("method/vem-gor-vad.yml", schema.Roles, "arbetssatt/vem-gor-vad", "roles"),
    ("method/checklistor/*.yml", schema.Checklist, "arbetssatt/checklistor/{stem}", "checklist"),
    ("method/lathundar/*.yml", schema.QuickGuide, "arbetssatt/lathundar/{stem}", "quickguide"),
    ("public/**/*.yml", schema.PublicPage, "{rel}", "public"),
    ("followup/*.yml", schema.FollowupReport, "uppfoljning/{stem}", "followup"),
]


def _anchors(model) -> set[str] | None:
    """Heading ids known before the build (sections, steps, roles ...)."""
    for attr in ("sections", "steps", "roles", "plans", "groups"):
        items = getattr(model, attr, None)
        if items and all(hasattr(i, "id") for i in items):
            return {i.id for i in items}
    return None


def form_fields(form: forms_schema.Form):
    """(path, field) for every field; fields inside repeatable rows after their group."""
    for s_i, section in enumerate(form.sections):
        for f_i, fld in enumerate(section.fields):
            path = ("sections", s_i, "fields", f_i)
            yield path, fld
            if fld.type == "repeat":
                for c_i, child in enumerate(fld.fields):
                    yield path + ("fields", c_i), child


def _check_form(form, doc: Document, errors: list[ContentError]) -> None:
    """Field ids unique; rules, title field and calendar name fields that exist."""
    top = [(f.id, p) for p, f in form_fields(form) if len(p) == 4]
    _unique(top, doc, errors)
    for p, fld in form_fields(form):
        if fld.type == "repeat":
            _unique([(c.id, p + ("fields", i, "id")) for i, c in enumerate(fld.fields)], doc, errors)
    ids = {f.id for p, f in form_fields(form) if len(p) == 4 and f.type != "repeat"}

    def need(value, path):
        if value is not None and value not in ids:
            errors.append(ContentError(doc.path, doc.where.line(path), "E042", id=value,
                                       available=", ".join(sorted(ids))))
    need(form.title_field, ("title_field",))
    for r_i, rule in enumerate(form.rules):
        for key in ("first", "then", "field", "start", "end", "when"):
            need(getattr(rule, key, None), ("rules", r_i, key))
        for i, value in enumerate(getattr(rule, "fields", [])):
            need(value, ("rules", r_i, "fields", i))
    if form.calendar:
        cal = form.calendar
        for key in ("date", "start", "end", "title"):
            need(getattr(cal, key), ("calendar", key))
        for key in ("location", "description"):
            for i, value in enumerate(getattr(cal, key)):
                need(value, ("calendar", key, i))


def form_page_id(form: forms_schema.Form) -> str:
    """blanketter/<id> for a form, blanketter/<lang>/<id> for its translations."""
    return f"blanketter/{form.id}" if form.lang == "sv" else f"blanketter/{form.lang}/{form.id}"


def _field_shape(form: forms_schema.Form) -> list[tuple]:
    """What a draft depends on: every field's id and type, in order (not its words)."""
    return [(p[-1] if len(p) > 4 else "", f.id, f.type) for p, f in form_fields(form)]


def _load_form_translations(content: Content, forms_dir: Path, models) -> None:
    """forms/<lang>/<id>.yml: the same form as forms/<id>.yml in another language. It has
    the same fields and version (a draft opens in either), its own words and `lang`."""
    if not forms_dir.is_dir():
        return
    originals = {f.id: f for f in content.forms}
    for folder in sorted(p for p in forms_dir.iterdir() if p.is_dir()):
        for path, doc, form in models(folder.glob("*.yml"), forms_schema.Form):
            if form.lang != folder.name:
                content.errors.append(ContentError(path, doc.where.line(("lang",)), "E025", key="lang",
                                                   value=form.lang, allowed=folder.name))
                continue
            original = originals.get(form.id)
            if original is None:
                content.errors.append(ContentError(path, doc.where.line(("id",)), "E033", target=f"blanketter/{form.id}",
                                                   available=", ".join(sorted(originals))))
                continue
            if form.version != original.version or _field_shape(form) != _field_shape(original):
                content.errors.append(ContentError(path, 1, "E051", id=form.id))
            _check_form(form, doc, content.errors)
            content.form_translations.setdefault(form.lang, {})[form.id] = form
            _add_page(content, form_page_id(form), "form", form, doc, None)


def _near(value: str, options) -> str:
    """The few options that look most like a mistyped value, for error messages."""
    import difflib
    options = sorted(options)
    close = difflib.get_close_matches(value, options, n=5, cutoff=0.4)
    return ", ".join(close or options[:8]) + (" ..." if len(options) > 8 and not close else "")


def _add_page(content: Content, page_id: str, kind: str, model, doc: Document, anchors) -> None:
    if page_id in content.pages:
        other = content.pages[page_id].doc.path
        content.errors.append(ContentError(doc.path, 1, "E030", id=page_id, other=other))
        return
    content.pages[page_id] = PageEntry(page_id, kind, model, doc, anchors)


def _unique(pairs, doc: Document, errors: list[ContentError]) -> None:
    seen: dict[str, tuple] = {}
    for value, path in pairs:
        if value in seen:
            errors.append(ContentError(doc.path, doc.where.line(path), "E030", id=value,
                                       other=f"rad {doc.where.line(seen[value])}"))
        else:
            seen[value] = path


# --- references between files ------------------------------------------------

def _walk_strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk_strings(value, path + (i,))


def _check_references(content: Content, today: dt.date, site_doc, compare, compare_doc) -> None:
    errors = content.errors
    terms = content.terms()
    law_ids = {law.id for law in content.laws.laws} if content.laws else set()
    pages = content.pages

    def check_page_ref(target: str, anchor: str | None, doc: Document, line: int) -> None:
        if target not in pages:
            errors.append(ContentError(doc.path, line, "E033", target=target,
                                       available=_near(target, pages)))
        elif anchor and pages[target].anchors is not None and anchor not in pages[target].anchors:
            errors.append(ContentError(doc.path, line, "E034", routine=target, id=anchor))

    for entry in pages.values():
        doc, model = entry.doc, entry.model
        # review dates
        if model.review_due < model.reviewed:
            errors.append(ContentError(doc.path, doc.where.line(("review_due",)), "E037",
                                       due=model.review_due, reviewed=model.reviewed))
        elif model.review_due < today:
            errors.append(ContentError(doc.path, doc.where.line(("review_due",)), "W001", due=model.review_due))
        # source and law ids anywhere in the file
        for path, value in _walk_strings(doc.data):
            keys = [p for p in path if isinstance(p, str)]
            parent = keys[-1] if keys else ""
            if parent == "sources" and isinstance(path[-1], int) and value not in content.sources:
                errors.append(ContentError(doc.path, doc.where.line(path), "E032", id=value))
            if parent == "laws" and isinstance(path[-1], int) and entry.kind != "laws" and value not in law_ids:
                errors.append(ContentError(doc.path, doc.where.line(path), "E035", id=value))
            if parent == "source" and value not in content.sources:
                errors.append(ContentError(doc.path, doc.where.line(path), "E032", id=value))
            if parent == "form" and f"blanketter/{value}" not in pages:
                errors.append(ContentError(doc.path, doc.where.line(path), "E033", target=f"blanketter/{value}",
                                           available=", ".join(sorted(p for p in pages if p.startswith("blanketter/")))))
            if parent == "checklist" and f"arbetssatt/checklistor/{value}" not in pages:
                errors.append(ContentError(doc.path, doc.where.line(path), "E033",
                                           target=f"arbetssatt/checklistor/{value}",
                                           available=", ".join(sorted(p for p in pages if "checklistor/" in p))))
            if len(path) == 2 and path[0] == "translations" and value not in pages:
                errors.append(ContentError(doc.path, doc.where.line(path), "E033", target=value,
                                           available=_near(value, pages)))
            if parent == "see" and value not in terms:
                errors.append(ContentError(doc.path, doc.where.line(path), "E031", id=value))
            if parent == "page" and path[0] == "cards":
                target, _, anchor = value.partition("#")
                check_page_ref(target, anchor or None, doc, doc.where.line(path))
        # references inside texts
        texts = list(_walk_strings(doc.data))
        if entry.kind == "followup":  # answers are plain text: [[x]] in one is just text
            texts = [(p, t) for p, t in texts if p[:1] != ("free_text",)]
        for path, text in texts:
            _check_text(text, lambda i, p=path, t=text: doc.where.text_line(p, i, t), doc, terms, check_page_ref, errors)
        if doc.body is not None:
            _check_text(doc.body, lambda i: doc.body_line + doc.body.count("\n", 0, i), doc, terms,
                        check_page_ref, errors)

    if content.site and site_doc:
        def nav(items, path):
            for i, item in enumerate(items):
                if item.page is not None and item.page not in pages:
                    errors.append(ContentError(site_doc.path, site_doc.where.line(path + (i, "page")), "E036", id=item.page))
                nav(item.children, path + (i, "children"))
        nav(content.site.nav, ("nav",))
        # the accessibility statement needs a feedback route that works
        pub = content.site.publisher
        routes = ("feedback_email", "feedback_url", "feedback_postal", "feedback_phone")
        if not any(getattr(pub, r) for r in routes):
            errors.append(ContentError(site_doc.path, site_doc.where.line(("publisher",)), "E052"))
        for r in routes + ("body",):
            value = getattr(pub, r) or ""
            if EXAMPLE_VALUE.search(value):
                errors.append(ContentError(site_doc.path, site_doc.where.line(("publisher", r)), "W002",
                                           field=r, value=value))
        for i, item in enumerate(content.site.footer_links):
            if item.page not in pages:
                errors.append(ContentError(site_doc.path, site_doc.where.line(("footer_links", i, "page")), "E036", id=item.page))

    for entry in pages.values():
        if entry.kind == "public" and entry.model.facts_required:
            for i, section in enumerate(entry.model.sections):
                if not section.facts:
                    errors.append(ContentError(entry.doc.path, entry.doc.where.line(("sections", i)), "E044",
                                               id=section.id))
    routines = {r.id: r for r in content.routines}
    if content.forms and content.site and content.site.forms_ui is None and site_doc:
        errors.append(ContentError(site_doc.path, 1, "E043"))
    for lang in content.form_translations:
        if content.site and lang not in content.site.forms_ui_translations and site_doc:
            errors.append(ContentError(site_doc.path, 1, "E043"))
    for form in content.forms:
        doc = pages[f"blanketter/{form.id}"].doc
        for i, req in enumerate(form.required_by):
            if req.routine not in routines:
                errors.append(ContentError(doc.path, doc.where.line(("required_by", i, "routine")), "E033",
                                           target=f"rutiner/{req.routine}", available=", ".join(sorted(routines))))
            elif req.section and req.section not in {s.id for s in routines[req.routine].sections}:
                errors.append(ContentError(doc.path, doc.where.line(("required_by", i, "section")), "E034",
                                           routine=req.routine, id=req.section))

    if compare:
        for i, doc_id in enumerate(compare.documents):
            if doc_id not in routines:
                errors.append(ContentError(compare_doc.path, compare_doc.where.line(("documents", i)), "E033",
                                           target=f"rutiner/{doc_id}", available=", ".join(sorted(routines))))
        for t, topic in enumerate(compare.topics):
            for doc_id, cell in topic.cells.items():
                where = ("topics", t, "cells", doc_id)
                if doc_id not in compare.documents:
                    errors.append(ContentError(compare_doc.path, compare_doc.where.line(where), "E038",
                                               id=doc_id, documents=", ".join(compare.documents)))
                elif cell and cell.section and doc_id in routines and \
                        cell.section not in {s.id for s in routines[doc_id].sections}:
                    errors.append(ContentError(compare_doc.path, compare_doc.where.line(where + ("section",)),
                                               "E034", routine=doc_id, id=cell.section))
            missing = [d for d in compare.documents if d not in topic.cells]
            if missing:
                errors.append(ContentError(compare_doc.path, compare_doc.where.line(("topics", t, "cells")),
                                           "E039", missing=", ".join(missing)))


def _check_text(text, line_of, doc, terms, check_page_ref, errors) -> None:
    for match in TERM_REF.finditer(text):
        if match.group(1).strip() not in terms:
            errors.append(ContentError(doc.path, line_of(match.start()), "E031", id=match.group(1).strip()))
    for match in PAGE_LINK.finditer(text):
        check_page_ref(match.group(1), match.group(2), doc, line_of(match.start()))
    for match in MARKER.finditer(text):
        if match.group(1) not in MARKERS:
            errors.append(ContentError(doc.path, line_of(match.start()), "E041", name=match.group(1),
                                       allowed=", ".join(MARKERS)))
