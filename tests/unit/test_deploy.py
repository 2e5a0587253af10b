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


def test_the_policy_tag_comes_first_in_every_page():
    """The header leaves scripts to each page's <meta>: it is written as early as the page
    allows, whatever the page looks like."""
    meta = '<meta http-equiv="Content-Security-Policy" content="x">'
    assert csp.with_meta('<html><head><meta charset="utf-8"><title>a</title>', meta) == \
        f'<html><head><meta charset="utf-8">{meta}<title>a</title>'
    assert csp.with_meta('<html><head lang="sv"><title>a</title>', meta) == \
        f'<html><head lang="sv">{meta}<title>a</title>'
    assert csp.with_meta("<p>ingen head</p>", meta) == f"{meta}<p>ingen head</p>"
