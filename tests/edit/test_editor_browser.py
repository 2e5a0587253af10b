"""The editor in a browser, by visible labels, on a copy of the project."""
from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import sign_in
from editing import git_diff

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SHOTS = Path("/tmp/issue18-shots")
ROUTINE = "content/routines/vastra-gotaland.yml"


def open_routine(page, server):
    sign_in(page, server)
    page.get_by_role("link", name="Västra Götaland: rutin för samordning av insatser").click()
    page.wait_for_selector("[data-add]:not([hidden])")


def section_title(page, number: int):
    return page.get_by_role("group", name=f"Avsnitt {number}", exact=True).get_by_label("Rubrik", exact=True).first


def test_change_a_section_title_and_save(editor, project, page):
    server, base = editor
    open_routine(page, server)
    section_title(page, 2).fill("Vem gäller rutinen för i dag?")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Ändringen är sparad.")).to_be_visible(timeout=30000)
    diff = git_diff(project)
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ['-    title: "Vem gäller rutinen för?"', '+    title: "Vem gäller rutinen för i dag?"']
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "save.diff").write_text(diff, encoding="utf-8")
    page.set_content("<pre style='font: 15px monospace; padding: 1em'></pre>")
    page.eval_on_selector("pre", "(el, text) => { el.textContent = '$ git diff\\n' + text; }", diff)
    page.screenshot(path=str(SHOTS / "save-git-diff.png"), full_page=True)


def test_add_and_remove_a_list_item(editor, project, page):
    server, base = editor
    open_routine(page, server)
    sources = page.get_by_role("group", name="Källor", exact=True).first
    count = sources.locator("[data-item]").count()
    sources.get_by_role("button", name="Lägg till källa").click()
    new = page.get_by_label(f"Källa {count + 1}", exact=True)
    assert new.evaluate("el => el === document.activeElement")  # focus moves to the new row
    new.fill("vg-sip-fyrbodal")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Ändringen är sparad.")).to_be_visible(timeout=30000)
    # the new source at the end of the list, written in the list's own flow style
    before = yaml.safe_load(subprocess.run(["git", "show", f"HEAD:{ROUTINE}"], cwd=project, capture_output=True,
                                           text=True, check=True).stdout)["sources"]
    line = "sources: [" + ", ".join(before + ["vg-sip-fyrbodal"]) + "]"
    assert line in (project / ROUTINE).read_text(encoding="utf-8").splitlines(), git_diff(project)
    page.wait_for_selector("[data-add]:not([hidden])")
    page.get_by_role("button", name=f"Ta bort Källa {count + 1}").press("Enter")  # by keyboard
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Ändringen är sparad.")).to_be_visible(timeout=30000)
    assert git_diff(project) == ""


def test_move_an_item_by_keyboard(editor, project, page):
    server, base = editor
    open_routine(page, server)
    button = page.get_by_role("button", name="Flytta ned Avsnitt 1", exact=True)
    button.focus()
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Avsnitt 2" in focused  # the moved section keeps the focus, with its new number
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Ändringen är sparad.")).to_be_visible(timeout=30000)
    import yaml
    ids = [s["id"] for s in yaml.safe_load((project / ROUTINE).read_text(encoding="utf-8"))["sections"]]
    assert ids[:2] == ["malgrupp", "bakgrund"]


def test_an_invalid_value_shows_its_error_and_leaves_the_file(editor, project, page):
    server, base = editor
    before = (project / ROUTINE).read_bytes()
    open_routine(page, server)
    section_title(page, 2).fill("")
    page.get_by_label("Id", exact=True).first.fill("Västra Götaland")
    page.get_by_role("button", name="Spara", exact=True).click()
    summary = page.locator(".error-summary")
    summary.wait_for(timeout=30000)
    assert summary.evaluate("el => el === document.activeElement")
    field = section_title(page, 2)
    assert field.get_attribute("aria-invalid") == "true"
    message = page.locator("#" + field.get_attribute("id") + "-error")
    assert "får inte vara tom" in message.inner_text()
    assert "små bokstäver" in page.locator("#f-id-error").inner_text()
    assert (project / ROUTINE).read_bytes() == before
    summary.get_by_role("link").filter(has_text="Avsnitt 2, Rubrik").click()
    assert field.evaluate("el => el === document.activeElement")
    SHOTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "edit-page-with-error.png"))
    field.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "error-next-to-field.png"))


def test_markdown_preview_uses_the_sites_pipeline(editor, page):
    server, base = editor
    open_routine(page, server)
    intro = page.get_by_label("Inledning", exact=True)
    intro.fill("Om [[samordnare|samordnaren]] och [SIP](sida:arbetssatt/sip).")
    intro.locator("xpath=..").get_by_role("button", name="Förhandsgranska").click()
    out = page.frame_locator("#" + intro.get_attribute("id") + "-preview iframe")
    out.locator("a").first.wait_for()
    assert out.locator("a.term").inner_text() == "samordnaren"
    assert out.locator("a").nth(1).get_attribute("href").endswith("arbetssatt/sip.md")


def test_axe_zero_on_the_list_and_an_edit_page(editor, page):
    server, base = editor
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    sign_in(page, server)
    assert page.url == base + "/"  # the key left the address bar
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("link", name="Västra Götaland: rutin för samordning av insatser").click()
    page.wait_for_selector("[data-add]:not([hidden])")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Inget har ändrats")).to_be_visible(timeout=30000)
    assert [u for u in requests if not u.startswith(base)] == []
    assert console == []
