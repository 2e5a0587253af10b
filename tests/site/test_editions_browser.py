"""Regional editions in a browser: a form starts with the region's defaults and its PDF
carries them, the start page offers the remembered edition (never a redirect), and the
page checks of test_pages.py on a few pages of one edition."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from test_nginx import nginx, nginx_work  # noqa: F401 (the fixtures: deploy/nginx-site.conf in a real nginx)
from test_pages import WCAG, open_page

ROOT = Path(__file__).resolve().parents[2]
AXE = Axe()
EDITION = "orebro"
EDITION_PAGES = ["index.html", "uppfoljning/orebro-2012.html", "blanketter/kallelse.html", "be-om-samordning/index.html",
                 "tillganglighet.html"]


def region(rid: str) -> dict:
    return yaml.safe_load((ROOT / "content" / "regions" / f"{rid}.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("rid,form", [("orebro", "kallelse"), ("stockholm", "overenskommelse")])
def test_form_in_edition_starts_with_region_defaults_and_pdf_carries_them(page, base_url, rid, form):
    import pypdf
    defaults = region(rid)["form_defaults"][form]
    page.goto(f"{base_url}{rid}/blanketter/{form}.html")
    for field, value in defaults.items():
        assert page.locator(f"#f-{field}").input_value() == value
    with page.expect_download() as info:
        page.locator(f'a[href="{form}.pdf"]').first.click()
    data = Path(info.value.path()).read_bytes()
    fields = pypdf.PdfReader(io.BytesIO(data)).get_fields()
    for field, value in defaults.items():
        assert fields[field].get("/V") == value
    # the all-regions form starts empty
    page.goto(f"{base_url}blanketter/{form}.html")
    for field in defaults:
        assert page.locator(f"#f-{field}").input_value() == ""


def test_start_page_offers_the_remembered_edition_without_redirect(page, base_url):
    page.goto(base_url + "index.html")
    assert page.locator("[data-continue]:visible").count() == 0
    name = region(EDITION)["name"]
    page.goto(f"{base_url}{EDITION}/uppfoljning/index.html")  # a visit remembers the edition
    page.goto(base_url + "index.html")
    visible = page.locator("[data-continue]:visible")
    assert visible.count() == 1 and name in visible.inner_text()
    assert page.url == base_url + "index.html"  # shown, never followed
    visible.locator("a").click()
    assert page.url == f"{base_url}{EDITION}/index.html"


def test_same_page_links_work_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}{EDITION}/blanketter/kallelse.html")
    page.locator(".same-page a", has_text=region("stockholm")["name"]).click()
    assert page.url == f"{base_url}stockholm/blanketter/kallelse.html"
    assert page.locator("#f-syfte").input_value() == region("stockholm")["form_defaults"]["kallelse"]["syfte"]
    context.close()


@pytest.mark.parametrize("path", EDITION_PAGES)
def test_edition_page_checks(page, base_url, path):
    """test_pages.py's checks on pages of one edition (not counted in the statement's figures)."""
    page.set_viewport_size({"width": 320, "height": 640})
    requests, console = open_page(page, base_url, f"{EDITION}/{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    outside = [u for u in requests if not u.startswith(base_url) and not u.startswith(("data:", "blob:"))]
    assert outside == [] and console == []
    assert page.get_attribute("html", "lang") == "sv"
    assert page.locator("article h1").count() == 1
    levels = page.eval_on_selector_all("article h1, article h2, article h3, article h4, article h5, article h6",
                                       "els => els.map(e => Number(e.tagName[1]))")
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    page.set_viewport_size({"width": 1280, "height": 800})
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def test_edition_404_through_nginx_stays_in_the_edition(nginx, page):
    """deploy/nginx-site.conf: a missing page under an edition gets that edition's 404 page."""
    page.goto(nginx + f"{EDITION}/finns/inte.html")
    assert region(EDITION)["name"] in page.title() or region(EDITION)["name"] in page.inner_text("header")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    for href in page.eval_on_selector_all("link[rel=stylesheet]", "els => els.map(e => e.getAttribute('href'))"):
        assert href.startswith(f"/{EDITION}/"), href
