"""Issue 28, finding 1: nothing gets past the raw-HTML allow-list.

The content check reads the HTML Markdown makes of every text, as a browser reads it
(tests/fixtures/bad/html-*: one fixture per way past the old check, with code, file and
line, run by test_schema.py at check time). Here: each payload fails before the engine
runs; with the content check switched off, the backstop on the built pages still refuses
every one of them; every interface text written into an attribute is escaped. No browser:
the built pages are read with a WHATWG parser, as a browser reads them."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from tinyhtml5.parser import HTMLParser

from generator import engine as engines
from generator import html_check
from generator.build import build
from generator.content import load_content

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
META = '<meta http-equiv="refresh" content="1;url=http://127.0.0.1:8798/p1">'
# (name, Markdown added to the start page, code of the content check, code of the backstop)
PAYLOADS = [
    ("escaped-backticks", f"Text \\`{META}\\` slut.", "E045", "E053"),
    ("code-span-over-blank-lines", f"`a\n\n{META}\n\nb`", "E045", "E053"),
    ("comment-ended-by-dash", f"<!--> {META} -->", "E045", "E053"),
    ("fence-not-accepted", f"~~~ !\n{META}\n~~~", "E045", "E053"),
    ("entity-javascript-link", "[a](javascript&colon;alert(1))", "E047", "E047"),
    ("script-src", '<script src="assets/selfcheck.js"></script>', "E045", "E048"),
    ("base", '<base href="https://example.org/">', "E045", "E053"),
    ("iframe", '<iframe src="rutiner/alfa.html"></iframe>', "E045", "E053"),
    ("hidden-input", '<input type="hidden" name="title" value="Kapad">', "E045", "E053"),
]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
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


def _add_to_start_page(project: Path, markdown: str) -> int:
    """The payload as the start page's last paragraph; returns its first line."""
    page = project / "content" / "pages" / "index.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    page.write_text(text + markdown + "\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize("name,markdown,check_code,_", PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_payload_fails_the_content_check_before_the_engine_runs(project, monkeypatch, capsys, name, markdown,
                                                               check_code, _):
    before = snapshot(project / "site")
    first = _add_to_start_page(project, markdown)
    started = []
    monkeypatch.setattr(engines.Build, "run", lambda self, config: started.append(config) or (True, ""))
    capsys.readouterr()
    assert build(project, quiet=True) == 1
    err = capsys.readouterr().err
    line = first + markdown.split("\n").index(next(l for l in markdown.split("\n") if "<" in l or "](" in l))
    assert f"content/pages/index.md:{line}: fel {check_code}: " in err, err
    assert started == [], "refused by the content check: the engine never ran"
    assert snapshot(project / "site") == before


@pytest.mark.parametrize("name,markdown,_,backstop_code", PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_backstop_refuses_the_payload_on_the_built_page(project, monkeypatch, capsys, name, markdown, _,
                                                        backstop_code):
    """With the content check switched off, the page is built with the payload in it:
    the backstop after the engine refuses it, names the page's source, and site/ stays."""
    before = snapshot(project / "site")
    _add_to_start_page(project, markdown)
    monkeypatch.setattr(html_check, "check", lambda *args, **kwargs: None)
    assert load_content(project / "content").hard_errors == []  # the check is really off
    capsys.readouterr()
    assert build(project, quiet=True) == 1
    err = capsys.readouterr().err
    assert f"content/pages/index.md:1: fel {backstop_code}: " in err, err
    assert "index.html" in err or backstop_code == "E047"
    assert "Traceback" not in err
    assert snapshot(project / "site") == before


def _nav_attributes(markdown_page: str, css_class: str) -> dict:
    body = markdown_page.split("\n---\n", 1)[-1]
    tree = HTMLParser(namespace_html_elements=False).parse_fragment(html_check.Dialect(ROOT).html(body))
    found = [e for e in tree.iter() if isinstance(e.tag, str) and css_class in e.attrib.get("class", "")]
    assert len(found) == 1, body[:500]
    return dict(found[0].attrib)


def test_interface_texts_in_attributes_are_escaped(tmp_path):
    """routine_contents and language_switch with a quote: the attribute holds the text,
    no attribute is added (issue 28, 1f)."""
    from generator.render import Renderer

    content_dir = tmp_path / "content"
    shutil.copytree(FIXTURES / "good" / "content", content_dir)
    shutil.copytree(FIXTURES / "good" / "forms", tmp_path / "forms")
    shutil.copytree(ROOT / "site_overrides", tmp_path / "site_overrides")  # the form page's scripts (bundle.py)
    site = content_dir / "site.yml"
    data = yaml.safe_load(site.read_text(encoding="utf-8"))
    hostile = 'Innehåll" hidden x="'
    data["ui"]["routine_contents"] = hostile
    data["ui"]["language_switch"] = hostile
    data["forms_ui"]["language_switch"] = hostile
    site.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    content = load_content(content_dir)
    assert content.hard_errors == []
    docs = tmp_path / "docs"
    Renderer(content).render_all(docs)
    attrs = _nav_attributes((docs / "rutiner" / "alfa.md").read_text(encoding="utf-8"), "routine-contents")
    assert attrs == {"class": "routine-contents", "aria-label": hostile}


# {{ ... }} inside a quoted attribute value of a Markdown template
ATTRIBUTE_VALUE = re.compile(r"""\s[a-zA-Z][a-zA-Z-]*="([^"\n]*\{\{[^"\n]*)\"""")
ESCAPED = re.compile(r"\|\s*(e|escape|attr)\s*$")


def test_every_value_a_markdown_template_writes_into_an_attribute_is_escaped():
    """The Markdown templates are not autoescaped (Markdown is not HTML): each value in a
    quoted HTML attribute goes through `| e` (or `| attr`). The HTML templates are escaped
    by Jinja itself (jinja.environment, autoescape)."""
    unescaped = []
    templates = sorted((ROOT / "generator" / "templates").glob("*.md.j2"))
    assert templates
    for template in templates:
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            for value in ATTRIBUTE_VALUE.findall(line):
                for expression in re.findall(r"\{\{\s*(.*?)\s*\}\}", value):
                    if not ESCAPED.search(expression):
                        unescaped.append(f"{template.name}:{number}: {expression}")
    assert unescaped == []
