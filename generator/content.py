"""Stages 1+2 together: read every content file (load.py), validate it against its
model (validate.py), check what the schema alone cannot (checks.py) and the
references between files (references.py). The result is a `Content` object that the
renderer reads, with a list of errors and warnings (each with file and line).

Which files make which pages is the registry in kinds.py.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import checks, forms_schema, html_check, schema
from .errors import Code, ContentError
from .kinds import BY_NAME as KINDS_BY_NAME
from .kinds import KINDS, KindName, PageKind
from .load import Document, load_markdown, load_yaml
from .references import Checker
from .validate import unexpected, validate


@dataclass
class PageEntry:
    """One page of the site: its id (= output path without .md), kind and model."""

    id: str
    kind: KindName
    model: Any
    doc: Document
    anchors: set[str] | None = None  # known heading ids, None = not known before build


@dataclass
class Content:
    root: Path
    site: schema.Site | None = None
    sources: dict[str, schema.Source] = field(default_factory=dict)
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

    def of_kind(self, kind: KindName) -> list[PageEntry]:
        return [e for e in self.pages.values() if e.kind == kind]

    def _one(self, kind: KindName):
        found = self.of_kind(kind)
        return found[0].model if found else None

    @property
    def routines(self) -> list[schema.Routine]:
        return [e.model for e in self.of_kind("routine")]

    @property
    def forms(self) -> list[forms_schema.Form]:
        """The forms (forms/<id>.yml); their translations are in form_translations."""
        return [e.model for e in self.of_kind("form") if e.model.lang == "sv"]

    @property
    def form_translations(self) -> dict[str, dict[str, forms_schema.Form]]:
        """forms/<lang>/<id>.yml: the same form in another language, {lang: {form id: form}}."""
        out: dict[str, dict[str, forms_schema.Form]] = {}
        for e in self.of_kind("form"):
            if e.model.lang != "sv":
                out.setdefault(e.model.lang, {})[e.model.id] = e.model
        return out

    @property
    def glossary(self) -> schema.Glossary | None:
        return self._one("glossary")

    @property
    def laws(self) -> schema.Laws | None:
        return self._one("laws")

    def terms(self) -> dict[str, schema.Term]:
        return {t.id: t for t in self.glossary.terms} if self.glossary else {}

    def words(self) -> dict[str, str]:
        """term id -> the term as the glossary writes it (for [[id]] shown as plain text)."""
        return {t.id: t.term for t in self.glossary.terms} if self.glossary else {}


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


# every folder and content file under content/ and forms/ is named like an id: the name is
# part of a page's address, so a space, a right-to-left override (U+202E) or a Cyrillic "о"
# that looks like a Latin "o" is refused (E026)
PATH_PART = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CONTENT_SUFFIXES = (".yml", ".yaml", ".md", ".markdown")


def _tree(top: Path, errors: list[ContentError], links: set[Path]) -> None:
    """Every folder and content file under `top`, before anything is read: a symbolic link
    (to a file or a folder, which a search would skip without a word) is E007, a name that
    is not an id E026. Files of other kinds are never read, so never published."""
    if not top.is_dir() or top.is_symlink():
        return
    for folder, dirs, files in os.walk(top):  # never follows a link
        here = Path(folder)
        for name in sorted(dirs) + sorted(files):
            path = here / name
            if path.is_symlink():
                links.add(path)
                errors.append(ContentError(path, 1, Code.SYMLINK))
                continue
            stem, suffix = os.path.splitext(name)
            if name in files and suffix not in CONTENT_SUFFIXES:
                continue
            if not PATH_PART.fullmatch(name if name in dirs else stem):
                errors.append(ContentError(path, 1, Code.BAD_ID, value=name if name in dirs else stem))
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]


class _Reader:
    """Reads files into documents and models, collecting errors."""

    def __init__(self, content: Content, tops: tuple[Path, ...]):
        self.content, self.errors, self.tops = content, content.errors, tops
        self.links: set[Path] = set()  # symbolic links already reported (E007)
        for top in tops:
            _tree(top, self.errors, self.links)

    def document(self, loader, path: Path) -> Document | None:
        self.content.files += 1
        for top in self.tops:  # a link could publish any file of the machine: refused
            link = _symlink_under(path, top)
            if link is not None:
                if link not in self.links:
                    self.links.add(link)
                    self.errors.append(ContentError(link, 1, Code.SYMLINK))
                return None
        try:
            doc = loader(path)
        except ContentError as err:
            self.errors.append(err)
            return None
        except Exception as exc:  # RecursionError, MemoryError ...: an error for this file
            self.errors.append(unexpected(path, exc))
            return None
        self.content.docs.append(doc)
        return doc

    def model(self, path: Path, cls, required: bool = False):
        """(document, model) of one file; (None, None) when it is missing or has errors."""
        if required and not path.exists() and not path.is_symlink():
            self.errors.append(ContentError(path, 1, Code.FILE_MISSING))
            return None, None
        doc = self.document(load_markdown if path.suffix == ".md" else load_yaml, path)
        return (doc, validate(cls, doc, self.errors)) if doc else (None, None)


def _kind_files(kind: PageKind, content_dir: Path, forms_dir: Path):
    """(path, page id) of every file of a page kind, sorted."""
    base = forms_dir if kind.folder == "forms" else content_dir
    if kind.required:
        yield base / kind.files[0], kind.page_id
        return
    if not base.is_dir():
        return
    for pattern in kind.files:
        top = base / pattern.split("/")[0] if "/" in pattern else base
        for path in sorted(base.glob(pattern)):
            rel = path.relative_to(top).with_suffix("").as_posix()
            yield path, kind.page_id.format(stem=path.stem, rel=rel)


def _add_page(content: Content, kind: PageKind, page_id: str, model, doc: Document) -> None:
    if page_id in content.pages:
        other = content.pages[page_id].doc.path
        content.errors.append(ContentError(doc.path, 1, Code.DUPLICATE_ID, id=page_id, other=other))
        return
    content.pages[page_id] = PageEntry(page_id, kind.name, model, doc, kind.heading_ids(model))


def load_content(root: Path, today: dt.date | None = None, forms_dir: Path | None = None) -> Content:
    """Read and check everything under `root` (a content/ folder) and the form
    definitions in `forms_dir` (default: the forms/ folder beside it)."""
    root = Path(root)
    forms_dir = Path(forms_dir) if forms_dir else root.parent / "forms"
    content = Content(root=root)
    errors = content.errors
    read = _Reader(content, (root, forms_dir))

    site_doc, content.site = read.model(root / "site.yml", schema.Site, required=True)
    sources_doc, sources = read.model(root / "sources.yml", schema.Sources, required=True)
    if sources:
        checks.unique_in(sources, (("sources", "id"),), sources_doc, errors)
        content.sources = {s.id: s for s in sources.sources}

    for kind in KINDS:
        for path, page_id in _kind_files(kind, root, forms_dir):
            doc, model = read.model(path, kind.model, required=kind.required)
            if model is None:
                continue
            if getattr(model, "id", path.stem) != path.stem:
                errors.append(ContentError(path, doc.where.line(("id",)), Code.ID_NOT_FILE_NAME,
                                           id=model.id, stem=path.stem))
            checks.unique_in(model, kind.unique, doc, errors)
            if kind.name == "form":
                checks.form(model, doc, errors)
            _add_page(content, kind, page_id, model, doc)

    _load_form_translations(content, forms_dir, read)
    _check(content, today or dt.date.today(), site_doc)
    from .editions import load_regions  # regional editions (generator/editions.py)
    def regions(paths):
        for path in sorted(paths):
            doc, model = read.model(path, schema.Region)
            if model is not None:
                yield path, doc, model
    load_regions(content, regions, site_doc)
    _readability(content)
    return content


def _readability(content: Content) -> None:
    """A page for the public (level: public) or easy-to-read page (level: easy) over its LIX
    bound is an error (E068) at the line that sets its level (lix.py measures the page)."""
    from . import lix
    words = content.words()
    for entry in content.pages.values():
        bound = lix.BOUNDS.get(getattr(entry.model, "level", "staff"))
        if bound is None:
            continue
        value = round(lix.page_lix(entry, words), 1)
        if value > bound:
            content.errors.append(ContentError(entry.doc.path, entry.doc.where.line(("level",)), Code.TOO_HARD_TO_READ,
                                               page=entry.id, lix=f"{value:.1f}", bound=f"{bound:.0f}",
                                               level=entry.model.level))


def forms_ui_for(content: Content, form: forms_schema.Form):
    """The form's own words in its language (site.yml forms_ui, or its translation)."""
    site = content.site
    return site.forms_ui if form.lang == "sv" else site.forms_ui_translations[form.lang]


def pdf_key(form: forms_schema.Form) -> str:
    """The form's name among the PDFs (and in pdf_sizes): en-min-plan for a translation."""
    return form.id if form.lang == "sv" else f"{form.lang}-{form.id}"


def form_page_id(form: forms_schema.Form) -> str:
    """blanketter/<id> for a form, blanketter/<lang>/<id> for its translations."""
    return f"blanketter/{form.id}" if form.lang == "sv" else f"blanketter/{form.lang}/{form.id}"


def _field_shape(form: forms_schema.Form) -> list[tuple]:
    """What a draft depends on: every field's id and type, in order (not its words)."""
    return [(p[-1] if len(p) > 4 else "", f.id, f.type) for p, f in checks.form_fields(form)]


def _load_form_translations(content: Content, forms_dir: Path, read: "_Reader") -> None:
    """forms/<lang>/<id>.yml: the same form as forms/<id>.yml in another language. It has
    the same fields and version (a draft opens in either), its own words and `lang`."""
    if not forms_dir.is_dir():
        return
    kind = KINDS_BY_NAME["form"]
    originals = {f.id: f for f in content.forms}
    for folder in sorted(p for p in forms_dir.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.yml")):
            doc, form = read.model(path, forms_schema.Form)
            if form is None:
                continue
            if form.lang != folder.name:
                content.errors.append(ContentError(path, doc.where.line(("lang",)), Code.NOT_ALLOWED, key="lang",
                                                   value=form.lang, allowed=folder.name))
                continue
            original = originals.get(form.id)
            if original is None:
                content.errors.append(ContentError(path, doc.where.line(("id",)), Code.UNKNOWN_PAGE,
                                                   target=f"blanketter/{form.id}", available=", ".join(sorted(originals))))
                continue
            if form.version != original.version or _field_shape(form) != _field_shape(original):
                content.errors.append(ContentError(path, 1, Code.TRANSLATION_DIFFERS, id=form.id))
            checks.form(form, doc, content.errors)
            _add_page(content, kind, form_page_id(form), form, doc)


def _check(content: Content, today: dt.date, site_doc: Document | None) -> None:
    """Everything that needs the whole content: references, dates, HTML, the site's settings."""
    errors = content.errors
    refs = Checker(content, errors)
    literal = {id(e.doc): KINDS_BY_NAME[e.kind].literal for e in content.pages.values()}
    dialect = html_check.Dialect(content.root.parent)  # the site's Markdown, as the engine reads it
    for entry in content.pages.values():
        checks.review_dates(entry.model, entry.doc, today, errors)
        checks.facts(entry.model, entry.doc, errors)
        refs.model(entry.model, entry.doc)
    for doc in content.docs:
        for text, line_of in checks.texts(doc, literal.get(id(doc), ())):
            refs.text(text, line_of, doc)
        checks.html(doc, literal.get(id(doc), ()), errors, dialect)
    if content.site and site_doc:
        refs.model(content.site, site_doc)
        checks.publisher(content.site, site_doc, errors)
        if content.forms and content.site.forms_ui is None:
            errors.append(ContentError(site_doc.path, 1, Code.NO_FORMS_UI))
        for lang in content.form_translations:
            if lang not in content.site.forms_ui_translations:
                errors.append(ContentError(site_doc.path, 1, Code.NO_FORMS_UI))
    checks.follows(content.pages, errors)
    compare = content.pages.get("rutiner/jamfor")
    if compare:
        sections = {r.id: {s.id for s in r.sections} for r in content.routines}
        checks.compare_table(compare.model, compare.doc, sections, errors)

