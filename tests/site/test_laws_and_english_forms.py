"""Issue 21: the laws at a glance, the person's forms in English, and the short
calendar title. Driven by what a reader sees: captions, labels and button names, all
read from content/ and forms/ (so a reworded label does not break the test)."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pypdf
import pytest
import yaml
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
SITE = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))
UI = SITE["ui"]
SV = SITE["forms_ui"]
EN = SITE["forms_ui_translations"]["en"]
LAWS = yaml.safe_load((ROOT / "content" / "laws.yml").read_text(encoding="utf-8"))["laws"]
FORMS_EN = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "forms" / "en").glob("*.yml"))}
FORMS_SV = {i: yaml.safe_load((ROOT / "forms" / f"{i}.yml").read_text(encoding="utf-8")) for i in FORMS_EN}
DATE = (dt.date.today() + dt.timedelta(days=40)).isoformat()


def labels(form: dict) -> dict[str, str]:
    """field id -> visible label (fields of repeated rows as group.child)."""
    out = {}
    for s in form["sections"]:
        for f in s["fields"]:
            out[f["id"]] = f["label"]
            for c in f.get("fields", []):
                out[f'{f["id"]}.{c["id"]}'] = c["label"]
    return out


def field(page, label: str, ui: dict):
    return page.get_by_label(re.compile("^" + re.escape(label) + r"( \(" + re.escape(ui["required"]) + r"\))?$"))


def section(page, form: dict, field_id: str):
    legend = next(s["legend"] for s in form["sections"] if any(f["id"] == field_id for f in s["fields"]))
    return page.get_by_role("group", name=legend, exact=True)


def open_form(page, base_url, path: str):
    page.goto(base_url + path)
    page.wait_for_selector("[data-action=check]:not([hidden])")
    return page


# ---------- laws at a glance ----------

def test_laws_table_lists_every_law_with_a_link_to_its_section(page, base_url):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base_url + "lagar.html")
    table = page.get_by_role("table", name=UI["laws_table_caption"])
    expect(table).to_be_visible()
    for name in ("laws_table_law", "laws_table_what", "laws_table_status", "laws_table_since", "laws_table_checked"):
        expect(table.get_by_role("columnheader", name=UI[name], exact=True)).to_have_count(1)
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(LAWS))
    for i, law in enumerate(LAWS):
        header = rows.nth(i).get_by_role("rowheader")
        link = header.get_by_role("link", name=law["short"], exact=True)
        assert link.get_attribute("href") == f"#{law['id']}"
        assert page.locator(f"h2#{law['id']}").count() == 1
        text = rows.nth(i).inner_text()
        assert law["summary_line"] in text
        kind = law["status_kind"]
        if kind == "replaced":
            assert law["replaced"] in text
        elif kind == "changed":
            assert law["changed_by"] in text
        else:
            assert UI["laws_status_kinds"][kind] in text
        if law.get("open_point"):
            assert law["open_point"] in text
        if not law.get("checked"):
            assert UI["laws_table_not_checked"] in text
    # the page does not scroll sideways at 375 px, and a row leads to its section
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate("Math.max(...[...document.querySelectorAll('.laws-table *')].map(e => e.getBoundingClientRect().right))") <= 375
    law = next(l for l in LAWS if l["status_kind"] == "not_checked")
    table.get_by_role("link", name=law["short"], exact=True).click()
    expect(page).to_have_url(re.compile(f"#{law['id']}$"))
    expect(page.locator(f"h2#{law['id']}")).to_be_in_viewport()


# ---------- the English forms ----------

def test_english_pages_lead_to_the_english_forms_and_back(page, base_url):
    page.goto(base_url + "en/index.html")
    page.get_by_role("link", name=FORMS_EN["min-plan"]["title"], exact=True).first.click()
    expect(page).to_have_url(re.compile(r"blanketter/en/min-plan\.html$"))
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "en")
    expect(page.locator("[data-form-page]")).to_have_attribute("lang", "en")
    switch = page.get_by_role("navigation", name=EN["language_switch"])
    sv = switch.get_by_role("link", name=UI["languages"]["sv"])
    expect(sv).to_have_attribute("hreflang", "sv")
    sv.click()
    expect(page).to_have_url(re.compile(r"blanketter/min-plan\.html$"))
    en = page.get_by_role("navigation", name=SV["language_switch"]).get_by_role("link", name=UI["languages"]["en"])
    expect(en).to_have_attribute("hreflang", "en")
    page.goto(base_url + "en/be-om-samordning.html")
    page.get_by_role("link", name=FORMS_EN["infor-motet"]["title"], exact=True).first.click()
    expect(page).to_have_url(re.compile(r"blanketter/en/infor-motet\.html$"))
    page.wait_for_selector("[data-action=check]:not([hidden])")
    for key in ("check", "print", "save_draft", "open_draft"):
        expect(page.get_by_role("button", name=EN[key], exact=True).first).to_be_visible()


def fill_my_plan(page, title: str | None = "AB") -> list[str]:
    form, lab = FORMS_EN["min-plan"], labels(FORMS_EN["min-plan"])
    values = {"namn": "Amina Berg", "kontakt-namn": "Karin Ek", "kontakt-telefon": "031-123 45 67",
              "kontakt-epost": "karin.ek@example.com", "uppfoljning-datum": DATE, "uppfoljning-tid": "10:30",
              "anteckning": "Ask about the new wheelchair at the follow-up."}
    if title:
        values["kalender-titel"] = title
    for fid, value in values.items():
        field(section(page, form, fid), lab[fid], EN).fill(value)
    row = page.get_by_role("group", name=f'{form["sections"][2]["fields"][0]["item_label"]} 1', exact=True)
    help_row = {"vad": "Home help every morning", "vem": "Home help service, Centrum", "nar": "From 1 March"}
    for cid, value in help_row.items():
        field(row, lab[f"hjalp.{cid}"], EN).fill(value)
    return list(values.values()) + list(help_row.values())


def test_english_my_plan_checks_and_prints_in_english(page, base_url):
    open_form(page, base_url, "blanketter/en/min-plan.html")
    page.get_by_role("button", name=EN["check"], exact=True).first.click()
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("heading")).to_have_text(EN["summary_one"])
    date_label = labels(FORMS_EN["min-plan"])["uppfoljning-datum"]
    expect(summary.get_by_role("link")).to_have_text(re.compile("^" + re.escape(EN["err_required"].split("{")[0]) + re.escape(date_label)))
    typed = fill_my_plan(page)
    page.get_by_role("button", name=EN["check"], exact=True).first.click()
    expect(page.locator(".form-status")).to_have_text(EN["no_errors"])
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) == 1  # "on one page", as the form says
    flat = re.sub(r"\s+", "", pdf.pages[0].extract_text())
    for text in typed + [FORMS_EN["min-plan"]["title"], EN["print_person"], "Nextfollow-up", "Myhelp"]:
        assert re.sub(r"\s+", "", text) in flat, text
    for swedish in (SV["print_person"] + ":", "Nästa uppföljning", FORMS_SV["min-plan"]["sections"][2]["legend"]):
        assert re.sub(r"\s+", "", swedish) not in flat, swedish


@pytest.mark.parametrize("form_id", sorted(FORMS_EN))
def test_english_draft_round_trip(page, base_url, tmp_path, form_id):
    open_form(page, base_url, f"blanketter/en/{form_id}.html")
    form, lab = FORMS_EN[form_id], labels(FORMS_EN[form_id])
    field(section(page, form, "namn"), lab["namn"], EN).fill("Amina Berg")
    if form_id == "infor-motet":
        group = page.get_by_role("group", name=re.compile("^" + re.escape(lab["behover"])))
        group.get_by_label(form["sections"][-1]["fields"][0]["options"][0], exact=True).check()
        field(section(page, form, "mina-fragor"), lab["mina-fragor"], EN).fill("Who is my coordinator?")
    else:
        fill_my_plan(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=EN["save_draft"], exact=True).first.click()
    today = dt.date.today().isoformat()
    assert info.value.suggested_filename == EN["draft_file"].format(form=form_id, date=today)
    draft = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert draft["form"] == form_id and draft["version"] == form["version"] == FORMS_SV[form_id]["version"]
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(draft), encoding="utf-8")
    page.reload()
    page.wait_for_selector("[data-action=check]:not([hidden])")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=EN["open_draft"], exact=True).first.click()
    chooser.value.set_files(str(path))
    expect(page.locator(".form-status")).to_have_text(EN["draft_loaded"])
    expect(field(section(page, form, "namn"), lab["namn"], EN)).to_have_value("Amina Berg")
    with page.expect_download() as again:
        page.get_by_role("button", name=EN["save_draft"], exact=True).first.click()
    assert json.loads(Path(again.value.path()).read_text(encoding="utf-8"))["values"] == draft["values"]


def calendar_event(page, button: str):
    import icalendar
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).first.click()
    cal = icalendar.Calendar.from_ical(Path(info.value.path()).read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def test_english_calendar_file_with_and_without_a_short_title(page, base_url):
    open_form(page, base_url, "blanketter/en/min-plan.html")
    fill_my_plan(page, title=None)
    summary = FORMS_EN["min-plan"]["calendar"][0]["summary"]
    event = calendar_event(page, EN["calendar"])
    assert str(event["summary"]) == summary
    assert "Amina" not in str(event.to_ical(), "utf-8")  # the name is never in the file by default
    day = dt.date.fromisoformat(DATE)
    assert event.decoded("dtstart").replace(tzinfo=None) == dt.datetime.combine(day, dt.time(10, 30))
    expect(page.locator(".form-status")).to_contain_text(EN["calendar_done"].split("{")[0])
    lab = labels(FORMS_EN["min-plan"])
    field(section(page, FORMS_EN["min-plan"], "kalender-titel"), lab["kalender-titel"], EN).fill("  AB, plan  ")
    event = calendar_event(page, EN["calendar"])
    assert str(event["summary"]) == EN["calendar_summary"].format(summary=summary, title="AB, plan")


def test_swedish_meeting_invitation_takes_a_short_title_too(page, base_url):
    form = yaml.safe_load((ROOT / "forms" / "kallelse.yml").read_text(encoding="utf-8"))
    open_form(page, base_url, "blanketter/kallelse.html")
    lab = labels(form)
    for fid, value in (("datum", DATE), ("starttid", "13:30"), ("kalender-titel", "MA")):
        field(section(page, form, fid), lab[fid], SV).fill(value)
    event = calendar_event(page, SV["calendar"])
    assert str(event["summary"]) == SV["calendar_summary"].format(summary=form["calendar"][0]["summary"], title="MA")


def test_english_pdf_is_english(site_dir):
    for form_id, form in FORMS_EN.items():
        reader = pypdf.PdfReader(site_dir / "blanketter" / "en" / f"{form_id}.pdf")
        text = " ".join(p.extract_text() for p in reader.pages)
        assert form["title"] in text and EN["source_note"].split(" (")[0] in text
        assert reader.trailer["/Root"].get("/Lang") == "en"
        if form.get("one_page"):
            assert len(reader.pages) == 1
        # one fillable field per field, as in the Swedish PDF
        sv = pypdf.PdfReader(site_dir / "blanketter" / f"{form_id}.pdf")
        assert sorted(reader.get_fields()) == sorted(sv.get_fields())
