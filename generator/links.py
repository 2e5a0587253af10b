"""After the build: every internal link in the built site must lead to a file, and a
link with #anchor to an element with that id. Broken links fail the build."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        if tag in ("link", "script", "img", "source") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs.get("href") or attrs.get("src"))


def broken_links(site: Path, skip: set[str] = frozenset({"404.html"})) -> list[tuple[str, str]]:
    """(page, href) for every internal link that leads nowhere."""
    pages: dict[Path, _Collector] = {}
    for html in site.rglob("*.html"):
        collector = _Collector()
        collector.feed(html.read_text(encoding="utf-8"))
        pages[html.resolve()] = collector
    broken = []
    for html, collector in sorted(pages.items()):
        rel = html.relative_to(site.resolve()).as_posix()
        if rel in skip:
            continue
        for href in collector.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            target = (html.parent / unquote(parts.path)).resolve() if parts.path else html
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((rel, href))
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if fragment not in ids:
                    broken.append((rel, href))
    return broken
