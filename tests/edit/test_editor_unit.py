"""The editor without a browser: round trips, merges, guards."""
from __future__ import annotations

import http.client
import urllib.parse
from pathlib import Path

import pytest

from conftest import session_cookie
from editing import ROOT
from generator.edit import adapter, document, formdata

WORDS = formdata.Words({})


def _edit(root: Path, rel: str) -> document.EditFile:
    return document.EditFile(root, rel, WORDS, lambda kind: None)


@pytest.mark.parametrize("rel", adapter.editable_files(ROOT))
def test_every_file_round_trips_unchanged_through_the_editor(rel):
    """The form as a browser submits it for an untouched page gives the file back byte for byte."""
    edit = _edit(ROOT, rel)
    text = edit.read()
    new_text, _data, _origins = edit.apply(text, formdata.flatten(edit.data(text)))
    assert new_text == text


def test_every_content_and_form_file_is_editable():
    files = set(adapter.editable_files(ROOT))
    yml = {p.relative_to(ROOT).as_posix() for top in ("content", "forms") for p in (ROOT / top).rglob("*.yml")}
    md = {p.relative_to(ROOT).as_posix() for p in (ROOT / "content" / "pages").rglob("*.md")}
    assert (yml | md) - files == {"content/system/messages.yml", "content/system/test-results.yml",
                                  "content/system/editor.yml"}


def test_one_field_change_is_a_one_line_diff():
    rel = "content/routines/vastra-gotaland.yml"
    edit = _edit(ROOT, rel)
    text = edit.read()
    form = formdata.flatten(edit.data(text))
    form["sections.1.title"] = "yes"  # PyYAML would read a plain yes as true: it must be quoted
    new_text, _, _ = edit.apply(text, form)
    old_lines, new_lines = text.splitlines(), new_text.splitlines()
    changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert len(old_lines) == len(new_lines) and len(changed) == 1
    assert changed[0][1].strip() == 'title: "yes"'


def test_removed_and_moved_items_keep_their_text():
    rel = "content/glossary.yml"
    edit = _edit(ROOT, rel)
    text = edit.read()
    data = edit.data(text)
    form = formdata.flatten(data)
    first, second = data["terms"][0]["id"], data["terms"][1]["id"]
    swapped = {}
    for key, value in form.items():
        if key.startswith("terms.0."):
            swapped["terms.1." + key[8:]] = value
        elif key.startswith("terms.1."):
            swapped["terms.0." + key[8:]] = value
        else:
            swapped[key] = value
    new_text, _, _ = edit.apply(text, swapped)
    import yaml
    ids = [t["id"] for t in yaml.safe_load(new_text)["terms"]]
    assert ids[:2] == [second, first] and len(ids) == len(data["terms"])
    assert sorted(new_text.splitlines()) == sorted(text.splitlines())  # the same lines, moved


def _post(server, path, body: bytes, headers: dict) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.editor.port)
    conn.request("POST", path, body=body, headers={"Cookie": session_cookie(server), **headers})
    response = conn.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def _save_body(server, project, rel, title, token=True) -> bytes:
    edit = _edit(project, rel)
    text = edit.read()
    form = formdata.flatten(edit.data(text))
    form["title"] = title
    form["_sha"] = document.digest(text)
    if token:
        form["_token"] = server.editor.token
    return urllib.parse.urlencode(form).encode()


def test_a_write_without_the_token_is_refused(editor, project):
    server, base = editor
    rel = "content/laws.yml"
    before = (project / rel).read_bytes()
    host = f"127.0.0.1:{server.editor.port}"
    status, _ = _post(server, f"/edit?fil={rel}", _save_body(server, project, rel, "Ny", token=False),
                      {"Host": host, "Origin": base, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _ = _post(server, f"/edit?fil={rel}",
                      _save_body(server, project, rel, "Ny").replace(server.editor.token.encode(), b"x" * 43),
                      {"Host": host, "Origin": base, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    assert (project / rel).read_bytes() == before


def test_a_write_from_another_origin_is_refused(editor, project):
    server, base = editor
    rel = "content/laws.yml"
    before = (project / rel).read_bytes()
    host = f"127.0.0.1:{server.editor.port}"
    body = _save_body(server, project, rel, "Ny")
    for headers in ({"Host": host, "Origin": "http://evil.example"},
                    {"Host": host},  # no Origin at all
                    {"Host": "evil.example", "Origin": "http://evil.example"}):  # DNS rebinding
        status, _ = _post(server, f"/edit?fil={rel}", body,
                          {**headers, "Content-Type": "application/x-www-form-urlencoded"})
        assert status in (403, 421), headers
    status, _ = _post(server, "/preview", b'{"text": "x"}', {"Host": host, "Origin": "http://evil.example",
                                                             "X-Editor-Token": server.editor.token})
    assert status == 403
    assert (project / rel).read_bytes() == before
    # the same request from the editor itself is saved
    status, _ = _post(server, f"/edit?fil={rel}", body, {"Host": host, "Origin": base,
                                                         "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 303 and (project / rel).read_bytes() != before


@pytest.mark.parametrize("rel", ["../pyproject.toml", "content/../pyproject.toml", "/etc/passwd",
                                 "content/system/messages.yml", "content/link.yml", "generator/schema.py"])
def test_only_listed_files_under_content_and_forms(editor, project, rel):
    server, _ = editor
    (project / "content" / "link.yml").symlink_to(project / "content" / "laws.yml")
    assert server.editor.safe_file(rel) is None


def test_the_editor_is_not_in_the_built_site():
    """site/ and the offline zip are built from build/ pages and site_overrides/ only."""
    overrides = {p.name for p in (ROOT / "site_overrides").rglob("*")}
    assert "editor.js" not in overrides and "editor.css" not in overrides
