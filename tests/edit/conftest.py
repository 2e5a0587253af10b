"""The editor on a copy of the project (never the tracked files), and a browser."""
from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from editing import copy_project, git_diff  # noqa: F401 (git_diff used by the tests)
from generator.edit.server import make_server

ROOT = Path(__file__).resolve().parents[2]






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




