"""Paper a family can be handed (issue 13): printed forms lose nothing and fit on few
pages; Granska catches what staff get wrong; a draft replaces the form.

What is on paper is read from the printed PDF's word boxes (pdftotext -bbox), because
a word drawn under another is still in the text layer.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

import printing
from test_forms import FORMS, UI, WCAG, fill_form, open_draft, press, save_draft

PAGE_LIMITS = {"samordningsplan": 4, "kallelse": 2}


@pytest.fixture
def form_page(page, base_url):
    def open_form(form_id: str):
        page.goto(f"{base_url}blanketter/{form_id}.html")
        page.wait_for_selector("[data-action=check]:not([hidden])")
        return page
    return open_form


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def paper_text(pdf: bytes) -> list[str]:
    return [" ".join(w[0] for w in words) for words in printing.word_boxes(pdf)]


@pytest.mark.parametrize("form_id", PAGE_LIMITS)
def test_realistic_form_fits_its_pages_and_no_words_overlap(browser, base_url, form_id):
    result = printing.measure(browser, base_url, form_id)
    assert result["overlaps"] == []
    assert result["pages"] <= PAGE_LIMITS[form_id]
    pages = paper_text(result["pdf"])
    # the title and the person's name head every page
    for text in pages:
        assert flat(FORMS[form_id]["title"]) in flat(text)
        assert flat(printing.TEXT["person-namn"]) in flat(text)
    # what was typed is on paper; the guidance for the sender is not
    everything = flat(" ".join(pages))
    ids = {f["id"] for s in FORMS[form_id]["sections"] for f in s["fields"]}
    values = [v for k, v in printing.TEXT.items() if k in ids]
    for group in ids & set(printing.ROW_TEXT):
        values += [v for row in printing.ROW_TEXT[group] for v in row.values()]
    assert len(values) > 10
    for value in values:
        assert printing.on_paper(value, result["boxes"]), value
    assert flat("(" + UI["required"] + ")") not in everything
    form = FORMS[form_id]
    hints = [f["hint"] for s in form["sections"] for f in s["fields"] if f.get("hint")]
    # a section's hint that the paper prints as a note (the duty to attend) is meant for paper
    notes = {b["section"] for b in form.get("paper", {}).get("blocks", []) if b.get("section")}
    hints += [s["hint"] for s in form["sections"] if s.get("hint") and s["id"] not in notes]
    for hint in hints:
        assert flat(hint)[:40] not in everything, hint
    assert flat(form["purpose"].split(".")[0])[:30] not in everything
    for note in form.get("notes", []):
        assert flat(note["title"]) not in everything


@pytest.mark.parametrize("form_id", FORMS)
def test_every_filled_form_prints_with_no_word_over_another(form_page, form_id):
    page = form_page(form_id)
    fill_form(page, FORMS[form_id])  # long texts in every field
    pdf = printing.print_pdf(page)
    pages = printing.word_boxes(pdf)
    for n, words in enumerate(pages, 1):
        assert printing.overlaps(words) == [], (n, printing.overlaps(words)[:5])
        assert words, f"page {n} is blank"
    # nothing runs off the paper's edge (A4 is 595 points wide)
    assert max(w[3] for words in pages for w in words) < 595


def test_a_long_name_wraps_in_the_print_header(form_page):
    page = form_page("samordningsplan")
    name = "Maria-Louise Charlotta Andersson Lindqvist Johansson von Essen Bergström " * 2
    page.get_by_label(printing.label_re("Personens namn")).fill(name.strip())
    pages = printing.word_boxes(printing.print_pdf(page))
    for words in pages:
        text = flat(" ".join(w[0] for w in words))
        assert flat(name) in text
        assert printing.overlaps(words) == []
        assert max(w[3] for w in words) < 595


def test_empty_fields_take_no_space_but_a_blank_form_has_lines(form_page):
    page = form_page("samordningsplan")
    fax = page.locator('[data-field="samordnare-fax"]')
    page.emulate_media(media="print")
    assert fax.is_visible()  # blank: a line to write on
    assert fax.locator(".print-value").bounding_box()["height"] > 5
    page.emulate_media(media="screen")
    printing.fill_realistic(page, FORMS["samordningsplan"])
    pdf = printing.print_pdf(page)
    page.emulate_media(media="print")
    assert fax.is_hidden()
    assert page.locator('[data-field="barnets-syn"]').is_hidden()
    assert "Fax" not in " ".join(paper_text(pdf))


# ---------- Granska ----------

def summary_texts(page) -> list[str]:
    return page.locator("#error-summary a").all_inner_texts()


def test_granska_catches_times_past_dates_and_follow_up_before_the_meeting(form_page):
    page = form_page("kallelse")
    printing.fill_realistic(page, FORMS["kallelse"])
    rules = {r["type"]: r["message"] for r in FORMS["kallelse"]["rules"]}
    page.get_by_label(printing.label_re("Sluttid")).fill("09:30")  # before the start at 10:00
    press(page, UI["check"])
    assert summary_texts(page) == [rules["time_order"]]
    page.get_by_label(printing.label_re("Sluttid")).fill("11:30")
    # a meeting date in the past is a warning: shown, but not counted as an error
    past = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    page.get_by_label(printing.label_re("Datum")).first.fill(past)
    press(page, UI["check"])
    assert page.locator("#error-summary h2").inner_text() == UI["summary_warnings"]
    assert summary_texts(page) == [rules["not_past"]]
    assert page.locator("#f-datum").get_attribute("aria-invalid") is None
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()

    page = form_page("samordningsplan")
    printing.fill_realistic(page, FORMS["samordningsplan"])
    rule = next(r for r in FORMS["samordningsplan"]["rules"]
                if r["type"] == "date_order" and r["then"] == "uppfoljning-datum")
    meeting = dt.date.fromisoformat(page.locator(f"#f-{rule['first']}").input_value())
    page.locator("#f-start-datum").fill((meeting - dt.timedelta(days=30)).isoformat())  # the plan's period
    page.locator(f"#f-{rule['then']}").fill((meeting - dt.timedelta(days=1)).isoformat())
    press(page, UI["check"])
    assert rule["message"] in summary_texts(page)


def test_blank_rows_are_not_errors_and_messages_read_well(form_page):
    page = form_page("samordningsplan")
    press(page, UI["check"])
    messages = summary_texts(page)
    assert messages and not [m for m in messages if re.search(r"[?!.:]\.$", m)], messages
    # a field in a row that should be filled in says which row; the other starting rows are
    # neither errors nor advice
    assert UI["err_recommended"].format(label="Insats 1: Vad ska göras") in messages
    assert not [m for m in messages if re.search(r"Insats [23]:", m)]
    # a name says whose name
    assert not [m for m in messages if m == UI["err_required"].format(label="Namn")]
    # a realistic plan with one action in a form that starts with three rows has no errors
    page = form_page("samordningsplan")
    printing.fill_realistic(page, FORMS["samordningsplan"], rows={"insatser": 1, "deltagare": 2, "kopior": 1})
    assert page.locator('[data-repeat="insatser"] > .repeat__rows > .repeat__row').count() == 3
    press(page, UI["check"])
    assert page.locator("#error-summary").is_hidden(), summary_texts(page)


def test_old_status_messages_do_not_linger_next_to_the_summary(form_page, tmp_path):
    page = form_page("kallelse")
    draft = save_draft(page)
    path = tmp_path / "d.json"
    path.write_text(json.dumps(draft), encoding="utf-8")
    open_draft(page, path)
    expect(page.locator(".form-status")).to_have_text(UI["draft_loaded"])
    press(page, UI["check"])
    assert page.locator("#error-summary").is_visible()
    page.wait_for_timeout(100)
    assert page.locator(".form-status").inner_text() == ""
    assert page.locator(".form-alert").inner_text() == ""


# ---------- drafts ----------

def write(tmp_path: Path, values: dict, name="utkast.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"form": "samordningsplan", "version": FORMS["samordningsplan"]["version"],
                                "values": values}), encoding="utf-8")
    return path


def test_a_draft_replaces_the_whole_form(form_page, tmp_path):
    page = form_page("samordningsplan")
    printing.fill_realistic(page, FORMS["samordningsplan"])
    path = write(tmp_path, {"person-namn": "Nästa person", "insatser": [{"insats": "En insats"}]})
    page.once("dialog", lambda d: d.accept())
    open_draft(page, path)
    expect(page.locator(".form-status")).to_have_text(UI["draft_loaded"])
    assert page.get_by_label(printing.label_re("Personens namn")).input_value() == "Nästa person"
    # nothing of the previous person is left
    again = save_draft(page)["values"]
    def empty(v):
        return v in ("", [], False, None) or (isinstance(v, list) and all(not any(r.values()) for r in v))
    left = {k: v for k, v in again.items() if k not in ("person-namn", "insatser") and not empty(v)}
    assert left == {}
    rows = again["insatser"]
    assert rows[0]["insats"] == "En insats" and all(v in ("", None) for r in rows for k, v in r.items() if k != "insats")
    # a repeated group the draft does not hold is back at its starting rows, empty
    assert len(again["deltagare"]) == 3 and not any(v for r in again["deltagare"] for v in r.values())


def test_values_the_form_cannot_take_are_listed_by_label(form_page, tmp_path):
    page = form_page("samordningsplan")
    path = write(tmp_path, {
        "person-namn": "Maria",
        "plan-datum": "2027-02-30",            # not a date
        "plan-typ": "Gammal plan",             # an option that no longer exists
        "galler-barn": "ja",                   # the wrong type
        "behov": 12,                           # the wrong type
        "format": ["Utskrift", "Telefax"],     # one option gone
        "insatser": [{"insats": "Träning", "huvudman": "Landsting"}, "inte en rad"],
        "faxnummer": "031-1",                  # a field the form does not have
    })
    open_draft(page, path)
    alert = page.locator(".form-alert")
    expect(alert).not_to_be_empty()
    text = alert.inner_text()
    for label in ("Datum då planen gjordes", "Är det en ny eller en uppdaterad plan?", "Planen gäller ett barn",
                  "Personens behov", "I vilken form behöver personen planen?", "Insats 1: Huvudman", "Insats 2"):
        assert label in text, label
    assert "faxnummer" in text
    assert page.locator("#f-person-namn").input_value() == "Maria"
    assert page.locator("#f-insatser-0-insats").input_value() == "Träning"
    assert page.locator("#f-plan-datum").input_value() == ""


def test_rows_over_the_cap_are_left_out_with_a_message(form_page, tmp_path):
    page = form_page("kallelse")
    path = tmp_path / "stor.json"
    rows = [{"verksamhet": f"Enhet {i}"} for i in range(1000)]
    path.write_text(json.dumps({"form": "kallelse", "version": FORMS["kallelse"]["version"],
                                "values": {"kallade": rows}}), encoding="utf-8")
    open_draft(page, path)
    expect(page.locator(".form-alert")).to_contain_text("1000")
    cap = page.locator('[data-repeat="kallade"] > .repeat__rows > .repeat__row').count()
    assert 20 <= cap < 1000
    assert str(cap) in page.locator(".form-alert").inner_text()
    assert page.locator(f"#f-kallade-{cap - 1}-verksamhet").input_value() == f"Enhet {cap - 1}"


# ---------- the fillable PDFs ----------

@pytest.mark.parametrize("form_id", FORMS)
def test_pdf_text_says_what_is_true(site_dir, form_id):
    import pypdf
    reader = pypdf.PdfReader(site_dir / "blanketter" / f"{form_id}.pdf")
    text = " ".join(p.extract_text() for p in reader.pages).lower()
    assert "knapp" not in text  # a PDF has no buttons
    if FORMS[form_id].get("one_page"):
        assert len(reader.pages) == 1


def test_abbreviations_are_not_dotted_on_paper(page, base_url):
    """On screen an abbreviation is dotted and explains itself on hover; paper cannot."""
    page.goto(base_url + "blanketter/samordningsplan.html")
    abbr = page.locator("article abbr").first
    style = "el => { const s = getComputedStyle(el); return [s.borderBottomStyle, s.textDecorationLine]; }"
    assert "dotted" in abbr.evaluate(style)
    page.emulate_media(media="print")
    assert abbr.evaluate(style) == ["none", "none"]
