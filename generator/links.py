"""After the build: every internal link in the built site must lead to a file, and a
link with #anchor to an element with that id. Broken links fail the build.

The pages are written by MkDocs and our templates, so their tags are regular: a
regular expression over the tags reads a page about ten times faster than an HTML
parser, which matters as the site grows."""
from __future__ import annotations

import os.path
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9]*)\s((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTR = re.compile(r"""(?:^|\s)(id|href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_LINKING = {"a": ("href",), "link": ("href",), "script": ("src",), "img": ("src",), "source": ("src",)}
_RAW = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S | re.I)


def collect(text: str) -> tuple[set[str], list[str]]:
    """(ids, links) of one page."""
    ids: set[str] = set()
    links: list[str] = []
    # tag-like text inside scripts and styles is not markup, but their own tag is
    text = _RAW.sub(lambda m: m.group(0)[:m.group(0).index(">") + 1], text)
    for tag, attrs in _TAG.findall(text):
        tag = tag.lower()
        wanted = _LINKING.get(tag, ())
        for name, *values in _ATTR.findall(attrs):
            value = unescape(next((v for v in values if v), ""))
            if name == "id" and value:
                ids.add(value)
            elif name in wanted and value:
                links.append(value)
    return ids, links


# schemes a built page may link to; any other (javascript:, data:, file:, vbscript: ...) is
# refused, after entities are decoded and the characters a browser ignores dropped
SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def _outside(target: Path, site: Path) -> bool:
    """A target that is not inside the site (/etc/passwd, ../../../etc/passwd): never found."""
    return target != site and site not in target.parents


def broken_links(site: Path, skip: set[str] = frozenset({"404.html"}),
                 refused: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """(page, href) for every internal link that leads nowhere: to no file, to no #anchor,
    or outside the site (a path is resolved inside the built site, never on the machine).
    (page, href) of a link with a scheme not in SCHEMES is added to `refused`."""
    site = site.resolve()
    pages = {html: collect(html.read_text(encoding="utf-8")) for html in site.rglob("*.html")}
    exists: dict[Path, bool] = {}
    broken = []
    for html, (_, links) in sorted(pages.items()):
        rel = html.relative_to(site).as_posix()
        if rel in skip:
            continue
        for href in links:
            scheme = _SCHEME.match(_IGNORED_IN_URL.sub("", href))
            if scheme and scheme.group(1).lower() not in SCHEMES:
                if refused is not None:
                    refused.append((rel, href))
                continue
            parts = urlsplit(href)
            if scheme or parts.scheme or parts.netloc:
                continue
            path = unquote(parts.path)
            # /x is the root of the site, not of the machine
            base = site if path.startswith("/") else html.parent
            target = Path(os.path.normpath(base / path.lstrip("/"))) if path else html
            if _outside(target, site):
                broken.append((rel, href))
                continue
            if target not in pages:
                if target not in exists:
                    exists[target] = target.is_file() or (target / "index.html").is_file()
                if not exists[target]:
                    broken.append((rel, href))
                    continue
                if target.is_dir():
                    target = target / "index.html"
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in pages.get(target, (set(),))[0]:
                broken.append((rel, href))
    return broken

