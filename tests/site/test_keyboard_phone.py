"""Small defects a keyboard or phone user meets (issue 20), tried as they would."""
from __future__ import annotations

import io
import re
from pathlib import Path

import yaml
from PIL import Image

import printing

ROOT = Path(__file__).resolve().parents[2]
UI = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))["ui"]
SELFCHECK = yaml.safe_load((ROOT / "content" / "method" / "nar-erbjuda.yml").read_text(encoding="utf-8"))
PALETTE = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["palette"]
LONG_TITLE_PAGE = "rutiner/stockholm-policy.html"  # "... kring vuxna med utvecklingsstörning"


def _focused(page) -> dict:
    return page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
        return {tag: a.tagName, inSearch: !!a.closest('.md-search__output'), width: r.width, height: r.height,
                visible: r.width > 0 && r.height > 0 && getComputedStyle(a).visibility !== 'hidden'}; }""")


def test_tab_after_the_search_field_reaches_something_visible(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base_url}rutiner/vastra-gotaland.html")
    for query in ("", "samtycke"):
        field = page.get_by_role("textbox", name="Sök")
        field.click()
        field.fill(query)
        page.keyboard.press("Tab")
        focused = _focused(page)
        assert not focused["inSearch"] and focused["visible"], focused
    # the results are still there for the keyboard: arrow down from the field
    field.click()
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.activeElement.closest('.md-search-result__list') !== null")


def test_dark_mode_toggle_answers_space_and_enter(page, base_url):
    page.goto(f"{base_url}index.html")
    light, dark = PALETTE[0], PALETTE[1]
    scheme = lambda: page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
    assert scheme() == light["scheme"]
    page.get_by_role("radio", name=light["toggle"]["name"]).focus()
    page.keyboard.press("Space")
    assert scheme() == dark["scheme"]
    # the focus stays on the toggle, which now offers the way back
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == dark["toggle"]["name"]
    page.keyboard.press("Space")
    assert scheme() == light["scheme"]
    page.keyboard.press("Enter")  # the theme's own key still works
    assert scheme() == dark["scheme"]


def _luminance(rgb) -> float:
    c = [v / 255 for v in rgb[:3]]
    c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def test_phone_menu_logo_stands_out_from_its_background(page, base_url):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(f"{base_url}index.html")
    page.locator("label.md-header__button[for=__drawer]").click()  # the theme's menu button has no name
    menu = page.get_by_role("navigation", name="Navigation")
    logo = menu.get_by_role("link", name=yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_name"]).first
    logo.wait_for(state="visible")
    page.wait_for_timeout(400)  # the drawer slides in
    image = Image.open(io.BytesIO(logo.screenshot())).convert("RGB")
    colours = image.getcolors(image.width * image.height)
    background = max(colours)[1]
    strokes = [c for n, c in colours if n >= 20 and c != background]
    assert strokes, "the logo does not show in the menu"
    lb = _luminance(background)
    best = max((max(lb, _luminance(c)) + 0.05) / (min(lb, _luminance(c)) + 0.05) for c in strokes)
    assert best >= 3, f"logo contrast {best:.2f}:1 on {background} (WCAG 1.4.11 asks 3:1)"


def test_long_page_title_in_the_header_is_not_cut_off(page, base_url):
    for width in (1000, 1280):
        page.set_viewport_size({"width": width, "height": 700})
        page.goto(f"{base_url}{LONG_TITLE_PAGE}")
        title = page.get_by_role("heading", level=1).inner_text()
        page.mouse.wheel(0, 1500)  # past the h1: the header shows the page title
        topic = page.locator("[data-md-component=header-topic] .md-ellipsis")
        page.wait_for_function("() => document.querySelector('[data-md-component=header-title]')"
                               ".classList.contains('md-header__title--active')")
        assert re.sub(r"\s+", " ", topic.inner_text()).strip() == title
        box = topic.evaluate("e => ({sh: e.scrollHeight, ch: e.clientHeight, sw: e.scrollWidth, cw: e.clientWidth,"
                             " bottom: e.getBoundingClientRect().bottom,"
                             " header: document.querySelector('.md-header').getBoundingClientRect().bottom})")
        assert box["sh"] <= box["ch"] + 1 and box["sw"] <= box["cw"] + 1, (width, box)
        assert box["bottom"] <= box["header"], (width, box)


def test_blank_selfcheck_prints_both_outcomes(page, base_url, tmp_path):
    page.goto(f"{base_url}arbetssatt/nar-erbjuda.html")
    page.get_by_role("button", name=SELFCHECK["show_answer"]).wait_for()
    paper = " ".join(" ".join(w[0] for w in words) for words in printing.word_boxes(printing.print_pdf(page)))
    assert UI["selfcheck_static_yes"] in paper and UI["selfcheck_static_no"] in paper
    assert SELFCHECK["show_answer"] not in paper  # a button does nothing on paper
    # answered: the paper shows the answer that fits, not both outcomes
    for q in SELFCHECK["questions"]:
        group = page.get_by_role("group", name=re.compile(re.escape(q["text"][:40])))
        group.get_by_label(SELFCHECK["no"], exact=True).check()
    page.get_by_role("button", name=SELFCHECK["show_answer"]).click()
    paper = " ".join(" ".join(w[0] for w in words) for words in printing.word_boxes(printing.print_pdf(page)))
    assert UI["selfcheck_result"] in paper and UI["selfcheck_static_yes"] not in paper
