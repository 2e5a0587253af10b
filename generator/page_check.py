"""The backstop on the built pages, after the engine and before the CSP is added.

The content check (html_check.py) refuses what could run or take a reader elsewhere in
what the authors write. This reads every built page once more, for what must never be
in one whatever let it through: a `<meta http-equiv>` (a refresh sends the reader to
another site), a `<base>` (changes where every link and script of the page leads), an
`<iframe>`, `<frame>`, `<object>` or `<embed>`, form controls in the page's content
where our templates put none (only pages of a kind with its own script have them:
forms, checklists, the self-check), and a `<script src>` that is not on the fixed list:
the theme's bundle, site.js, the polyfills of mkdocs.yml and the scripts the page's kind
loads (kinds.py; each once). Any of these fails the build (E053, E048 for scripts).

It looks for the tag names in the page's text, not in a parse of it: a browser makes
an element only where `<name` stands in the text, so every such element is found (and
a tag name inside a comment or an attribute value fails too, which our pages never have).
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

# `<name` of an element the pages never have, anywhere
NEVER = ("base", "iframe", "frame", "frameset", "object", "embed", "portal", "applet")
CONTROLS = ("input", "select", "textarea", "button", "form")
TAG = re.compile(r"<(meta|script|" + "|".join(NEVER + CONTROLS) + r")(?=[\s/>])", re.I)
# the rest of a start tag, quotes respected (a `>` inside a quoted value does not end it)
REST = re.compile(r"""(?:[^>"']|"[^"]*"|'[^']*')*>?""")
SRC = re.compile(r"""(?:^|[\s/"'])src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# the theme's own script (Material's and Zensical's bundle, named by its hash) and ours
THEME_SCRIPT = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
COMMON_SCRIPTS = ("assets/site.js",)


def _tag(text: str, start: int) -> str:
    """The whole start tag at `start`: up to the first `>` or, when a quoted value holds
    one, to the end of the quotes (the longer of the two: nothing is missed)."""
    first = text.find(">", start)
    first = len(text) if first == -1 else first + 1
    quoted = REST.match(text, start + 1).end()
    return text[start:max(first, quoted)]


def _script_path(src: str, page: str) -> str | None:
    """The file a script tag loads, as a path in the site (None: another origin or scheme)."""
    src = src.strip().split("?")[0].split("#")[0]
    if re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\|/\\)", src):
        return None
    if src.startswith("/"):  # the 404 page, served at any depth, links from the root (an edition's too)
        return src.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), src))


def _allowed_script(path: str | None, allowed: set[str], rooted: bool) -> str | None:
    """Which allowed script a path is (its name on the list), or None."""
    if path is None:
        return None
    names = [path]
    if rooted and "/" in path:  # /<edition>/assets/...: the edition's own copy
        names.append(path.split("/", 1)[1])
    for name in names:
        if name in allowed:
            return name
        if THEME_SCRIPT.fullmatch(name):
            return "theme"
    return None


def check_page(page: str, text: str, scripts: tuple[str, ...], extra: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(code, start tag) for everything refused in one built page. `scripts`: those the
    page's kind loads (render.page_assets); `extra`: the polyfills of the config."""
    allowed = set(COMMON_SCRIPTS) | set(scripts) | set(extra)
    tools = bool(scripts)  # a page with its own script: its template's form controls
    article = text.find("<article"), text.rfind("</article>")
    loaded: set[str] = set()
    refused = []
    for match in TAG.finditer(text):
        name = match.group(1).lower()
        tag = _tag(text, match.start())
        start = tag[:120]
        if name == "meta":
            if re.search(r"http-equiv", tag, re.I):
                refused.append(("E053", start))
        elif name == "script":
            found = SRC.search(tag[len("<script"):])
            if found is None:
                continue  # inline: csp.py allows only the theme's own
            src = next(g for g in found.groups() if g is not None)
            which = _allowed_script(_script_path(src, page), allowed, src.strip().startswith("/"))
            if which is None or (which != "theme" and which in loaded):
                refused.append(("E048", start))
            loaded.add(which or "")
        elif name in NEVER:
            refused.append(("E053", start))
        elif article[0] != -1 and article[0] < match.start() < article[1] and not tools:
            refused.append(("E053", start))
    return refused


def check(site: Path, texts: dict[Path, str], scripts: dict[str, tuple[str, ...]],
          extra: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """(code, page, start tag) for every page of a built site (texts: page -> its text)."""
    out = []
    for page in sorted(texts):
        rel = page.relative_to(site).as_posix()
        for code, start in check_page(rel, texts[page], scripts.get(rel, ()), extra):
            out.append((code, rel, start))
    return out
