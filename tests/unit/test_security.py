"""Nothing typed, answered or written in content runs as script, reaches the build
machine or takes the build down (issue 14). Every case works on a copy of the project
in tmp_path: a good build first, then the attack, then the same site/ as before."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator.build import build
from generator.csp import check as csp_check

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
ATTACKS = ["html-script", "html-meta-refresh", "html-iframe", "html-event-handler", "html-javascript-url",
           "markdown-javascript-link", "html-data-url", "attr-list-event-handler", "yaml-alias",
           "yaml-recursive-alias", "yaml-complex-key", "form-pdf-attachment"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The small good fixture as a project, built once."""
    base = tmp_path_factory.mktemp("good") / "project"
    base.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", base / "mkdocs.yml")
    shutil.copytree(ROOT / "site_overrides", base / "site_overrides")
    shutil.copytree(FIXTURES / "good" / "content", base / "content")
    shutil.copytree(FIXTURES / "good" / "forms", base / "forms")
    assert build(base, quiet=True) == 0
    return base


@pytest.fixture
def project(built, tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(built, target, symlinks=True)
    return target


def overlay(project: Path, scenario: Path) -> dict:
    for path in scenario.rglob("*"):
        if path.is_file() and path.name != "expect.yml":
            rel = path.relative_to(scenario)
            target = project / (rel if rel.parts[0] == "forms" else Path("content") / rel)
            shutil.copyfile(path, target)
    return yaml.safe_load((scenario / "expect.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_fails_the_build_with_code_file_and_line(project, attack, capsys):
    before = snapshot(project / "site")
    expect = overlay(project, FIXTURES / "bad" / attack)
    capsys.readouterr()
    started = time.monotonic()
    assert build(project, quiet=True) == 1
    assert time.monotonic() - started < 5, "a hostile file must not slow the build down"
    err = capsys.readouterr().err
    shown = os.path.normpath(Path("content") / expect["file"])
    assert f"{shown}:{expect['line']}: fel {expect['code']}: " in err, err
    assert "Traceback" not in err
    assert snapshot(project / "site") == before


def test_billion_laughs_is_refused_quickly_on_its_own():
    """The alias bomb alone, through the loader: refused before it is expanded."""
    from generator.load import load_yaml
    from generator.errors import ContentError
    started = time.monotonic()
    with pytest.raises(ContentError) as info:
        load_yaml(FIXTURES / "bad" / "yaml-alias" / "routines" / "beta.yml")
    assert time.monotonic() - started < 5
    assert (info.value.code, info.value.line) == ("E006", 15)


def test_deeply_nested_yaml_is_an_error_for_its_file(project, capsys):
    before = snapshot(project / "site")
    (project / "content" / "glossary.yml").write_text("terms: " + "[" * 50000 + "]" * 50000 + "\n")
    assert build(project, quiet=True) == 1
    err = capsys.readouterr().err
    assert "content/glossary.yml:1: fel E001" in err and "Traceback" not in err
    assert snapshot(project / "site") == before


@pytest.mark.parametrize("where", ["content/pages/hemlig.md", "forms/lank.yml", "content/routines"])
def test_symlinks_under_content_and_forms_are_refused(project, tmp_path, where, capsys):
    before = snapshot(project / "site")
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "hemlig.md").write_text((project / "content" / "pages" / "index.md").read_text(encoding="utf-8"))
    (secret / "lank.yml").write_text((project / "forms" / "enkel.yml").read_text(encoding="utf-8"))
    link = project / where
    if link.exists():
        shutil.copytree(link, secret / "routines")
        shutil.rmtree(link)
        link.symlink_to(secret / "routines")
    else:
        link.symlink_to(secret / link.name)
    capsys.readouterr()
    assert build(project, quiet=True) == 1
    err = capsys.readouterr().err
    assert f"{where}:1: fel E007" in err, err
    assert snapshot(project / "site") == before


def test_unexpected_inline_script_in_a_built_page_fails_the_build(project, capsys):
    """A theme override (not content) that writes an inline script: not the theme's own, so
    it is neither hashed nor allowed, and the build stops."""
    before = snapshot(project / "site")
    (project / "site_overrides" / "partials" / "copyright.html").write_text(
        '<script>document.title = "utbytt"</script>\n', encoding="utf-8")
    capsys.readouterr()
    assert build(project, quiet=True) == 1
    err = capsys.readouterr().err
    assert "fel E048" in err and "index.html" in err and "<script>" in err
    assert snapshot(project / "site") == before


def test_csp_allows_exactly_the_theme_scripts(built):
    site = built / "site"
    features = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["features"]
    texts = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    hashes, refused = csp_check(site, features, texts)
    assert refused == [] and len(hashes) >= 3  # __md_scope at each depth, palette, content
    page = site / "rutiner" / "alfa.html"
    texts[page] = texts[page].replace("</body>", '<script type="module">alert(1)</script></body>')
    texts[site / "index.html"] = texts[site / "index.html"].replace(
        "</body>", '<script src="https://example.org/x.js"></script></body>')
    _, refused = csp_check(site, features, texts)
    assert [p for p, _ in refused] == ["index.html", "rutiner/alfa.html"]


def test_offline_edition_has_the_policy_and_a_404_that_stays_in_its_folder(project):
    site = project / "build" / "offline-test" / "sp"
    assert build(project, site_dir=site, quiet=True, offline=True) == 0
    for page in ("index.html", "rutiner/alfa.html", "404.html"):
        assert 'http-equiv="Content-Security-Policy"' in (site / page).read_text(encoding="utf-8"), page
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'src="/' not in not_found and 'href="/' not in not_found and '"/assets/' not in not_found
    assert "<base" not in not_found


def test_pdf_refuses_a_file_attachment_and_names_the_form(project):
    """Past the content check (here: the PDF writer called directly), WeasyPrint's fetcher
    still refuses a file:// attachment and an image from another server."""
    from generator.content import load_content
    from generator.errors import ContentError
    from generator.pdf import RefusedURL, write_form_pdf, build_pdfs
    from generator.jinja import for_content

    content = load_content(project / "content")
    env = for_content(content, html=True)
    entry = content.of_kind("form")[0]
    form = entry.model
    secret = project / "hemligt.txt"
    secret.write_text("lösenord", encoding="utf-8")
    for purpose in (f'<a rel="attachment" href="{secret.as_uri()}">bilaga</a>',
                    '<img src="http://127.0.0.1:9/bild.png" alt="">'):
        with pytest.raises(RefusedURL):
            write_form_pdf(form.model_copy(update={"purpose": purpose}), env, content, project / "x.pdf")
        assert not (project / "x.pdf").exists() or b"l\xc3\xb6senord" not in (project / "x.pdf").read_bytes()
    entry.model = form.model_copy(update={"purpose": f'<a rel="attachment" href="{secret.as_uri()}">bilaga</a>'})
    with pytest.raises(ContentError) as info:
        build_pdfs(content, env, project / "build" / "pdf-out", cache_root=project / "build" / "c2")
    assert info.value.code == "E049" and info.value.file.name == "enkel.yml"
    assert secret.as_uri() in info.value.message


# ---------- the follow-up tool ----------

def _answer(**values) -> str:
    base = {"huvudman": "Kommun", "kanner-till": "Ja"}
    return json.dumps({"form": "uppfoljningsenkat", "version": 1, "values": {**base, **values}})


def _summarize(root: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "followup", "summarize", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.fixture
def followup_project(tmp_path) -> Path:
    root = tmp_path / "proj"
    (root / "content" / "followup").mkdir(parents=True)
    shutil.copytree(ROOT / "forms", root / "forms")
    shutil.copyfile(ROOT / "content" / "followup" / "orebro-2012.yml", root / "content" / "followup" / "orebro-2012.yml")
    return root


def _free_text_field() -> str:
    from generator import followup
    form = followup._form(ROOT)
    return next(f.id for f in followup._fields(form) if f.type in ("text", "textarea"))


def test_followup_skips_bad_files_by_name_and_reads_a_bom(followup_project, tmp_path):
    answers = tmp_path / "svar"
    answers.mkdir()
    (answers / "bom.json").write_bytes(b"\xef\xbb\xbf" + _answer().encode())
    (answers / "stort-tal.json").write_text('{"form": "uppfoljningsenkat", "version": ' + "9" * 5000 + ', "values": {}}')
    (answers / "djup.json").write_text("[" * 100000 + "]" * 100000)
    (answers / "ok.json").write_text(_answer())
    proc = _summarize(followup_project, str(answers), "--name", "test-2027")
    assert proc.returncode == 0, proc.stderr
    assert "stort-tal.json" in proc.stderr and "djup.json" in proc.stderr and "Traceback" not in proc.stderr
    assert "bom.json" not in proc.stderr
    assert "2 svar" in proc.stdout


def test_followup_answers_are_plain_text(followup_project, tmp_path):
    from generator.markup import literal_html as plain_text_html
    answers = tmp_path / "svar"
    answers.mkdir()
    field = _free_text_field()
    typed = '<script>alert(1)</script> [[okand-term]] <meta http-equiv="refresh" content="0">'
    (answers / "a.json").write_text(_answer(**{field: typed}))
    assert _summarize(followup_project, str(answers), "--name", "x-1").returncode == 0
    page = yaml.safe_load((followup_project / "content" / "followup" / "x-1.yml").read_text(encoding="utf-8"))
    assert typed in sum(page["free_text"].values(), [])
    html = plain_text_html(typed)
    assert "<" not in html and "[" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("name", ["../../../x", "orebro-2012", "Stor", "a/b"])
def test_followup_refuses_a_bad_or_foreign_name(followup_project, tmp_path, name):
    answers = tmp_path / "svar"
    answers.mkdir()
    (answers / "ok.json").write_text(_answer())
    before = (followup_project / "content" / "followup" / "orebro-2012.yml").read_bytes()
    proc = _summarize(followup_project, str(answers), "--name", name)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (followup_project / "content" / "followup" / "orebro-2012.yml").read_bytes() == before
    assert not (tmp_path / "x.yml").exists() and not list(tmp_path.parent.glob("x.yml"))
    assert sorted(p.name for p in (followup_project / "content" / "followup").iterdir()) == ["orebro-2012.yml"]


def test_followup_overwrites_its_own_page_and_with_force_a_foreign_one(followup_project, tmp_path):
    answers = tmp_path / "svar"
    answers.mkdir()
    (answers / "ok.json").write_text(_answer())
    assert _summarize(followup_project, str(answers), "--name", "egen").returncode == 0
    assert _summarize(followup_project, str(answers), "--name", "egen").returncode == 0  # its own: fine
    assert _summarize(followup_project, str(answers), "--name", "orebro-2012", "--force").returncode == 0


# ---------- the follow-up tool: what an answer may hold (issue 28, finding 6) ----------

@pytest.mark.parametrize("name,typed", [
    ("surrogat", "\ud800"),             # a lone surrogate: not a character, the page could not be written
    ("nul", "svar\x00dolt"), ("bel", "ding\x07"), ("esc", "\x1b[2J\x1b[31mröd"), ("c1", "\x9b31m"),
])
def test_followup_skips_an_answer_with_control_characters_or_a_lone_surrogate(followup_project, tmp_path, name,
                                                                              typed):
    answers = tmp_path / "svar"
    answers.mkdir()
    field = _free_text_field()
    (answers / f"{name}.json").write_text(_answer(**{field: typed}), encoding="ascii")  # json.dumps: \ud800 ...
    (answers / "ok.json").write_text(_answer())
    proc = _summarize(followup_project, str(answers), "--name", "tecken")
    assert proc.returncode == 0, proc.stderr
    assert f"{name}.json" in proc.stderr and field in proc.stderr and "1 svar" in proc.stdout
    page = (followup_project / "content" / "followup" / "tecken.yml").read_text(encoding="utf-8")
    assert "\x1b" not in page and "\x00" not in page and "\x07" not in page
    from generator.load import load_yaml
    load_yaml(followup_project / "content" / "followup" / "tecken.yml")  # the page reads back: no E001


def test_followup_caps_an_answer_and_a_file(followup_project, tmp_path):
    from generator import followup
    answers = tmp_path / "svar"
    answers.mkdir()
    field = _free_text_field()
    (answers / "lagom.json").write_text(_answer(**{field: "x" * followup.MAX_ANSWER}))
    (answers / "lang.json").write_text(_answer(**{field: "x" * (followup.MAX_ANSWER + 1)}))
    (answers / "stor.json").write_text(_answer(**{field: "y" * 20_000_000}))
    proc = _summarize(followup_project, str(answers), "--name", "langa")
    assert proc.returncode == 0, proc.stderr
    assert "lang.json" in proc.stderr and "stor.json" in proc.stderr and "lagom.json" not in proc.stderr
    assert "1 svar" in proc.stdout
    page = yaml.safe_load((followup_project / "content" / "followup" / "langa.yml").read_text(encoding="utf-8"))
    assert sum(page["free_text"].values(), []) == ["x" * followup.MAX_ANSWER]


def test_followup_refuses_a_name_that_is_already_a_page(followup_project, tmp_path):
    """--name index: content/followup/index.yml would be the page uppfoljning/index, which
    the curated page content/pages/uppfoljning/index.md already is (E030 in every build)."""
    curated = followup_project / "content" / "pages" / "uppfoljning"
    curated.mkdir(parents=True)
    shutil.copyfile(ROOT / "content" / "pages" / "uppfoljning" / "index.md", curated / "index.md")
    answers = tmp_path / "svar"
    answers.mkdir()
    (answers / "ok.json").write_text(_answer())
    for force in ((), ("--force",)):
        proc = _summarize(followup_project, str(answers), "--name", "index", *force)
        assert proc.returncode == 1 and "uppfoljning/index" in proc.stderr and "Traceback" not in proc.stderr
        assert not (followup_project / "content" / "followup" / "index.yml").exists()
    assert _summarize(followup_project, str(answers), "--name", "ny-sida").returncode == 0


def test_followup_prints_skipped_file_names_with_ascii(followup_project, tmp_path):
    answers = tmp_path / "svar"
    answers.mkdir()
    (answers / "\x1b]0;kapad\x07\x1b[2Jsvar.json").write_text("inte json")
    (answers / "ok2.json").write_text(json.dumps({"form": "\x1b[31mannan", "version": 1, "values": {}}))
    (answers / "ok3.json").write_text(_answer())
    proc = _summarize(followup_project, str(answers), "--name", "namn")
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr
    assert "\\x1b]0;kapad\\x07\\x1b[2Jsvar.json" in proc.stderr and "\\x1b[31mannan" in proc.stderr
