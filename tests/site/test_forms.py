"""The five forms in a browser, driven by visible labels and the keyboard.

Each form's fields are read from its definition in forms/, so a new field or a new
form is tested without changing this file.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect
import yaml
from axe_playwright_python.sync_playwright import Axe

import printing

ROOT = Path(__file__).resolve().parents[2]
FORMS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "forms").glob("*.yml"))}
SITE = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))
UI = SITE["forms_ui"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# a date ahead of today (a meeting date in the past is a warning) and a time before the end time
DATE, TIME, END = (dt.date.today() + dt.timedelta(days=60)).isoformat(), "13:30", "15:00"


def valid_personnummer() -> str:
    """19800101-NNNC with a correct check digit (Luhn over YYMMDDNNN)."""
    body = "800101123"
    total = 0
    for i, ch in enumerate(body):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return f"19{body[:6]}-{body[6:]}{(10 - total % 10) % 10}"


PNR = valid_personnummer()


def label_re(label: str) -> re.Pattern:
    """A field's accessible name: its label, maybe followed by the 'required' or 'recommended' note."""
    notes = "|".join(re.escape(UI[k]) for k in ("required", "recommended"))
    return re.compile("^" + re.escape(label) + r"( \((" + notes + r")\))?$")


def sample(field: dict, where: str) -> str:
    kind = field["type"]
    if kind == "textarea":
        return f"Första raden för {where} åäö.\n" + "Mellanrad med text. " * 30 + f"\nSista raden {where}"
    if kind == "time" and where == "sluttid":
        return END
    return {"date": DATE, "time": TIME, "email": "test@example.se", "tel": "031-123 45 67",
            "url": "https://video.example.se/mote", "personnummer": PNR}.get(kind, f"Värde {where} åäö")


def fill_field(scope, field: dict, where: str, value_for=None) -> list[str]:
    """Fill one field by its label; return the texts that must appear on paper."""
    value_for = value_for or sample
    kind = field["type"]
    if kind in ("radio", "checkboxes"):
        group = scope.get_by_role("group", name=label_re(field["label"]))
        group.get_by_label(field["options"][-1], exact=True).check()
        return []
    control = scope.get_by_label(label_re(field["label"]))
    if kind == "checkbox":
        control.check()
        return []
    if kind == "select":
        control.select_option(field["options"][0])
        return [field["options"][0]]
    value = value_for(field, where)
    control.fill(value)
    if kind == "textarea":
        return [value.splitlines()[0], value.splitlines()[-1]]
    return [value]


def fill_form(page, form: dict, value_for=None) -> list[str]:
    """Fill every field of a form by its visible label (sample values unless value_for)."""
    expected = []
    for section in form["sections"]:
        # the section's fieldset, found by its legend, is the scope for its labels
        scope = page.get_by_role("group", name=section["legend"], exact=True)
        for field in section["fields"]:
            if field["type"] == "repeat":
                rows = page.locator(f'[data-repeat="{field["id"]}"] > .repeat__rows > .repeat__row')
                for i in range(rows.count()):
                    row = page.get_by_role("group", name=f'{field["item_label"]} {i + 1}', exact=True)
                    for child in field["fields"]:
                        expected += fill_field(row, child, f'{field["id"]}-{i}-{child["id"]}', value_for)
            else:
                expected += fill_field(scope, field, field["id"], value_for)
    return expected


def press(page, name: str):
    """Activate a button by keyboard: focus it, then Enter."""
    page.get_by_role("button", name=name, exact=True).first.focus()  # the top of the form's two toolbars
    page.keyboard.press("Enter")


@pytest.fixture
def form_page(page, base_url):
    def open_form(form_id: str):
        page.goto(f"{base_url}blanketter/{form_id}.html")
        page.wait_for_selector("[data-action=check]:not([hidden])")
        return page
    return open_form


@pytest.mark.parametrize("form_id", FORMS)
def test_filled_form_has_no_errors_and_prints_every_value(form_page, form_id):
    page = form_page(form_id)
    expected = fill_form(page, FORMS[form_id])
    press(page, UI["check"])
    assert page.locator("#error-summary").is_hidden()
    expect(page.locator(".form-status")).not_to_be_empty()
    assert page.locator(".form-status").inner_text() == UI["no_errors"]
    page.emulate_media(media="print")
    assert all(bar.is_hidden() for bar in page.locator(".form-toolbar").all())
    assert page.locator(".md-sidebar--primary").first.is_hidden()
    data = page.pdf(format="A4")
    pdf = pypdf.PdfReader(io.BytesIO(data))
    boxes = printing.word_boxes(data)
    # a form with a paper (forms/<id>.yml) prints dates in words and 13.30 for 13:30
    shown = printing.as_printed if FORMS[form_id].get("paper") else str
    # what the paper leaves out (for the sender only, such as the calendar's short name)
    left_out = set()
    if FORMS[form_id].get("paper"):
        named = printing.paper_fields(FORMS[form_id])
        left_out = {sample(f, f["id"]) for s in FORMS[form_id]["sections"] for f in s["fields"]
                    if f["id"] not in named and f["type"] not in ("checkbox", "radio", "checkboxes", "select")}
    for value in expected:
        if value in left_out:
            assert not printing.on_paper(value, boxes), value
        else:
            assert printing.on_paper(shown(value), boxes), value
    # the form's title and the person's name are printed on every page
    mirror = page.locator("[data-mirror]")
    name = mirror.first.inner_text() if mirror.count() else ""
    for p in pdf.pages:
        flat = re.sub(r"\s+", "", p.extract_text())
        assert re.sub(r"\s+", "", FORMS[form_id]["title"]) in flat
        if name:
            assert re.sub(r"\s+", "", name) in flat


@pytest.mark.parametrize("form_id", FORMS)
def test_empty_form_shows_error_summary_and_inline_errors(form_page, form_id):
    page = form_page(form_id)
    press(page, UI["check"])
    form = FORMS[form_id]
    required = sum(1 for s in form["sections"] for f in s["fields"] if f.get("required"))
    required += sum(1 for r in form.get("rules", []) if r["type"] == "one_of")
    summary = page.locator("#error-summary")
    if not required:  # nothing is required (the person's own forms): an empty form is fine
        assert summary.is_hidden()
        expect(page.locator(".form-status")).to_have_text(UI["no_errors"])
        return
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = summary.locator("a")
    assert links.count() >= required
    assert links.count() == page.locator(".field__error:not([hidden])").count()
    # every link leads to its field, and the field is marked invalid
    first = links.first
    target = first.get_attribute("href")[1:]
    first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == target
    assert page.locator(f"#{target}").get_attribute("aria-invalid") == "true"
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def error_for(page, field_id: str) -> str:
    box = page.locator(f"#{field_id}").locator("xpath=ancestor::*[contains(@class,'field')][1]")
    return box.locator(".field__error").inner_text()


def test_each_kind_of_check_and_its_fix(form_page):
    page = form_page("kallelse")
    fill_form(page, FORMS["kallelse"])
    cases = [
        ("f-person-personnummer", "19800101-123", UI["err_pnr_format"]),
        ("f-person-personnummer", "19801301-1234", UI["err_pnr_date"]),
        ("f-person-personnummer", PNR[:-1] + str((int(PNR[-1]) + 1) % 10), UI["err_pnr_check"]),
        ("f-avsandare-epost", "namn.example.se", UI["err_email"]),
        ("f-avsandare-telefon", "ring mig", UI["err_tel"]),
        ("f-videolank", "video.example", UI["err_url"]),
        ("f-person-namn", "", UI["err_required"].format(label="Personens namn (Mötet gäller)")),
    ]
    for field_id, bad, message in cases:
        good = page.locator(f"#{field_id}").input_value()
        page.locator(f"#{field_id}").fill(bad)
        press(page, UI["check"])
        assert page.locator("#error-summary a").first.inner_text() == message
        assert error_for(page, field_id) == message
        page.locator(f"#{field_id}").fill(good)
        press(page, UI["check"])
        assert page.locator("#error-summary").is_hidden(), field_id
    # a coordination number (day + 60) is accepted
    page.locator("#f-person-personnummer").fill(coordination_number())
    press(page, UI["check"])
    assert page.locator("#error-summary").is_hidden()
    # rules across fields: a place or a video link; consent date when consent is given
    page.locator("#f-plats").fill("")
    page.locator("#f-videolank").fill("")
    page.locator("#f-samtycke-datum").fill("")
    press(page, UI["check"])
    messages = page.locator("#error-summary a").all_inner_texts()
    rules = {r["message"] for r in FORMS["kallelse"]["rules"] if r["type"] in ("required_if", "one_of")}
    assert rules <= set(messages)


def coordination_number() -> str:
    body = "800161123"  # day 01 + 60
    total = sum((lambda d: d - 9 if d > 9 else d)(int(c) * (2 if i % 2 == 0 else 1)) for i, c in enumerate(body))
    return f"19{body[:6]}-{body[6:]}{(10 - total % 10) % 10}"


def test_date_rules_in_the_plan(form_page):
    page = form_page("samordningsplan")
    fill_form(page, FORMS["samordningsplan"])
    plan = FORMS["samordningsplan"]
    order = next(r for r in plan["rules"] if r["type"] == "date_order")
    within = next(r for r in plan["rules"] if r["type"] == "date_within")
    before = (dt.date.fromisoformat(DATE) - dt.timedelta(days=1)).isoformat()
    page.locator(f"#f-{order['then']}").fill(before)  # before the start
    press(page, UI["check"])
    texts = page.locator("#error-summary a").all_inner_texts()
    assert order["message"] in texts
    assert within["message"] in texts  # the evaluation date is now after the end
    page.locator(f"#f-{order['then']}").fill((dt.date.fromisoformat(DATE) + dt.timedelta(days=300)).isoformat())
    press(page, UI["check"])
    assert page.locator("#error-summary").is_hidden()


def test_repeatable_rows_by_keyboard(form_page):
    page = form_page("kallelse")
    rows = page.locator('[data-repeat="kallade"] > .repeat__rows > .repeat__row')
    start = rows.count()
    add = page.get_by_role("button", name=UI["add_row"].format(label="Kallad"))
    add.focus()
    page.keyboard.press("Enter")
    assert rows.count() == start + 1
    # focus moved into the new row and the change was announced
    assert page.evaluate("document.activeElement.id") == f"f-kallade-{start}-verksamhet"
    expect(page.locator(".form-status")).not_to_be_empty()
    assert page.locator(".form-status").inner_text() == UI["row_added"].format(label="Kallad", n=start + 1)
    page.keyboard.type("Ny verksamhet")
    # remove row 1: the others move up and are numbered again
    rows.nth(1).get_by_label(label_re("Verksamhet eller enhet")).fill("Andra raden")
    remove = page.get_by_role("button", name=UI["remove_row"].format(label="Kallad", n=1))
    remove.focus()
    page.keyboard.press("Enter")
    assert rows.count() == start
    assert rows.nth(0).locator("legend").first.inner_text() == "Kallad 1"
    assert page.locator("#f-kallade-0-verksamhet").input_value() == "Andra raden"
    assert page.locator(f"#f-kallade-{start - 1}-verksamhet").input_value() == "Ny verksamhet"
    expect(page.locator(".form-status")).to_have_text(UI["row_removed"].format(label="Kallad", n=1))
    # never fewer rows than the minimum
    for _ in range(start):
        buttons = page.locator(".repeat__remove:visible")
        if buttons.count() == 0:
            break
        buttons.first.click()
    assert rows.count() == 1
    assert page.locator('[data-repeat="kallade"] .repeat__remove:visible').count() == 0


def save_draft(page) -> dict:
    with page.expect_download() as info:
        press(page, UI["save_draft"])
    return json.loads(Path(info.value.path()).read_text(encoding="utf-8"))


def open_draft(page, path: Path):
    with page.expect_file_chooser() as chooser:
        press(page, UI["open_draft"])
    chooser.value.set_files(str(path))


@pytest.mark.parametrize("form_id", FORMS)
def test_draft_round_trip(form_page, form_id, tmp_path):
    page = form_page(form_id)
    fill_form(page, FORMS[form_id])
    draft = save_draft(page)
    assert draft["form"] == form_id and draft["version"] == FORMS[form_id]["version"]
    path = tmp_path / "utkast.json"
    path.write_text(json.dumps(draft), encoding="utf-8")
    page.reload()
    page.wait_for_selector("[data-action=check]:not([hidden])")
    open_draft(page, path)
    expect(page.locator(".form-status")).not_to_be_empty()
    again = save_draft(page)
    assert again["values"] == draft["values"]


def test_bad_drafts_never_wipe_the_screen(form_page, tmp_path):
    page = form_page("kallelse")
    page.locator("#f-person-namn").fill("Det som står kvar")
    cases = {
        "trasig.json": ("{inte json", UI["draft_malformed"]),
        "lista.json": ("[1, 2, 3]", UI["draft_malformed"]),
        "annan.json": (json.dumps({"form": "samtycke", "version": 1, "values": {"person-namn": "X"}}),
                       UI["draft_foreign"].format(form="samtycke")),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page.once("dialog", lambda d: d.accept())
        open_draft(page, path)
        expect(page.locator(".form-alert")).to_have_text(message)
        assert page.locator("#f-person-namn").input_value() == "Det som står kvar"
    # an older version loads what still exists and lists what does not
    old = {"form": "kallelse", "version": 0, "values": {"person-namn": "Från utkastet", "faxnummer": "031-1"}}
    path = tmp_path / "gammal.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    page.once("dialog", lambda d: d.accept())
    open_draft(page, path)
    expect(page.locator(".form-alert")).to_contain_text("faxnummer")
    alert = page.locator(".form-alert").inner_text()
    assert UI["draft_older"].format(old=0, new=FORMS["kallelse"]["version"]) in alert
    assert page.locator("#f-person-namn").input_value() == "Från utkastet"


def test_typed_html_is_text_never_markup(form_page, tmp_path):
    page = form_page("kallelse")
    payloads = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>"]
    page.locator("#f-person-namn").fill(payloads[0])
    page.locator("#f-syfte").fill(payloads[1])
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("[data-mirror]").first.inner_text() == payloads[0]
    assert page.locator("#f-syfte ~ .print-value").inner_text() == payloads[1]
    page.emulate_media(media="screen")
    draft = save_draft(page)
    path = tmp_path / "x.json"
    draft["values"]["fragor"] = payloads[0]
    path.write_text(json.dumps(draft), encoding="utf-8")
    open_draft(page, path)
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".form-page img").count() == 0
    assert page.locator(".form-page script:not(#form-definition)").count() == 0


def calendar_file(page) -> tuple[bytes, "icalendar.Event"]:
    import icalendar
    with page.expect_download() as info:
        press(page, UI["calendar"])
    assert info.value.suggested_filename.endswith(".ics")
    raw = Path(info.value.path()).read_bytes()
    cal = icalendar.Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return raw, events[0]


def test_calendar_file_for_the_meeting(form_page):
    page = form_page("kallelse")
    day = dt.date.fromisoformat(DATE)
    page.locator("#f-datum").fill(DATE)
    page.locator("#f-starttid").fill(TIME)
    page.locator("#f-sluttid").fill("15:00")
    place = "Vårdcentralen Åsa, rum 3; plan 2 " + "åäö😀" * 30
    page.locator("#f-plats").fill(place)
    page.locator("#f-syfte").fill("Rad ett\nRad två\tmed tabb\u0007 och klocka")
    raw, event = calendar_file(page)
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert all(not line or line[:1] != b" " or len(line) > 1 for line in lines)
    raw.decode("utf-8")  # folding never splits a character
    assert event.decoded("dtstart").replace(tzinfo=None) == dt.datetime.combine(day, dt.time(13, 30))
    assert event.decoded("dtend").replace(tzinfo=None) == dt.datetime.combine(day, dt.time(15, 0))
    assert str(event.decoded("dtstart").tzinfo) in ("Europe/Stockholm", "CET", "CEST") or \
        event["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert str(event["location"]) == place
    assert str(event["summary"]) == FORMS["kallelse"]["calendar"][0]["summary"]
    assert str(event["description"]) == "Rad ett\nRad två med tabb och klocka"


def test_calendar_times_with_seconds_and_no_backwards_event(form_page):
    page = form_page("kallelse")
    day = dt.date.fromisoformat(DATE)
    page.locator("#f-datum").fill(DATE)
    page.locator("#f-plats").fill("Rum 1")
    # a time with seconds (a draft may hold one)
    page.evaluate("""() => { document.querySelector('#f-starttid').value = '09:15:30';
                              document.querySelector('#f-sluttid').value = '10:00:00'; }""")
    _, event = calendar_file(page)
    assert event.decoded("dtstart").replace(tzinfo=None) == dt.datetime.combine(day, dt.time(9, 15, 30))
    assert event.decoded("dtend").replace(tzinfo=None) == dt.datetime.combine(day, dt.time(10, 0))
    # no end time late in the evening: an hour, into the next day, never zero length
    page.locator("#f-starttid").fill("23:30")
    page.locator("#f-sluttid").fill("")
    _, event = calendar_file(page)
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(hours=1)
    # an end before (or at) the start makes no file but says what is wrong
    rule = next(r for r in FORMS["kallelse"]["rules"] if r["type"] == "time_order")
    for end in ("23:00", "23:30"):
        page.locator("#f-sluttid").fill(end)
        press(page, UI["calendar"])
        expect(page.locator(".form-alert")).to_have_text(rule["message"])


def test_calendar_needs_date_and_time(form_page):
    page = form_page("kallelse")
    press(page, UI["calendar"])
    expect(page.locator(".form-alert")).to_have_text(UI["calendar_missing"])


def test_leaving_with_unsaved_input_asks_first(form_page):
    page = form_page("samtycke")
    page.locator("#f-person-namn").click()
    page.keyboard.type("Osparad text")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]


def test_form_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "blanketter/kallelse.html")
    page.get_by_label(label_re("Personens namn")).fill("Utan skript")
    assert page.locator("noscript").count() >= 1
    assert page.get_by_role("link", name=re.compile(re.escape(UI["download_pdf"]))).first.is_visible()
    assert all(button.is_hidden() for button in page.locator("[data-action=check]").all())
    context.close()


# ---------- the downloadable PDFs ----------

# fillable fields per PDF: one per field, one per option of a choice, pdf_rows per repeated row
# (kallelse, min-plan, minnesanteckningar: +1 for the short calendar title; samtycke: +5 for the
# child's second custodian: a box, a name and three answers)
PDF_FIELD_COUNTS = {"infor-motet-barn": 40, "infor-motet": 34, "kallelse": 49, "min-plan": 20,
                    "minnesanteckningar": 86, "overenskommelse": 21, "samordningsplan": 138,
                    "samtycke": 37, "uppfoljningsenkat": 51}
# a tooltip (/TU) of each kind: a text field, a select with its options, a repeated row, choices
PDF_TOOLTIPS = {
    "kallelse": {
        "person-namn": "Personens namn",
        "motestyp": "Vilket slags möte (SIP-möte, SIP-möte inför utskrivning från sjukhus, "
                    "Uppföljning av SIP, Samordningsmöte enligt rutinen)",
        "kallade.4.huvudman": "Kallad 5: Huvudman (Region, Kommun, Privat utförare, Annan)",
        "narstaende.1.relation": "Närstående 2: Relation till personen",
    },
    "uppfoljningsenkat": {
        "huvudman.0": "Vem är huvudman för enheten?: Region (landsting)",
        "kanner-till.1": "Känner ni på enheten till rutinen för samordning av insatser för habilitering "
                         "och rehabilitering?: Nej",
    },
}


def test_every_form_has_a_pdf_with_a_literal_field_count():
    assert set(PDF_FIELD_COUNTS) == set(FORMS)


@pytest.mark.parametrize("form_id", FORMS)
def test_pdf_has_one_fillable_field_per_form_field(site_dir, form_id):
    reader = pypdf.PdfReader(site_dir / "blanketter" / f"{form_id}.pdf")
    fields = reader.get_fields()
    assert len(fields) == PDF_FIELD_COUNTS[form_id]
    assert all(str(f.get("/TU", "")).strip() for f in fields.values())  # each field is announced
    for name, tooltip in PDF_TOOLTIPS.get(form_id, {}).items():
        assert fields[name]["/TU"] == tooltip, (name, fields[name]["/TU"])
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("sv")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = "".join(p.extract_text() for p in reader.pages)
    assert FORMS[form_id]["title"].split(" (")[0][:20] in text
    for ch in "åäö":
        if ch in FORMS[form_id]["title"] + "".join(s["legend"] for s in FORMS[form_id]["sections"]):
            assert ch in text
