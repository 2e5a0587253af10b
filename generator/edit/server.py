"""`python -m generator edit`: the editor as a small local web server.

Safe by default: it listens on 127.0.0.1 only; it answers only requests addressed to
127.0.0.1 or localhost on its port (a page elsewhere cannot reach it by DNS tricks);
every write carries the session's token and the editor's own Origin (Referrer-Policy
same-origin: with no-referrer a browser sends "Origin: null"); it writes only
the files it lists (under content/ and forms/, no symbolic links, no ..); and it sends
its own strict Content-Security-Policy. It is never part of site/ or the offline zip.
"""
from __future__ import annotations

import hmac
import http.server
import json
import secrets
import urllib.parse
from pathlib import Path

import jinja2
import yaml

from . import adapter, document, formdata

HERE = Path(__file__).parent
STATIC = {"editor.js": "text/javascript", "editor.css": "text/css"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
MAX_BODY = 4 * 1024 * 1024
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
        self.token = secrets.token_urlsafe(32)
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                      undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.preview = adapter.Preview(self.root)
        self._choices = None

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

    def log_message(self, *args):  # quiet: the terminal shows what matters
        pass

    # --- guards ------------------------------------------------------------
    def _host_ok(self) -> bool:
        return self.headers.get("Host") in (f"127.0.0.1:{self.editor.port}", f"localhost:{self.editor.port}")

    def _write_ok(self, token: str | None) -> bool:
        origin = self.headers.get("Origin")
        allowed = (f"http://127.0.0.1:{self.editor.port}", f"http://localhost:{self.editor.port}")
        return (origin in allowed and origin == f"http://{self.headers.get('Host')}"
                and token is not None and hmac.compare_digest(token, self.editor.token))

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "same-origin")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _page(self, status: int, template: str, **context):
        words = self.editor.words
        html = self.editor.env.get_template(template).render(ui=words["ui"], token=self.editor.token, **context)
        self._send(status, html.encode("utf-8"))

    def _plain(self, status: int, text: str):
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8")

    # --- routes ------------------------------------------------------------
    def do_GET(self):
        if not self._host_ok():
            return self._plain(421, "Misdirected Request")
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
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
                return self._page(404, "message.html.j2", message=self.editor.words["ui"]["not_found"])
            return self._edit_page(rel, saved=query.get("sparad") == ["1"], unchanged=query.get("sparad") == ["0"])
        return self._page(404, "message.html.j2", message=self.editor.words["ui"]["not_found"])

    def do_HEAD(self):
        self.do_GET()

    def _read_body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return None
        return self.rfile.read(length)

    def do_POST(self):
        if not self._host_ok():
            return self._plain(421, "Misdirected Request")
        url = urllib.parse.urlsplit(self.path)
        body = self._read_body()
        if body is None:
            return self._plain(413, "Too large")
        if url.path == "/preview":
            return self._preview(body)
        if url.path != "/edit":
            return self._plain(404, "Not found")
        form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        if not self._write_ok(form.pop("_token", None)):
            return self._page(403, "message.html.j2", message=self.editor.words["ui"]["forbidden"])
        rel = self.editor.safe_file((urllib.parse.parse_qs(url.query).get("fil") or [None])[0])
        if rel is None:
            return self._page(404, "message.html.j2", message=self.editor.words["ui"]["not_found"])
        opened = form.pop("_sha", "")
        words = self.editor.words
        edit = self._edit_file(rel)
        outcome = edit.save(form, opened, words["ui"])
        if outcome.saved or outcome.unchanged:
            target = f"/edit?fil={urllib.parse.quote(rel)}&sparad={1 if outcome.saved else 0}"
            return self._send(303, b"", extra={"Location": target})
        return self._edit_page(rel, outcome=outcome, status=422)

    def _preview(self, body: bytes):
        if not self._write_ok(self.headers.get("X-Editor-Token")):
            return self._plain(403, self.editor.words["ui"]["forbidden"])
        try:
            request = json.loads(body)
            rel = self.editor.safe_file(request.get("file"))
            html = self.editor.preview.html(str(request.get("text", "")), adapter.page_id(rel or ""))
        except (ValueError, AttributeError):
            return self._plain(400, "Bad request")
        self._send(200, json.dumps({"html": html}).encode("utf-8"), "application/json")

    # --- the edit page -----------------------------------------------------
    def _edit_file(self, rel: str) -> document.EditFile:
        return document.EditFile(self.editor.root, rel, formdata.Words(self.editor.words), self.editor.choices)

    def _edit_page(self, rel, saved=False, unchanged=False, outcome=None, status=200):
        edit = self._edit_file(rel)
        text = edit.read()
        if outcome is None:
            root = edit.form.widgets(edit.data(text))
            errors = []
        else:
            root = edit.form.widgets(outcome.data, outcome.origins, outcome.field_errors)
            errors = [(w.id, label, w.error) for w, label in root.labelled() if w.error] + \
                     [(None, None, message) for message in outcome.other_errors]
        used = {w.choices for w in root.walk() if w.choices}
        lists = {k: v for k, v in self.editor.id_lists().items() if k in used}
        self._page(status, "edit.html.j2", rel=rel, title=_title(self.editor.root / rel), root=root,
                   errors=errors, saved=saved, unchanged=unchanged, sha=document.digest(text), lists=lists,
                   action="/edit?fil=" + urllib.parse.quote(rel))


def make_server(root: Path, port: int = 8001) -> http.server.HTTPServer:
    editor = Editor(root, port)
    handler = type("BoundHandler", (Handler,), {"editor": editor})
    server = http.server.HTTPServer(("127.0.0.1", port), handler)
    if port == 0:  # tests: a free port, known only now
        editor.port = server.server_address[1]
    server.editor = editor  # type: ignore[attr-defined]
    return server


def run(root: Path, port: int = 8001) -> int:
    server = make_server(root, port)
    print(server.editor.words["ui"]["serving"].format(port=server.editor.port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0

