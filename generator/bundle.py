"""One script per page: a page's own scripts joined into one file at build.

A form page runs up to seven small scripts (kinds.FORM_SCRIPTS); as seven files they are
seven requests on the first visit. The renderer names the page's scripts by one bundle
instead: their minified texts (minify.py's rjsmin), joined in order, in
assets/<first>.<hash>.js, written beside the pages so that the engine copies it into the
site. The name follows the text, so a changed script is a new file. The sources in
site_overrides/assets/ stay as they are, and each of them is still in the site on its own.
"""
from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path

import rjsmin


def make(overrides: Path, scripts: list[str]) -> tuple[str, str]:
    """(the bundle's path in the site, its text) for scripts given as site paths (assets/x.js)."""
    parts = [rjsmin.jsmin((overrides / s).read_text(encoding="utf-8")).strip() for s in scripts]
    text = "\n".join(f"/* {posixpath.basename(s)} */\n{p}" for s, p in zip(scripts, parts)) + "\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    stem = posixpath.splitext(posixpath.basename(scripts[0]))[0]
    return f"assets/{stem}.{digest}.js", text


class Bundles:
    """The bundles of one build: a page's own scripts -> what the page loads (one bundle
    for several scripts, made once). The renderer writes the pages with it, and the
    backstop (page_check.py) allows what a page loads by it."""

    def __init__(self, overrides: Path):
        self.overrides = overrides
        self.names: dict[tuple[str, ...], str] = {}
        self.texts: dict[str, str] = {}  # bundle path in the site -> its text

    def loaded(self, scripts: list[str]) -> list[str]:
        if len(scripts) < 2:
            return list(scripts)
        key = tuple(scripts)
        if key not in self.names:
            name, text = make(self.overrides, list(scripts))
            self.names[key] = name
            self.texts[name] = text
        return [self.names[key]]


def write(out_dir: Path, bundles: dict[str, str]) -> None:
    for name, text in bundles.items():
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
