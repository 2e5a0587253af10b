"""End to end through a real nginx (Debian's package) with deploy/nginx-site.conf."""
from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import fill_check_and_save

from generator import csp

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (.ci/run installs nginx-light)")
YEAR = "public, max-age=31536000, immutable"
EDITIONS = sorted(p.stem for p in (ROOT / "content" / "regions").glob("*.yml"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(work: Path, server: str):
    """Debian's nginx with `server` (a deploy file, its paths and ports changed) in its
    http block; returns the process."""
    (work / "site.conf").write_text(server, encoding="utf-8")
    for d in ("client", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / d).mkdir()
    # as root, workers would switch to an unprivileged user that cannot read pytest's tmp dirs
    user = "user root;" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(f"""
{user}
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/client;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
""", encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-c", str(work / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    return subprocess.Popen([NGINX, "-c", str(work / "nginx.conf")], stderr=subprocess.PIPE)


def wait_for(url: str, context=None) -> None:
    for _ in range(50):
        try:
            urllib.request.urlopen(url, timeout=1, context=context)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)


def served_root(site_dir: Path, work: Path) -> Path:
    """What nginx serves: the built site's entries (linked, not copied) and what a careless
    deploy copies along with it: a .git folder, an .env file, a dotfile in an edition, a
    source map, and a certificate challenge under /.well-known/."""
    root = work / "root"
    root.mkdir()
    for entry in site_dir.iterdir():
        (root / entry.name).symlink_to(entry)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (root / ".env").write_text("SECRET=1\n", encoding="utf-8")
    (root / "leftover.min.js.map").write_text("{}", encoding="utf-8")
    (root / ".well-known" / "acme-challenge").mkdir(parents=True)
    (root / ".well-known" / "acme-challenge" / "token").write_text("token\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def nginx_work(site_dir, tmp_path_factory) -> Path:
    """nginx's folder; what it serves is `root` in it (served_root)."""
    work = tmp_path_factory.mktemp("nginx")
    served_root(site_dir, work)
    return work


@pytest.fixture(scope="module")
def nginx(nginx_work):
    work = nginx_work
    port = free_port()
    server = (ROOT / "deploy" / "nginx-site.conf").read_text(encoding="utf-8")
    server = (server.replace("/srv/samordnad-planering/site", str(work / "root"))
              .replace("listen 80;", f"listen 127.0.0.1:{port};"))
    proc = start_nginx(work, server)
    base = f"http://127.0.0.1:{port}/"
    wait_for(base)
    yield base
    proc.terminate()
    proc.wait(timeout=5)


def fetch(url: str, gzip_ok: bool = False, headers: dict | None = None, context=None):
    request = urllib.request.Request(url, headers={**({"Accept-Encoding": "gzip"} if gzip_ok else {}),
                                                   **(headers or {})})
    try:
        return urllib.request.urlopen(request, timeout=5, context=context)
    except urllib.error.HTTPError as err:
        return err


class _Metas(HTMLParser):
    def __init__(self):
        super().__init__()
        self.csp: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(a["content"])


def meta_policy(html: str) -> str:
    parser = _Metas()
    parser.feed(html)
    assert len(parser.csp) == 1, parser.csp
    return parser.csp[0]


def test_security_headers_and_csp(nginx):
    response = fetch(nginx + "index.html")
    assert response.status == 200
    headers = response.headers
    # the header is the same for every build: no hashes that a deploy could make stale
    # without a reload; the page's own <meta> (written at build) carries them
    csp_header = headers["Content-Security-Policy"]
    assert csp_header == csp.header_policy(html=True)
    assert "sha256-" not in csp_header and "unsafe-inline" not in csp_header and "unsafe-eval" not in csp_header
    for directive in ("connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "object-src 'none'",
                      "base-uri 'self'"):
        assert directive in csp_header.split("; ")
    meta = meta_policy(response.read().decode("utf-8"))
    assert meta.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert "unsafe-inline" not in meta and "unsafe-eval" not in meta
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Set-Cookie" not in headers
    for path in ("", f"{EDITIONS[0]}/", "finns-inte.html"):  # a folder's index page, the 404 page
        assert fetch(nginx + path).headers["Content-Security-Policy"] == csp_header, path
    # any other file (an SVG opened by itself, a script): the whole policy, no inline script
    for path in ("assets/logo.svg", "assets/site.js", "search/search_index.json"):
        other = fetch(nginx + path)
        assert other.status == 200, path
        assert other.headers["Content-Security-Policy"] == csp.header_policy(html=False), path
        assert "script-src 'self';" in other.headers["Content-Security-Policy"]


def test_no_server_version(nginx):
    for path in ("index.html", "finns-inte.html", "assets/site.js", ".env"):
        assert fetch(nginx + path).headers["Server"] == "nginx", path


def test_pages_are_revalidated_and_hashed_files_kept_a_year_in_every_edition(nginx, site_dir):
    """Cache-Control: no-cache (ask the server every time, ETag) for pages, our own scripts
    and styles and PDFs; a year, immutable, for every file with a content hash in its
    name, at the root and in each regional edition."""
    assert EDITIONS and all((site_dir / rid).is_dir() for rid in EDITIONS)
    for prefix in ["", *(f"{rid}/" for rid in EDITIONS)]:
        hashed = sorted(p.relative_to(site_dir).as_posix()
                        for p in (site_dir / prefix / "assets").rglob("*.min.*")
                        if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", p.name))
        # the theme's script, its search worker, the main and palette stylesheets
        assert len(hashed) == 4, hashed
        for path in hashed:
            response = fetch(nginx + path)
            assert response.status == 200, path
            assert response.headers["Cache-Control"] == YEAR, path
            assert response.headers["X-Content-Type-Options"] == "nosniff", path
            assert response.headers["Content-Security-Policy"] == csp.header_policy(html=False), path
        for path in ("index.html", "blanketter/kallelse.html", "blanketter/kallelse.pdf", "assets/forms.js",
                     "assets/site.js", "assets/site.css", "assets/tools.css",
                     "assets/javascripts/lunr/min/lunr.sv.min.js", "search/search_index.json", "finns-inte.html"):
            response = fetch(nginx + prefix + path)
            assert response.status == (404 if path == "finns-inte.html" else 200), prefix + path
            assert response.headers["Cache-Control"] == "no-cache", prefix + path
    # a missing file with a hashed name gets the 404 page, which is not kept
    missing = fetch(nginx + "assets/javascripts/bundle.00000000.min.js")
    assert missing.status == 404 and missing.headers["Cache-Control"] == "no-cache"


def test_revalidation_answers_not_modified_with_the_same_headers(nginx):
    for path in ("index.html", "assets/forms.js"):
        first = fetch(nginx + path)
        etag = first.headers["ETag"]
        assert etag
        again = fetch(nginx + path, headers={"If-None-Match": etag})
        assert again.status == 304, path
        assert again.headers["Cache-Control"] == "no-cache"
        assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"], path


def test_no_dotfiles_and_no_source_maps(nginx, site_dir):
    assert not list(site_dir.rglob("*.map")), "the build leaves no source maps"
    assert not [p for p in site_dir.rglob(".*")], "the build writes no dotfiles"
    for js in site_dir.rglob("*.js"):
        assert "sourceMappingURL" not in js.read_text(encoding="utf-8"), js
    bundle = next((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    for path in (".git/config", ".git/", ".env", "%2eenv", "assets/.env", f"{EDITIONS[0]}/.env",
                 f"assets/javascripts/{bundle.name}.map", "leftover.min.js.map"):
        response = fetch(nginx + path)
        assert response.status == 404, path
        body = response.read()
        assert b"SECRET" not in body and b"[core]" not in body, path
    # certificate renewal (ACME http-01) still reaches /.well-known/
    assert fetch(nginx + ".well-known/acme-challenge/token").status == 200


def test_a_redeployed_page_with_new_inline_hashes_runs_without_reload(nginx, nginx_work, page):
    """A deploy brings pages whose inline scripts nginx never saw (a new theme version, a
    deeper folder): the header does not hold them back, the page's own <meta> decides."""
    allowed, refused = "document.body.dataset.ran = 'ja';", "document.body.dataset.refused = 'ja';"
    policy = csp.policy([csp._hash(allowed)], header=False)
    (nginx_work / "root" / "redeploy.html").write_text(
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}"><title>Ny</title></head>'
        f'<body><script>{allowed}</script><script>{refused}</script></body></html>', encoding="utf-8")
    page.goto(nginx + "redeploy.html")
    assert page.evaluate("document.body.dataset.ran") == "ja"
    assert page.evaluate("document.body.dataset.refused") is None


def test_compression(nginx):
    response = fetch(nginx + "assets/site.css", gzip_ok=True)
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"--md-primary-fg-color" in gzip.decompress(response.read())


def test_theme_files_with_a_content_hash_are_cached_and_well_compressed(nginx, site_dir):
    bundle = next((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    response = fetch(nginx + f"assets/javascripts/{bundle.name}", gzip_ok=True)
    assert response.status == 200
    assert response.headers["Cache-Control"] == YEAR
    # security headers are kept on a location with its own caching rule
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.read()
    raw = bundle.read_bytes()
    assert gzip.decompress(body) == raw
    assert len(body) <= 0.33 * len(raw)  # gzip level 6; the default level 1 gives about 0.37
    # our own files have no hash in their names: revalidated at every use (see below)
    assert fetch(nginx + "assets/site.js").headers["Cache-Control"] == "no-cache"


def test_404_page_with_styles_at_any_depth(nginx, page):
    response = page.goto(nginx + "rutiner/finns-inte.html")
    assert response.status == 404
    assert page.locator("article h1").inner_text() == "Sidan finns inte"
    color = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert color != "rgba(0, 0, 0, 0)"  # the stylesheet loaded


def test_pages_and_a_form_work_through_nginx_without_csp_violations(nginx, page):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if m.type == "error" else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI))")
    for path in ("index.html", "rutiner/vastra-gotaland.html", "arbetssatt/checklistor/fore-motet.html",
                 f"{EDITIONS[0]}/index.html", f"{EDITIONS[0]}/blanketter/kallelse.html"):
        page.goto(nginx + path, wait_until="networkidle")
    page.goto(nginx + "blanketter/kallelse.html", wait_until="networkidle")
    summary_shown, draft = fill_check_and_save(page, "Genom nginx")
    assert summary_shown
    assert "Genom nginx" in draft.read_text(encoding="utf-8")
    page.keyboard.press("s")
    page.wait_for_timeout(500)
    assert violations == []


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed for a test certificate")
def test_https_config_hides_the_version_on_both_ports_and_sends_the_same_headers(site_dir, tmp_path):
    """deploy/nginx-site-https.conf with a certificate made for the test: the port-80 block
    only redirects, and neither it nor the HTTPS block names nginx's version."""
    import ssl

    work = tmp_path
    served_root(site_dir, work)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-keyout", str(work / "key.pem"), "-out", str(work / "cert.pem")],
                   check=True, capture_output=True)
    plain, secure = free_port(), free_port()
    server = (ROOT / "deploy" / "nginx-site-https.conf").read_text(encoding="utf-8")
    server = (server.replace("/srv/samordnad-planering/site", str(work / "root"))
              .replace("listen 80;", f"listen 127.0.0.1:{plain};").replace("listen [::]:80;", "")
              .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{secure} ssl http2;")
              .replace("listen [::]:443 ssl http2;", "")
              .replace("/etc/letsencrypt/live/samordnad-planering.example.se/fullchain.pem", str(work / "cert.pem"))
              .replace("/etc/letsencrypt/live/samordnad-planering.example.se/privkey.pem", str(work / "key.pem"))
              .replace("samordnad-planering.example.se", "127.0.0.1"))
    proc = start_nginx(work, server)
    context = ssl.create_default_context(cafile=str(work / "cert.pem"))
    context.check_hostname = False
    try:
        wait_for(f"https://127.0.0.1:{secure}/", context=context)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        try:
            urllib.request.build_opener(NoRedirect).open(f"http://127.0.0.1:{plain}/index.html", timeout=5)
            raise AssertionError("port 80 answered without a redirect")
        except urllib.error.HTTPError as redirect:
            assert redirect.status == 301
            assert redirect.headers["Location"] == "https://127.0.0.1/index.html"
            assert redirect.headers["Server"] == "nginx"
        base = f"https://127.0.0.1:{secure}/"
        page = fetch(base + "index.html", context=context)
        assert page.status == 200 and page.headers["Server"] == "nginx"
        assert page.headers["Cache-Control"] == "no-cache"
        assert page.headers["Content-Security-Policy"] == csp.header_policy(html=True)
        assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        bundle = next((site_dir / EDITIONS[0] / "assets" / "javascripts").glob("bundle.*.min.js"))
        asset = fetch(base + f"{EDITIONS[0]}/assets/javascripts/{bundle.name}", context=context)
        assert asset.status == 200 and asset.headers["Cache-Control"] == YEAR
        assert fetch(base + ".env", context=context).status == 404
        assert fetch(base + f"assets/javascripts/{bundle.name}.map", context=context).status == 404
    finally:
        proc.terminate()
        proc.wait(timeout=5)

