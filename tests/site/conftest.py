"""The built site, served on 127.0.0.1, and a browser to look at it with."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.build import build

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """Build the real content into a fresh folder (the project's site/ is not touched)."""
    out = tmp_path_factory.mktemp("built") / "site"
    assert build(ROOT, site_dir=out, quiet=True) == 0, "the site did not build"
    return out


@pytest.fixture(scope="session")
def pages(site_dir) -> list[str]:
    """Every HTML page of the built site, as a path relative to the site root."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()






def site_pages() -> list[str]:
    """Every page the content defines, plus the 404 page (known before the build)."""
    from generator.content import load_content
    content = load_content(ROOT / "content")
    return sorted(f"{page_id}.html" for page_id in content.pages) + ["404.html"]


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", site_pages())


# ---------- the figures for the accessibility statement ----------
AXE_RUNS: list[tuple[str, str, int]] = []  # (page, scheme, violations), filled by test_pages


def pytest_sessionfinish(session, exitstatus):
    """After a run that checked every page in both palettes, write the figures the
    accessibility statement shows (content/system/test-results.yml). With several
    workers (pytest-xdist) each worker leaves its runs in a file and the main
    process adds them up."""
    import datetime as dt
    import json
    import os
    import re

    import axe_playwright_python
    import yaml

    runs_dir = ROOT / "build" / "axe-runs"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        runs_dir.mkdir(parents=True, exist_ok=True)
        (runs_dir / f"{worker}.json").write_text(json.dumps(AXE_RUNS), encoding="utf-8")
        return
    runs = list(AXE_RUNS)
    if runs_dir.exists():
        for f in runs_dir.glob("*.json"):
            runs += [tuple(r) for r in json.loads(f.read_text(encoding="utf-8"))]
        shutil.rmtree(runs_dir, ignore_errors=True)
    pages = {p for p, _, _ in runs}
    if not pages or pages != set(site_pages()) or len(runs) != 2 * len(pages):
        return
    header = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")[:200]
    version = re.search(r"axe v([\d.]+)", header)
    data = {
        "date": dt.date.today().isoformat(),
        "pages": len(pages),
        "checks": len(runs),
        "violations": sum(v for _, _, v in runs),
        "axe": version.group(1) if version else "?",
    }
    target = ROOT / "content" / "system" / "test-results.yml"
    target.write_text("# Written by the browser tests (tests/site/conftest.py); shown in the\n"
                      "# accessibility statement. Do not edit by hand.\n" + yaml.safe_dump(data, sort_keys=False),
                      encoding="utf-8")
