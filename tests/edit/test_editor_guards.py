"""The editor's guards over plain HTTP: the cookie, the server's threads, the body's
length, saves that meet someone else's change, a full disk, a killed save."""
from __future__ import annotations

import errno
import http.client
import http.cookies
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import urllib.parse
from pathlib import Path

import lxml.html
import pytest

from conftest import session_cookie
from editing import ROOT
from generator.edit import adapter, document, formdata, server as edit_server

LAWS = "content/laws.yml"
PAGE = "content/pages/om-webbplatsen.md"
WORDS = formdata.Words({})


def _request(server, method, path, body=None, headers=None, cookie=True):
    conn = http.client.HTTPConnection("127.0.0.1", server.editor.port, timeout=20)
    base = {"Host": f"127.0.0.1:{server.editor.port}"}
    if cookie:
        base["Cookie"] = session_cookie(server)
    conn.request(method, path, body=body, headers={**base, **(headers or {})})
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")


def _form_of(page_html: str) -> dict[str, str]:
    """The edit form's fields as a browser would submit them (lxml's own form reader; a
    <template>'s content is no part of a form in a browser, so it goes first)."""
    doc = lxml.html.fromstring(page_html)
    form = doc.xpath('//form[contains(@class, "editor")]')[0]
    for template in form.xpath(".//template"):
        template.drop_tree()
    return dict(form.form_values())


def _open(server, rel) -> dict[str, str]:
    status, _, html = _request(server, "GET", "/edit?fil=" + urllib.parse.quote(rel))
    assert status == 200
    return _form_of(html)


def _save(server, rel, form: dict[str, str]):
    body = urllib.parse.urlencode(form).encode()
    return _request(server, "POST", "/edit?fil=" + urllib.parse.quote(rel), body,
                    {"Origin": f"http://127.0.0.1:{server.editor.port}",
                     "Content-Type": "application/x-www-form-urlencoded"})


def _title_in(project, rel) -> str:
    import yaml
    text = (project / rel).read_text(encoding="utf-8")
    if rel.endswith(".md"):
        text = text.split("\n---", 1)[0]
    return yaml.safe_load(text.lstrip("-\n"))["title"]


# --- the cookie --------------------------------------------------------------

def test_every_request_needs_the_cookie_and_the_key_works_once(editor, project):
    server, _base = editor
    ed = server.editor
    key, token = ed.login, ed.token
    for path in ("/", "/edit?fil=" + LAWS, "/static/editor.js", "/favicon.ico"):
        status, _, body = _request(server, "GET", path, cookie=False)
        assert status == 403, path
        assert token not in body and key not in body and ed.session not in body
    status, _, _ = _request(server, "POST", "/preview", b'{"text": "x"}',
                            {"Origin": f"http://127.0.0.1:{ed.port}", "X-Editor-Token": token}, cookie=False)
    assert status == 403
    status, _, _ = _request(server, "GET", "/edit?fil=" + LAWS, cookie=False,
                            headers={"Cookie": f"{ed.cookie}=" + "x" * 43})
    assert status == 403
    # the printed address, once: a cookie only scripts cannot read, sent to this site only
    status, headers, _ = _request(server, "GET", "/?token=" + key, cookie=False)
    assert status == 303 and headers["Location"] == "/"
    jar = http.cookies.SimpleCookie(headers["Set-Cookie"])
    morsel = jar[ed.cookie]
    assert morsel.value == ed.session
    assert morsel["httponly"] is True and morsel["samesite"] == "Strict" and morsel["path"] == "/"
    cookie = f"{ed.cookie}={morsel.value}"
    status, _, body = _request(server, "GET", "/edit?fil=" + LAWS, cookie=False, headers={"Cookie": cookie})
    assert status == 200 and "<form" in body
    status, headers, body = _request(server, "GET", "/?token=" + key, cookie=False)
    assert status == 403 and "Set-Cookie" not in headers and "redan använts" in body


# --- threads and the body's length --------------------------------------------

def test_an_idle_connection_does_not_block_another_request(editor):
    server, _ = editor
    idle = socket.create_connection(("127.0.0.1", server.editor.port))
    half = socket.create_connection(("127.0.0.1", server.editor.port))
    half.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % server.editor.port)  # never finished
    try:
        status, _, body = _request(server, "GET", "/edit?fil=" + LAWS)
        assert status == 200 and "<form" in body
    finally:
        idle.close()
        half.close()
    assert edit_server.Handler.timeout and edit_server.Handler.timeout > 0  # the socket's own timeout


def _raw_post(server, length_header: bytes | None, path=b"/edit?fil=" + LAWS.encode(), send=b"") -> tuple[int, bytes]:
    """A POST whose headers claim `length_header`, with only `send` after them: a server
    that tried to read the claimed body would wait, and the client's timeout fail the test."""
    sock = socket.create_connection(("127.0.0.1", server.editor.port), timeout=10)
    try:
        head = b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % server.editor.port
        head += b"Cookie: " + session_cookie(server).encode() + b"\r\n"
        head += b"Origin: http://127.0.0.1:%d\r\n" % server.editor.port
        if length_header is not None:
            head += b"Content-Length: " + length_header + b"\r\n"
        sock.sendall(head + b"\r\n" + send)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    finally:
        sock.close()
    return int(data.split(b" ", 2)[1]), data


@pytest.mark.parametrize(("length", "status"), [
    (None, 411), (b"-1", 400), (b"abc", 400), (b"", 400), (b"1e3", 400), (b"+12", 400), (b"12 12", 400),
    (b"\xd9\xa1\xd9\xa2", 400),  # Arabic-Indic digits: int() would take them
    (str(4 * 1024 * 1024 + 1).encode(), 413), (b"99999999999999999999", 413)])
def test_a_missing_bad_or_too_large_length_is_refused_unread(editor, project, length, status):
    server, _ = editor
    before = (project / LAWS).read_bytes()
    got, data = _raw_post(server, length, send=b"title=x" * 10)
    assert got == status
    assert (project / LAWS).read_bytes() == before


def test_a_too_large_body_answers_with_the_edit_page(editor, project):
    server, _ = editor
    got, data = _raw_post(server, str(5 * 1024 * 1024).encode())
    assert got == 413
    page = data.split(b"\r\n\r\n", 1)[1].decode("utf-8")
    doc = lxml.html.fromstring(page)
    assert "större än 4 MB" in doc.xpath('//div[@class="error-summary"]')[0].text_content()
    assert doc.xpath('//form[contains(@class, "editor")]')  # the edit page, not a bare "Too large"


def test_two_lengths_that_differ_are_refused(editor):
    server, _ = editor
    got, _ = _raw_post(server, b"3\r\nContent-Length: 5", send=b"a=bcd")
    assert got == 400


# --- a full disk ---------------------------------------------------------------

@pytest.mark.parametrize("where", ["write", "check"])
def test_a_full_disk_answers_with_the_edit_page_and_keeps_the_typed_edits(editor, project, monkeypatch, where):
    server, _ = editor
    before = (project / LAWS).read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(document, "_write_atomic", full) if where == "write" else \
        monkeypatch.setattr(adapter, "check_change", full)
    form = _open(server, LAWS)
    form["title"] = "Lagar, ny rubrik som inte får försvinna"
    status, _, html = _save(server, LAWS, form)
    assert status == 500
    doc = lxml.html.fromstring(html)
    assert "disken är full" in doc.xpath('//div[@class="error-summary"]')[0].text_content()
    assert _form_of(html)["title"] == "Lagar, ny rubrik som inte får försvinna"
    assert _form_of(html)["_sha"] == form["_sha"]
    assert (project / LAWS).read_bytes() == before
    monkeypatch.undo()
    status, headers, _ = _save(server, LAWS, _form_of(html))  # saved once there is room again
    assert status == 303 and _title_in(project, LAWS) == "Lagar, ny rubrik som inte får försvinna"


# --- two tabs, and a write during a save ----------------------------------------

def test_two_tabs_both_changes_are_kept(editor, project):
    server, _ = editor
    tab_a, tab_b = _open(server, LAWS), _open(server, LAWS)
    tab_a["title"] = "Rubrik från flik A"
    tab_b["description"] = "Beskrivning från flik B."
    status, headers, _ = _save(server, LAWS, tab_a)
    assert status == 303 and headers["Location"].endswith("sparad=1")
    status, headers, _ = _save(server, LAWS, tab_b)
    assert status == 303 and headers["Location"].endswith("sparad=2")  # merged, and said so
    import yaml
    data = yaml.safe_load((project / LAWS).read_text(encoding="utf-8"))
    assert data["title"] == "Rubrik från flik A" and data["description"] == "Beskrivning från flik B."


def test_two_tabs_on_the_same_line_show_both_and_lose_neither(editor, project):
    server, _ = editor
    tab_a, tab_b = _open(server, LAWS), _open(server, LAWS)
    opened = tab_b["_sha"]
    tab_a["title"] = "Rubrik från flik A"
    tab_a["description"] = "Beskrivning från flik A."
    tab_b["title"] = "Rubrik från flik B"
    assert _save(server, LAWS, tab_a)[0] == 303
    after_a = (project / LAWS).read_bytes()
    status, _, html = _save(server, LAWS, tab_b)
    assert status == 409
    assert (project / LAWS).read_bytes() == after_a  # A's save stands
    doc = lxml.html.fromstring(html)
    theirs = doc.xpath('//section[@class="version theirs"]//pre')[0].text_content()
    yours = doc.xpath('//section[@class="version yours"]//pre')[0].text_content()
    assert '+title: "Rubrik från flik A"' in theirs and '+title: "Rubrik från flik B"' in yours
    again = _form_of(html)
    assert again["title"] == "Rubrik från flik B"  # B's edit is still in the form
    assert again["_sha"] == opened  # the opened sha stays: the next save is not taken blindly
    assert again["_seen"] == document.digest(after_a.decode("utf-8"))
    # a third tab's save after the conflict page: the form B saw no longer matches
    tab_c = _open(server, LAWS)
    tab_c["title"] = "Rubrik från flik C"
    assert _save(server, LAWS, tab_c)[0] == 303
    status, _, html = _save(server, LAWS, again)
    assert status == 409  # B has not seen C's version yet: shown again, nothing lost
    again = _form_of(html)
    status, _, _ = _save(server, LAWS, again)  # B has now seen both and saves: B's title
    assert status == 303
    import yaml
    data = yaml.safe_load((project / LAWS).read_text(encoding="utf-8"))
    assert data["title"] == "Rubrik från flik B" and data["description"] == "Beskrivning från flik A."


def test_a_conflict_after_a_restart_shows_the_whole_change(editor, project):
    """The editor keeps the opened texts in memory: after a restart it cannot merge, so any
    change since is a conflict, shown against the file as it is now."""
    server, _ = editor
    form = _open(server, LAWS)
    form["title"] = "Min rubrik"
    server.editor._opened.clear()
    text = (project / LAWS).read_text(encoding="utf-8")
    (project / LAWS).write_text(text + "# en rad från någon annan\n", encoding="utf-8")
    status, _, html = _save(server, LAWS, form)
    assert status == 409
    doc = lxml.html.fromstring(html)
    assert '+title: "Min rubrik"' in doc.xpath('//section[@class="version yours"]//pre')[0].text_content()
    assert "# en rad från någon annan" in doc.xpath('//pre[@class="whole"]')[0].text_content()
    status, _, _ = _save(server, LAWS, _form_of(html))
    assert status == 303
    saved = (project / LAWS).read_text(encoding="utf-8")
    assert "# en rad från någon annan" in saved and _title_in(project, LAWS) == "Min rubrik"


@pytest.mark.parametrize("same_line", [False, True])
def test_a_write_to_the_file_during_a_save_is_detected(editor, project, monkeypatch, same_line):
    server, _ = editor
    check = adapter.check_change
    calls = []

    def check_and_meanwhile_write(root, rel, new_text):
        result = check(root, rel, new_text)
        if not calls:  # someone else writes while this save is being checked
            text = (project / LAWS).read_text(encoding="utf-8")
            if same_line:
                text = text.replace(f'title: "{_title_in(project, LAWS)}"', 'title: "Skrivet under sparandet"')
            else:
                text += "# skrivet under sparandet\n"
            (project / LAWS).write_text(text, encoding="utf-8")
        calls.append(rel)
        return result
    monkeypatch.setattr(adapter, "check_change", check_and_meanwhile_write)
    form = _open(server, LAWS)
    form["title"] = "Rubrik från redigeraren"
    status, headers, _ = _save(server, LAWS, form)
    saved = (project / LAWS).read_text(encoding="utf-8")
    if same_line:  # the same line: a conflict, the other write is not overwritten
        assert status == 409 and _title_in(project, LAWS) == "Skrivet under sparandet"
        assert len(calls) == 1
    else:  # merged, and the merged text checked again
        assert status == 303 and headers["Location"].endswith("sparad=2")
        assert "# skrivet under sparandet" in saved and _title_in(project, LAWS) == "Rubrik från redigeraren"
        assert len(calls) == 2
    assert not list((project / "content").glob(".edit-*"))  # the unused temporary file is gone


# --- the preview ------------------------------------------------------------------

def _preview(server, text):
    body = json.dumps({"file": PAGE, "text": text}).encode()
    status, headers, out = _request(server, "POST", "/preview", body,
                                    {"Origin": f"http://127.0.0.1:{server.editor.port}",
                                     "X-Editor-Token": server.editor.token, "Content-Type": "application/json"})
    assert status == 200
    return headers, json.loads(out)


def test_the_preview_refuses_what_the_site_refuses_and_is_a_document_of_its_own(editor):
    server, _ = editor
    _, out = _preview(server, 'Text <meta http-equiv="refresh" content="0;url=/x"> slut.')
    assert "doc" not in out and "<meta>" in out["refused"][0]
    headers, out = _preview(server, "Om *SIP*.")
    doc = lxml.html.document_fromstring(out["doc"])
    assert doc.xpath("//body//em")[0].text == "SIP"
    csp = {part.split()[0]: part.split()[1:] for part in headers["Content-Security-Policy"].split("; ")}
    style = doc.xpath("//head/style")[0].text
    import base64
    import hashlib
    digest = "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
    assert csp["style-src"] == ["'self'", digest]  # the frame's one stylesheet, nothing inline else
    assert csp["frame-src"] == ["'none'"] and csp["script-src"] == ["'self'"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    status, _, html = _request(server, "GET", "/edit?fil=" + PAGE)
    frame = lxml.html.fromstring(html).xpath("//iframe[@data-preview-frame]")[0]
    assert frame.get("sandbox") == ""  # every restriction: no script, form, popup or navigation


# --- a killed save ------------------------------------------------------------------

KILLED_SAVE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from generator.edit import adapter, server
    def hang(tree):  # the copy is made; the check never ends
        print("copied", flush=True)
        time.sleep(600)
    adapter.check_tree = hang
    srv = server.make_server(Path(sys.argv[1]), 0)
    print(srv.editor.port, srv.editor.login, flush=True)
    srv.serve_forever()
""")


def test_a_killed_save_leaves_nothing_after_the_next_start(project, tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", KILLED_SAVE, str(project)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    try:
        port, key = proc.stdout.readline().split()

        class Remote:  # what session_cookie and _save need of a server
            editor = type("E", (), {"port": int(port), "login": key})()
        cookie = session_cookie(Remote)
        conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=20)
        conn.request("GET", "/edit?fil=" + LAWS, headers={"Host": f"127.0.0.1:{port}", "Cookie": cookie})
        form = _form_of(conn.getresponse().read().decode("utf-8"))
        form["title"] = "Ny"
        conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=20)
        conn.putrequest("POST", "/edit?fil=" + LAWS, skip_host=True)
        body = urllib.parse.urlencode(form).encode()
        for k, v in {"Host": f"127.0.0.1:{port}", "Cookie": cookie, "Origin": f"http://127.0.0.1:{port}",
                     "Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(body))}.items():
            conn.putheader(k, v)
        conn.endheaders(body)
        assert proc.stdout.readline().strip() == "copied"
        left = list((project / "build" / "edit").glob(f"check-{proc.pid}-*"))
        assert len(left) == 1 and (left[0] / "content" / "laws.yml").exists()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        stale = project / "content" / f".edit-{proc.pid}-abc.tmp"  # a write killed before its rename
        stale.write_text("half", encoding="utf-8")
        running = project / "build" / "edit" / f"check-{live.pid}-xyz"  # another editor's save, running
        running.mkdir()
        restarted = edit_server.make_server(project, 0)
        restarted.server_close()
        assert list((project / "build" / "edit").glob(f"check-{proc.pid}-*")) == []
        assert not stale.exists() and running.exists()
    finally:
        live.kill()
        live.wait()


# --- the merge itself ---------------------------------------------------------------

BASE = 'id: x\ntitle: "A"\ndescription: "D"\nbody: B\n'


@pytest.mark.parametrize(("yours", "theirs", "merged", "conflicts"), [
    (BASE.replace('"D"', '"D2"'), BASE.replace('"A"', '"A2"'), BASE.replace('"D"', '"D2"').replace('"A"', '"A2"'), 0),
    (BASE.replace('"A"', '"Y"'), BASE.replace('"A"', '"T"'), BASE.replace('"A"', '"T"'), 1),
    (BASE + "# yours\n", BASE + "# theirs\n", BASE + "# theirs\n", 1),  # two insertions at one place
    (BASE.replace("id: x", "id: y"), BASE + "# theirs\n", BASE.replace("id: x", "id: y") + "# theirs\n", 0),
    (BASE, BASE + "x\n", BASE + "x\n", 0),
    ("id: x\n", BASE, "id: x\n", 0),
    (BASE.replace('"A"', '"Y"'), BASE.replace('"A"', '"T"').replace('"D"', '"T2"'),
     BASE.replace('"A"', '"T"').replace('"D"', '"T2"'), 1),  # one line both, the next theirs only
])
def test_merge3(yours, theirs, merged, conflicts):
    from generator.edit.merge import merge3
    result = merge3(BASE, yours, theirs)
    assert (result.text, result.conflicts) == (merged, conflicts)
    if conflicts:  # saved again after the conflict page: yours on the lines both changed
        kept = merge3(BASE, yours, theirs, prefer_yours=True).text
        assert yours.splitlines()[1] in kept.splitlines() or yours.endswith("# yours\n")
