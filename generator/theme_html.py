"""Two attributes of the theme that are not valid HTML, removed from the built pages.

Material's base.html writes its drawer and search toggles as
`<input class="md-toggle" ... type="checkbox" ... autocomplete="off">`. `autocomplete`
is not allowed on a checkbox (the W3C Nu checker reports both on every page). The
inputs stand in base.html outside any block, so no partial or block override can
reach them, and copying the whole base template would tie the site to one theme
version. So the attribute is removed here, from exactly these two tags. (The theme
used it to stop Firefox from restoring an open menu on reload; site.js closes both
toggles when a page is shown.)
"""
from __future__ import annotations

import re
from pathlib import Path

TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)") autocomplete="off">')


def fix(text: str) -> str:
    return TOGGLE.sub(r"\1>", text)


def apply(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = fix(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
