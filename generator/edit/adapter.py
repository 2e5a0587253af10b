"""The editor's one door into the generator.

Everything the editor needs from the rest of the generator (which model a file holds,
loading and validating the whole content as the build does, line numbers of values,
the site's Markdown pipeline) goes through this module, so that when the generator's
internals move (a page-kind registry, typed references, one markup module) only this
file changes.
"""
from __future__ import annotations

import bisect
import fnmatch
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from .. import content as _content
from .. import forms_schema, schema
from ..errors import ContentError
from ..load import Locations, parse_yaml

# File (relative to the project root) -> model, for the files that are not pages
# registered as page kinds (kinds.py). Order: first match wins.
_FIXED: list[tuple[str, type[BaseModel]]] = [
    ("content/site.yml", schema.Site),
    ("content/sources.yml", schema.Sources),
    ("content/compare.yml", schema.Compare),
    ("content/glossary.yml", schema.Glossary),
    ("content/laws.yml", schema.Laws),
    ("content/routines/*.yml", schema.Routine),
    ("content/regions/*.yml", schema.Region),  # regional editions (generator/editions.py)
    ("forms/*.yml", forms_schema.Form),
    ("content/pages/**.md", schema.Page),
]


def _kinds() -> list[tuple[str, type[BaseModel]]]:
    """The fixed files above, then every page kind's files from the registry (kinds.py)."""
    from ..kinds import KINDS
    from_registry = [(f"{kind.folder}/" + files.replace("**/", "**"), kind.model)
                     for kind in KINDS for files in kind.files]
    return _FIXED + [("forms/*/*.yml", forms_schema.Form)] + from_registry  # translations: forms/<lang>/


def model_for(rel: str) -> type[BaseModel] | None:
    """The pydantic model that the file `rel` (posix, relative to the root) must match."""
    for pattern, cls in _kinds():
        if fnmatch.fnmatchcase(rel, pattern):
            return cls
    return None


def editable_files(root: Path) -> list[str]:
    """Every content and form file that has a model, as posix paths under root."""
    found = []
    for top, suffixes in (("content", (".yml", ".md")), ("forms", (".yml",))):
        base = root / top
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix in suffixes and path.is_file() and not path.is_symlink():
                rel = path.relative_to(root).as_posix()
                if model_for(rel) is not None:
                    found.append(rel)
    return found


@dataclass
class Problem:
    """One validation error: the file (posix, relative), its line and the Swedish text."""

    file: str
    line: int
    code: str
    message: str
    key: str | None = None


def _problem(err: ContentError, tree: Path) -> Problem:
    try:
        rel = err.file.resolve().relative_to(tree.resolve()).as_posix()
    except ValueError:
        rel = err.file.name
    return Problem(rel, err.line, err.code, err.message, err.params.get("key"))


def check_tree(tree: Path) -> list[Problem]:
    """All hard errors of the content and forms under `tree`, as the build finds them."""
    content = _content.load_content(tree / "content", forms_dir=tree / "forms")
    return [_problem(e, tree) for e in content.hard_errors]


SCRATCH = ("build", "edit")  # under the project root: the copies a save is checked in


def scratch(root: Path) -> Path:
    path = root.joinpath(*SCRATCH)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(name: str) -> int | None:
    """The process id in `check-<pid>-...` or `.edit-<pid>-....tmp`."""
    part = name.split("-")[1] if name.count("-") >= 2 else ""
    return int(part) if part.isdigit() else None


def remove_leftovers(root: Path) -> list[Path]:
    """What editor saves that were killed midway left (a copy of content/ and forms/ under
    build/edit/, a half-written `.edit-<pid>-*.tmp` beside a file): removed, unless the
    process that made it still runs. Returns what was removed."""
    removed = []
    base = root.joinpath(*SCRATCH)
    found = [p for p in base.glob("check-*") if p.is_dir() and not p.is_symlink()] if base.is_dir() else []
    for top in ("content", "forms"):
        if (root / top).is_dir():
            found += [p for p in (root / top).rglob(".edit-*.tmp") if p.is_file() and not p.is_symlink()]
    for path in found:
        pid = _owner(path.name)
        if pid is None or _alive(pid):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def html_problems(text: str, rel: str, dialect) -> list[str]:
    """What the site's raw-HTML allow-list refuses in one Markdown text, as the save
    check words it ("rad 3: ..."; the line within the text). `dialect`: the site's
    Markdown (html_check.Dialect), so the preview refuses what the build refuses."""
    from .. import html_check
    from ..errors import ContentError
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def line_of(index: int) -> int:
        return bisect.bisect_right(starts, index)
    found: list[str] = []

    def report(line, code, params):
        found.append(f"{line}: {ContentError(Path(rel or 'text'), line, code, **params).message}")
    html_check.check(text, line_of, report, dialect)
    return found


def check_change(root: Path, rel: str, new_text: str) -> tuple[list[Problem], list[Problem]]:
    """Validate the project as it would be with `rel` holding `new_text`, with the same
    models and cross-file checks as the build. Returns (errors in that file, errors in
    other files that the change causes). The project itself is not touched."""
    with tempfile.TemporaryDirectory(prefix=f"check-{os.getpid()}-", dir=scratch(root)) as tmp:
        tree = Path(tmp)
        for top in ("content", "forms"):
            if (root / top).is_dir():
                shutil.copytree(root / top, tree / top, symlinks=True)
        before = {(p.file, p.code, p.message) for p in check_tree(tree)}
        (tree / rel).write_text(new_text, encoding="utf-8")
        after = check_tree(tree)
    own = [p for p in after if p.file == rel]
    caused = [p for p in after if p.file != rel and (p.file, p.code, p.message) not in before]
    return own, caused


def locations(text: str, rel: str, offset: int = 0) -> Locations:
    """Line of every value of a YAML text (front matter: `offset` lines before it)."""
    _data, where = parse_yaml(text, Path(rel), offset=offset)
    return where


class Preview:
    """Markdown rendered by the site's own pipeline ([[term]] and sida: links resolved
    as on the built page), from the content as it is on disk now."""

    def __init__(self, root: Path):
        self.root = root
        self._stamp: float | None = None
        self._renderer = None

    def _current(self):
        stamp = max((p.stat().st_mtime for top in ("content", "forms")
                     for p in (self.root / top).rglob("*") if p.is_file()), default=0.0)
        if self._renderer is None or stamp != self._stamp:
            from ..render import Renderer
            content = _content.load_content(self.root / "content", forms_dir=self.root / "forms")
            if content.site is None:
                return None
            self._renderer, self._stamp = Renderer(content), stamp
        return self._renderer

    def html(self, text: str, page_id: str) -> str:
        import markdown

        renderer = self._current()
        if renderer is not None:
            try:
                text = renderer.resolve(text, page_id)
            except KeyError:
                pass  # an unknown [[term]]: the save check names it; show the text as typed
        return markdown.markdown(text, extensions=[
            "abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables",
            "pymdownx.details", "pymdownx.superfences"])


def page_id(rel: str) -> str:
    """The id of the page that a file becomes (for relative links in the preview)."""
    path = Path(rel)
    if rel.startswith("content/pages/"):
        return path.relative_to("content/pages").with_suffix("").as_posix()
    if rel.startswith("content/routines/"):
        return f"rutiner/{path.stem}"
    if rel.startswith("forms/"):
        return f"blanketter/{path.stem}"
    if rel.startswith("content/method/"):
        return "arbetssatt/" + path.relative_to("content/method").with_suffix("").as_posix()
    if rel.startswith("content/public/"):
        return path.relative_to("content/public").with_suffix("").as_posix()
    return {"content/glossary.yml": "ordlista", "content/laws.yml": "lagar",
            "content/compare.yml": "rutiner/jamfor"}.get(rel, "index")


def id_choices(root: Path) -> dict[str, list[tuple[str, str]]]:
    """Ids the pickers offer: sources, glossary terms, laws, pages, forms, checklists."""
    content = _content.load_content(root / "content", forms_dir=root / "forms")
    pages = sorted(content.pages.items())
    return {
        "sources": [(s.id, s.short) for s in content.sources.values()],
        "terms": [(t.id, t.term) for t in content.terms().values()],
        "laws": [(law.id, law.short) for law in (content.laws.laws if content.laws else [])],
        "pages": [(pid, e.model.title) for pid, e in pages],
        "forms": [(f.id, f.title) for f in content.forms],
        "checklists": [(e.model.id, e.model.title) for _pid, e in pages if e.kind == "checklist"],
        "routines": [(r.id, r.short_title) for r in content.routines],
    }


# Which list of ids a field picks from, by the field's key. (Once the schema declares
# its references, read them from there instead.)
_REFS = {"sources": "sources", "source": "sources", "see": "terms", "laws": "laws",
         "form": "forms", "checklist": "checklists", "page": "pages", "documents": "routines",
         "routine": "routines"}


def ref_kind(key: str, rel: str) -> str | None:
    if key == "laws" and rel == "content/laws.yml":
        return None
    return _REFS.get(key)
