"""Keyboard, search, JavaScript off, print and the 404 page."""
from __future__ import annotations

import io

import pypdf  # noqa: F401  (installed with the test extras)
import pytest
from playwright.sync_api import expect

ROUTINE = "rutiner/vastra-gotaland.html"


def test_skip_link_moves_focus_to_the_content(page, base_url):
    page.goto(base_url + ROUTINE)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "md-skip" in focused
    assert page.evaluate("document.activeElement.textContent").strip()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "H1"
    # the next Tab lands inside the article, not back in the header
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article')")


def test_search_finds_the_consent_section(page, base_url):
    page.goto(base_url + "index.html")
    search = page.get_by_role("textbox", name="Sök")
    search.fill("samtycke")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10000)
    hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("#samtycke" in h for h in hrefs), hrefs


def test_search_index_is_loaded_only_when_search_is_used(page, base_url):
    """The index is most of a page's weight: no page view fetches it, or starts the
    search worker, until the reader goes to search (here by the keyboard shortcut), and
    search then works."""
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "search_index" in r.url or "/workers/search." in r.url
            else None)
    page.goto(base_url + ROUTINE, wait_until="networkidle")
    page.wait_for_timeout(500)
    assert asked == []
    with page.expect_request(lambda r: r.url.endswith("search/search_index.json")):
        page.keyboard.press("s")
    assert any("/workers/search." in url for url in asked), asked
    search = page.get_by_role("textbox", name="Sök")
    expect(search).to_be_focused()
    page.keyboard.type("kallelse")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10000)
    assert any("kallelse" in h for h in results.evaluate_all("els => els.map(e => e.getAttribute('href'))"))


def test_search_highlight_link_loads_the_index(page, base_url):
    """A search result opens its page with ?h=…: the highlight needs the index at once."""
    with page.expect_request(lambda r: r.url.endswith("search/search_index.json")):
        page.goto(base_url + ROUTINE + "?h=samtycke")
    expect(page.locator("article mark").first).to_be_visible()


def test_pages_work_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "index.html")
    assert page.locator("article h1").is_visible()
    assert page.locator(".noscript-note").first.is_visible()
    # navigate by a link, without any script
    page.locator("nav.md-nav--primary a[href='rutiner/vastra-gotaland.html']").first.click(force=True)
    page.wait_for_url("**/rutiner/vastra-gotaland.html")
    assert "Västra Götaland" in page.locator("article h1").inner_text()
    context.close()


def test_print_is_a_clean_handout(page, base_url):
    page.goto(base_url + ROUTINE)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".routine-contents"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator(".page-meta .print-only").is_visible()
    pdf = page.pdf(format="A4")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    last_section = page.locator("article h2").last.inner_text()
    assert last_section in text
    assert "Senast granskad" in text


def test_404_is_swedish(page, base_url):
    response = page.goto(base_url + "finns-inte.html")
    assert response.status == 404
    page.goto(base_url + "404.html")
    assert page.get_attribute("html", "lang") == "sv"
    assert page.locator("article h1").inner_text() == "Sidan finns inte"


def test_landmarks_and_visible_focus(page, base_url):
    page.goto(base_url + ROUTINE)
    assert page.locator("header").count() >= 1
    assert page.locator("main").count() == 1
    assert page.locator("nav").count() >= 1
    assert page.locator("footer").count() >= 1
    # Tab through the page: every focused element shows an outline of at least 2px
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => {
            const s = getComputedStyle(document.activeElement);
            return [s.outlineStyle, parseFloat(s.outlineWidth)];
        }""")
        assert style[0] != "none" and style[1] >= 2, style


def test_no_sideways_scrolling_at_320px_without_javascript(browser, base_url):
    """Before the theme's script runs (or without it), the header's hidden page title
    must not widen the page (it did by 13 px)."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("index.html", "arbetssatt/lathundar/kallad-enhet.html", ROUTINE):
        page.goto(base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()
