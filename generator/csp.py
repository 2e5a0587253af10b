"""Content-Security-Policy for the built site.

The theme puts three small inline scripts on every page; instead of allowing
inline script, the policy lists their SHA-256 hashes. The policy goes into every
page as a <meta> tag (so it also holds when the site is opened from files) and
into an nginx include for the HTTP header (deploy/nginx.conf includes it).
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
META_AFTER = re.compile(r'(<meta charset="utf-8">)', re.I)
NGINX_INCLUDE = Path("_deploy") / "csp.conf"


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def policy(hashes: list[str], header: bool) -> str:
    parts = [
        "default-src 'self'",
        "script-src 'self' " + " ".join(sorted(set(hashes))),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
    if header:  # only valid as an HTTP header, not in <meta>
        parts.append("frame-ancestors 'none'")
    return "; ".join(parts)


def apply(site: Path) -> str:
    """Add the policy to every page of the built site; return the header policy."""
    pages = sorted(site.rglob("*.html"))
    hashes = []
    texts = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        texts[page] = text
        hashes += [_hash(s) for s in INLINE_SCRIPT.findall(text)]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, header=False)}">'
    for page, text in texts.items():
        page.write_text(META_AFTER.sub(lambda m: m.group(1) + meta, text, count=1), encoding="utf-8")
    not_found = site / "404.html"
    if not_found.exists():  # served at any depth by a web server: resolve links from the root
        text = not_found.read_text(encoding="utf-8")
        not_found.write_text(META_AFTER.sub(lambda m: m.group(1) + '<base href="/">', text, count=1), encoding="utf-8")
    header = policy(hashes, header=True)
    include = site / NGINX_INCLUDE
    include.parent.mkdir(parents=True, exist_ok=True)
    include.write_text(f'add_header Content-Security-Policy "{header}" always;\n', encoding="utf-8")
    return header
