"""Papers that can leave the desk (issue 29): the printed kallelse reads as a letter, the
printed plan can be handed to the family, and kallelse, notes and plan download as Word
files holding what was typed.

What is on paper is read from the printed PDF's word boxes (pdftotext -bbox); the Word
file is read back with python-docx, and opened by LibreOffice.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml

import printing
from test_forms import FORMS, UI

ROOT = Path(__file__).resolve().parents[2]
PAPER_FORMS = [f for f in FORMS if FORMS[f].get("paper")]

# the fields a form keeps for its sender: never on paper, never in the Word file
INTERNAL = {"kallelse": {"kalender-titel", "personen-inbjuden"}, "minnesanteckningar": {"kalender-titel"},
            "samordningsplan": set()}
SHORT = "MAL-kort"  # a short name for the calendar, typed to see it stays off paper

in_words = printing.in_words


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


paper_fields = printing.paper_fields


def field_label(form: dict, field_id: str) -> str:
    return next(f["label"] for s in form["sections"] for f in s["fields"] if f["id"] == field_id)


def open_filled(page, base_url, form_id: str, child: bool = False):
    page.goto(f"{base_url}blanketter/{form_id}.html")
    page.wait_for_selector("[data-action=check]:not([hidden])")
    form = FORMS[form_id]
    printing.fill_realistic(page, form)
    if "kalender-titel" in INTERNAL.get(form_id, ()):
        page.get_by_label(printing.label_re(field_label(form, "kalender-titel"))).fill(SHORT)
    if form_id == "kallelse":
        page.get_by_label(printing.label_re(field_label(form, "videolank"))).fill("https://video.example.se/sip-42")
    if child:
        page.get_by_label(printing.label_re(field_label(form, "galler-barn"))).check()
        page.get_by_label(printing.label_re(field_label(form, "barnets-syn"))).fill("Barnet vill gå i skolan igen.")
        row = page.get_by_role("group", name="Deltagare 2", exact=True)
        row.get_by_label(printing.label_re("Verksamhet eller roll")).fill("Vårdnadshavare, mamma")
    return page


def lines(words) -> list[tuple[float, str]]:
    """The page's words joined into lines (same baseline), top to bottom."""
    rows: dict[int, list] = {}
    for w in words:
        rows.setdefault(round(w[4]), []).append(w)
    return [(y, " ".join(w[0] for w in sorted(ws, key=lambda w: w[1]))) for y, ws in sorted(rows.items())]


def line_with(page_lines, text: str) -> float:
    found = [y for y, line in page_lines if flat(text) in flat(line)]
    assert found, (text, [l for _, l in page_lines])
    return found[0]


def every_page_numbered(pages) -> None:
    for n, words in enumerate(pages, 1):
        text = " ".join(l for _, l in lines(words))
        assert UI["print_pages"].format(page=n, pages=len(pages)) in text, (n, text[-200:])


# ---------- the kallelse as a letter ----------

def test_printed_kallelse_is_a_letter_with_the_meeting_first(page, base_url):
    form = FORMS["kallelse"]
    open_filled(page, base_url, "kallelse")
    pdf = printing.print_pdf(page)
    pages = printing.word_boxes(pdf)
    first = lines(pages[0])
    # when and where first, in words: "torsdag 24 december 2026 kl. 10.00–11.30"
    when = f"{in_words(printing.DATES['datum'], weekday=True)} kl. 10.00–11.30"
    at = line_with(first, when)
    place = line_with(first, printing.TEXT["plats"])
    video = line_with(first, "https://video.example.se/sip-42")
    why = line_with(first, printing.TEXT["syfte"].split(".")[0][:40])
    who_else = line_with(first, printing.ROW_TEXT["kallade"][0]["verksamhet"])
    assert at < place < video < why < who_else
    # whom the meeting is for comes before the time
    assert line_with(first, printing.TEXT["person-namn"]) < at
    everything = flat(" ".join(l for p in pages for _, l in lines(p)))
    # the duty to attend, as the form holds it, is on paper
    duty = next(s["hint"] for s in form["sections"] if s["id"] == "narvaro")
    assert flat(duty) in everything
    # the sender block, with the day it is sent
    for key in ("avsandare-namn", "avsandare-titel", "avsandare-enhet", "avsandare-telefon", "avsandare-epost"):
        assert flat(printing.TEXT[key]) in everything, key
    assert flat(in_words(dt.date.today())) in everything
    # what is for the sender only is not
    for internal in INTERNAL["kallelse"]:
        assert flat(field_label(form, internal)) not in everything, internal
    assert flat(SHORT) not in everything
    assert flat(field_label(form, "avsandare-namn") + printing.TEXT["avsandare-namn"]) not in everything
    # page numbers and the person's name on every page
    every_page_numbered(pages)
    for words in pages:
        assert flat(printing.TEXT["person-namn"]) in flat(" ".join(w[0] for w in words))
        assert printing.overlaps(words) == []


def test_a_blank_kallelse_still_prints_the_form_to_fill_in_by_hand(page, base_url):
    page.goto(f"{base_url}blanketter/kallelse.html")
    page.wait_for_selector("[data-action=check]:not([hidden])")
    text = " ".join(" ".join(w[0] for w in p) for p in printing.word_boxes(printing.print_pdf(page)))
    form = FORMS["kallelse"]
    assert flat(field_label(form, "plats")) in flat(text)
    assert "Sida 1 av" in text


# ---------- the plan the family is handed ----------

def test_printed_plan_numbers_the_four_points_and_has_lines_to_sign(page, base_url):
    form = FORMS["samordningsplan"]
    open_filled(page, base_url, "samordningsplan", child=True)
    pdf = printing.print_pdf(page)
    assert len(pdf) < 100_000  # the 1177 exchange takes a SIP as a PDF of at most 100 KB
    pages = printing.word_boxes(pdf)
    all_lines = [l for p in pages for _, l in lines(p)]
    # the four points of the law, each numbered, each with what was typed under it
    numbered = [l for l in all_lines if re.match(r"^(1|2 a|2 b|3|4)\. ", l)]
    assert [re.match(r"^(1|2 a|2 b|3|4)\.", l).group(1) for l in numbered] == ["1", "2 a", "2 b", "3", "4"], numbered
    text = flat(" ".join(all_lines))
    for key in ("sip-insatser", "sip-region", "sip-kommun", "sip-andra"):
        assert flat(printing.TEXT[key]) in text
    # the next follow-up on page 1, in words
    first = lines(pages[0])
    line_with(first, in_words(printing.DATES["uppfoljning-datum"]))
    # lines to sign: the person and, for a child, the custodian named among the participants
    sign = next(b for b in form["paper"]["blocks"] if b["kind"] == "signatures")
    after = all_lines[next(i for i, l in enumerate(all_lines) if flat(l) == flat(sign["heading"])):]
    assert re.match(re.escape(sign["text"][:30]), after[1]), after[:3]
    assert any(re.fullmatch(re.escape(sign["person"]) + " " + re.escape(printing.TEXT["person-namn"]), l)
               for l in after), after
    custodian = printing.ROW_TEXT["deltagare"][1]["namn"]
    assert any(re.fullmatch(re.escape(sign["custodian"]) + " " + re.escape(custodian), l) for l in after), after
    assert " ".join(sign["sign_columns"]) in after
    every_page_numbered(pages)
    for words in pages:
        assert printing.overlaps(words) == []


def test_a_plan_for_a_child_without_a_named_custodian_gets_empty_lines(page, base_url):
    form = FORMS["samordningsplan"]
    open_filled(page, base_url, "samordningsplan")
    page.get_by_label(printing.label_re(field_label(form, "galler-barn"))).check()
    sign = next(b for b in form["paper"]["blocks"] if b["kind"] == "signatures")
    all_lines = [l for p in printing.word_boxes(printing.print_pdf(page)) for _, l in lines(p)]
    assert len([l for l in all_lines if l.strip() == sign["custodian"]]) == sign["blank"]


# ---------- Word ----------

def docx_text(document) -> tuple[list[str], list[list[list[str]]]]:
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def download_word(page) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("button", name=UI["word"], exact=True).first.click()
    return Path(download.value.path()).read_bytes()


@pytest.mark.parametrize("form_id", PAPER_FORMS)
def test_word_file_holds_every_typed_value(page, base_url, form_id):
    form = FORMS[form_id]
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    open_filled(page, base_url, form_id)
    loaded_before = [u for u in requests if "/vendor/docx" in u]
    data = download_word(page)
    assert loaded_before == [] and [u for u in requests if "/vendor/docx" in u]  # fetched only when asked for
    assert errors == []
    document = docx.Document(io.BytesIO(data))
    paragraphs, tables = docx_text(document)
    text = flat(" ".join(paragraphs + [c for t in tables for r in t for c in r]))
    # every field the form has is on paper, except what is for the sender only
    ids = {f["id"] for s in form["sections"] for f in s["fields"]}
    assert ids - paper_fields(form) == INTERNAL[form_id]
    typed = [v for k, v in printing.TEXT.items() if k in ids and k not in INTERNAL[form_id]]
    for group in ids & set(printing.ROW_TEXT):
        children = {c["id"] for s in form["sections"] for f in s["fields"] if f["id"] == group for c in f["fields"]}
        typed += [v for row in printing.ROW_TEXT[group][:printing.ROWS[group]] for k, v in row.items() if k in children]
    assert len(typed) > 5
    for value in typed:
        assert flat(value) in text, value
    for key, day in printing.DATES.items():
        if key in ids:
            assert flat(in_words(day)) in text or flat(in_words(day, weekday=True)) in text, key
    assert flat(SHORT) not in text
    # a document with structure: the title, headings, and a table per repeated group
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2"} <= styles
    assert document.paragraphs[0].text == form["title"]
    groups = [b for b in form["paper"]["blocks"] if b["kind"] == "table"]
    heads = [t[0] for t in tables]
    for block in groups:
        group = next(f for s in form["sections"] for f in s["fields"] if f["id"] == block["field"])
        labels = [next(c["label"] for c in group["fields"] if c["id"] == col) for col in block["columns"]]
        assert labels in heads, labels
    # the person's name and the page numbers in the header and footer
    section = document.sections[0]
    assert printing.TEXT["person-namn"] in " ".join(p.text for p in section.header.paragraphs)
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_word_file_opens_in_libreoffice(page, base_url, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (libreoffice-writer-nogui) is needed: .ci/run installs it"
    open_filled(page, base_url, "samordningsplan", child=True)
    source = tmp_path / "plan.docx"
    source.write_bytes(download_word(page))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=300)
    pdf = (tmp_path / "plan.pdf").read_bytes()
    pages = printing.word_boxes(pdf)
    text = flat(" ".join(w[0] for p in pages for w in p))
    assert flat(printing.TEXT["person-namn"]) in text
    assert flat(printing.TEXT["sip-kommun"]) in text
    assert flat("4. Huvudman med övergripande ansvar för planen") in text
    assert flat(UI["print_pages"].format(page=1, pages=len(pages))) in text


# ---------- a light page ----------

class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.src: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.src.append(a["src"])


@pytest.mark.parametrize("form_id", FORMS)
def test_a_form_page_loads_one_script_of_its_own(site_dir, form_id):
    parser = _Scripts()
    parser.feed((site_dir / "blanketter" / f"{form_id}.html").read_text(encoding="utf-8"))
    own = [s for s in parser.src if not s.endswith("assets/site.js") and "/javascripts/" not in s]
    assert len(own) == 1 and re.search(r"assets/forms\.[0-9a-f]{10}\.js$", own[0]), parser.src
    bundle = (site_dir / "blanketter" / own[0]).read_text(encoding="utf-8")
    # the parts in their order, forms.js first and forms-paper.js after forms-print.js
    names = re.findall(r"^/\* (forms[\w-]*\.js) \*/$", bundle, flags=re.M)
    assert names[0] == "forms.js" and names.index("forms-print.js") < names.index("forms-paper.js")
    assert ("forms-calendar.js" in names) == bool(FORMS[form_id].get("calendar"))
