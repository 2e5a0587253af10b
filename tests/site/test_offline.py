"""The offline edition (make offline): unpacked and opened from the file system."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import fill_check_and_save
from generator.build import offline

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("offline")
    archive = work / "offline.zip"
    assert offline(ROOT, archive) == 0
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        zf.extractall(work / "x")
    # the theme's source maps serve only a debugger: not packed (generator/build.py)
    assert any(n.endswith(".min.js") for n in names) and not [n for n in names if n.endswith(".map")]
    return work / "x" / "samordnad-planering"


def url(unpacked: Path, page: str) -> str:
    return (unpacked / page).as_uri()


def test_navigation_and_search_from_files(page, unpacked):
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url(unpacked, "index.html"))
    page.locator("nav.md-nav--primary a[href='rutiner/vastra-gotaland.html']").first.click(force=True)
    page.wait_for_url("**/rutiner/vastra-gotaland.html")
    assert "Västra Götaland" in page.locator("article h1").inner_text()
    page.get_by_role("textbox", name="Sök").fill("samtycke")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    assert any("#samtycke" in (h or "") for h in results.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert errors == []
    assert [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))] == []


def test_form_fill_check_save_open_and_pdf_from_files(page, unpacked, tmp_path):
    page.goto(url(unpacked, "blanketter/kallelse.html"))
    summary_shown, draft_file = fill_check_and_save(page, "Offline åäö")
    assert summary_shown
    draft = json.loads(draft_file.read_text(encoding="utf-8"))
    assert draft["values"]["person-namn"] == "Offline åäö"
    page.reload()
    page.wait_for_selector("[data-action=check]:not([hidden])")
    path = tmp_path / "utkast.json"
    path.write_text(json.dumps(draft), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Öppna utkast", exact=True).first.click()
    chooser.value.set_files(str(path))
    expect(page.locator("#f-person-namn")).to_have_value("Offline åäö")
    page.emulate_media(media="print")
    assert b"%PDF" in page.pdf()[:8]
    page.emulate_media(media="screen")
    pdf = page.locator("a[href='kallelse.pdf']")
    assert (unpacked / "blanketter" / "kallelse.pdf").read_bytes()[:5] == b"%PDF-"
    assert pdf.count() == 2  # in the toolbar above the form and in the one where it ends


def test_checklist_from_files(page, unpacked):
    page.goto(url(unpacked, "arbetssatt/checklistor/fore-motet.html"))
    page.locator(".checklist__item input").first.check()
    assert page.get_by_role("status").inner_text().startswith("1 ")
