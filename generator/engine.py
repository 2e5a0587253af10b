"""The engine boundary: everything that knows which static-site engine turns the
generated Markdown into HTML. Two engines read the same generated config:

* ``mkdocs-material`` (the default): MkDocs 1.x with the Material theme. Its process
  is started ahead of time (Python, MkDocs, the theme and the Markdown extensions take
  about 0.2 s to import): it imports them while the generator reads and renders the
  content, then waits for the config's path on standard input.
* ``zensical``: Material's successor, installed into its own venv (build/zensical, as
  `make bench` and `make test` do) or named by $ZENSICAL. It reads mkdocs.yml but runs
  no MkDocs plugins, wants docs_dir and site_dir inside the config's folder, has its
  own search (so search-on-demand.js is not loaded) and its "classic" variant looks
  like Material.

Only each engine's command line is used, never its internals. The rest of the
generator asks this module for a config, a build, a server command and the theme's
templates (for the CSP's list of the theme's own inline scripts).
"""
from __future__ import annotations

import functools
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Literal

import yaml

Engine = Literal["mkdocs-material", "zensical"]
ENGINES: tuple[Engine, ...] = ("mkdocs-material", "zensical")
DEFAULT: Engine = "mkdocs-material"
PROJECT = Path(__file__).resolve().parent.parent
ZENSICAL_VENV = PROJECT / "build" / "zensical"

# modules a MkDocs build imports anyway; importing them early only moves the work
WARM = ("mkdocs.__main__", "mkdocs.commands.build", "material.plugins.search.plugin",
        "markdown.extensions.toc", "markdown.extensions.md_in_html", "markdown.extensions.abbr",
        "pymdownx.superfences", "pymdownx.details")


class EngineMissing(Exception):
    pass


def zensical_command() -> str:
    tool = os.environ.get("ZENSICAL") or (str(ZENSICAL_VENV / "bin" / "zensical")
                                          if (ZENSICAL_VENV / "bin" / "zensical").exists() else None)
    tool = tool or shutil.which("zensical")
    if not tool:
        raise EngineMissing("zensical")
    return tool


# --- the generated config ----------------------------------------------------

def write_config(root: Path, content, nav: list, docs_dir: Path, site_dir: Path, out: Path,
                 engine: Engine = DEFAULT, offline: bool = False, config_dir: Path | None = None) -> Path:
    """Write a complete config for this build: the project's mkdocs.yml plus the
    navigation, names and interface texts from content/. Plain YAML, no plugins of
    our own. docs_dir (and for Zensical site_dir) is written relative to the folder the
    config will live in (`config_dir`, by default that of `out`): Zensical accepts only
    relative paths inside that folder."""
    with (root / "mkdocs.yml").open(encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    base = (config_dir or out.parent).resolve()
    config["site_name"] = content.site.name
    config["site_description"] = content.site.description
    config["copyright"] = content.site.owner
    config["docs_dir"] = os.path.relpath(docs_dir.resolve(), base)
    config["site_dir"] = str(site_dir.resolve())
    config["theme"]["custom_dir"] = str((root / config["theme"]["custom_dir"]).resolve())
    config["nav"] = nav
    extra = config.setdefault("extra", {})
    if offline:  # Material's offline plugin: search works from file:// too
        config["plugins"] = list(config.get("plugins", [])) + ["offline"]
        # its worker shim from our own assets (the plugin would load it from a CDN)
        extra["polyfills"] = ["assets/vendor/iframe-worker-shim.js"]
    if engine == "zensical":
        config["theme"]["custom_dir"] = str(_zensical_overrides(Path(config["theme"]["custom_dir"]), out.parent))
        config["site_dir"] = os.path.relpath(site_dir.resolve(), base)
        config["theme"]["variant"] = "classic"  # the "modern" look drops our header colour
        # its own search takes only these options (it has no language setting)
        config["plugins"] = [{"search": {}}]
    else:
        extra["search_on_demand"] = True  # main.html: hold back lunr's index until search is used
    extra["ui"] = content.site.ui.model_dump(mode="json")
    extra["footer_links"] = [{"title": link.title, "href": f"{link.page}.html"}
                             for link in content.site.footer_links if link.page in content.pages]
    out.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


# Copies of Material 9.8's own partials, changed for valid HTML and keyboard use (each says
# why at its top). Zensical's partials differ (its search is another dialog), so its build
# uses its own.
MATERIAL_ONLY = ("partials/search.html", "partials/nav-item.html", "partials/toc.html")


def _zensical_overrides(overrides: Path, work: Path) -> Path:
    """The theme overrides without the Material-only partials, in the build's work folder."""
    import shutil
    target = work / "overrides-zensical"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(overrides, target, ignore=lambda folder, names: [
        n for n in names if (Path(folder) / n).relative_to(overrides).as_posix() in MATERIAL_ONLY])
    return target


# --- building ----------------------------------------------------------------

class Build:
    """One engine build. For MkDocs its process starts when this object is made."""

    def __init__(self, root: Path, engine: Engine = DEFAULT):
        self.engine = engine
        self.proc = None
        if engine == "mkdocs-material":
            package_parent = str(PROJECT)
            env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore",
                       PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])),
                       GENERATOR_THEME_CACHE=str(Path(root).resolve() / "build" / THEME_CACHE))
            self.proc = subprocess.Popen([sys.executable, "-m", "generator.engine"], cwd=root, env=env,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True)

    def run(self, config: Path) -> tuple[bool, str]:
        """Build the site the config names; (succeeded, the engine's output)."""
        if self.proc is not None:
            out, err = self.proc.communicate(str(config.resolve()) + "\n")
            return self.proc.returncode == 0, (err or out).strip()
        try:
            tool = zensical_command()
        except EngineMissing:
            return False, "zensical: not installed (make test installs it into build/zensical)"
        proc = subprocess.run([tool, "build", "--clean", "-f", str(config.resolve())], cwd=config.parent,
                              capture_output=True, text=True)
        # Zensical reports a failed page on its output but may still exit 0
        failed = proc.returncode != 0 or "Error" in proc.stderr
        return not failed, (proc.stderr or proc.stdout).strip()

    def cancel(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.communicate("\n")


def serve_command(engine: Engine, config: Path, port: int) -> list[str]:
    if engine == "zensical":
        return [zensical_command(), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    return [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", "--livereload"]


# --- the theme's own templates (for the CSP) ---------------------------------

@functools.lru_cache(maxsize=None)
def theme_templates(engine: Engine = DEFAULT) -> Path:
    """The installed theme's template folder: Material's, or the one Zensical ships."""
    if engine == "zensical":
        python = Path(zensical_command()).resolve().parent / "python"
        code = "import pathlib, zensical; print(pathlib.Path(zensical.__file__).parent / 'templates')"
        found = subprocess.run([str(python) if python.exists() else sys.executable, "-c", code],
                               capture_output=True, text=True, check=True)
        return Path(found.stdout.strip())
    import material
    return Path(material.__file__).parent / "templates"


THEME_CACHE = "theme-template-cache"


def _cache_theme_templates(folder: str) -> None:
    """MkDocs compiles the theme's templates (about 40) anew on every build: about 0.15 s
    of each site's build, four sites a build. Keep them compiled in build/ with Jinja's
    own bytecode cache; a template whose source changed is compiled again (the cache
    checks each source's checksum). Only in this process, only for MkDocs."""
    import jinja2
    from mkdocs.theme import Theme

    get_env = getattr(Theme, "get_env", None)
    if get_env is None:  # another MkDocs: build without the cache
        return
    Path(folder).mkdir(parents=True, exist_ok=True)

    def with_cache(self):
        env = get_env(self)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(folder)
        return env
    Theme.get_env = with_cache


def main() -> int:
    """The pre-started MkDocs process: import, then build the config read from stdin."""
    if os.environ.get("GENERATOR_THEME_CACHE"):
        _cache_theme_templates(os.environ["GENERATOR_THEME_CACHE"])
    for name in WARM:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    config = sys.stdin.readline().strip()
    if not config:
        return 0
    from mkdocs.__main__ import cli
    cli.main(args=["build", "--quiet", "-f", config], prog_name="mkdocs")  # exits with MkDocs' status
    return 0


if __name__ == "__main__":
    sys.exit(main())


# --- the Markdown dialect ----------------------------------------------------

# the extensions MkDocs adds to every config's markdown_extensions (mkdocs.config.defaults)
ENGINE_MARKDOWN = ("toc", "tables", "fenced_code")


def markdown_dialect(root: Path) -> tuple[list[str], dict[str, dict]]:
    """(extension names, their settings): the Markdown the engine reads the pages with,
    from the project's mkdocs.yml (the content check renders every text with it)."""
    config_file = root / "mkdocs.yml" if (root / "mkdocs.yml").is_file() else PROJECT / "mkdocs.yml"
    with config_file.open(encoding="utf-8") as fh:
        listed = yaml.safe_load(fh).get("markdown_extensions") or []
    names, settings = list(ENGINE_MARKDOWN), {}
    for item in listed:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if options:
            settings[name] = options
    return names, settings
