"""Checks on validated content that the schema cannot express by itself: unique ids,
review dates, the publisher's contact routes, a form's own field references, the
comparison's table, and raw HTML in every text. Each is a small function that appends
catalogue errors; content.py runs them."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator

from . import html_check
from .errors import Code, ContentError
from .forms_schema import CASE_LISTS, CASE_VALUES
from .load import Document, leaves

# an address or name left as an example (example.se, exempel.se, FYLL I): publish nothing like it
EXAMPLE_VALUE = re.compile(r"\bexample\.|\bexempel\.|FYLL I", re.I)
FEEDBACK_ROUTES = ("feedback_email", "feedback_url", "feedback_postal", "feedback_phone")


def walk_strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, text) for every string in a loaded document."""
    return ((where, value) for where, value in leaves(data, path) if isinstance(value, str))


def texts(doc: Document, literal: tuple[str, ...] = ()):
    """(text, line_of) for every authored text of a file, its Markdown body included;
    values under the `literal` keys (typed answers, shown as text) are left out."""
    for path, text in walk_strings(doc.data):
        if path[:1] and path[0] in literal:
            continue
        yield text, (lambda i, p=path, t=text: doc.where.text_line(p, i, t))
    if doc.body is not None:
        yield doc.body, (lambda i: doc.body_line + doc.body.count("\n", 0, i))


def html(doc: Document, literal: tuple[str, ...], errors: list[ContentError], dialect: html_check.Dialect) -> None:
    """The HTML Markdown makes of every text (raw HTML, links, attribute lists): allow-list
    only. A YAML value may also stand in a template's HTML block: read as HTML too."""
    def report(line, code, params):
        errors.append(ContentError(doc.path, line, code, **params))
    for text, line_of in texts(doc, literal):
        raw = doc.body is None or text is not doc.body
        html_check.check(text, line_of, report, dialect, raw=raw)


def unique(pairs, doc: Document, errors: list[ContentError]) -> None:
    """(value, path) pairs: a value seen before is E030 on its second line."""
    seen: dict[str, tuple] = {}
    for value, path in pairs:
        if value in seen:
            errors.append(ContentError(doc.path, doc.where.line(path), Code.DUPLICATE_ID, id=value,
                                       other=f"rad {doc.where.line(seen[value])}"))
        else:
            seen[value] = path


def unique_in(model, lists: tuple[tuple[str, str], ...], doc: Document, errors: list[ContentError]) -> None:
    for attr, key in lists:
        unique([(getattr(item, key), (attr, i, key)) for i, item in enumerate(getattr(model, attr))
                if getattr(item, key)], doc, errors)


def review_dates(model, doc: Document, today: dt.date, errors: list[ContentError]) -> None:
    line = doc.where.line(("review_due",))
    if model.review_due < model.reviewed:
        errors.append(ContentError(doc.path, line, Code.REVIEW_BEFORE_REVIEWED,
                                   due=model.review_due, reviewed=model.reviewed))
    elif model.review_due < today:
        errors.append(ContentError(doc.path, line, Code.REVIEW_OVERDUE, due=model.review_due))


def publisher(site, doc: Document, errors: list[ContentError]) -> None:
    """The accessibility statement needs a feedback route that works, and no example values."""
    pub = site.publisher
    if not any(getattr(pub, r) for r in FEEDBACK_ROUTES):
        errors.append(ContentError(doc.path, doc.where.line(("publisher",)), Code.NO_FEEDBACK_ROUTE))
    for r in FEEDBACK_ROUTES + ("body",):
        value = getattr(pub, r) or ""
        if EXAMPLE_VALUE.search(value):
            errors.append(ContentError(doc.path, doc.where.line(("publisher", r)), Code.EXAMPLE_VALUE,
                                       field=r, value=value))


def readable_publisher(pub):
    """The publisher as a reader may see it: a value still left as an example (FYLL I,
    example.se) is dropped, so the page says the publisher has not filled it in yet
    (ui.publisher_missing) instead of showing the example."""
    update = {name: None for name, value in pub if isinstance(value, str) and EXAMPLE_VALUE.search(value)}
    return pub.model_copy(update=update) if update else pub


def for_publishing(errors: list[ContentError]) -> list[ContentError]:
    """The publishing build (--strict): a publisher value left as an example (W002) is an
    error of its own (E067) at the same file and line."""
    return [ContentError(e.file, e.line, Code.PLACEHOLDER_PUBLISHED, **e.params) if e.code == Code.EXAMPLE_VALUE
            else e for e in errors]


def facts(page, doc: Document, errors: list[ContentError]) -> None:
    """A page with facts_required: every section names its facts' sources."""
    if getattr(page, "facts_required", False):
        for i, section in enumerate(page.sections):
            if not section.facts:
                errors.append(ContentError(doc.path, doc.where.line(("sections", i)), Code.FACT_WITHOUT_SOURCE,
                                           id=section.id))


def follows(pages: dict, errors: list[ContentError]) -> None:
    """A steps page that `follows:` another (steg-for-steg follows arbetssatt/sip) has that
    page's steps, the same ids in the same order: one process that every task list follows."""
    for entry in pages.values():
        target = getattr(entry.model, "follows", None)
        if not target or target not in pages:  # an unknown page is the reference check's error
            continue
        other = pages[target].model
        expected = [s.id for s in getattr(other, "steps", [])]
        found = [s.id for s in entry.model.steps]
        if found != expected:
            errors.append(ContentError(entry.doc.path, entry.doc.where.line(("follows",)), Code.STEPS_NOT_PROCESS,
                                       page=target, expected=", ".join(expected) or "-", found=", ".join(found)))


def compare_table(compare, doc: Document, sections: dict[str, set[str]], errors: list[ContentError]) -> None:
    """Every topic has one cell per compared routine, and a cell's section is in that routine."""
    for t, topic in enumerate(compare.topics):
        for doc_id, cell in topic.cells.items():
            where = ("topics", t, "cells", doc_id)
            if doc_id not in compare.documents:
                errors.append(ContentError(doc.path, doc.where.line(where), Code.UNKNOWN_COLUMN,
                                           id=doc_id, documents=", ".join(compare.documents)))
            elif cell and cell.section and doc_id in sections and cell.section not in sections[doc_id]:
                errors.append(ContentError(doc.path, doc.where.line(where + ("section",)), Code.UNKNOWN_HEADING,
                                           routine=f"rutiner/{doc_id}", id=cell.section))
        missing = [d for d in compare.documents if d not in topic.cells]
        if missing:
            errors.append(ContentError(doc.path, doc.where.line(("topics", t, "cells")), Code.MISSING_CELL,
                                       missing=", ".join(missing)))


def form_fields(form):
    """(path, field) for every field; fields inside repeatable rows after their group."""
    for s_i, section in enumerate(form.sections):
        for f_i, fld in enumerate(section.fields):
            path = ("sections", s_i, "fields", f_i)
            yield path, fld
            if fld.type == "repeat":
                for c_i, child in enumerate(fld.fields):
                    yield path + ("fields", c_i), child


# the settings of a form that name one of its own fields: (path in the form, attribute)
RULE_KEYS = ("first", "then", "field", "start", "end", "when")
CALENDAR_KEYS = ("date", "start", "end", "title", "location", "description")


def _field_refs(form) -> Iterator[tuple[tuple, str | None]]:
    yield ("title_field",), form.title_field
    for r_i, rule in enumerate(form.rules):
        for key in RULE_KEYS:
            yield ("rules", r_i, key), getattr(rule, key, None)
        for i, value in enumerate(getattr(rule, "fields", [])):
            yield ("rules", r_i, "fields", i), value
    for e_i, event in enumerate(form.events):
        at = ("calendar", e_i)
        for key in CALENDAR_KEYS:
            value = getattr(event, key)
            for i, item in enumerate(value) if isinstance(value, list) else [(None, value)]:
                yield at + (key,) + ((i,) if i is not None else ()), item
        if event.summary_by:
            yield at + ("summary_by", "field"), event.summary_by.field
        for d_i, detail in enumerate(event.details):
            yield at + ("details", d_i, "field"), detail.field
    for path, value in _paper_refs(form):
        yield path, value


PAPER_KEYS = ("date", "start", "end", "child")


def _paper_refs(form) -> Iterator[tuple[tuple, str | None]]:
    """The fields the paper names (forms_schema.Paper); groups and their columns are
    checked apart (form_paper_groups)."""
    for b_i, block in enumerate(form.paper.blocks if form.paper else []):
        where = ("paper", "blocks", b_i)
        for key in PAPER_KEYS:
            yield where + (key,), getattr(block, key)
        for i, item in enumerate(block.fields):
            yield (where + ("fields", i, "field"), item.field)


def _paper_groups(form, doc: Document, errors: list[ContentError]) -> None:
    groups = {f.id: {c.id for c in f.fields} for p, f in form_fields(form) if len(p) == 4 and f.type == "repeat"}
    sections = {s.id for s in form.sections}
    for b_i, block in enumerate(form.paper.blocks if form.paper else []):
        where = ("paper", "blocks", b_i)
        for key, columns in (("field", block.columns), ("custodians", [block.name, block.role])):
            group = getattr(block, key)
            if group is None:
                continue
            if group not in groups:
                errors.append(ContentError(doc.path, doc.where.line(where + (key,)), Code.UNKNOWN_FIELD, id=group,
                                           available=", ".join(sorted(groups))))
                continue
            for column in columns:
                if column is not None and column not in groups[group]:
                    errors.append(ContentError(doc.path, doc.where.line(where), Code.UNKNOWN_FIELD, id=column,
                                               available=", ".join(sorted(groups[group]))))
        if block.section is not None and block.section not in sections:
            errors.append(ContentError(doc.path, doc.where.line(where + ("section",)), Code.UNKNOWN_FIELD,
                                       id=block.section, available=", ".join(sorted(sections))))


def form(form, doc: Document, errors: list[ContentError]) -> None:
    """Field ids unique; rules, title field and calendar name fields that exist."""
    unique([(f.id, p) for p, f in form_fields(form) if len(p) == 4], doc, errors)
    for p, fld in form_fields(form):
        if fld.type == "repeat":
            unique([(c.id, p + ("fields", i, "id")) for i, c in enumerate(fld.fields)], doc, errors)
    ids = {f.id for p, f in form_fields(form) if len(p) == 4 and f.type != "repeat"}
    for path, value in _field_refs(form):
        if value is not None and value not in ids:
            errors.append(ContentError(doc.path, doc.where.line(path), Code.UNKNOWN_FIELD, id=value,
                                       available=", ".join(sorted(ids))))
    _paper_groups(form, doc, errors)
    case_keys(form, doc, errors)


def _case_problem(fld, parent) -> tuple[str, list[str]] | None:
    """(the wrong case key, what would do) for one field, or None when it is right."""
    if fld.type == "repeat":
        for name in [fld.case] + fld.case_from if fld.case else fld.case_from:
            if name not in CASE_LISTS:
                return name, sorted(CASE_LISTS)
        columns = {c for name in ([fld.case] if fld.case else []) + fld.case_from for c in CASE_LISTS[name]}
        for row in fld.case_rows:
            for column in list(row.columns) + list(row.text):
                if column not in columns:
                    return column, sorted(columns)
            for concept in row.columns.values():
                if concept not in CASE_VALUES:
                    return concept, sorted(CASE_VALUES)
        return None
    if fld.case is None:
        return None
    if parent is not None:
        columns = {c for name in ([parent.case] if parent.case else []) + parent.case_from
                   for c in CASE_LISTS.get(name, ())}
        for name in [fld.case] + fld.case_also:
            if name not in columns:
                return name, sorted(columns)
        return None
    fits = sorted(k for k, types in CASE_VALUES.items() if fld.type in types)
    if fld.case_also or fld.case not in fits:
        return str(fld.case), fits
    return None


def case_keys(form, doc: Document, errors: list[ContentError]) -> None:
    """Every `case:` names a shared concept that fits the field, each once in the form;
    handoffs name concepts too."""
    seen: set[str] = set()
    parents = {}
    for path, fld in form_fields(form):
        if fld.type == "repeat":
            parents[path] = fld
        parent = parents.get(path[:4]) if len(path) > 4 else None
        problem = _case_problem(fld, parent)
        key = fld.case if fld.type == "repeat" or parent is None else None
        if problem is None and isinstance(key, str) and key in seen:
            problem = key, ["ett annat begrepp (varje begrepp en gång per blankett)"]
        if isinstance(key, str):
            seen.add(key)
        if problem:
            errors.append(ContentError(doc.path, doc.where.line(path + ("case",)), Code.CASE_KEY,
                                       field=fld.id, value=problem[0], available=", ".join(problem[1])))
    for h_i, handoff in enumerate(form.next):
        for k_i, (key, value) in enumerate(handoff.case_as.items()):
            for name in (key, value):
                if name not in CASE_VALUES:
                    errors.append(ContentError(doc.path, doc.where.line(("next", h_i, "case_as", key)), Code.CASE_KEY,
                                               field=key, value=name, available=", ".join(sorted(CASE_VALUES))))
