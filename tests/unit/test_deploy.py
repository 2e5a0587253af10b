"""The nginx files in deploy/ (tests/site/test_nginx.py runs them in a real nginx)."""
from __future__ import annotations

import re
from pathlib import Path

from generator import csp

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_files_carry_the_generators_header_policies():
    """Both nginx files hold the two header policies csp.py makes, word for word."""
    for name in ("nginx-site.conf", "nginx-site-https.conf"):
        text = (ROOT / "deploy" / name).read_text(encoding="utf-8")
        assert f'"~(\\.html|/)$" "{csp.header_policy(html=True)}";' in text, name
        assert f'default "{csp.header_policy(html=False)}";' in text, name
        assert not re.search(r"^\s*include\s", text, re.M), name  # nothing read from the site at reload
        servers = text.count("server {")
        assert text.count("server_tokens off;") == servers, name
