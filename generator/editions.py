"""Regional editions: a layer around the build, from content only.

content/regions/<id>.yml describes a region (schema.Region). For each region this module
derives a filtered `Content` (pages and items whose `regions:` leave the region out are
dropped, routines and follow-ups are those the region lists, the menu is pruned, the
region's contact routes and form defaults applied) and runs the ordinary stages on it
(PDFs, pages, MkDocs, CSP, link check) into site/<id>/. The all-regions site at the root
is built as before; every page links to the same page in the other editions
(`config.extra.same_page`, drawn by site_overrides/main.html).

An edition whose derived content, theme and generator are unchanged is not rebuilt: its
files are linked over from the previous site (same bytes, same times) and its stamp kept.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator, NamedTuple

import yaml
from pydantic import BaseModel

from . import checks, schema, stamp
from .checks import EXAMPLE_VALUE, form_fields
from .checks import walk_strings as _walk_strings
from .content import Content, PageEntry, form_page_id
from .errors import Code, ContentError, catalogue
from .links import broken_links
from .render import Renderer

REGIONS_DIR = "regions"
FILLABLE = ("text", "textarea", "date", "time", "email", "tel", "url", "select", "radio")


# --- loading and checking ----------------------------------------------------

def load_regions(content: Content, models, site_doc) -> None:
    """Read content/regions/*.yml into content.regions and check every `regions:` list.
    Called at the end of load_content (so `make check` reports these errors too)."""
    folder = content.root / REGIONS_DIR
    found = list(models(folder.glob("*.yml"))) if folder.is_dir() else []
    content.regions = {}
    taken = _root_names(content)
    for _, doc, model in found:
        where = doc.where.line(("id",))
        if model.id in content.regions:  # a second file with the same id: the edition would mix both
            content.errors.append(ContentError(doc.path, where, Code.DUPLICATE_ID, id=model.id,
                                               other=content.regions[model.id][1].path))
        elif model.id in taken:  # site/<id>/ is already a folder or page of the site
            content.errors.append(ContentError(doc.path, where, Code.REGION_ID_TAKEN, id=model.id,
                                               what=taken[model.id]))
        else:
            content.regions[model.id] = (model, doc)
    content.errors.extend(_unknown_regions(content))
    content.errors.extend(_rule_sources(content))
    if not content.regions or content.site is None:
        return
    if content.site.ui.editions is None and site_doc is not None:
        missing = ", ".join(schema.EditionsUi.model_fields)
        content.errors.append(ContentError(site_doc.path, site_doc.where.line(("ui",)), Code.NO_EDITIONS_UI,
                                           missing=missing))
    known = _Known({r.id: r for r in content.routines},
                   {e.id.split("/", 1)[1]: e for e in content.pages.values() if e.kind == "followup"},
                   {f.id: f for f in content.forms})
    for region, doc in content.regions.values():
        content.errors.extend(_region_references(region, doc, content, known))
        content.errors.extend(_form_defaults(region, doc, known.forms))


# folders and files at the site's root that no page id names: the theme's and our assets,
# the search index, the 404 page, the sitemap, the server settings, the editions' chooser
ROOT_NAMES = ("assets", "search", "blanketter", "404", "sitemap", "_deploy", "utgavor", "index")


def _root_names(content: Content) -> dict[str, str]:
    """What an edition's folder site/<id>/ must not be called: {name: what it is already}."""
    taken = {name: f"{name}/" for name in ROOT_NAMES}
    overrides = content.root.parent / "site_overrides"
    if overrides.is_dir():
        taken.update({p.stem: f"site_overrides/{p.name}" for p in overrides.iterdir()})
    for page_id in content.pages:
        first = page_id.split("/", 1)[0]
        taken[first] = f"{first}/" if "/" in page_id else f"{page_id}.html"
    return taken


class _Known(NamedTuple):
    """What a region file may name: routines, follow-up reports (by their file id), forms."""
    routines: dict
    followups: dict
    forms: dict


def _unknown_regions(content: Content) -> Iterator[ContentError]:
    """`regions: [...]` anywhere, in any file, names a region file that exists."""
    ids = ", ".join(sorted(content.regions)) or "-"
    for doc in content.docs:
        for path, value in _walk_strings(doc.data):
            if len(path) >= 2 and path[-2] == "regions" and isinstance(path[-1], int) and value not in content.regions:
                yield ContentError(doc.path, doc.where.line(path), Code.UNKNOWN_REGION, id=value, available=ids)


def _rules(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, schema.Duty]]:
    """(path, duty) for every duty and regional rule (a Duty that names its region) in a model."""
    if isinstance(value, schema.Duty):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _rules(getattr(value, name), path + (name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _rules(item, path + (i,))


def _rule_sources(content: Content) -> Iterator[ContentError]:
    """A region's rule cites a document of that region: a source that belongs to other
    regions' editions (its `regions:`) cannot be the source of another region's rule."""
    for entry in content.pages.values():
        for path, rule in _rules(entry.model):
            source = content.sources.get(rule.source)
            if source is None or not source.regions:
                continue
            if isinstance(rule, schema.Duty) and not rule.regional:
                # a duty that cites a region's document is that region's, not the country's
                yield ContentError(entry.doc.path, entry.doc.where.line(path + ("source",)), Code.DUTY_NOT_REGIONAL,
                                   source=rule.source, regions=", ".join(source.regions))
                continue
            if set(rule.regions) <= set(source.regions) and rule.regions:
                continue
            yield ContentError(entry.doc.path, entry.doc.where.line(path + ("source",)), Code.RULE_SOURCE_REGION,
                               rule=", ".join(rule.regions) or rule.region, source=rule.source,
                               regions=", ".join(source.regions))


def _region_references(region, doc, content: Content, known: _Known) -> Iterator[ContentError]:
    """The routines, follow-up reports, sources and publisher values of one region file."""
    def unknown(key, i, value, available):
        return ContentError(doc.path, doc.where.line((key, i)), Code.REGION_UNKNOWN_ID, id=value, key=key,
                            available=", ".join(sorted(available)) or "-")

    for i, rid in enumerate(region.routines):
        if rid not in known.routines:
            yield unknown("routines", i, rid, known.routines)
        elif known.routines[rid].regions and region.id not in known.routines[rid].regions:
            yield ContentError(doc.path, doc.where.line(("routines", i)), Code.REGION_ROUTINE_EXCLUDED, id=rid,
                               regions=", ".join(known.routines[rid].regions), region=region.id)
    for i, fid in enumerate(region.followup):
        if fid not in known.followups:
            yield unknown("followup", i, fid, known.followups)
    for i, sid in enumerate(region.guidelines):
        if sid not in content.sources:
            yield ContentError(doc.path, doc.where.line(("guidelines", i)), Code.UNKNOWN_SOURCE, id=sid)
    for key in ("request_sip", "complaints"):
        route = getattr(region, key)
        if route and route.source and route.source not in content.sources:
            yield ContentError(doc.path, doc.where.line((key, "source")), Code.UNKNOWN_SOURCE, id=route.source)
    for name, value in region.publisher.model_dump().items():
        if isinstance(value, str) and EXAMPLE_VALUE.search(value):
            yield ContentError(doc.path, doc.where.line(("publisher", name)), Code.EXAMPLE_VALUE, field=name,
                               value=value)


def _form_defaults(region, doc, forms: dict) -> Iterator[ContentError]:
    """A region's preset form values name a form, a fillable field of it and, for a
    choice, one of its options."""
    for form_id, values in region.form_defaults.items():
        if form_id not in forms:
            yield ContentError(doc.path, doc.where.line(("form_defaults", form_id)), Code.REGION_UNKNOWN_ID,
                               id=form_id, key="form_defaults", available=", ".join(sorted(forms)))
            continue
        fields = {f.id: f for p, f in form_fields(forms[form_id]) if len(p) == 4 and f.type in FILLABLE}
        for field_id, value in values.items():
            where = doc.where.line(("form_defaults", form_id, field_id))
            fld = fields.get(field_id)
            if fld is None:
                yield ContentError(doc.path, where, Code.REGION_DEFAULT_FIELD, form=form_id, field=field_id,
                                   available=", ".join(sorted(fields)))
            elif getattr(fld, "options", None) and value not in fld.options:
                yield ContentError(doc.path, where, Code.REGION_DEFAULT_OPTION, value=value, field=field_id,
                                   form=form_id, available=", ".join(fld.options))


# --- one edition's content ---------------------------------------------------

def _applies(item: Any, region: str) -> bool:
    regions = getattr(item, "regions", None)
    if isinstance(item, schema.Duty) and item.region:  # a region without an edition: all-regions site only
        return False
    return not regions or region in regions


def _filter(value: Any, region: str) -> Any:
    """The same model with every nested item whose `regions:` leaves the region out dropped."""
    if isinstance(value, BaseModel):
        update = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _filter(old, region)
            if new is not old:
                update[name] = new
        return value.model_copy(update=update) if update else value
    if isinstance(value, list):
        new = [_filter(v, region) for v in value if _applies(v, region)]
        return value if len(new) == len(value) and all(a is b for a, b in zip(new, value)) else new
    if isinstance(value, dict):
        new = {k: _filter(v, region) for k, v in value.items()}
        return value if all(new[k] is value[k] for k in value) else new
    return value


def _with_defaults(form, values: dict[str, str]):
    if not values:
        return form
    sections = []
    for section in form.sections:
        fields = [f.model_copy(update={"default": values[f.id]}) if f.id in values and f.type != "repeat" else f
                  for f in section.fields]
        sections.append(section.model_copy(update={"fields": fields}))
    return form.model_copy(update={"sections": sections})


def _prune_nav(items, pages) -> list:
    out = []
    for item in items:
        children = _prune_nav(item.children, pages)
        page = item.page if item.page in pages else None
        if page is None and not children:
            continue
        out.append(item.model_copy(update={"page": page, "children": children}))
    return out


def derive(content: Content, region: schema.Region) -> Content:
    """The content of one region's edition (the original is not changed)."""
    pages = _edition_pages(content, region)
    _edition_forms(content, region, pages)
    _edition_cards(pages)
    # routines, forms and their translations are read from the pages (Content's properties)
    return dataclasses.replace(content, site=_edition_site(content.site, region, pages), pages=pages, errors=[])


def _edition_pages(content: Content, region: schema.Region) -> dict[str, PageEntry]:
    """The region's routines and follow-up reports, and every other page its `regions:`
    lets in, each with the items and sources of other regions left out."""
    rid = region.id
    pages: dict[str, PageEntry] = {}
    for entry in content.pages.values():
        model = entry.model
        if entry.kind == "routine":
            keep = model.id in region.routines
        elif entry.kind == "followup":
            keep = entry.id.split("/", 1)[1] in region.followup
        else:
            keep = _applies(model, rid)
        if not keep:
            continue
        model = _filter(model, rid)
        # the page's own list of sources: a source of another region only (e.g. its routine) is left out
        sources = [s for s in model.sources if s not in content.sources or _applies(content.sources[s], rid)]
        if sources != list(model.sources):
            model = model.model_copy(update={"sources": sources})
        pages[entry.id] = dataclasses.replace(entry, model=model)
    # the comparison speaks of all its documents: only in an edition that has every one of them
    compare = next((e for e in pages.values() if e.kind == "compare"), None)
    if compare is not None and not set(compare.model.documents) <= set(region.routines):
        del pages[compare.id]
    return pages


def _edition_forms(content: Content, region: schema.Region, pages: dict[str, PageEntry]) -> None:
    """The form pages' forms (and their translations): the region's defaults filled in, and
    only the routines of this edition as "required by"."""
    def own_routines(form):
        return form.model_copy(update={"required_by": [r for r in form.required_by if r.routine in region.routines]})

    kept_forms = set()
    for form in content.forms:
        page_id = f"blanketter/{form.id}"
        if page_id in pages:
            pages[page_id].model = own_routines(_with_defaults(pages[page_id].model,
                                                               region.form_defaults.get(form.id, {})))
            kept_forms.add(form.id)
    for by_id in content.form_translations.values():
        for fid, form in by_id.items():
            if fid in kept_forms and form_page_id(form) in pages:
                pages[form_page_id(form)].model = own_routines(pages[form_page_id(form)].model)


def _edition_cards(pages: dict[str, PageEntry]) -> None:
    """Cards on free pages link only to pages of this edition."""
    for entry in pages.values():
        if getattr(entry.model, "cards", None):
            cards = []
            for card in entry.model.cards:
                links = [link for link in card.links if link.page.partition("#")[0] in pages]
                if links:
                    cards.append(card.model_copy(update={"links": links}))
            entry.model = entry.model.model_copy(update={"cards": cards})


def _edition_site(site, region: schema.Region, pages: dict[str, PageEntry]):
    """The site settings of an edition: its menu, its publisher, its name."""
    publisher = site.publisher.model_copy(update={k: v for k, v in region.publisher.model_dump().items()
                                                  if v is not None})
    words = site.ui.editions
    return site.model_copy(update={
        "nav": _prune_nav(_filter(site.nav, region.id), pages),
        "publisher": publisher,
        "name": words.site_name.format(site=site.name, region=region.name) if words else site.name,
    })


def editions(content: Content) -> dict[str, Content]:
    """{region id: derived content}, in the order of the region files (made once per build)."""
    cached = getattr(content, "_editions", None)
    if cached is None:
        cached = {rid: derive(content, region) for rid, (region, _) in sorted(content.regions.items())}
        content._editions = cached
    return cached


# --- the renderer of an edition ------------------------------------------------

LINK_TO = re.compile(r"\[([^\]]*)\]\(sida:([^)#\s]+)(?:#[^)\s]+)?\)")


class EditionRenderer(Renderer):
    """The ordinary renderer; a link to a page this edition leaves out keeps only its
    words, and the start page gets the region's box (routines, guidelines, contacts)."""

    def __init__(self, content: Content, region: schema.Region, cache_dir: Path | None = None,
                 pdf_sizes: dict[str, int] | None = None):
        super().__init__(content, cache_dir=cache_dir, pdf_sizes=pdf_sizes)
        self.region = region

    def _unlink(self, text: str) -> str:
        return LINK_TO.sub(lambda m: m.group(0) if m.group(2) in self.content.pages else m.group(1), text)

    def resolve(self, text: str, page_id: str) -> str:
        return super().resolve(self._unlink(text), page_id)

    def html_fragment(self, text: str, page_id: str):
        return super().html_fragment(self._unlink(text), page_id)

    def render(self, entry: PageEntry) -> str:
        text = super().render(entry)
        if entry.id != "index":
            return text
        box = self.env.get_template("edition-region.md.j2").render(
            region=self.region, words=self.content.site.ui.editions, sources_by_id=self.content.sources,
            routines=list(self.content.routines), ui=self.ui, publisher=checks.readable_publisher(self.content.site.publisher),
            followups=[SimpleNamespace(id=e.id, title=e.model.title) for e in self.content.pages.values()
                       if e.kind == "followup"],
            link=lambda to, anchor=None: self.link(entry.id, to, anchor))
        # after the front matter and the h1, before the rest of the start page
        head, sep, rest = text.partition("\n# ")
        if sep:
            title, nl, body = rest.partition("\n")
            return head + sep + title + nl + "\n" + self.resolve(box, entry.id) + "\n" + body
        return self.resolve(box, entry.id) + "\n" + text


# --- links between editions -----------------------------------------------------

def same_page(content: Content, current: str | None) -> dict | None:
    """config.extra.same_page: the other editions, each with its pages, for main.html."""
    if not content.regions or content.site.ui.editions is None:
        return None
    words = content.site.ui.editions
    up = "../" if current else ""
    all_pages = ["index.html"] + sorted(f"{p}.html" for p in content.pages if p != "index")
    others = [] if current is None else [{"id": "", "name": words.all_regions, "base": up, "pages": all_pages}]
    for rid, derived in editions(content).items():
        if rid == current:
            continue
        name = content.regions[rid][0].name
        others.append({"id": rid, "name": name, "base": f"{up}{rid}/", "pages": sorted(f"{p}.html" for p in derived.pages)})
    return {"label": words.same_page, "continue_to": words.continue_to, "current": current or "",
            "editions": others}


def add_same_page(config: Path, content: Content, current: str | None) -> None:
    """Put the links to the other editions into a generated mkdocs config."""
    extra = same_page(content, current)
    if extra is None:
        return
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data.setdefault("extra", {})["same_page"] = extra
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- building ------------------------------------------------------------------------

def fingerprint(root: Path, content: Content, rid: str, options: dict) -> str:
    """Everything an edition's files depend on: its own derived content, the page lists of
    the other editions (its links to them), the theme, the generator and the libraries."""
    derived = editions(content)[rid]
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(_theme_digest(root).encode())
    digest.update(derived.site.model_dump_json().encode())
    digest.update(content.regions[rid][0].model_dump_json().encode())
    for sid, source in sorted(derived.sources.items()):
        digest.update(source.model_dump_json().encode())
    for page_id, entry in sorted(derived.pages.items()):
        digest.update(f"\0{page_id}\0{entry.kind}\0{entry.doc.path}\0".encode())
        digest.update(entry.model.model_dump_json().encode())
        digest.update((entry.doc.body or "").encode())
    for lang, forms in sorted(derived.form_translations.items()):
        for fid, form in sorted(forms.items()):
            digest.update(form.model_dump_json().encode())
    glossary = content.glossary.model_dump_json() if content.glossary else ""
    laws = content.laws.model_dump_json() if content.laws else ""
    digest.update((glossary + laws).encode())
    digest.update(json.dumps(same_page(content, rid), sort_keys=True).encode())
    return digest.hexdigest()


def _theme_digest(root: Path) -> str:
    """The inputs of every edition that are not content: theme, config, generator, libraries."""
    from importlib.metadata import PackageNotFoundError, version
    digest = hashlib.sha256()
    for name in stamp.PACKAGES:
        try:
            digest.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    for base in (root / "site_overrides", root / "mkdocs.yml", root / "content" / "system", stamp.GENERATOR):
        for path in stamp._files(base):
            digest.update(f"{path.relative_to(base.parent).as_posix()}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _seed_pdf_cache(root: Path, cache_root: Path) -> None:
    """An edition's PDF cache starts with the root's PDFs (most forms have no defaults);
    the key in each name still decides whether one is used."""
    from .pdf import CACHE_DIR
    src, dst = root / "build" / CACHE_DIR, cache_root / CACHE_DIR
    dst.mkdir(parents=True, exist_ok=True)
    for path in src.glob("*"):
        target = dst / path.name
        if path.is_file() and not target.exists():
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)


def build_one(root: Path, content: Content, rid: str, site_dir: Path, offline: bool = False,
              links: bool = True, engine: str = "mkdocs-material") -> tuple[list[str], dict[Path, Path]]:
    """One edition into site_dir (which must not exist): PDFs, pages, the engine, CSP.
    Returns the errors, formatted ([] when it built), and the content file behind each
    page (for link errors)."""
    from . import engine as engines
    from . import jinja
    from .build import Rendered, after_engine, mkdocs_config, page_scripts
    from .pdf import build_pdfs

    region = content.regions[rid][0]
    derived = editions(content)[rid]
    runner = engines.Build(root, engine)
    work = root / "build"
    tmp = Path(tempfile.mkdtemp(prefix=f"edition-{os.getpid()}-{rid}-", dir=work))  # build.remove_leftovers
    try:
        docs = tmp / "docs"
        cache = work / "jinja-cache"
        cache_root = work / "editions" / rid
        _seed_pdf_cache(root, cache_root)
        try:  # the PDF cache of this edition; one edition's PDFs at a time (WeasyPrint and
            # its font libraries are not made for threads)
            with _PDF_LOCK:
                sizes = build_pdfs(derived, jinja.for_content(derived, html=True, cache_dir=cache), docs,
                                   cache_root=cache_root)
        except ContentError as err:
            return [err.format(root)], {}
        renderer = EditionRenderer(derived, region, cache_dir=cache, pdf_sizes=sizes)
        origin = renderer.render_all(docs)
        rendered = Rendered(docs, origin, renderer.nav(), sizes)
        # Zensical builds only inside the config's folder; the edition is moved into place after
        built = tmp / "site" if engine == "zensical" else site_dir
        config = mkdocs_config(root, derived, rendered, docs, built, tmp / "mkdocs.yml", offline=offline,
                               engine=engine)
        if links:
            add_same_page(config, content, rid)
        ok, output = runner.run(config)
        if not ok:
            return [ContentError(root / "mkdocs.yml", 1, Code.ENGINE_FAILED, engine=engine,
                                 problem=output[-2000:]).format(root)], origin
        if built != site_dir:
            shutil.move(str(built), str(site_dir))
        if not offline:  # the 404 page is served for any address: its links start at the edition
            page404 = site_dir / "404.html"
            if page404.is_file():
                text = re.sub(r'((?:href|src)=")/(?!/)', rf"\1/{rid}/", page404.read_text(encoding="utf-8"))
                page404.write_text(text, encoding="utf-8")
        refused = after_engine(root, site_dir, config, offline, engine, page_scripts(derived))  # as at the root
        problems = [ContentError(origin.get(Path(page), root / "site_overrides"), 1, code,
                                 page=f"{rid}/{page}", start=start).format(root) for code, page, start in refused]
        return problems, origin
    finally:
        runner.cancel()
        shutil.rmtree(tmp, ignore_errors=True)


WORKERS = max(1, min(4, os.cpu_count() or 1))  # editions built at the same time
_PDF_LOCK = threading.Lock()


def _link_tree(src: Path, dst: Path) -> None:
    """dst as the same files as src (hard links: the same bytes and times, no copying)."""
    def link(s, d):
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)
    shutil.copytree(src, dst, copy_function=link)


class Editions:
    """The regional editions of one build, made while the root site's engine runs.

    Made at once: every edition that changed starts building (up to WORKERS at a time,
    each with its own engine process) into a folder beside the new site, since the root
    engine empties the new site when it starts. `finish` waits for them, moves them into
    new_site/<id>/ (an unchanged edition is linked over from site_dir/<id>/) and returns
    the errors, formatted. The link check of the whole tree (build.py) covers them."""

    def __init__(self, root: Path, content: Content, site_dir: Path, new_site: Path, options: dict,
                 force: bool = False, quiet: bool = False, engine: str = "mkdocs-material"):
        from concurrent.futures import ThreadPoolExecutor
        self.root, self.site_dir, self.quiet = root, site_dir, quiet
        self.work = new_site.with_name(new_site.name + ".editions")
        shutil.rmtree(self.work, ignore_errors=True)
        self.jobs: dict[str, tuple[str, Any]] = {}  # id -> (fingerprint, running build or None)
        self.built: list[tuple[str, str]] = []
        self.origins: dict[str, dict[Path, Path]] = {}  # id -> {page: content file}, for link errors
        self.pool = None
        todo = []
        for rid in editions(content):
            fp = fingerprint(root, content, rid, options)
            unchanged = not force and stamp.up_to_date(root, site_dir / rid, fp)
            self.jobs[rid] = (fp, None)
            if not unchanged:
                todo.append(rid)
        if todo:
            self.work.mkdir(parents=True)
            self.pool = ThreadPoolExecutor(max_workers=min(WORKERS, len(todo)))
            for rid in todo:
                self.jobs[rid] = (self.jobs[rid][0], self.pool.submit(build_one, root, content, rid, self.work / rid,
                                                                      engine=engine))

    def finish(self, new_site: Path) -> list[str]:
        labels = catalogue()["labels"]
        problems: list[str] = []
        for rid, (fp, job) in self.jobs.items():
            target = new_site / rid
            if job is None:
                _link_tree(self.site_dir / rid, target)
                if not self.quiet:
                    print(labels["edition_skipped"].format(region=rid))
                continue
            errors, self.origins[rid] = job.result()
            problems += errors
            if not errors:
                (self.work / rid).rename(target)
                self.built.append((rid, fp))
                if not self.quiet:
                    print(labels["edition_built"].format(region=rid))
        return problems

    def origin(self, page: str) -> Path | None:
        """The content file behind an edition's page (rid/...), for a link error."""
        rid, _, inner = page.partition("/")
        if rid not in self.jobs:
            return None
        return self.origins.get(rid, {}).get(Path(inner), self.root / "content" / REGIONS_DIR / f"{rid}.yml")

    def record(self, new_site: Path) -> None:
        """The stamp of each built edition, for the folder it has after the swap."""
        for rid, fp in self.built:
            _record(self.root, self.site_dir / rid, new_site / rid, fp)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.work, ignore_errors=True)


def _record(root: Path, final: Path, built: Path, fp: str) -> None:
    path = stamp._stamp_file(root, final)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"inputs": fp, "site": stamp.site_state(built), "site_dir": str(final)}),
                    encoding="utf-8")


def serve_into(root: Path, content: Content, docs: Path, engine: str = "mkdocs-material") -> bool:
    """`make serve`: every edition, built as for site/<id>/, as static files under docs/<id>/
    of the preview, and a chooser page (utgavor.md) that lists them. Unchanged editions
    are taken from build/serve-editions/ as they are."""
    if not content.regions or content.site.ui.editions is None:
        return True
    out = root / "build" / "serve-editions"
    for rid in editions(content):
        target = out / rid
        fp = fingerprint(root, content, rid, {"serve": True})
        if not stamp.up_to_date(root, target, fp):
            shutil.rmtree(target, ignore_errors=True)
            errors, _ = build_one(root, content, rid, target, engine=engine)
            if errors:
                print("\n".join(errors), file=sys.stderr)
                return False
            stamp.record(root, target, fp)
        shutil.copytree(target, docs / rid)
    words = content.site.ui.editions
    lines = [f"# {words.chooser_title}", "", f"- [{words.all_regions}](index.md)"]
    lines += [f"- [{region.name}]({rid}/index.html)" for rid, (region, _) in sorted(content.regions.items())]
    (docs / "utgavor.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return True


def link_check_skip(content: Content) -> set[str]:
    """The 404 pages, whose links start at the server's root, for the root's link check."""
    return {"404.html"} | {f"{rid}/404.html" for rid in content.regions}


def offline(root: Path, rid: str, out: Path | None = None) -> int:
    """`make offline REGION=<id>`: one edition as a zip that works from the file system."""
    import zipfile

    from .build import report
    from .content import load_content

    root = Path(root).resolve()
    content = load_content(root / "content")
    if not report(content, root, False, out=open(os.devnull, "w")):
        return 1
    if rid not in content.regions:
        print(ContentError(root / "content" / REGIONS_DIR / f"{rid}.yml", 1, Code.UNKNOWN_REGION, id=rid,
                           available=", ".join(sorted(content.regions)) or "-").format(root), file=sys.stderr)
        return 1
    name = f"samordnad-planering-{rid}"
    site = root / "build" / "offline" / rid / "samordnad-planering"  # the folder the zip unpacks to
    shutil.rmtree(site, ignore_errors=True)
    errors, _ = build_one(root, content, rid, site, offline=True, links=False)
    refused: list[tuple[str, str]] = []
    errors += [ContentError(root / "content", 1, Code.BROKEN_LINK, page=p, href=h).format(root)
               for p, h in broken_links(site, refused=refused)]
    errors += [ContentError(root / "content", 1, Code.URL_NOT_ALLOWED, url=h).format(root) for _, h in refused]
    if errors:
        for text in errors:
            print(text, file=sys.stderr)
        return 1
    out = Path(out or root / "dist" / f"{name}-offline.zip")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(site.parent))
    print(catalogue()["labels"]["offline_done"].format(zip=out, size=round(out.stat().st_size / 1024)))
    return 0
