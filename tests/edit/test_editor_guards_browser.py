"""The editor's guards in a browser: the preview's frame, two tabs on one file, a change
too large to send, a full disk."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import yaml
from playwright.sync_api import expect

from conftest import sign_in
from generator.edit import document

# screenshots to look at, only when asked for: SHOTS_DIR=/some/folder pytest ...
SHOTS = Path(os.environ["SHOTS_DIR"]) if os.environ.get("SHOTS_DIR") else None
PAGE = "content/pages/om-webbplatsen.md"
ROUTINE = "content/routines/vastra-gotaland.yml"


def _front(project, rel) -> dict:
    text = (project / rel).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---", 1)[0].lstrip("-\n") if rel.endswith(".md") else text)


def _watch(page) -> tuple[list, list]:
    """Navigations of the tab itself and every request made after this point."""
    navigations, requests = [], []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    page.on("request", lambda request: requests.append((request.method, request.url)))
    return navigations, requests


def _shot(page, name):
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def _open(page, editor, project, rel):
    """Signed in, `rel` open in the editor: (base URL, the file's bytes before any edit)."""
    server, base = editor
    sign_in(page, server)
    page.goto(f"{base}/edit?fil={rel}")
    return base, (project / rel).read_bytes()


def test_the_preview_changes_no_field_and_does_not_navigate_the_tab(editor, project, page):
    base, before = _open(page, editor, project, PAGE)
    body = page.get_by_label("Sidans text", exact=True)
    original = body.input_value()
    navigations, requests = _watch(page)
    body.fill(original + "\n\nX \\`<input type=\"hidden\" name=\"title\" value=\"Kapad titel\">\\` Y\n\n"
              "Z \\`<meta http-equiv=\"refresh\" content=\"0;url=/kapad\">\\` W\n")
    body.locator("xpath=..").get_by_role("button", name="Förhandsgranska").click()
    out = page.locator("#" + body.get_attribute("id") + "-preview")
    frame = page.frame_locator("#" + body.get_attribute("id") + "-preview iframe")
    shown = out.locator("iframe:visible, [data-preview-refused]:visible").first
    shown.wait_for()
    if shown.evaluate("el => el.matches('iframe')"):  # the check let it through: the frame holds it
        expect(frame.locator("body")).to_contain_text("Y")
        assert frame.locator("input[name=title]").count() in (0, 1)
        out.locator("iframe").scroll_into_view_if_needed()
        page.wait_for_timeout(1500)  # a refresh after 0 s would have happened by now
    else:  # refused by the allow-list: the reasons, as text, and no frame
        assert "HTML" in out.locator("[data-preview-refused]").inner_text()
    _shot(page, "preview-injection.png")
    assert page.url == f"{base}/edit?fil={PAGE}", page.url
    assert navigations == [], navigations
    assert not [url for _m, url in requests if "kapad" in url]
    assert page.locator("input[name=title]").count() == 1  # only the form's own field
    # the paragraph deleted again and saved: nothing has changed, the title least of all
    body.fill(original)
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Inget har ändrats")).to_be_visible(timeout=30000)
    assert (project / PAGE).read_bytes() == before and _front(project, PAGE)["title"] == "Om webbplatsen"


def test_the_preview_frame_runs_no_script_submits_no_form_and_navigates_nothing(editor, project, page):
    """Whatever reaches the frame (a gap in the allow-list): the sandbox holds."""
    base, before = _open(page, editor, project, PAGE)
    body = page.get_by_label("Sidans text", exact=True)
    body.locator("xpath=..").get_by_role("button", name="Förhandsgranska").click()
    frame_el = page.locator("#" + body.get_attribute("id") + "-preview iframe")
    frame_el.wait_for()
    navigations, requests = _watch(page)
    hostile = (f'<form method="post" action="{base}/edit?fil={PAGE}" target="_top">'
               '<input name="title" value="Kapad titel"><button id="go">Skicka</button></form>'
               f'<meta http-equiv="refresh" content="0;url={base}/kapad">'
               f'<a id="away" href="{base}/kapad" target="_top">bort</a>'
               '<script src="/static/editor.js"></script>'
               f'<script>top.location = "{base}/kapad"; document.forms[0].submit();</script>')
    frame_el.evaluate("(el, html) => { el.srcdoc = html; }", hostile)
    frame = page.frame_locator("#" + body.get_attribute("id") + "-preview iframe")
    expect(frame.locator("#go")).to_be_visible()
    frame_el.scroll_into_view_if_needed()
    for target in ("#go", "#away"):  # a real click at the element's place, as a user's
        box = frame.locator(target).bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(1500)
    assert page.url == f"{base}/edit?fil={PAGE}", page.url
    assert navigations == [], navigations
    assert [r for r in requests if r[0] == "POST" or "kapad" in r[1]] == []
    assert (project / PAGE).read_bytes() == before


def test_two_tabs_keep_both_edits_and_a_conflict_shows_both(editor, project, page):
    server, base = editor
    sign_in(page, server)
    tab_a, tab_b = page, page.context.new_page()
    for tab in (tab_a, tab_b):
        tab.goto(f"{base}/edit?fil={ROUTINE}")
        tab.wait_for_selector("[data-add]:not([hidden])")
    tab_a.locator("#f-title").fill("Västra Götaland: rutin, rubrik från flik A")
    tab_a.get_by_role("button", name="Spara", exact=True).click()
    expect(tab_a.get_by_role("status").filter(has_text="Ändringen är sparad.")).to_be_visible(timeout=30000)
    tab_b.locator("#f-description").fill("Beskrivning från flik B.")
    tab_b.get_by_role("button", name="Spara", exact=True).click()
    expect(tab_b.get_by_role("status").filter(has_text="Båda ändringarna")).to_be_visible(timeout=30000)
    _shot(tab_b, "two-tabs-merged.png")
    data = _front(project, ROUTINE)
    assert data["title"] == "Västra Götaland: rutin, rubrik från flik A"
    assert data["description"] == "Beskrivning från flik B."
    assert tab_b.locator("#f-title").input_value() == data["title"]  # B's page shows A's edit now
    # both on the same line
    tab_a.locator("#f-title").fill("Rubrik A, andra gången")
    tab_a.get_by_role("button", name="Spara", exact=True).click()
    expect(tab_a.get_by_role("status").filter(has_text="Ändringen är sparad.")).to_be_visible(timeout=30000)
    tab_b.locator("#f-title").fill("Rubrik B, andra gången")
    tab_b.get_by_role("button", name="Spara", exact=True).click()
    conflict = tab_b.get_by_role("region", name="Två versioner av filen")
    expect(conflict).to_be_visible(timeout=30000)
    theirs = conflict.get_by_role("region", name="Den andras ändring (sparad i filen nu)")
    yours = conflict.get_by_role("region", name="Din ändring (inte sparad, finns kvar i formuläret)")
    assert '+title: "Rubrik A, andra gången"' in theirs.inner_text()
    assert '+title: "Rubrik B, andra gången"' in yours.inner_text()
    assert tab_b.locator("#f-title").input_value() == "Rubrik B, andra gången"
    assert _front(project, ROUTINE)["title"] == "Rubrik A, andra gången"
    assert tab_b.locator(".error-summary").evaluate("el => el === document.activeElement")
    tab_b.evaluate("window.scrollTo(0, 0)")
    _shot(tab_b, "two-tabs-conflict.png")
    tab_b.set_viewport_size({"width": 320, "height": 800})
    _shot(tab_b, "two-tabs-conflict-320.png")
    tab_b.set_viewport_size({"width": 1280, "height": 800})
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(tab_b, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    assert results.violations_count == 0, results.generate_report()
    # saved again, having seen both: B's title, and B's earlier description still there
    tab_b.get_by_role("button", name="Spara", exact=True).click()
    expect(tab_b.get_by_role("status").filter(has_text="Båda ändringarna")).to_be_visible(timeout=30000)
    data = _front(project, ROUTINE)
    assert data["title"] == "Rubrik B, andra gången" and data["description"] == "Beskrivning från flik B."


def test_a_change_too_large_to_send_stays_in_the_form(editor, project, page):
    base, before = _open(page, editor, project, ROUTINE)
    page.wait_for_selector("[data-add]:not([hidden])")
    navigations, requests = _watch(page)
    intro = page.get_by_label("Inledning", exact=True)
    intro.evaluate("el => { el.value = 'Lång text. '.repeat(400000); }")  # 4.4 MB
    page.get_by_role("button", name="Spara", exact=True).click()
    summary = page.locator("[data-size-summary]")
    expect(summary).to_contain_text("större än 4 MB")
    assert summary.evaluate("el => el === document.activeElement")
    assert intro.evaluate("el => el.value.length") == len("Lång text. ") * 400000
    assert [r for r in requests if r[0] == "POST"] == [] and navigations == []
    assert (project / ROUTINE).read_bytes() == before
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "too-large.png")


def test_a_full_disk_shows_the_edit_page_with_the_typed_edits(editor, project, page, monkeypatch):
    server, base = editor

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(document, "_write_atomic", full)
    sign_in(page, server)
    page.goto(f"{base}/edit?fil={ROUTINE}")
    page.wait_for_selector("[data-add]:not([hidden])")
    before = (project / ROUTINE).read_bytes()
    page.locator("#f-title").fill("En rubrik som inte får försvinna")
    page.get_by_role("button", name="Spara", exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("disken är full", timeout=30000)
    assert page.locator("#f-title").input_value() == "En rubrik som inte får försvinna"
    assert (project / ROUTINE).read_bytes() == before
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "disk-full.png")
