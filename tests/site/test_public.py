"""Pages for the person and relatives: languages, leaflet, statement, reachability."""
from __future__ import annotations

import re
from pathlib import Path

import pypdf
import yaml

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = {p.relative_to(ROOT / "content" / "public").with_suffix("").as_posix():
          yaml.safe_load(p.read_text(encoding="utf-8"))
          for p in sorted((ROOT / "content" / "public").rglob("*.yml"))}
UI = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))["ui"]


def test_public_pages_exist_in_swedish_easy_swedish_and_english():
    levels = {(p.get("lang", "sv"), p.get("level", "public")) for p in PUBLIC.values()}
    assert {("sv", "public"), ("sv", "easy"), ("en", "public")} <= levels


def test_english_page_has_lang_and_a_language_switch(page, base_url):
    page.goto(base_url + "en/index.html")
    content = page.locator("article .public-page")
    assert content.get_attribute("lang") == "en"
    assert content.locator("h1").count() == 1
    back = page.get_by_role("navigation", name=UI["language_switch"]).get_by_role("link")
    assert back.first.get_attribute("lang") == "sv" and back.first.get_attribute("hreflang") == "sv"
    back.first.click()
    assert page.locator("article .public-page").get_attribute("lang") == "sv"
    english = page.get_by_role("navigation", name=UI["language_switch"]).get_by_role("link", name=UI["languages"]["en"])
    assert english.get_attribute("lang") == "en"


def test_easy_to_read_page_is_marked(page, base_url):
    easy = next(pid for pid, p in PUBLIC.items() if p.get("level") == "easy")
    page.goto(f"{base_url}{easy}.html")
    assert page.locator(".easy-label").inner_text().strip() == PUBLIC[easy]["easy_label"]


def test_public_pages_are_reachable_from_the_start_page(page, base_url):
    page.goto(base_url + "index.html")
    main = page.locator("article")
    link = main.locator("a[href='for-dig/index.html']").first
    link.click()
    page.wait_for_url("**/for-dig/index.html")
    for target in ("lattlast.html", "../en/index.html"):
        assert page.locator(f"a[href='{target}']").count() >= 1, target


def test_leaflet_pdf_has_two_pages_and_its_headings(site_dir):
    for pid, p in PUBLIC.items():
        leaflet = [s for s in p["sections"] if s.get("leaflet")]
        if not leaflet:
            continue
        path = site_dir / Path(pid).parent / f"{Path(pid).name}-folder.pdf"
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == 2, (pid, len(reader.pages))
        text = re.sub(r"\s+", " ", " ".join(pg.extract_text() for pg in reader.pages))
        assert p["title"] in text
        for s in leaflet:
            assert s["title"] in text, s["title"]
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_accessibility_statement_is_in_every_footer_and_shows_test_figures(page, base_url):
    page.goto(base_url + "rutiner/vastra-gotaland.html")
    page.locator("footer a[href$='tillganglighet.html']").click()
    page.wait_for_url("**/tillganglighet.html")
    text = page.locator("article").inner_text()
    path = ROOT / "content" / "system" / "test-results.yml"
    if path.exists():  # the figures of the run before this one, as built into the page
        results = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert UI["test_results"].format(**results) in text
    else:
        assert UI["test_results_missing"] in text
    assert page.locator("a[href='https://www.digg.se/tdosanmalan']").count() == 1
