"""The built site, served on 127.0.0.1, and a browser to look at it with."""
from __future__ import annotations

import functools
import http.server
import os
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import build

ROOT = Path(__file__).resolve().parents[2]


# the engine that builds the site under test: SITE_ENGINE=zensical runs the same page
# checks on Zensical's build (make test does both)
ENGINE = os.environ.get("SITE_ENGINE", "mkdocs-material")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """Build the real content into a fresh folder (the project's site/ is not touched)."""
    out = tmp_path_factory.mktemp("built") / "site"
    assert build(ROOT, site_dir=out, quiet=True, engine=ENGINE) == 0, "the site did not build"
    return out


@pytest.fixture(scope="session")
def pages(site_dir) -> list[str]:
    """Every HTML page of the built site, as a path relative to the site root."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


class _StylesheetLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet":
            self.hrefs.append(a["href"])


def stylesheet_links(site_dir: Path, path: str) -> list[str]:
    """The href of every stylesheet a built page links, in order (an HTML parser)."""
    parser = _StylesheetLinks()
    parser.feed((site_dir / path).read_text(encoding="utf-8"))
    return parser.hrefs


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
RUNS_DIR = ROOT / "build" / "axe-runs"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    """Leave this process's axe runs in build/axe-runs/ (one file per pytest-xdist worker,
    or "main" without workers); tests/conftest.py adds them up in the main process, which
    under xdist never loads this file."""
    import json

    if not AXE_RUNS:
        return
    RUNS_DIR.mkdir(parents=True, exist_ok=True)
    name = os.environ.get("PYTEST_XDIST_WORKER", "main")
    (RUNS_DIR / f"{name}.json").write_text(json.dumps(AXE_RUNS), encoding="utf-8")
