"""Steps, checklists, the self-check, roles and quick guides in a browser."""
from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
UI = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))["ui"]
CHECKLISTS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
              for p in sorted((ROOT / "content" / "method" / "checklistor").glob("*.yml"))}
GUIDES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
          for p in sorted((ROOT / "content" / "method" / "lathundar").glob("*.yml"))}
SELFCHECK = yaml.safe_load((ROOT / "content" / "method" / "nar-erbjuda.yml").read_text(encoding="utf-8"))


def progress(done: int, total: int) -> str:
    return UI["checklist_progress"].format(done=done, total=total)


def test_there_are_checklists_and_guides():
    assert len(CHECKLISTS) >= 4 and len(GUIDES) == 3


@pytest.mark.parametrize("checklist_id", CHECKLISTS)
def test_checklist_by_keyboard_counts_and_resets(page, base_url, checklist_id):
    page.goto(f"{base_url}arbetssatt/checklistor/{checklist_id}.html")
    boxes = page.locator(".checklist__item input[type=checkbox]")
    total = boxes.count()
    assert total == sum(len(g["items"]) for g in CHECKLISTS[checklist_id]["groups"])
    status = page.get_by_role("status")
    assert status.inner_text() == progress(0, total)
    assert status.get_attribute("aria-live") == "polite"
    boxes.nth(0).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to the next item (or its source text link-free)
    boxes.nth(1).focus()
    page.keyboard.press("Space")
    assert status.inner_text() == progress(2, total)
    # kept in this tab after a reload, but not in another tab
    page.reload()
    assert page.get_by_role("status").inner_text() == progress(2, total)
    other = page.context.browser.new_page()
    other.goto(f"{base_url}arbetssatt/checklistor/{checklist_id}.html")
    assert other.locator(".checklist__item input:checked").count() == 0
    other.close()
    assert page.evaluate(f"localStorage.getItem('checklist:{checklist_id}')") is None
    # reset by keyboard
    page.get_by_role("button", name=UI["checklist_reset"]).focus()
    page.keyboard.press("Enter")
    assert page.locator(".checklist__item input:checked").count() == 0
    assert progress(0, total) in page.get_by_role("status").inner_text()


def test_checklist_prints_boxes_without_navigation(page, base_url):
    checklist_id = next(iter(CHECKLISTS))
    page.goto(f"{base_url}arbetssatt/checklistor/{checklist_id}.html")
    page.locator(".checklist__item input").first.check()
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").first.is_hidden()
    assert page.locator(".md-header").first.is_hidden()
    assert page.locator(".checklist__tools").is_hidden()
    boxes = page.locator(".checklist__item input[type=checkbox]")
    assert boxes.first.is_visible() and boxes.last.is_visible()
    style = boxes.first.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert style == "solid"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(__import__("io").BytesIO(page.pdf())).pages)
    first_item = CHECKLISTS[checklist_id]["groups"][0]["items"][0]["text"]
    assert re.sub(r"\W", "", first_item)[:30] in re.sub(r"\W", "", text)


def test_remember_on_this_computer_is_a_choice(page, base_url):
    checklist_id = next(iter(CHECKLISTS))
    page.goto(f"{base_url}arbetssatt/checklistor/{checklist_id}.html")
    page.locator(".checklist__item input").first.check()
    page.get_by_label(UI["checklist_remember"]).check()
    assert page.evaluate(f"localStorage.getItem('checklist:{checklist_id}')")
    other = page.context.new_page()
    other.goto(f"{base_url}arbetssatt/checklistor/{checklist_id}.html")
    assert other.locator(".checklist__item input:checked").count() == 1
    other.close()


def answer(page, answers: list[str]):
    for q, a in zip(SELFCHECK["questions"], answers):
        group = page.get_by_role("group", name=re.compile(re.escape(q["text"][:40])))
        group.get_by_label(SELFCHECK["yes"] if a == "ja" else SELFCHECK["no"], exact=True).check()
    page.get_by_role("button", name=SELFCHECK["show_answer"]).focus()
    page.keyboard.press("Enter")


def shown_answer(page) -> str:
    """Which answer block is visible: answer_yes, answer_no or answer_incomplete."""
    visible = page.locator("[data-answer]:visible")
    assert visible.count() == 1
    return visible.get_attribute("data-answer")


def test_selfcheck_gives_a_plain_answer(page, base_url):
    n = len(SELFCHECK["questions"])
    page.goto(f"{base_url}arbetssatt/nar-erbjuda.html")
    answer(page, ["nej"] * n)
    assert shown_answer(page) == "answer_no"
    assert page.evaluate("document.activeElement.classList.contains('selfcheck__result')")
    answer(page, ["nej"] * (n - 1) + ["ja"])
    assert shown_answer(page) == "answer_yes"
    # the answer is the content's text, rendered (no Markdown markers left)
    text = page.locator("[data-answer=answer_yes]").inner_text()
    assert "**" not in text and "[[" not in text and len(text) > 20
    page.reload()
    answer(page, ["ja"])
    assert shown_answer(page) == "answer_incomplete"


def test_selfcheck_without_javascript_shows_all_answers(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}arbetssatt/nar-erbjuda.html")
    assert page.locator("[data-static]").is_visible()
    assert page.get_by_role("heading", name=UI["selfcheck_static_yes"]).is_visible()
    context.close()


@pytest.mark.parametrize("guide_id", GUIDES)
def test_quick_guide_pdf_is_one_a4_page_with_its_headings(site_dir, guide_id):
    reader = pypdf.PdfReader(site_dir / "arbetssatt" / "lathundar" / f"{guide_id}.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert GUIDES[guide_id]["title"] in text
    for section in GUIDES[guide_id]["sections"]:
        assert section["title"] in text, section["title"]


def test_method_pages_are_reachable_from_start_and_navigation(page, base_url):
    page.goto(base_url + "index.html")
    nav = page.locator("nav.md-nav--primary")
    for target in ("arbetssatt/steg-for-steg.html", "arbetssatt/nar-erbjuda.html", "arbetssatt/vilken-plan.html",
                   "arbetssatt/vem-gor-vad.html", "arbetssatt/checklistor/index.html", "arbetssatt/lathundar/index.html"):
        assert nav.locator(f"a[href='{target}']").count() >= 1, target
