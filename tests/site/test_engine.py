"""What differs between the engines, checked on the engine under test (SITE_ENGINE):
search works with each engine's own search, and only MkDocs' lunr search gets the
search-on-demand part of site.js (it holds back the index until the reader goes to search)."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser

from conftest import ENGINE


class Scripts(HTMLParser):
    """The attributes of every <script src> of a page, in order."""

    def __init__(self):
        super().__init__()
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("src"):
            found = dict(attrs)
            found["src"] = posixpath.normpath(found["src"])  # Zensical writes ./assets/...
            self.found.append(found)


def test_search_finds_the_consent_section(page, base_url):
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(base_url + "index.html", wait_until="networkidle")
    if ENGINE == "zensical":
        page.locator(".md-search__button").click()  # its dialog: a shadow root Playwright looks into
        page.keyboard.type("samtycke")
        results = page.locator("a[href*='?h=samtycke']")
    else:
        page.get_by_role("textbox", name="Sök").fill("samtycke")
        results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10000)
    # the results come in as the search runs (Zensical's after each typed letter): wait for
    # the consent section among them rather than reading the first ones shown
    section = results.and_(page.locator("a[href*='#samtycke']"))
    try:
        section.first.wait_for(timeout=10000)
    except Exception:  # noqa: BLE001 - report what was found instead
        hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
        raise AssertionError(f"no result leads to a #samtycke section: {hrefs}") from None
    assert console == []  # the dialog's own style is allowed by the CSP (Zensical)


def test_search_on_demand_only_with_lunr(site_dir):
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    parser = Scripts()
    parser.feed(index)
    site_js = [s for s in parser.found if s["src"] == "assets/site.js"]
    assert len(site_js) == 1
    assert ("data-search-on-demand" in site_js[0]) == (ENGINE == "mkdocs-material")
    # every script deferred, site.js before the theme's bundle
    assert parser.found and all("defer" in s for s in parser.found), parser.found
    assert parser.found[0]["src"] == "assets/site.js"
    assert any("/bundle." in s["src"] for s in parser.found[1:])
    assert ((site_dir / "search.json").exists()) == (ENGINE == "zensical")
    assert ("assets/stylesheets/classic/" in index) == (ENGINE == "zensical")
