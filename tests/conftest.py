import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


# One browser per test process, shared by tests/site and tests/edit: Playwright's sync API
# cannot run twice at once in the same process.
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from browser import launch
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()
# ---------- the figures for the accessibility statement ----------
# Here, not in tests/site/conftest.py: under pytest-xdist the main process collects no
# tests, so it loads only this conftest and the one of a folder named on the command line.

RUNS_DIR = ROOT / "build" / "axe-runs"


def pytest_sessionstart(session):
    import os
    import shutil
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        shutil.rmtree(RUNS_DIR, ignore_errors=True)  # runs of an earlier session never count


def pytest_sessionfinish(session, exitstatus):
    """After a run that checked every page in both palettes (tests/site/test_pages.py),
    write the figures the accessibility statement shows to build/a11y/ (never into
    content/: `make a11y-report` checks them and copies them there for a maintainer
    to commit). Each process left its runs in build/axe-runs/; the main process adds
    them up."""
    import datetime as dt
    import json
    import os
    import re
    import shutil

    if os.environ.get("PYTEST_XDIST_WORKER") or not RUNS_DIR.exists():
        return
    runs = [tuple(r) for f in sorted(RUNS_DIR.glob("*.json")) for r in json.loads(f.read_text(encoding="utf-8"))]
    shutil.rmtree(RUNS_DIR, ignore_errors=True)
    from generator.content import load_content
    site_pages = {f"{page_id}.html" for page_id in load_content(ROOT / "content").pages} | {"404.html"}
    pages = {p for p, _, _ in runs}
    if not pages or pages != site_pages or len(runs) != 2 * len(pages):
        return
    import axe_playwright_python

    from generator import a11y_report
    header = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")[:200]
    version = re.search(r"axe v([\d.]+)", header)
    a11y_report.write(a11y_report.RESULTS, {
        "date": dt.date.today().isoformat(),
        "pages": len(pages),
        "checks": len(runs),
        "violations": sum(v for _, _, v in runs),
        "axe": version.group(1) if version else "?",
    }, engine=os.environ.get("SITE_ENGINE", "mkdocs-material"))
