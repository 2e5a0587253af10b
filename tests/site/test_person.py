"""The person's own tools: ask for coordination, prepare, my plan, after the meeting."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import yaml

from test_forms import UI, fill_form, press

ROOT = Path(__file__).resolve().parents[2]
MIN_PLAN = yaml.safe_load((ROOT / "forms" / "min-plan.yml").read_text(encoding="utf-8"))
ASK = yaml.safe_load((ROOT / "content" / "public" / "be-om-samordning" / "index.yml").read_text(encoding="utf-8"))
AFTER = yaml.safe_load((ROOT / "content" / "public" / "efter-motet.yml").read_text(encoding="utf-8"))
REALISTIC = {
    "text": "Habiliteringen, arbetsterapeut",
    "textarea": "Jag vill ha hjälp att planera veckan och att komma till mina besök.",
    "tel": "019-602 10 00", "email": "kontakt@example.se", "date": "2027-05-12", "time": "10:00",
}


def realistic(field: dict, where: str) -> str:
    return REALISTIC.get(field["type"], "Kort svar")


def test_min_plan_prints_on_one_a4_page(page, base_url):
    page.goto(base_url + "blanketter/min-plan.html")
    page.wait_for_selector("[data-action=check]:not([hidden])")
    fill_form(page, MIN_PLAN, realistic)
    page.emulate_media(media="print")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) == 1
    text = re.sub(r"\s+", " ", pdf.pages[0].extract_text())
    assert "Habiliteringen, arbetsterapeut" in text and MIN_PLAN["title"] in text


def test_min_plan_calendar_reminder(page, base_url):
    page.goto(base_url + "blanketter/min-plan.html")
    page.wait_for_selector("[data-action=check]:not([hidden])")
    cal = MIN_PLAN["calendar"][0]
    page.locator(f"#f-{cal['date']}").fill("2027-05-12")
    with page.expect_download() as info:
        press(page, UI["calendar"])
    ics = Path(info.value.path()).read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "BEGIN:VEVENT" in ics and "DTSTART;VALUE=DATE:20270512" in ics and "DTEND;VALUE=DATE:20270513" in ics
    assert f"SUMMARY:{cal['summary']}" in ics
    if cal.get("start"):
        page.locator(f"#f-{cal['start']}").fill("10:00")
        with page.expect_download() as info:
            press(page, UI["calendar"])
        ics = Path(info.value.path()).read_bytes().decode("utf-8")
        assert "DTSTART;TZID=Europe/Stockholm:20270512T100000" in ics


def test_ask_page_shows_every_fact_with_its_source_and_an_example(page, base_url):
    page.goto(base_url + "be-om-samordning/index.html")
    facts = page.locator("article li .cite")
    assert facts.count() == sum(len(s.get("facts", [])) for s in ASK["sections"])
    assert page.locator(".example-text").count() >= 1
    assert page.locator("a[href$='lattlast.html']").count() >= 1
    assert page.locator("a[hreflang=en]").count() >= 1


def test_after_the_meeting_checklist(page, base_url):
    page.goto(base_url + "efter-motet.html")
    boxes = page.locator(".checklist__item input")
    assert boxes.count() == sum(len(g["items"]) for g in AFTER["checklist"])
    boxes.first.focus()
    page.keyboard.press("Space")
    assert page.get_by_role("status").inner_text().startswith("1 ")


def test_person_tools_are_reachable_from_the_start_page(page, base_url):
    page.goto(base_url + "index.html")
    page.locator("article a[href='for-dig/index.html']").first.click()
    page.wait_for_url("**/for-dig/index.html")
    article = page.locator("article")
    for target in ("../be-om-samordning/index.html", "../blanketter/infor-motet.html",
                   "../blanketter/min-plan.html", "../efter-motet.html"):
        assert article.locator(f"a[href='{target}']").count() >= 1, target
