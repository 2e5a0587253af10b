"""After the engine: our own scripts and stylesheets, minified in the built site.

The files in site_overrides/assets/ are written to be read (comments say why each
rule and function is there). A reader's browser needs none of that: in the built
site each of them (not the vendored files under assets/vendor/, not the theme's own,
which are minified already) is minified with rjsmin and rcssmin, about a third
smaller on the wire. The sources stay as they are."""
from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

MINIFY = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def apply(site: Path, overrides: Path) -> None:
    for source in sorted((overrides / "assets").glob("*")):
        minify = MINIFY.get(source.suffix)
        built = site / "assets" / source.name
        if minify is None or not built.is_file():
            continue
        text = built.read_text(encoding="utf-8")
        built.write_text(minify(text).strip() + "\n", encoding="utf-8")
