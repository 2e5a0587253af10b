"""The editor on a copy of the project (never the tracked files), and a browser."""
from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from generator.edit.server import make_server

ROOT = Path(__file__).resolve().parents[2]


def copy_project(dest: Path) -> Path:
    """content/ and forms/ copied into a fresh git repository, so a save shows as a diff."""
    for top in ("content", "forms"):
        shutil.copytree(ROOT / top, dest / top)
    git = ["git", "-C", str(dest), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "start"], check=True)
    return dest


def git_diff(project: Path) -> str:
    return subprocess.run(["git", "-C", str(project), "diff", "--no-color"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def editor(project):
    server = make_server(project, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.editor.port}"
    server.shutdown()
    server.server_close()


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
