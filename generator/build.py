"""Orchestration: check -> PDFs -> render -> engine build -> CSP and link check -> swap into site/.

Every stage works in temporary folders under build/. Only when all of them
succeeded is the new site moved into place, so a failed build leaves the
previous site/ exactly as it was.
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import checks, csp, engine as engines, jinja, lix, stamp
from .content import Content, load_content
from .errors import Code, ContentError, catalogue
from . import editions, minify, page_check, theme_css, theme_html
from .links import broken_links
from .pdf import build_pdfs
from .render import Renderer


def report(content: Content, root: Path, strict: bool, out=sys.stdout) -> bool:
    """Print all errors and warnings; True when the build may go on."""
    labels = catalogue()["labels"]
    problems = sorted(content.errors, key=lambda e: (str(e.file), e.line))
    for err in problems:
        print(err.format(root), file=sys.stderr)
    errors = len(content.hard_errors) + (len(content.warnings) if strict else 0)
    if errors:
        print(labels["summary_errors"].format(errors=errors, warnings=len(content.warnings)), file=sys.stderr)
        return False
    if content.warnings:
        print(labels["summary_warnings"].format(warnings=len(content.warnings)), file=sys.stderr)
    print(labels["summary_ok"].format(files=content.files, pages=len(content.pages)), file=out)
    return True


def check(root: Path, strict: bool = False) -> int:
    content = load_content(root / "content")
    ok = report(content, root, strict)
    if ok:
        print_lix(content)
    return 0 if ok else 1


def print_lix(content: Content) -> None:
    """The readability report: LIX per page, with the bound for public and easy pages."""
    labels = catalogue()["labels"]
    print(labels["lix_title"])
    for page_id, level, value, bound in lix.report(content):
        verdict = "" if bound is None else (labels["lix_ok"] if value <= bound else labels["lix_over"]).format(bound=bound)
        print(f"  {value:5.1f}  {level:6}  {page_id}  {verdict}")


@dataclass
class Rendered:
    """What the render stage made: the pages' folder, where each built page comes from,
    the navigation, and the PDFs (name -> size in bytes)."""

    docs: Path
    origin: dict[Path, str]
    nav: list
    pdf_sizes: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def render_docs(root: Path, content: Content, docs_dir: Path) -> Rendered:
    """Fillable PDFs first (the form pages show their size), then the pages."""
    started = time.perf_counter()
    cache = root / "build" / "jinja-cache"
    sizes = build_pdfs(content, jinja.for_content(content, html=True, cache_dir=cache), docs_dir,
                       cache_root=root / "build")
    pdfs = time.perf_counter()
    renderer = Renderer(content, cache_dir=cache, pdf_sizes=sizes)
    origin = renderer.render_all(docs_dir)
    return Rendered(docs_dir, origin, renderer.nav(), sizes,
                    {"pdf": pdfs - started, "render": time.perf_counter() - pdfs})


def mkdocs_config(root: Path, content: Content, rendered: Rendered, docs_dir: Path, site_dir: Path, out: Path,
                  offline: bool = False, config_dir: Path | None = None,
                  engine: engines.Engine = engines.DEFAULT) -> Path:
    """The generated config (see engine.write_config)."""
    return engines.write_config(root, content, rendered.nav, docs_dir, site_dir, out, engine=engine,
                                offline=offline, config_dir=config_dir)


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names of two folders in one step (Linux renameat2 RENAME_EXCHANGE): at
    no moment is either name missing. False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
        return False
    raise OSError(errno, os.strerror(errno), str(a), None, str(b))


def swap(new_site: Path, site_dir: Path) -> None:
    """Put new_site in the place of site_dir. Where the system can, the two folders change
    names in one step, so that site_dir never stops existing for a reader (a web server,
    `make serve`); the old site, now under new_site's name, is deleted after. Elsewhere
    two renames (site_dir is missing between them)."""
    if site_dir.is_dir() and not site_dir.is_symlink() and _exchange(new_site, site_dir):
        shutil.rmtree(new_site, ignore_errors=True)
        return
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f"{site_dir.name}.old-{os.getpid()}")
        site_dir.rename(old)
    new_site.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# what a build leaves beside the site and under build/ while it runs, named by its process id
SITE_LEFTOVER = re.compile(r"\.(?:new|old)-(\d+)(?:\.editions)?$")
WORK_LEFTOVER = re.compile(r"^(?:build|edition)-(?:(\d+)-)?")
LEGACY_AGE = 3600  # work folders from before they carried a process id: removed when this old


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except (OverflowError, ValueError, OSError):
        return False
    return True


def remove_leftovers(root: Path, site_dir: Path) -> list[Path]:
    """Remove what killed builds left: `site.new-<pid>/`, `site.new-<pid>.editions/`,
    `site.old-<pid>/` beside site_dir and `build/build-<pid>-*`, `build/edition-<pid>-*`,
    of processes that are no longer running (a build running now keeps its own), and the
    stamps of sites that are gone (stamp.prune). Returns what was removed."""
    removed = []
    candidates = []
    if site_dir.parent.is_dir():
        for path in site_dir.parent.glob(f"{glob.escape(site_dir.name)}.*"):
            found = SITE_LEFTOVER.fullmatch(path.name[len(site_dir.name):])
            if found:
                candidates.append((path, int(found.group(1))))
    work = root / "build"
    if work.is_dir():
        for path in work.iterdir():
            found = WORK_LEFTOVER.match(path.name)
            if found and path.is_dir() and not path.is_symlink():
                if found.group(1) is not None:
                    candidates.append((path, int(found.group(1))))
                elif time.time() - path.stat().st_mtime > LEGACY_AGE:
                    candidates.append((path, None))
    for path, pid in candidates:
        if pid is not None and _alive(pid):
            continue
        if path.is_symlink() or not path.is_dir():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed + stamp.prune(root)


class Stages:
    """Seconds per stage of one build, in order (`build --timings FILE`, make bench)."""

    def __init__(self, started: float | None = None, quiet: bool = False):
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()
        self.force = False
        self.started = time.monotonic() if started is None else started
        self.quiet = quiet

    def add(self, measured: dict[str, float]) -> None:
        self.seconds.update({k: round(v, 3) for k, v in measured.items()})
        self._last = time.perf_counter()

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(now - self._last, 3)
        self._last = now


def build(root: Path, strict: bool = False, site_dir: Path | None = None, quiet: bool = False,
          offline: bool = False, force: bool = False, engine: engines.Engine = engines.DEFAULT,
          timings: dict | None = None) -> int:
    started = time.monotonic()
    stages = Stages(started, quiet)
    stages.force = force  # the regional editions are rebuilt too when forced
    root = Path(root).resolve()
    site_dir = Path(site_dir or root / "site").resolve()
    if offline:
        engine = "mkdocs-material"  # the offline edition needs Material's offline plugin
    fingerprint = stamp.inputs(root, {"strict": strict, "offline": offline, "engine": engine})
    if not force and stamp.up_to_date(root, site_dir, fingerprint):
        if not quiet:
            print(catalogue()["labels"]["up_to_date"].format(
                site=site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir))
        return 0
    stamp.forget(root, site_dir)
    remove_leftovers(root, site_dir)  # of builds that were killed before they finished
    runner = engines.Build(root, engine)  # MkDocs starts now, on the other core, while the content is read
    try:
        result = _build(root, strict, site_dir, quiet, offline, runner, stages)
    finally:
        runner.cancel()
    if timings is not None:
        timings.update(stages.seconds)
    if result == 0:
        stamp.record(root, site_dir, fingerprint)
    return result


def _fail(errors: list[ContentError], root: Path, new_site: Path | None = None) -> int:
    """Print the errors of a stage after the content check; the new site is dropped."""
    for err in errors:
        print(err.format(root), file=sys.stderr)
    print(catalogue()["labels"]["summary_errors"].format(errors=len(errors), warnings=0), file=sys.stderr)
    if new_site is not None:
        shutil.rmtree(new_site, ignore_errors=True)
    return 1


def _build(root: Path, strict: bool, site_dir: Path, quiet: bool, offline: bool, runner: engines.Build,
           stages: Stages) -> int:
    content = load_content(root / "content")
    if strict:  # the publishing build: no example value of the publisher goes out
        content.errors = checks.for_publishing(content.errors)
    if not report(content, root, strict, out=open(os.devnull, "w") if quiet else sys.stdout):
        return 1
    stages.done("load and check")

    work = root / "build"
    work.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"build-{os.getpid()}-", dir=work))
    try:
        docs, new_site = tmp / "docs", site_dir.with_name(f"{site_dir.name}.new-{os.getpid()}")
        shutil.rmtree(new_site, ignore_errors=True)
        try:
            rendered = render_docs(root, content, docs)
        except ContentError as err:  # a PDF asked for a file or address that is not ours (E049)
            return _fail([err], root)
        stages.add(rendered.seconds)  # the PDFs and the pages, timed by render_docs
        # Zensical builds only inside the config's folder; the site is moved beside site/ after
        built = tmp / "site" if runner.engine == "zensical" else new_site
        config = mkdocs_config(root, content, rendered, docs, built, tmp / "mkdocs.yml", offline=offline,
                               engine=runner.engine)
        if not offline:  # links to the same page in the regional editions
            editions.add_same_page(config, content, None)
        # the regional editions build beside it meanwhile, each with its own engine (editions.py)
        parts = None if offline else editions.Editions(root, content, site_dir, new_site, {"strict": strict},
                                                        force=stages.force, quiet=quiet, engine=runner.engine)
        try:
            return _finish(root, content, rendered, config, built, new_site, site_dir, offline, runner, parts,
                           stages)
        finally:
            if parts is not None:
                parts.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


SOURCE_MAP_URL = re.compile(r"\n?/[/*][#@] sourceMappingURL=[^\n]*?(?:\*/)?\s*$")


def drop_source_maps(site: Path) -> None:
    """The theme's source maps (`*.map`, several hundred KB) serve only a developer's
    debugger: not on the server, not in the offline zip. The comment that names each
    map goes too (a debugger would ask the server for it)."""
    for path in sorted(site.rglob("*.map")):
        if not path.is_file():
            continue
        path.unlink()
        script = path.with_suffix("")
        if script.suffix in (".js", ".css") and script.is_file():
            text = script.read_text(encoding="utf-8")
            cut = SOURCE_MAP_URL.sub("", text)
            if cut != text:
                script.write_text(cut + ("\n" if text.endswith("\n") else ""), encoding="utf-8")


def page_scripts(content: Content) -> dict[str, tuple[str, ...]]:
    """The scripts each built page loads besides the common ones: its kind's (kinds.py),
    several of them as one bundle (bundle.py), as the renderer wrote them."""
    from . import bundle
    from .render import page_assets
    bundles = bundle.Bundles(content.root.parent / "site_overrides")
    return {f"{entry.id}.html": tuple(bundles.loaded(page_assets(entry)[0])) for entry in content.pages.values()}


def after_engine(root: Path, site: Path, config: Path, offline: bool, engine: engines.Engine,
                 scripts: dict[str, tuple[str, ...]]) -> list[tuple[str, str, str]]:
    """What every built site gets after its engine (the root and each regional edition):
    the theme's toggles made valid HTML (theme_html.py), its source maps removed, our own scripts and styles
    minified (minify.py), the theme's stylesheets cut to the rules the site can use
    (theme_css.py), the backstop on every page (page_check.py: `scripts` are those each
    page's kind loads) and the CSP (csp.py). Returns (code, page, start tag) of what the
    pages must not hold: elements the backstop refuses (E053), scripts not on the fixed
    list and inline scripts that are not the theme's own (E048): never allowed, never hashed."""
    theme_html.apply(site)
    drop_source_maps(site)
    minify.apply(site, root / "site_overrides")
    theme_css.apply(site, cache=root / "build" / "theme-css-cache")
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    texts = {page: page.read_text(encoding="utf-8") for page in site.rglob("*.html")}
    extra = tuple(settings.get("extra", {}).get("polyfills", [])) + tuple(settings.get("extra_javascript", []))
    refused = page_check.check(site, texts, scripts, extra)
    if refused:
        return refused
    features = settings["theme"].get("features", [])
    _, inline = csp.apply(site, features, offline=offline, templates=engines.theme_templates(engine))
    return [(Code.FOREIGN_SCRIPT.value, page, start) for page, start in inline]


def _finish(root: Path, content: Content, rendered: Rendered, config: Path, built: Path, new_site: Path,
            site_dir: Path, offline: bool, runner: engines.Build, parts: editions.Editions | None,
            stages: Stages) -> int:
    """The root site's engine, its CSP, the editions moved in, the link check, the swap."""
    labels = catalogue()["labels"]
    ok, output = runner.run(config)
    stages.done(f"engine ({runner.engine})")
    if not ok:
        return _fail([ContentError(root / "mkdocs.yml", 1, Code.ENGINE_FAILED, engine=runner.engine,
                                   problem=output[-2000:])], root, built)
    if built != new_site:
        shutil.move(str(built), str(new_site))
    refused = after_engine(root, new_site, config, offline, runner.engine, page_scripts(content))
    stages.done("after the engine: toggles, minify, theme styles cut, backstop, CSP")
    if refused:
        return _fail([ContentError(rendered.origin.get(Path(page), root / "site_overrides"), 1,
                                   code, page=page, start=start) for code, page, start in refused],
                     root, new_site)
    if parts is not None:  # the regional editions into new_site/<id>/ (generator/editions.py)
        problems = parts.finish(new_site)
        stages.done("editions (waiting for them)")
        if problems:
            for text in problems:
                print(text, file=sys.stderr)
            print(labels["summary_errors"].format(errors=len(problems), warnings=0), file=sys.stderr)
            shutil.rmtree(new_site, ignore_errors=True)
            return 1
    # one link check over the whole tree: the editions link to each other and to the root
    refused: list[tuple[str, str]] = []  # links with a scheme a page may not use (javascript: ...)
    broken = broken_links(new_site, skip=editions.link_check_skip(content), refused=refused)
    stages.done("links")
    if broken or refused:
        def origin(page: str) -> Path:
            found = parts.origin(page) if parts is not None else None
            return found or rendered.origin.get(Path(page), root / "content")
        return _fail([ContentError(origin(page), 1, Code.URL_NOT_ALLOWED, url=href) for page, href in refused]
                     + [ContentError(origin(page), 1, Code.BROKEN_LINK, page=page, href=href)
                        for page, href in broken], root, new_site)
    if parts is not None:
        parts.record(new_site)
    swap(new_site, site_dir)
    stages.done("swap")
    if not stages.quiet:
        print(labels["built"].format(site=site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir,
                                     pages=len(content.pages),
                                     seconds=f"{time.monotonic() - stages.started:.1f}"))
    return 0


def offline(root: Path, out: Path | None = None) -> int:
    """The offline edition: the site built to work from the file system, as a zip."""
    import zipfile

    root = Path(root).resolve()
    site = root / "build" / "offline" / "samordnad-planering"
    if build(root, site_dir=site, quiet=True, offline=True) != 0:
        return 1
    out = Path(out or root / "dist" / "samordnad-planering-offline.zip")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(site.parent))
    print(catalogue()["labels"]["offline_done"].format(zip=out, size=round(out.stat().st_size / 1024)))
    return 0
