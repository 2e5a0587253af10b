"""Our own scripts and styles are minified in the built site; the sources, the vendored
files and the theme's own files are left as they are."""
from __future__ import annotations

import shutil
from pathlib import Path

from generator import minify

ROOT = Path(__file__).resolve().parents[2]


def test_only_our_own_assets_are_minified(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "site_overrides" / "assets", site / "assets")
    theme = site / "assets" / "javascripts" / "bundle.js"
    theme.parent.mkdir()
    theme.write_text("/* the theme's own */\nvar a = 1;\n", encoding="utf-8")
    minify.apply(site, ROOT / "site_overrides")
    source = (ROOT / "site_overrides" / "assets" / "site.js").read_text(encoding="utf-8")
    built = (site / "assets" / "site.js").read_text(encoding="utf-8")
    assert len(built) < 0.75 * len(source)
    assert "/*" not in built and "data-search-on-demand" in built  # comments gone, code kept
    css = (site / "assets" / "tools.css").read_text(encoding="utf-8")
    assert "/*" not in css and ".coord-form" in css
    for vendored in (ROOT / "site_overrides" / "assets" / "vendor").iterdir():
        assert (site / "assets" / "vendor" / vendored.name).read_bytes() == vendored.read_bytes()
    assert theme.read_text(encoding="utf-8") == "/* the theme's own */\nvar a = 1;\n"
