"""A questionnaire answer with script, summarised and built: shown as text, runs nothing."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from generator.build import build

ROOT = Path(__file__).resolve().parents[2]
TYPED = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> [[okand]]'


def test_summarised_answer_with_script_shows_as_text(tmp_path, page):
    project = tmp_path / "p"
    shutil.copytree(ROOT / "tests" / "fixtures" / "good" / "content", project / "content")
    shutil.copytree(ROOT / "tests" / "fixtures" / "good" / "forms", project / "forms")
    shutil.copyfile(ROOT / "forms" / "uppfoljningsenkat.yml", project / "forms" / "uppfoljningsenkat.yml")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site_overrides", project / "site_overrides")
    from generator import followup
    form = followup._form(ROOT)
    field = next(f.id for f in followup._fields(form) if f.type in ("text", "textarea"))
    answers = tmp_path / "svar"
    answers.mkdir()
    (answers / "a.json").write_text(json.dumps({"form": "uppfoljningsenkat", "version": 1, "values": {
        "huvudman": "Kommun", field: TYPED}}), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "followup", "summarize",
                           str(answers), "--name", "test"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    (project / "forms" / "uppfoljningsenkat.yml").unlink()  # needed by the tool only; its sources are not here
    assert build(project, quiet=True) == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(project / "site"))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/uppfoljning/test.html")
        page.wait_for_load_state("load")
        item = page.locator("ul.free-text li")
        assert item.count() == 1
        assert item.inner_text() == " ".join(TYPED.split())  # the answer, exactly as typed
        assert page.locator("article script, article img[onerror]").count() == 0
        assert page.evaluate("window.__pwned") is None and dialogs == []
    finally:
        server.shutdown()
