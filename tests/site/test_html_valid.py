"""Every built page is valid HTML, the theme's own markup included.

The W3C Nu HTML Checker (npm's vnu-jar, a Java program) reads the whole built site
in one run. `make test` installs it (scripts/ensure-checker.sh: Debian's
default-jre-headless and vnu-jar in build/tools). Without Java the test is skipped
and says so; with Java but without the checker it fails and says how to get it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU = Path(os.environ.get("VNU_JAR", ROOT / "build" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))
JAVA = shutil.which("java")


@pytest.mark.skipif(JAVA is None, reason="no Java runtime: the W3C Nu HTML Checker needs one "
                                        "(Debian: apt-get install default-jre-headless; make test does it as root)")
def test_every_page_is_valid_html(site_dir):
    assert VNU.is_file(), (f"the W3C Nu HTML Checker is missing ({VNU}): run `make checker` "
                           "(npm install vnu-jar in build/tools) or set VNU_JAR")
    run = subprocess.run([JAVA, "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json",
                          str(site_dir)], capture_output=True, text=True, timeout=600)
    report = json.loads(run.stderr or run.stdout)  # vnu writes its report to stderr
    pages = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}
    assert len(pages) > 40  # the whole site was there to check
    errors = [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    listing = "\n".join(
        f"{Path(m.get('url', '?').removeprefix('file:')).relative_to(site_dir) if m.get('url', '').startswith('file:') else m.get('url')}"
        f":{m.get('lastLine', '?')}: {m['message']}  {(m.get('extract') or '').strip()[:100]!r}"
        for m in errors[:40])
    assert not errors, f"{len(errors)} HTML errors (W3C Nu checker):\n{listing}"
