"""What differs between the engines, checked on the engine under test (SITE_ENGINE):
search works with each engine's own search, and only MkDocs' lunr search gets
search-on-demand.js (it holds back the index until the reader goes to search)."""
from __future__ import annotations

from conftest import ENGINE


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
    hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("#samtycke" in h for h in hrefs), hrefs
    assert console == []  # the dialog's own style is allowed by the CSP (Zensical)


def test_search_on_demand_only_with_lunr(site_dir):
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert ("search-on-demand.js" in index) == (ENGINE == "mkdocs-material")
    assert ((site_dir / "search.json").exists()) == (ENGINE == "zensical")
    assert ("assets/stylesheets/classic/" in index) == (ENGINE == "zensical")
