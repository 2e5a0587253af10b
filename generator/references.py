"""References between files, checked with one walk over the validated models.

A reference is declared in the schema (``Annotated[Id, Ref("sources")]``, see
schema.Ref); this module finds every value so marked and checks that what it names
exists. References written inside texts (``[[term]]``, ``sida:page#heading``,
``<!-- lista: ... -->``, see markup.py) are checked in every text of every file.
"""
from __future__ import annotations

import difflib
import functools
import typing
from typing import Any, Callable, Iterator

from pydantic import BaseModel

from .errors import Code, ContentError
from .load import Document, leaves
from .markup import MARKER, MARKERS, PAGE_LINK, TERM_REF
from .schema import HeadingOf, Ref

Marker = Ref | HeadingOf


def near(value: str, options) -> str:
    """The few options that look most like a mistyped value, for error messages."""
    options = sorted(options)
    close = difflib.get_close_matches(value, options, n=5, cutoff=0.4)
    return ", ".join(close or options[:8]) + (" ..." if len(options) > 8 and not close else "")


def _marker(annotation: Any, metadata=()) -> Marker | None:
    """The Ref or HeadingOf on a field, on its own type or on the items of a list or dict."""
    for meta in metadata:
        if isinstance(meta, (Ref, HeadingOf)):
            return meta
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        args = typing.get_args(annotation)
        return _marker(args[0], args[1:])
    for arg in typing.get_args(annotation) if origin is not None else ():
        found = _marker(arg)
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=None)
def markers(cls: type[BaseModel]) -> dict[str, Marker]:
    """field name -> its reference marker, for the fields of `cls` that refer elsewhere."""
    out = {}
    for name, info in cls.model_fields.items():
        found = _marker(info.annotation, info.metadata)
        if found is not None:
            out[name] = found
    return out


def _values(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    """(path, id) for a reference field's value: one id, or ids in a list or dict."""
    return ((where, item) for where, item in leaves(value, path) if isinstance(item, str))


def walk(model: BaseModel, path: tuple = ()) -> Iterator[tuple[BaseModel, tuple, str, Marker, str]]:
    """(model, path, field, marker, id) for every reference anywhere inside `model`."""
    refs = markers(type(model))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in refs:
            for where, ref_id in _values(value, path + (name,)):
                yield model, where, name, refs[name], ref_id
        else:
            yield from _children(value, path + (name,))


def _children(value: Any, path: tuple):
    for where, item in leaves(value, path):
        if isinstance(item, BaseModel):
            yield from walk(item, where)


class Checker:
    """Checks references against what the content defines; appends errors."""

    CODES = {"sources": Code.UNKNOWN_SOURCE, "laws": Code.UNKNOWN_LAW, "terms": Code.UNKNOWN_TERM}

    def __init__(self, content, errors: list[ContentError]):
        self.pages = content.pages
        self.known = {"sources": set(content.sources), "terms": set(content.terms()),
                      "laws": {law.id for law in content.laws.laws} if content.laws else set()}
        self.errors = errors

    def model(self, model: BaseModel, doc: Document) -> None:
        for parent, path, _, marker, ref_id in walk(model):
            line = doc.where.line(path)
            if isinstance(marker, HeadingOf):
                self.heading(marker.prefix + getattr(parent, marker.field), ref_id, doc, line)
            elif marker.target == "pages":
                self.page(ref_id, marker, doc, line)
            elif ref_id not in self.known[marker.target]:
                self.errors.append(ContentError(doc.path, line, marker.code or self.CODES[marker.target], id=ref_id))

    def page(self, value: str, ref: Ref, doc: Document, line: int) -> None:
        target, _, anchor = value.partition("#") if ref.anchor else (value, "", "")
        target = ref.prefix + target
        if target in self.pages:
            self.heading(target, anchor or None, doc, line)
        elif ref.code:
            self.errors.append(ContentError(doc.path, line, ref.code, id=target))
        else:
            options = [p for p in self.pages if p.startswith(ref.prefix)]
            self.errors.append(ContentError(doc.path, line, Code.UNKNOWN_PAGE, target=target,
                                            available=near(target, options)))

    def heading(self, page_id: str, anchor: str | None, doc: Document, line: int) -> None:
        """`anchor` must be a heading of `page_id` when that page's headings are known
        (a missing page is reported by the page reference itself)."""
        page = self.pages.get(page_id)
        if anchor and page is not None and page.anchors is not None and anchor not in page.anchors:
            self.errors.append(ContentError(doc.path, line, Code.UNKNOWN_HEADING, routine=page_id, id=anchor))

    def text(self, text: str, line_of: Callable[[int], int], doc: Document) -> None:
        """References written inside a text: terms, page links and list markers."""
        for match in TERM_REF.finditer(text):
            if match.group(1).strip() not in self.known["terms"]:
                self.errors.append(ContentError(doc.path, line_of(match.start()), Code.UNKNOWN_TERM,
                                                id=match.group(1).strip()))
        for match in PAGE_LINK.finditer(text):
            ref = match.group(1) + (f"#{match.group(2)}" if match.group(2) else "")
            self.page(ref, Ref("pages", anchor=True), doc, line_of(match.start()))
        for match in MARKER.finditer(text):
            if match.group(1) not in MARKERS:
                self.errors.append(ContentError(doc.path, line_of(match.start()), Code.UNKNOWN_LIST,
                                                name=match.group(1), allowed=", ".join(MARKERS)))
