"""End to end through a real nginx (Debian's package) with deploy/nginx-site.conf."""
from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from browser import fill_check_and_save

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (.ci/run installs nginx-light)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(site_dir, tmp_path_factory):
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    server = (ROOT / "deploy" / "nginx-site.conf").read_text(encoding="utf-8")
    server = (server.replace("/srv/samordnad-planering/site", str(site_dir))
              .replace("listen 80;", f"listen 127.0.0.1:{port};"))
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
    proc = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf")], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(50):
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=5)


def fetch(url: str, gzip_ok: bool = False):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        return urllib.request.urlopen(request, timeout=5)
    except urllib.error.HTTPError as err:
        return err


def test_security_headers_and_csp(nginx):
    response = fetch(nginx + "index.html")
    assert response.status == 200
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    for directive in ("default-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
                      "object-src 'none'"):
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Set-Cookie" not in headers
    # the include itself is not served
    assert fetch(nginx + "_deploy/csp.conf").status == 404


def test_compression(nginx):
    response = fetch(nginx + "assets/site.css", gzip_ok=True)
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"--md-primary-fg-color" in gzip.decompress(response.read())


def test_theme_files_with_a_content_hash_are_cached_and_well_compressed(nginx, site_dir):
    bundle = next((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    response = fetch(nginx + f"assets/javascripts/{bundle.name}", gzip_ok=True)
    assert response.status == 200
    assert response.headers["Cache-Control"] == "max-age=31536000"
    # security headers are kept on a location with its own caching rule
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.read()
    raw = bundle.read_bytes()
    assert gzip.decompress(body) == raw
    assert len(body) <= 0.33 * len(raw)  # gzip level 6; the default level 1 gives about 0.37
    # our own files have no hash in their names: not cached for a year
    assert "max-age=31536000" not in (fetch(nginx + "assets/site.js").headers.get("Cache-Control") or "")


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
    for path in ("index.html", "rutiner/vastra-gotaland.html", "arbetssatt/checklistor/fore-motet.html"):
        page.goto(nginx + path, wait_until="networkidle")
    page.goto(nginx + "blanketter/kallelse.html", wait_until="networkidle")
    summary_shown, draft = fill_check_and_save(page, "Genom nginx")
    assert summary_shown
    assert "Genom nginx" in draft.read_text(encoding="utf-8")
    page.keyboard.press("s")
    page.wait_for_timeout(500)
    assert violations == []
