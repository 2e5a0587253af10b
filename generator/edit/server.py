"""`python -m generator edit`: the editor as a small local web server.

Safe by default: it listens on 127.0.0.1 only; it answers only requests addressed to
127.0.0.1 or localhost on its port (a page elsewhere cannot reach it by DNS tricks).
The address it prints holds a one-time key: the first request with it gets an
HttpOnly, SameSite=Strict cookie, and every request needs that cookie (another user
of the machine who reaches the port gets nothing, not even the edit page). Every
write also carries the page's own form token and the editor's own Origin
(Referrer-Policy same-origin: with no-referrer a browser sends "Origin: null"). It
writes only the files it lists (under content/ and forms/, no symbolic links, no ..);
it sends its own strict Content-Security-Policy; a Markdown preview is shown in a
sandboxed frame (no script, no form, no navigation). Each connection has its own
thread and a socket timeout, so an idle one blocks no one. It is never part of
site/ or the offline zip.
"""
from __future__ import annotations

import base64
import collections
import difflib
import hashlib
import hmac
import http.cookies
import http.server
import json
import secrets
import threading
import urllib.parse
from pathlib import Path

import jinja2
import yaml

from . import adapter, document, formdata

HERE = Path(__file__).parent
STATIC = {"editor.js": "text/javascript", "editor.css": "text/css"}
# The preview frame's stylesheet: its hash in style-src lets that one <style> in, nothing else.
PREVIEW_CSS = (HERE / "static" / "preview.css").read_text(encoding="utf-8")
PREVIEW_CSS_HASH = "sha256-" + base64.b64encode(hashlib.sha256(PREVIEW_CSS.encode("utf-8")).digest()).decode()
CSP = (f"default-src 'none'; script-src 'self'; style-src 'self' '{PREVIEW_CSS_HASH}'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-src 'none'; frame-ancestors 'none'; base-uri 'none'")
MAX_BODY = 4 * 1024 * 1024
TIMEOUT = 30  # seconds a connection may wait for the request (an idle one is closed then)
REMEMBERED = 256  # opened texts kept (by digest) for merging a save into a file changed since
GROUPS = [  # group key -> file patterns (posix, from the project root), in the site's order
    ("routines", ("content/routines/", "content/compare.yml")),
    ("method", ("content/method/",)),
    ("public", ("content/public/",)),
    ("forms", ("forms/",)),
    ("glossary", ("content/glossary.yml",)),
    ("laws", ("content/laws.yml",)),
    ("sources", ("content/sources.yml",)),
    ("pages", ("content/pages/", "content/followup/")),
    ("site", ("content/site.yml",)),
]


class Editor:
    """What the handler needs: the project, the words, the token and the templates."""

    def __init__(self, root: Path, port: int):
        self.root = Path(root).resolve()
        self.port = port
        self.token = secrets.token_urlsafe(32)  # in each form: a write comes from an editor page
        self.login: str | None = secrets.token_urlsafe(32)  # in the printed address; used once
        self.session = secrets.token_urlsafe(32)  # the cookie's value
        self.lock = threading.Lock()
        self._opened: collections.OrderedDict[str, str] = collections.OrderedDict()
        adapter.remove_leftovers(self.root)  # what a killed save left
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                      undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.preview = adapter.Preview(self.root)
        from .. import html_check
        self.dialect = html_check.Dialect(self.root)
        self._choices = None

    @property
    def cookie(self) -> str:
        return f"sip_edit_{self.port}"  # cookies are per host, not per port: one per editor

    def login_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.login}"

    def exchange(self, key: str) -> bool:
        """The printed key, once: True the first time it is given."""
        with self.lock:
            if self.login is None or not hmac.compare_digest(key.encode(), self.login.encode()):
                return False
            self.login = None
            return True

    def remember(self, text: str) -> str:
        sha = document.digest(text)
        with self.lock:
            self._opened[sha] = text
            self._opened.move_to_end(sha)
            while len(self._opened) > REMEMBERED:
                self._opened.popitem(last=False)
        return sha

    def opened(self, sha: str) -> str | None:
        with self.lock:
            return self._opened.get(sha)

    @property
    def words(self) -> dict:
        path = self.root / "content" / "system" / "editor.yml"
        if not path.exists():
            path = Path(__file__).resolve().parents[2] / "content" / "system" / "editor.yml"
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    def files(self) -> list[str]:
        return adapter.editable_files(self.root)

    def safe_file(self, rel: str | None) -> str | None:
        """`rel` when it is one of the editable files and really lies where it says."""
        if not rel or "\\" in rel or ".." in Path(rel).parts or rel.startswith("/"):
            return None
        if rel not in self.files():
            return None
        path = self.root / rel
        for top in ("content", "forms"):
            base = self.root / top
            try:
                parts = Path(rel).relative_to(top).parts
            except ValueError:
                continue
            current = base
            if current.is_symlink():
                return None
            for part in parts:
                current = current / part
                if current.is_symlink():
                    return None
            if path.resolve().is_relative_to(base.resolve()) and path.is_file():
                return rel
        return None

    def choices(self, kind: str) -> str:
        return kind

    def id_lists(self) -> dict:
        return adapter.id_choices(self.root)

    def grouped(self) -> list[tuple[str, list[tuple[str, str]]]]:
        out = []
        files = self.files()
        for key, prefixes in GROUPS:
            items = []
            for rel in files:
                if any(rel == p or (p.endswith("/") and rel.startswith(p)) for p in prefixes):
                    items.append((rel, _title(self.root / rel)))
            if items:
                out.append((self.words["groups"][key], items))
        return out


def _title(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = text.split("\n---", 1)[0].lstrip("-\n")
        data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds only strings
        return str(data.get("title") or data.get("name") or path.stem) if isinstance(data, dict) else path.stem
    except Exception:  # noqa: BLE001 - a broken file is still listed, by its name
        return path.stem


class Handler(http.server.BaseHTTPRequestHandler):
    editor: Editor
    server_version = "sip-edit"
    sys_version = ""
    timeout = TIMEOUT  # the socket's: a connection that sends nothing is closed, not waited for

    def log_message(self, *args):  # quiet: the terminal shows what matters
        pass

    # --- guards ------------------------------------------------------------
    def _host_ok(self) -> bool:
        return self.headers.get("Host") in (f"127.0.0.1:{self.editor.port}", f"localhost:{self.editor.port}")

    def _signed_in(self) -> bool:
        jar = http.cookies.SimpleCookie()
        try:
            jar.load(self.headers.get("Cookie") or "")
        except http.cookies.CookieError:
            return False
        morsel = jar.get(self.editor.cookie)
        return morsel is not None and hmac.compare_digest(morsel.value.encode(), self.editor.session.encode())

    def _write_ok(self, token: str | None) -> bool:
        origin = self.headers.get("Origin")
        allowed = (f"http://127.0.0.1:{self.editor.port}", f"http://localhost:{self.editor.port}")
        return (origin in allowed and origin == f"http://{self.headers.get('Host')}"
                and token is not None and hmac.compare_digest(token.encode(), self.editor.token.encode()))

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "same-origin")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        if self.close_connection:
            self.send_header("Connection", "close")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _page(self, status: int, template: str, **context):
        words = self.editor.words
        html = self.editor.env.get_template(template).render(ui=words["ui"], token=self.editor.token, **context)
        self._send(status, html.encode("utf-8"))

    def _message(self, status: int, key: str):
        self._page(status, "message.html.j2", message=self.editor.words["ui"][key])

    def _plain(self, status: int, text: str):
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8")

    # --- routes ------------------------------------------------------------
    def do_GET(self):
        if not self._host_ok():
            return self._plain(421, "Misdirected Request")
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/" and "token" in query:
            return self._sign_in(query["token"][0])
        if not self._signed_in():
            return self._message(403, "not_signed_in")
        if url.path == "/":
            return self._page(200, "index.html.j2", groups=self.editor.grouped())
        if url.path.startswith("/static/") and url.path[8:] in STATIC:
            name = url.path[8:]
            return self._send(200, (HERE / "static" / name).read_bytes(), STATIC[name] + "; charset=utf-8")
        if url.path == "/favicon.ico":
            return self._send(204, b"", "image/x-icon")
        if url.path == "/edit":
            rel = self.editor.safe_file((query.get("fil") or [None])[0])
            if rel is None:
                return self._message(404, "not_found")
            saved = (query.get("sparad") or [""])[0]
            return self._edit_page(rel, saved=saved in ("1", "2"), merged=saved == "2", unchanged=saved == "0")
        return self._message(404, "not_found")

    def do_HEAD(self):
        self.do_GET()

    def _sign_in(self, key: str):
        """The printed address: its key for the cookie, then the list of files (the key
        leaves the address bar and the history at once)."""
        if not self.editor.exchange(key):
            if self._signed_in():  # the same address opened again in the same browser
                return self._send(303, b"", extra={"Location": "/"})
            return self._message(403, "token_used")
        cookie = f"{self.editor.cookie}={self.editor.session}; HttpOnly; SameSite=Strict; Path=/"
        return self._send(303, b"", extra={"Location": "/", "Set-Cookie": cookie})

    def _body_length(self) -> tuple[int | None, int]:
        """(length, 0) of a body this server will read, or (None, the status refusing it):
        411 without a length (chunked too), 400 for a length that is not a plain number,
        413 over MAX_BODY; a refused body is never read, and the connection is closed."""
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths or self.headers.get("Transfer-Encoding"):
            status = 411
        elif len(set(lengths)) > 1 or not (lengths[0].strip().isascii() and lengths[0].strip().isdigit()):
            status = 400
        elif int(lengths[0]) > MAX_BODY:
            status = 413
        else:
            return int(lengths[0]), 0
        self.close_connection = True
        return None, status

    def do_POST(self):
        if not self._host_ok():
            return self._plain(421, "Misdirected Request")
        if not self._signed_in():
            self.close_connection = True  # its body is not read
            return self._message(403, "not_signed_in")
        url = urllib.parse.urlsplit(self.path)
        length, refused = self._body_length()
        rel = self.editor.safe_file((urllib.parse.parse_qs(url.query).get("fil") or [None])[0])
        if length is None:
            if refused == 413 and url.path == "/edit" and rel is not None:
                return self._edit_page(rel, problem="too_large", status=413)
            return self._plain(refused, {411: "Length Required", 413: "Too large"}.get(refused, "Bad request"))
        body = self.rfile.read(length)
        if url.path == "/preview":
            return self._preview(body)
        if url.path != "/edit":
            return self._plain(404, "Not found")
        form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        if not self._write_ok(form.pop("_token", None)):
            return self._message(403, "forbidden")
        if rel is None:
            return self._message(404, "not_found")
        opened = form.pop("_sha", "")
        seen = form.pop("_seen", "")
        edit = self._edit_file(rel)
        outcome = edit.save(form, opened, self.editor.words["ui"], self.editor.opened(opened), seen)
        if outcome.saved or outcome.unchanged:
            state = 0 if outcome.unchanged else 2 if outcome.merged else 1
            target = f"/edit?fil={urllib.parse.quote(rel)}&sparad={state}"
            return self._send(303, b"", extra={"Location": target})
        status = 409 if outcome.conflict else 500 if outcome.failed else 422
        return self._edit_page(rel, outcome=outcome, status=status, opened=opened,
                               seen=outcome.conflict.seen if outcome.conflict else seen)

    def _preview(self, body: bytes):
        if not self._write_ok(self.headers.get("X-Editor-Token")):
            return self._plain(403, self.editor.words["ui"]["forbidden"])
        try:
            request = json.loads(body)
            rel = self.editor.safe_file(request.get("file"))
            text = str(request.get("text", ""))
        except (ValueError, AttributeError):
            return self._plain(400, "Bad request")
        refused = adapter.html_problems(text, rel or "", self.editor.dialect)
        if refused:  # what the site would refuse is not shown: the save would refuse it too
            return self._send(200, json.dumps({"refused": refused}).encode("utf-8"), "application/json")
        html = self.editor.preview.html(text, adapter.page_id(rel or ""))
        self._send(200, json.dumps({"doc": preview_document(html)}).encode("utf-8"), "application/json")

    # --- the edit page -----------------------------------------------------
    def _edit_file(self, rel: str) -> document.EditFile:
        return document.EditFile(self.editor.root, rel, formdata.Words(self.editor.words), self.editor.choices)

    def _edit_page(self, rel, saved=False, merged=False, unchanged=False, outcome=None, status=200,
                   opened="", seen="", problem=None):
        """The form: from the file, or after a refused save from what was submitted, with
        the sha the form was opened with (a conflict never swaps it for the new one)."""
        edit = self._edit_file(rel)
        text = edit.read()
        sha = self.editor.remember(text)
        if outcome is None:
            root = edit.form.widgets(edit.data(text))
            errors = [(None, None, self.editor.words["ui"][problem])] if problem else []
        else:
            sha = opened or sha
            root = edit.form.widgets(outcome.data, outcome.origins, outcome.field_errors)
            errors = [(w.id, label, w.error) for w, label in root.labelled() if w.error] + \
                     [(None, None, message) for message in outcome.other_errors]
        used = {w.choices for w in root.walk() if w.choices}
        lists = {k: v for k, v in self.editor.id_lists().items() if k in used}
        conflict = _conflict_view(outcome.conflict, rel) if outcome is not None and outcome.conflict else None
        self._page(status, "edit.html.j2", rel=rel, title=_title(self.editor.root / rel), root=root,
                   errors=errors, saved=saved, merged=merged, unchanged=unchanged, sha=sha, seen=seen,
                   lists=lists, conflict=conflict, max_body=MAX_BODY,
                   action="/edit?fil=" + urllib.parse.quote(rel))


def _diff(before: str, after: str, name: str) -> list[str]:
    return list(difflib.unified_diff(before.splitlines(), after.splitlines(), name, name, n=2, lineterm=""))[2:]


def _conflict_view(conflict: document.Conflict, rel: str) -> dict:
    """Both versions for the conflict page: each as its change to the opened text (or,
    when the editor no longer has that text, yours against theirs), and theirs in full."""
    if conflict.base is not None:
        return {"theirs": _diff(conflict.base, conflict.theirs, rel), "yours": _diff(conflict.base, conflict.yours, rel),
                "theirs_text": conflict.theirs, "against_opened": True}
    return {"theirs": [], "yours": _diff(conflict.theirs, conflict.yours, rel), "theirs_text": conflict.theirs,
            "against_opened": False}


def preview_document(html: str) -> str:
    """The preview as a document of its own, for a sandboxed frame's srcdoc."""
    return ('<!doctype html><html lang="sv"><head><meta charset="utf-8">'
            f"<style>{PREVIEW_CSS}</style></head><body>{html}</body></html>")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a hanging connection never keeps the editor from stopping
    editor: Editor


def make_server(root: Path, port: int = 8001) -> Server:
    editor = Editor(root, port)
    handler = type("BoundHandler", (Handler,), {"editor": editor})
    server = Server(("127.0.0.1", port), handler)
    if port == 0:  # tests: a free port, known only now
        editor.port = server.server_address[1]
    server.editor = editor
    return server


def run(root: Path, port: int = 8001) -> int:
    server = make_server(root, port)
    print(server.editor.words["ui"]["serving"].format(port=server.editor.port, url=server.editor.login_url()),
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
