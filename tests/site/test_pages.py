"""Every built page in a real browser: accessibility, requests, console, reflow, lang."""
from __future__ import annotations


import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import AXE_RUNS, site_pages, stylesheet_links

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


def open_page(page, base_url, page_path, scheme="light"):
    """Load a page, recording requests and console errors."""
    requests, console = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + page_path, wait_until="networkidle")
    return requests, console


def test_built_site_has_every_page(pages):
    assert set(site_pages()) <= set(pages)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_wcag22_aa(page, base_url, page_path, scheme):
    open_page(page, base_url, page_path, scheme)
    expected = "slate" if scheme == "dark" else "default"
    # the theme's script sets the scheme from the reader's setting; Zensical's now and then
    # after the network is idle (failed once in 48 dark runs): wait for it, up to 5 s
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === '{expected}'", timeout=5000)  # a function: a string expression is eval'd, which the CSP refuses
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    AXE_RUNS.append((page_path, scheme, results.violations_count))
    assert results.violations_count == 0, results.generate_report()


def test_basics_at_320px(page, base_url, page_path):
    """One load per page, at a 320 px wide screen, for the cheap checks: no horizontal
    scrolling, nothing requested outside 127.0.0.1, no console errors (a CSP violation
    is one), lang="sv", a title, exactly one h1 and no skipped heading level."""
    page.set_viewport_size({"width": 320, "height": 640})
    requests, console = open_page(page, base_url, page_path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page_path} is {width}px wide at a 320px viewport"
    page.keyboard.press("s")  # use the search too: it loads the worker and the index
    page.wait_for_timeout(300)
    outside = [u for u in requests if not u.startswith(base_url) and not u.startswith(("data:", "blob:"))]
    assert outside == []
    assert console == []
    assert page.get_attribute("html", "lang") == "sv"
    assert page.title().strip()
    assert page.locator("article h1").count() == 1
    levels = page.eval_on_selector_all(
        "article h1, article h2, article h3, article h4, article h5, article h6",
        "els => els.map(e => Number(e.tagName[1]))")
    assert levels and levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, levels


def stylesheets(site_dir, path: str) -> list[str]:
    return [href.rsplit("/", 1)[-1] for href in stylesheet_links(site_dir, path)]


@pytest.mark.parametrize("path, own", [
    ("index.html", []), ("rutiner/vastra-gotaland.html", []), ("ordlista.html", []),
    ("blanketter/kallelse.html", ["tools.css"]), ("arbetssatt/nar-erbjuda.html", ["tools.css"]),
    ("arbetssatt/checklistor/fore-motet.html", ["tools.css"]), ("lagar.html", ["laws.css"]),
    ("uppfoljning/orebro-2012.html", ["charts.css"]),
])
def test_a_page_loads_only_its_own_stylesheets(site_dir, path, own):
    """site.css on every page, after the theme's; the forms' and checklists' styles, the
    charts' and the laws table's only on the pages that have them."""
    styles = stylesheets(site_dir, path)
    assert "site.css" in styles
    ours = ["tools.css", "charts.css", "laws.css"]
    assert [s for s in styles if s in ours] == own
    assert all(styles.index(s) > styles.index("site.css") for s in own)
