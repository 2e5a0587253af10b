"""One SIP, typed once: the forms of one case share what they have in common.

Driven by visible labels: a kallelse filled in and saved opens in the plan and in Min
plan with the shared fields filled and the rest empty; one step carries the case from the
kallelse to the plan, to Min plan and to the follow-up kallelse; the plan's follow-up
dates give a calendar file with reminders; Granska on an empty SIP names only what the
law asks as errors; an error goes as soon as it is corrected; the buttons stand at the end
of the form too; a draft from a newer form and a file full of unknown keys are named briefly.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from test_forms import FORMS, PNR, UI, label_re, open_draft, press, save_draft

MEETING = (dt.date.today() + dt.timedelta(days=30)).isoformat()
FOLLOW_UP = (dt.date.today() + dt.timedelta(days=120)).isoformat()
EVALUATION = (dt.date.today() + dt.timedelta(days=240)).isoformat()
END = (dt.date.today() + dt.timedelta(days=365)).isoformat()


def legend(form: str, section: str) -> str:
    return next(s["legend"] for s in FORMS[form]["sections"] if s["id"] == section)


def field_def(form: str, field_id: str, group: str | None = None) -> dict:
    for s in FORMS[form]["sections"]:
        for f in s["fields"]:
            if group is None and f["id"] == field_id:
                return f
            if group is not None and f["id"] == group:
                return next(c for c in f["fields"] if c["id"] == field_id)
    raise KeyError(field_id)


def control(page, form: str, where: str, field_id: str, group: str | None = None):
    """A field found as a person finds it: the section's (or the row's) name, then the label."""
    if group is None:
        scope = page.get_by_role("group", name=legend(form, where), exact=True)
    else:
        scope = page.get_by_role("group", name=where, exact=True)
    f = field_def(form, field_id, group)
    if f["type"] in ("radio", "checkboxes"):
        return scope.get_by_role("group", name=label_re(f["label"]))
    return scope.get_by_label(label_re(f["label"]))


def value_of(page, form, where, field_id, group=None):
    f = field_def(form, field_id, group)
    c = control(page, form, where, field_id, group)
    if f["type"] == "checkbox":
        return c.is_checked()
    if f["type"] == "radio":
        checked = c.locator("input:checked")
        return checked.get_attribute("value") if checked.count() else ""
    return c.input_value()


def put(page, form, where, field_id, value, group=None):
    f = field_def(form, field_id, group)
    c = control(page, form, where, field_id, group)
    if f["type"] == "checkbox":
        c.set_checked(bool(value))
    elif f["type"] == "select":
        c.select_option(value)
    elif f["type"] == "radio":
        c.get_by_label(value, exact=True).check()
    else:
        c.fill(value)


def rows(page, group: str) -> int:
    return page.locator(f'[data-repeat="{group}"] > .repeat__rows > .repeat__row').count()


def ensure_rows(page, form: str, group: str, n: int):
    f = field_def(form, group)
    while rows(page, group) < n:
        page.get_by_role("button", name=UI["add_row"].format(label=f["item_label"])).click()


# The walk-through of the issue: a kurator calls a SIP for a 15-year-old (BUP, school and
# social services), makes the plan with seven participants and three units, and the
# person's Min plan. (section or row, field, value, group); a row is named "Närstående 1".
PERSON = "Elias Berg"
RELATIVES = [("Maja Berg", "Mamma, vårdnadshavare"), ("Jon Berg", "Pappa, vårdnadshavare")]
UNITS = [("BUP Mölndal", "Region", "Karin Ek"), ("Elevhälsan, Ekskolan", "Kommun", "Ali Nur"),
         ("Socialtjänsten, barn och unga", "Kommun", "Eva Lund")]
SENDER = ("Lena Sjö", "Skolkurator", "Elevhälsan, Ekskolan", "031-123 45 67")
ACTIONS = [("Utredning av sömn", "BUP Mölndal", "Start i januari"),
           ("Anpassad studiegång", "Elevhälsan, Ekskolan", "Från vecka 3"),
           ("Stödsamtal för familjen", "Socialtjänsten, barn och unga", "Varannan vecka")]

KALLELSE = [("person", "person-namn", PERSON, None), ("person", "person-personnummer", PNR, None)]
for i, (name, relation) in enumerate(RELATIVES):
    KALLELSE += [(f"Närstående {i + 1}", "namn", name, "narstaende"), (f"Närstående {i + 1}", "relation", relation, "narstaende")]
for i, (unit, _, name) in enumerate(UNITS):
    KALLELSE += [(f"Kallad {i + 1}", "verksamhet", unit, "kallade"), (f"Kallad {i + 1}", "namn", name, "kallade")]
KALLELSE += [("syfte", "syfte", "Att tillsammans med Elias göra en plan för skolan.", None),
             ("tid-och-plats", "datum", MEETING, None), ("tid-och-plats", "starttid", "13:00", None),
             ("tid-och-plats", "plats", "Ekskolan, rum 12", None),
             ("samtycke", "samtycke-lamnat", True, None), ("samtycke", "samtycke-datum", dt.date.today().isoformat(), None),
             ("avsandare", "avsandare-namn", SENDER[0], None), ("avsandare", "avsandare-enhet", SENDER[2], None),
             ("avsandare", "avsandare-telefon", SENDER[3], None)]

PLAN = [("person", "person-namn", PERSON, None), ("person", "person-personnummer", PNR, None),
        ("person", "plan-datum", MEETING, None), ("sip", "ar-sip", True, None),
        ("sip", "sip-insatser", "Utredning, anpassad skolgång och stöd till familjen.", None),
        ("sip", "sip-region", "BUP utreder sömn och ADHD-behandling.", None),
        ("sip", "sip-kommun", "Skolan anpassar studiegången. Socialtjänsten ger stödsamtal.", None),
        ("sip", "sip-andra", "Elias och föräldrarna följer schemat hemma.", None),
        ("sip", "huvudansvar", "Kommun", None),
        ("behov", "behov", "Elias behöver komma tillbaka till skolan.", None),
        ("mal", "mal", "Elias går i skolan tre dagar i veckan i mars.", None)]
for i, (what, unit, when) in enumerate(ACTIONS):
    PLAN += [(f"Insats {i + 1}", "insats", what, "insatser"), (f"Insats {i + 1}", "verksamhet", unit, "insatser"),
             (f"Insats {i + 1}", "nar", when, "insatser")]
PLAN += [("tidsplan", "uppfoljning-datum", FOLLOW_UP, None),
         ("samordnare", "samordnare-namn", SENDER[0], None), ("samordnare", "samordnare-enhet", SENDER[2], None),
         ("samordnare", "samordnare-telefon", SENDER[3], None)]
PEOPLE = ([(PERSON, "Personen själv")] + RELATIVES + [(name, unit) for unit, _, name in UNITS]
          + [(SENDER[0], "Samordnare")])
for i, (name, role) in enumerate(PEOPLE):
    PLAN += [(f"Deltagare {i + 1}", "namn", name, "deltagare"), (f"Deltagare {i + 1}", "roll", role, "deltagare")]
for i, (unit, _, _) in enumerate(UNITS):
    PLAN += [(f"Kopia {i + 1}", "verksamhet", unit, "kopior")]

MIN_PLAN = [("om-mig", "namn", PERSON, None), ("kontakt", "kontakt-namn", SENDER[0], None),
            ("kontakt", "kontakt-telefon", SENDER[3], None)]
for i, (what, unit, when) in enumerate(ACTIONS):
    MIN_PLAN += [(f"Hjälp {i + 1}", "vad", what, "hjalp"), (f"Hjälp {i + 1}", "vem", unit, "hjalp"),
                 (f"Hjälp {i + 1}", "nar", when, "hjalp")]
MIN_PLAN += [("uppfoljning", "uppfoljning-datum", FOLLOW_UP, None)]


def walk(page, form: str, steps) -> int:
    """Fill a form as the walk-through does; return how many fields had to be typed (a
    field that already holds the value, carried from the case, is not typed)."""
    typed = 0
    for group in {s[3] for s in steps if s[3]}:
        ensure_rows(page, form, group, len({s[0] for s in steps if s[3] == group}))
    for where, field_id, value, group in steps:
        if value_of(page, form, where, field_id, group) == value:
            continue
        put(page, form, where, field_id, value, group)
        typed += 1
    return typed


def open_form(page, base_url, form_id):
    page.goto(f"{base_url}blanketter/{form_id}.html")
    page.wait_for_selector("[data-action=check]:not([hidden])")


def next_step(page, form: str, target: str):
    """The one step to the next form of the case: a link where the form ends (not above the
    first field, which must stay on a phone's first screen)."""
    step = next(h for h in FORMS[form]["next"] if h["form"] == target)
    link = page.get_by_role("link", name=step["label"], exact=True)
    assert link.count() == 1
    assert page.locator(".form-toolbar--end").get_by_role("link", name=step["label"], exact=True).count() == 1
    link.click()
    page.wait_for_url(f"**/blanketter/{target}.html")
    page.wait_for_selector("[data-action=check]:not([hidden])")
    expect(page.locator(".form-status")).not_to_be_empty()
    # nothing of the case in the address, and nothing left in the tab's storage
    assert page.url.endswith(f"/blanketter/{target}.html"), page.url
    assert page.evaluate("window.sessionStorage.length") == 0
    return step


def test_the_walk_through_types_each_field_once(page, base_url, capsys):
    """Before the case every form started empty: each field of the walk-through was typed.
    With the case, what one form has typed is carried to the next in one step."""
    before = len(KALLELSE) + len(PLAN) + len(MIN_PLAN)
    open_form(page, base_url, "kallelse")
    after = walk(page, "kallelse", KALLELSE)
    next_step(page, "kallelse", "samordningsplan")
    typed_plan = walk(page, "samordningsplan", PLAN)
    after += typed_plan
    press(page, UI["check"])
    assert page.locator("#error-summary [data-kind=errors] a").count() == 0
    next_step(page, "samordningsplan", "min-plan")
    typed_min = walk(page, "min-plan", MIN_PLAN)
    after += typed_min
    with capsys.disabled():
        print(f"\nwalk-through: {before} typed fields without the case, {after} with it "
              f"(kallelse {len(KALLELSE)}, plan {typed_plan} of {len(PLAN)}, Min plan {typed_min} of {len(MIN_PLAN)})")
    assert before == 75
    assert after <= 40
    assert typed_min == 0


def test_the_case_file_opens_in_the_plan_and_in_min_plan(page, base_url, tmp_path):
    open_form(page, base_url, "kallelse")
    walk(page, "kallelse", KALLELSE)
    saved = save_draft(page)
    assert saved["form"] == "kallelse" and saved["case"]["shared"]["person-namn"] == PERSON
    path = tmp_path / "arende.json"
    path.write_text(json.dumps(saved), encoding="utf-8")

    open_form(page, base_url, "samordningsplan")
    open_draft(page, path)
    expect(page.locator(".form-status")).to_contain_text(UI["case_filled"].split("{")[0])
    status = page.locator(".form-status").inner_text()
    assert "Personens namn" in status
    assert value_of(page, "samordningsplan", "person", "person-namn") == PERSON
    assert value_of(page, "samordningsplan", "person", "person-personnummer") == PNR
    assert value_of(page, "samordningsplan", "person", "plan-datum") == MEETING
    assert value_of(page, "samordningsplan", "samordnare", "samordnare-telefon") == SENDER[3]
    # the person first, then the relatives and the units, the samordnare last (case_rows)
    assert value_of(page, "samordningsplan", "Deltagare 1", "namn", "deltagare") == PERSON
    assert value_of(page, "samordningsplan", "Deltagare 2", "namn", "deltagare") == RELATIVES[0][0]
    assert value_of(page, "samordningsplan", "Deltagare 2", "roll", "deltagare") == RELATIVES[0][1]
    assert value_of(page, "samordningsplan", "Deltagare 4", "roll", "deltagare") == UNITS[0][0]
    assert value_of(page, "samordningsplan", "Deltagare 7", "roll", "deltagare") == "Samordnare"
    assert value_of(page, "samordningsplan", "Kopia 3", "verksamhet", "kopior") == UNITS[2][0]
    # the rest is empty: what only the plan has
    for where, field_id in (("behov", "behov"), ("mal", "mal"), ("tidsplan", "uppfoljning-datum"), ("sip", "sip-region")):
        assert value_of(page, "samordningsplan", where, field_id) == "", field_id
    assert value_of(page, "samordningsplan", "Insats 1", "insats", "insatser") == ""
    # saving from the plan keeps what the file held for the kallelse
    control(page, "samordningsplan", "behov", "behov").fill("Skolan")
    plan_file = save_draft(page)
    assert plan_file["form"] == "samordningsplan"
    assert plan_file["case"]["forms"]["kallelse"]["values"] == saved["values"]
    assert plan_file["values"]["behov"] == "Skolan"

    path.write_text(json.dumps(plan_file), encoding="utf-8")
    open_form(page, base_url, "min-plan")
    open_draft(page, path)
    expect(page.locator(".form-status")).to_contain_text(UI["case_filled"].split("{")[0])
    assert value_of(page, "min-plan", "om-mig", "namn") == PERSON
    assert value_of(page, "min-plan", "kontakt", "kontakt-namn") == SENDER[0]
    assert value_of(page, "min-plan", "kontakt", "kontakt-telefon") == SENDER[3]
    assert value_of(page, "min-plan", "uppfoljning", "uppfoljning-datum") == ""
    assert value_of(page, "min-plan", "anteckning", "anteckning") == ""
    # and the kallelse opens its own draft again from the plan's file, whole
    path.write_text(json.dumps(plan_file), encoding="utf-8")
    open_form(page, base_url, "kallelse")
    open_draft(page, path)
    expect(page.locator(".form-status")).not_to_be_empty()
    assert save_draft(page)["values"] == saved["values"]


def test_a_case_value_the_form_cannot_take_is_listed_not_put_in(page, base_url, tmp_path):
    open_form(page, base_url, "kallelse")
    control(page, "kallelse", "person", "person-namn").fill(PERSON)
    saved = save_draft(page)
    saved["case"]["shared"]["samordnare-epost"] = ["inte", "text"]
    saved["case"]["shared"]["mote-datum"] = "i morgon"
    path = tmp_path / "arende.json"
    path.write_text(json.dumps(saved), encoding="utf-8")
    open_form(page, base_url, "samordningsplan")
    open_draft(page, path)
    expect(page.locator(".form-alert")).to_contain_text(UI["draft_invalid"].split("{")[0])
    alert = page.locator(".form-alert").inner_text()
    assert "E-post (Samordnare)" in alert and "Datum då planen gjordes" in alert
    assert value_of(page, "samordningsplan", "person", "plan-datum") == ""
    assert value_of(page, "samordningsplan", "person", "person-namn") == PERSON


def test_one_step_from_plan_to_min_plan_and_the_follow_up_kallelse(page, base_url):
    open_form(page, base_url, "kallelse")
    walk(page, "kallelse", KALLELSE)
    next_step(page, "kallelse", "samordningsplan")
    walk(page, "samordningsplan", PLAN)
    next_step(page, "samordningsplan", "min-plan")
    assert value_of(page, "min-plan", "Hjälp 2", "vad", "hjalp") == ACTIONS[1][0]
    assert value_of(page, "min-plan", "Hjälp 2", "vem", "hjalp") == ACTIONS[1][1]
    assert value_of(page, "min-plan", "uppfoljning", "uppfoljning-datum") == FOLLOW_UP
    open_form(page, base_url, "kallelse")
    walk(page, "kallelse", KALLELSE)
    next_step(page, "kallelse", "samordningsplan")
    walk(page, "samordningsplan", PLAN)
    step = next_step(page, "samordningsplan", "kallelse")
    assert value_of(page, "kallelse", "person", "motestyp") == step["values"]["motestyp"]
    assert value_of(page, "kallelse", "tid-och-plats", "datum") == FOLLOW_UP
    assert value_of(page, "kallelse", "person", "person-namn") == PERSON
    assert value_of(page, "kallelse", "Närstående 2", "namn", "narstaende") == RELATIVES[1][0]
    assert value_of(page, "kallelse", "syfte", "syfte") == ""  # a new meeting: its own words
    page.locator("#f-starttid").fill("10:00")
    _, events = calendar(page)
    summary = str(events[0]["summary"])
    assert summary.startswith("Uppföljning") and "SIP-möte" not in summary


def calendar(page) -> tuple[bytes, list]:
    with page.expect_download() as info:
        press(page, UI["calendar"])
    raw = Path(info.value.path()).read_bytes()
    return raw, list(icalendar.Calendar.from_ical(raw).walk("VEVENT"))


def test_the_plan_puts_its_follow_up_in_the_calendar_with_a_reminder(page, base_url):
    open_form(page, base_url, "samordningsplan")
    put(page, "samordningsplan", "tidsplan", "start-datum", MEETING)
    put(page, "samordningsplan", "tidsplan", "slut-datum", END)
    put(page, "samordningsplan", "tidsplan", "uppfoljning-datum", FOLLOW_UP)
    put(page, "samordningsplan", "tidsplan", "utvardering-datum", EVALUATION)
    put(page, "samordningsplan", "samordnare", "samordnare-namn", SENDER[0])
    put(page, "samordningsplan", "samordnare", "samordnare-telefon", SENDER[3])
    raw, events = calendar(page)
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert [e.decoded("dtstart") for e in events] == [dt.date.fromisoformat(FOLLOW_UP), dt.date.fromisoformat(EVALUATION)]
    for event in events:
        assert "Uppföljning" in str(event["summary"]) and "SIP-möte" not in str(event["summary"])
        assert SENDER[3] in str(event["description"]) and SENDER[0] in str(event["description"])
        alarms = [c for c in event.subcomponents if c.name == "VALARM"]
        assert len(alarms) == 1
        trigger = alarms[0].decoded("trigger")
        assert dt.timedelta(days=-1) <= trigger < dt.timedelta(0)  # the day before
        assert str(alarms[0]["action"]) == "DISPLAY" and str(alarms[0]["description"])
    # only the dates that are filled in
    put(page, "samordningsplan", "tidsplan", "utvardering-datum", "")
    _, events = calendar(page)
    assert len(events) == 1


def test_granska_on_an_empty_sip_names_only_the_law_as_errors(page, base_url):
    plan = FORMS["samordningsplan"]
    open_form(page, base_url, "samordningsplan")
    put(page, "samordningsplan", "sip", "ar-sip", True)
    press(page, UI["check"])
    errors = page.locator("#error-summary [data-kind=errors] a").all_inner_texts()
    legal = [r["message"] for r in plan["rules"] if r["type"] == "required_if" and r["when"] == "ar-sip"]
    required = [UI["err_required"].format(label=f"{field_def('samordningsplan', f)['label']} ({legend('samordningsplan', 'person')})")
                for f in ("person-namn", "plan-datum")]
    assert sorted(errors) == sorted(legal + required)
    assert len(errors) == 7  # 26 before: every field the routines name was required
    expect(page.locator("#error-summary h2")).to_have_text(UI["summary_title"].format(n=7))
    # the rest is advice, under its own heading, shown but never invalid
    advice = page.locator("#error-summary [data-kind=advice] a")
    assert advice.count() >= 15
    assert page.locator("#error-summary h3", has_text=UI["summary_advice"]).count() == 1
    behov = field_def("samordningsplan", "behov")
    assert UI["err_recommended"].format(label=f"{behov['label']} ({legend('samordningsplan', 'behov')})") in advice.all_inner_texts()
    box = page.locator("#f-behov").locator("xpath=ancestor::*[contains(@class,'field')][1]")
    assert "field--advice" in box.get_attribute("class") and "field--error" not in box.get_attribute("class")
    assert page.locator("#f-behov").get_attribute("aria-invalid") is None
    assert page.locator("#f-person-namn").get_attribute("aria-invalid") == "true"
    # advice looks different from an error: another border style
    style = lambda sel: page.locator(sel).locator("xpath=ancestor::*[contains(@class,'field')][1]").evaluate(
        "e => getComputedStyle(e).borderLeftStyle")
    assert style("#f-behov") == "dashed" and style("#f-person-namn") == "solid"
    # a plan that is not a SIP: only the name and the date
    put(page, "samordningsplan", "sip", "ar-sip", False)
    press(page, UI["check"])
    assert sorted(page.locator("#error-summary [data-kind=errors] a").all_inner_texts()) == sorted(required)


def test_an_error_clears_as_soon_as_it_is_corrected(page, base_url):
    open_form(page, base_url, "kallelse")
    pnr = control(page, "kallelse", "person", "person-personnummer")
    pnr.fill("19800101-123")
    press(page, UI["check"])
    message = pnr.locator("xpath=ancestor::*[contains(@class,'field')][1]").locator(".field__error")
    expect(message).to_have_text(UI["err_pnr_format"])
    assert pnr.get_attribute("aria-invalid") == "true"
    before = page.locator("#error-summary [data-kind=errors] a").count()
    # a better but still wrong value: the message says what is wrong now
    pnr.fill(PNR[:-1] + str((int(PNR[-1]) + 1) % 10))
    expect(message).to_have_text(UI["err_pnr_check"])
    assert pnr.get_attribute("aria-invalid") == "true"
    pnr.fill(PNR)  # corrected: no Granska needed
    expect(message).to_be_hidden()
    assert pnr.get_attribute("aria-invalid") is None
    assert page.locator("#error-summary [data-kind=errors] a").count() == before - 1
    expect(page.locator("#error-summary h2")).to_have_text(
        UI["summary_one"] if before - 1 == 1 else UI["summary_title"].format(n=before - 1))
    # a required checkbox, by change
    consent = control(page, "kallelse", "samtycke", "samtycke-lamnat")
    assert consent.get_attribute("aria-invalid") == "true"
    consent.check()
    assert consent.get_attribute("aria-invalid") is None


@pytest.mark.parametrize("form_id", ["kallelse", "samordningsplan", "min-plan"])
def test_the_buttons_stand_at_the_end_of_the_form_too(page, base_url, form_id):
    open_form(page, base_url, form_id)
    bars = page.locator(".form-toolbar")
    assert bars.count() == 2
    # the second one comes after the form's last field
    after = page.evaluate("""() => { const bars = document.querySelectorAll('.form-toolbar');
        const form = document.querySelector('form.coord-form');
        return !!(form.compareDocumentPosition(bars[1]) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    assert after
    end = bars.nth(1)
    for key in ("check", "print", "save_draft", "open_draft"):
        expect(end.get_by_role("button", name=UI[key], exact=True)).to_be_visible()
    end.get_by_role("button", name=UI["check"], exact=True).click()
    if any(f.get("required") for s in FORMS[form_id]["sections"] for f in s["fields"]):
        expect(page.locator("#error-summary")).to_be_visible()
        assert page.evaluate("document.activeElement.id") == "error-summary"
    with page.expect_download() as info:
        end.get_by_role("button", name=UI["save_draft"], exact=True).click()
    assert json.loads(Path(info.value.path()).read_text(encoding="utf-8"))["form"] == form_id


@pytest.mark.parametrize("version", ["99", "1e309"])
def test_a_draft_from_a_newer_form_says_so(page, base_url, tmp_path, version):
    open_form(page, base_url, "kallelse")
    path = tmp_path / "nyare.json"
    path.write_text('{"form": "kallelse", "version": %s, "values": {"person-namn": "Från en nyare blankett"}}' % version,
                    encoding="utf-8")
    open_draft(page, path)
    newer = UI["draft_newer"].format(new=FORMS["kallelse"]["version"])
    expect(page.locator(".form-alert")).to_contain_text(newer)
    assert page.locator("#f-person-namn").input_value() == "Från en nyare blankett"


def test_a_hundred_thousand_unknown_keys_give_a_short_message(page, base_url, tmp_path):
    open_form(page, base_url, "kallelse")
    values = {f"okand-{i}": "x" for i in range(100_000)}
    values["person-namn"] = "Kvar"
    path = tmp_path / "manga.json"
    path.write_text(json.dumps({"form": "kallelse", "version": FORMS["kallelse"]["version"], "values": values}),
                    encoding="utf-8")
    open_draft(page, path)
    expect(page.locator(".form-alert")).to_contain_text(UI["draft_dropped"].split("{")[0])
    alert = page.locator(".form-alert").inner_text()
    assert len(alert) < 400, len(alert)
    assert "okand-0, okand-1" in alert
    assert re.search(r"\b99\s?995\b", alert), alert  # the count of the keys left out of the list
    assert page.locator("#f-person-namn").input_value() == "Kvar"
