"""The editor on a copy of the project (never the tracked files), and a browser."""
from __future__ import annotations

import http.client
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


def sign_in(page, server) -> None:
    """The address the terminal shows, opened once in the browser: it sets the cookie."""
    page.goto(server.editor.login_url())


def session_cookie(server) -> str:
    """`Cookie:` header value from exchanging the printed key over plain HTTP (once per server)."""
    if not getattr(server, "test_cookie", None):
        conn = http.client.HTTPConnection("127.0.0.1", server.editor.port)
        conn.request("GET", "/?token=" + server.editor.login, headers={"Host": f"127.0.0.1:{server.editor.port}"})
        response = conn.getresponse()
        response.read()
        assert response.status == 303, response.status
        server.test_cookie = response.getheader("Set-Cookie").split(";")[0]
    return server.test_cookie
