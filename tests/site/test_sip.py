"""SIP as the working path: search finds what people type, the start page leads to the
tasks on a phone's first screen, and the forms hold what a SIP needs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
FORMS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "forms").glob("*.yml"))}
SITE = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))
UI = SITE["forms_ui"]


@pytest.fixture
def form_page(page, base_url):
    def open_form(form_id: str):
        page.goto(f"{base_url}blanketter/{form_id}.html")
        page.wait_for_selector("[data-action=check]:not([hidden])")
        return page
    return open_form


def search(page, base_url, query: str) -> list[tuple[str, str]]:
    """Type a query into the site's search; return (page path, result text) in order."""
    page.goto(base_url + "index.html")
    page.get_by_role("textbox", name="Sök").fill(query)
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=10000)
    # the result list settles after the index has answered the whole query
    page.wait_for_timeout(300)
    out = []
    for item in items.all()[:5]:
        href = item.locator("a").first.get_attribute("href")
        path = re.sub(r"^https?://[^/]+/", "", href).split("?")[0].split("#")[0]
        out.append((path, item.inner_text()))
    return out


@pytest.mark.parametrize("query, expected", [
    ("SIP", "arbetssatt/sip.html"),
    ("min plan", "blanketter/min-plan.html"),
    ("kallelse", "blanketter/kallelse.html"),
    ("samtycke barn", "blanketter/samtycke.html"),
])
def test_search_shows_the_right_swedish_page_first(page, base_url, query, expected):
    results = search(page, base_url, query)
    assert results[0][0] == expected, results


def test_search_for_school_and_sip_finds_a_swedish_page_about_school(page, base_url):
    results = search(page, base_url, "skolan SIP")
    path, text = results[0]
    assert not path.startswith("en/"), results
    assert "skol" in text.lower(), results


def test_english_pages_rank_first_only_for_english_queries(page, base_url):
    assert not search(page, base_url, "SIP")[0][0].startswith("en/")
    assert search(page, base_url, "coordinated plan")[0][0].startswith("en/")


def test_search_results_do_not_show_the_page_footer(page, base_url):
    """The review dates and print note are left out of the index, so snippets show content."""
    for _, text in search(page, base_url, "min plan"):
        assert SITE["ui"]["reviewed"] not in text
        assert SITE["ui"]["print_source_note"][:30] not in text


def test_start_page_first_screen_holds_the_task_links(browser, base_url):
    page = browser.new_page(viewport={"width": 375, "height": 667})
    page.goto(base_url + "index.html")
    article = page.locator("article")
    tasks = ["Kalla till SIP", "Skriv en plan", "SIP steg för steg", "Checklistor", "Lathundar",
             "Be om en SIP", "Förbered mötet", "Min plan"]
    for name in tasks:
        link = article.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["y"] + box["height"] <= 667, (name, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (name, box)
    assert "SIP" in article.locator("h1").inner_text()
    page.close()


def test_start_page_task_links_reach_their_pages(page, base_url):
    page.goto(base_url + "index.html")
    article = page.locator("article")
    article.get_by_role("link", name="Kalla till SIP", exact=True).click()
    page.wait_for_url("**/blanketter/kallelse.html")
    page.go_back()
    page.locator("article").get_by_role("link", name="Be om en SIP", exact=True).click()
    page.wait_for_url("**/be-om-samordning/index.html")


def test_a_plan_marked_as_sip_must_hold_the_four_legal_points(form_page):
    plan = FORMS["samordningsplan"]
    sip = next(s for s in plan["sections"] if s["id"] == "sip")
    page = form_page("samordningsplan")
    group = page.get_by_role("group", name=sip["legend"], exact=True)
    group.get_by_label(sip["fields"][0]["label"], exact=True).check()
    page.get_by_role("button", name=UI["check"], exact=True).first.click()
    messages = page.locator("#error-summary a").all_inner_texts()
    wanted = [r["message"] for r in plan["rules"] if r["type"] == "required_if" and r["when"] == "ar-sip"]
    assert len(wanted) == 4 + 1  # points 1, 2 (region and municipality), 3 and 4
    for message in wanted:
        assert message in messages, (message, messages)
    # not a SIP: the four points are not asked for
    group.get_by_label(sip["fields"][0]["label"], exact=True).uncheck()
    page.get_by_role("button", name=UI["check"], exact=True).first.click()
    messages = page.locator("#error-summary a").all_inner_texts()
    assert not set(wanted) & set(messages)


def test_kallelse_invites_the_person_and_relatives(form_page):
    form = FORMS["kallelse"]
    section = next(s for s in form["sections"] if s["id"] == "personen-bjuds-in")
    page = form_page("kallelse")
    group = page.get_by_role("group", name=section["legend"], exact=True)
    labels = {f["id"]: f["label"] for f in section["fields"]}
    group.get_by_label(labels["personen-inbjuden"], exact=True).check()
    group.get_by_label(labels["personen-halsning"], exact=True).fill("Hej Alva! Vi vill göra en plan tillsammans med dig.")
    relatives = next(f for f in section["fields"] if f["id"] == "narstaende")
    row_labels = {f["id"]: f["label"] for f in relatives["fields"]}
    group.get_by_label(row_labels["namn"], exact=True).first.fill("Maja Berg")
    group.get_by_label(row_labels["relation"], exact=True).first.fill("Mamma")
    page.emulate_media(media="print")
    printed = page.locator("article").inner_text()
    assert "Hej Alva! Vi vill göra en plan tillsammans med dig." in printed
    assert "Maja Berg" in printed and "Mamma" in printed
