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
