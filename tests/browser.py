"""Shared browser set-up for the site tests: Debian's Chromium when present,
otherwise Playwright's own (see DEVELOPERS.md and scripts/ensure-browser.sh)."""
from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run", "--disable-gpu"]


def launch(playwright):
    if CHROMIUM.exists() and not os.environ.get("USE_PLAYWRIGHT_CHROMIUM"):
        return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    return playwright.chromium.launch(args=ARGS)


def fill_check_and_save(page, name: str) -> tuple[bool, Path]:
    """On the kallelse form: type the person's name, press "Granska" and save a draft.
    Returns whether the error summary showed (other required fields are empty) and
    the downloaded draft file."""
    page.wait_for_selector("[data-action=check]:not([hidden])")
    page.locator("#f-person-namn").fill(name)
    page.get_by_role("button", name="Granska", exact=True).first.click()
    summary_shown = page.locator("#error-summary").is_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Spara utkast", exact=True).first.click()
    return summary_shown, Path(info.value.path())
