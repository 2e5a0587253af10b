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


def broken_links(site: Path, skip: set[str] = frozenset({"404.html"})) -> list[tuple[str, str]]:
    """(page, href) for every internal link that leads nowhere."""
    site = site.resolve()
    pages = {html: collect(html.read_text(encoding="utf-8")) for html in site.rglob("*.html")}
    exists: dict[Path, bool] = {}
    broken = []
    for html, (_, links) in sorted(pages.items()):
        rel = html.relative_to(site).as_posix()
        if rel in skip:
            continue
        for href in links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            target = Path(os.path.normpath(html.parent / unquote(parts.path))) if parts.path else html
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

