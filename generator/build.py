"""Orchestration: check -> render -> mkdocs build -> link check -> swap into site/.

Every stage works in temporary folders under build/. Only when all of them
succeeded is the new site moved into place, so a failed build leaves the
previous site/ exactly as it was.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .content import Content, load_content
from .errors import ContentError, catalogue
from . import csp, editions, lix, stamp, theme_html
from .links import broken_links
from .mkdocs_runner import MkDocs
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


def mkdocs_config(root: Path, content: Content, renderer: Renderer, docs_dir: Path,
                  site_dir: Path, out: Path, offline: bool = False, config_dir: Path | None = None) -> Path:
    """Write a complete mkdocs.yml for this build: the project's mkdocs.yml plus the
    navigation, names and interface texts from content/. Plain YAML, no plugins of
    our own, so Zensical can read it too. docs_dir is written relative to the folder
    the config will live in (`config_dir`, by default that of `out`): Zensical
    accepts only a relative docs_dir."""
    with (root / "mkdocs.yml").open(encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    config["site_name"] = content.site.name
    config["site_description"] = content.site.description
    config["copyright"] = content.site.owner
    config["docs_dir"] = os.path.relpath(docs_dir.resolve(), (config_dir or out.parent).resolve())
    config["site_dir"] = str(site_dir.resolve())
    config["theme"]["custom_dir"] = str((root / config["theme"]["custom_dir"]).resolve())
    config["nav"] = renderer.nav()
    if offline:  # Material's offline plugin: search works from file:// too
        config["plugins"] = list(config.get("plugins", [])) + ["offline"]
        # its worker shim from our own assets (the plugin would load it from a CDN)
        config.setdefault("extra", {})["polyfills"] = ["assets/vendor/iframe-worker-shim.js"]
    config.setdefault("extra", {})["ui"] = content.site.ui.model_dump(mode="json")
    config["extra"]["footer_links"] = [{"title": l.title, "href": f"{l.page}.html"}
                                       for l in content.site.footer_links if l.page in content.pages]
    out.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def render_docs(root: Path, content: Content, docs_dir: Path) -> Renderer:
    """Fillable PDFs first (the form pages show their size), then the pages."""
    renderer = Renderer(content, cache_dir=root / "build" / "jinja-cache")
    build_pdfs(content, renderer, docs_dir, cache_root=root / "build")
    renderer.origin = renderer.render_all(docs_dir)
    return renderer


def swap(new_site: Path, site_dir: Path) -> None:
    """Replace site_dir with new_site with two renames (the old one deleted after)."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f"{site_dir.name}.old-{os.getpid()}")
        site_dir.rename(old)
    new_site.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(root: Path, strict: bool = False, site_dir: Path | None = None, quiet: bool = False,
          offline: bool = False, force: bool = False) -> int:
    started = time.monotonic()
    root = Path(root).resolve()
    site_dir = Path(site_dir or root / "site").resolve()
    fingerprint = stamp.inputs(root, {"strict": strict, "offline": offline})
    if not force and stamp.up_to_date(root, site_dir, fingerprint):
        if not quiet:
            print(catalogue()["labels"]["up_to_date"].format(
                site=site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir))
        return 0
    stamp.forget(root, site_dir)
    mkdocs = MkDocs(root)  # starts now, on the other core, while the content is read
    try:
        result = _build(root, strict, site_dir, quiet, offline, mkdocs, started, force)
    finally:
        mkdocs.cancel()
    if result == 0:
        stamp.record(root, site_dir, fingerprint)
    return result


def _build(root: Path, strict: bool, site_dir: Path, quiet: bool, offline: bool, mkdocs: MkDocs,
           started: float, force: bool = False) -> int:
    labels = catalogue()["labels"]
    content = load_content(root / "content")
    if not report(content, root, strict, out=open(os.devnull, "w") if quiet else sys.stdout):
        return 1

    work = root / "build"
    work.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="build-", dir=work))
    try:
        docs, new_site = tmp / "docs", site_dir.with_name(f"{site_dir.name}.new-{os.getpid()}")
        shutil.rmtree(new_site, ignore_errors=True)
        try:
            renderer = render_docs(root, content, docs)
        except ContentError as err:  # a PDF asked for a file or address that is not ours (E049)
            print(err.format(root), file=sys.stderr)
            print(labels["summary_errors"].format(errors=1, warnings=0), file=sys.stderr)
            return 1
        config = mkdocs_config(root, content, renderer, docs, new_site, tmp / "mkdocs.yml", offline=offline)
        if not offline:  # links to the same page in the regional editions
            editions.add_same_page(config, content, None)
        ok, output = mkdocs.build(config)
        if not ok:
            err = ContentError(root / "mkdocs.yml", 1, "E050", problem=output[-2000:])
            print(err.format(root), file=sys.stderr)
            shutil.rmtree(new_site, ignore_errors=True)
            return 1
        theme_html.apply(new_site)  # the theme's toggles: valid HTML (see theme_html.py)
        features = yaml.safe_load(config.read_text(encoding="utf-8"))["theme"].get("features", [])
        _, scripts = csp.apply(new_site, features, offline=offline)
        if scripts:  # an inline script that is not the theme's own: never allowed, never hashed
            for page, start in scripts:
                source = renderer.origin.get(Path(page), root / "site_overrides")
                print(ContentError(source, 1, "E048", page=page, start=start).format(root), file=sys.stderr)
            print(labels["summary_errors"].format(errors=len(scripts), warnings=0), file=sys.stderr)
            shutil.rmtree(new_site, ignore_errors=True)
            return 1
        # the regional editions into new_site/<id>/, each checked on its own (generator/editions.py)
        if not offline and not editions.build_all(root, content, new_site, site_dir, {"strict": strict},
                                                  force=force, quiet=quiet):
            shutil.rmtree(new_site, ignore_errors=True)
            return 1
        broken = broken_links(new_site, skip=editions.link_check_skip(content))
        if broken:
            for page, href in broken:
                source = renderer.origin.get(Path(page), root / "content")
                print(ContentError(source, 1, "E040", page=page, href=href).format(root),
                      file=sys.stderr)
            print(labels["summary_errors"].format(errors=len(broken), warnings=0), file=sys.stderr)
            shutil.rmtree(new_site, ignore_errors=True)
            return 1
        swap(new_site, site_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not quiet:
        print(labels["built"].format(site=site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir,
                                     pages=len(content.pages),
                                     seconds=f"{time.monotonic() - started:.1f}"))
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
