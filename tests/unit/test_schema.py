"""The content schema with good and bad fixtures.

Each folder in tests/fixtures/bad/ holds the files that differ from the good
fixture and an expect.yml naming the error code, file and line it must produce.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import yaml

from generator.content import load_content
from generator.errors import Code, catalogue

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOOD = FIXTURES / "good" / "content"
BAD = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_dir())
TODAY = dt.date(2026, 11, 28)


def overlay(tmp_path: Path, scenario: Path) -> Path:
    """The good fixture (content/ and forms/) with the scenario's files on top."""
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    shutil.copytree(GOOD.parent / "forms", tmp_path / "forms")
    for path in scenario.rglob("*"):
        if path.is_file() and path.name != "expect.yml":
            rel = path.relative_to(scenario)
            target = (tmp_path if rel.parts[0] == "forms" else content) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    expect = yaml.safe_load((scenario / "expect.yml").read_text(encoding="utf-8")) or {}
    for rel in expect.get("remove", []):
        (content / rel).unlink()
    for rel, to in expect.get("symlink", {}).items():
        (content / rel).symlink_to(to)
    if "patch" in expect:
        target = content / expect["patch"]["file"]
        text = target.read_text(encoding="utf-8")
        assert expect["patch"]["old"] in text, "the patch no longer applies to the good fixture"
        target.write_text(text.replace(expect["patch"]["old"], expect["patch"]["new"], 1), encoding="utf-8")
    return content


def test_good_fixture_has_no_errors_or_warnings():
    content = load_content(GOOD, today=TODAY)
    assert [e.format() for e in content.errors] == []
    assert set(content.pages) == {"index", "rutiner/alfa", "rutiner/beta", "rutiner/jamfor",
                                  "ordlista", "lagar", "blanketter/enkel"}


@pytest.mark.parametrize("scenario", BAD, ids=[p.name for p in BAD])
def test_bad_fixture_names_code_file_and_line(tmp_path, scenario):
    expect = yaml.safe_load((scenario / "expect.yml").read_text(encoding="utf-8"))
    content_dir = overlay(tmp_path, scenario)
    content = load_content(content_dir, today=TODAY)
    found = [(e.code, Path(os.path.relpath(e.file, content_dir)).as_posix(), e.line) for e in content.errors]
    assert (expect["code"], expect["file"], expect["line"]) in found, found
    # the message is Swedish text that names the file and line
    err = next(e for e in content.errors if e.code == expect["code"])
    text = err.format(content_dir.parent)
    assert f"{Path(expect['file']).name}:{expect['line']}: " in text
    assert "{" not in text, "a placeholder was left unfilled"


def test_unknown_key_lists_the_allowed_keys(tmp_path):
    content = load_content(overlay(tmp_path, FIXTURES / "bad" / "unknown-key"), today=TODAY)
    err = next(e for e in content.errors if e.code == "E020")
    assert err.params["key"] == "titel"
    assert "title" in err.params["allowed"] and "body" in err.params["allowed"]


def test_overdue_review_is_a_warning_not_an_error(tmp_path):
    content = load_content(overlay(tmp_path, FIXTURES / "bad" / "review-overdue"), today=TODAY)
    assert [e.code for e in content.errors] == ["W001"]
    assert content.hard_errors == []


def test_all_errors_are_collected_in_one_run(tmp_path):
    content_dir = overlay(tmp_path, FIXTURES / "bad" / "unknown-term")
    shutil.copyfile(FIXTURES / "bad" / "bad-verdict" / "compare.yml", content_dir / "compare.yml")
    codes = {e.code for e in load_content(content_dir, today=TODAY).errors}
    assert {"E031", "E025"} <= codes


BUILD_BAD = sorted(p for p in (FIXTURES / "bad-build").iterdir() if p.is_dir())


def test_every_code_has_a_message_and_a_bad_fixture():
    """The Code enum, the Swedish catalogue and the fixtures name the same codes."""
    assert {c.value for c in Code} == set(catalogue()["messages"])
    fixtures = {yaml.safe_load((d / "expect.yml").read_text(encoding="utf-8"))["code"] for d in BAD + BUILD_BAD}
    assert {c.value for c in Code} - fixtures == set()


def test_a_bare_term_reference_is_the_glossary_word_in_plain_text():
    from generator.markup import one_line, plain, reading_text
    words = {"vardnadshavare": "vårdnadshavare", "sip": "SIP"}
    assert plain("Fråga [[vardnadshavare]] och [[sip|planen]].", words) == "Fråga vårdnadshavare och planen."
    assert one_line("**[[vardnadshavare]]**\n[sidan](sida:lagar)", words) == "vårdnadshavare sidan"
    assert "vårdnadshavare" in reading_text("Läs om [[vardnadshavare]].", words)


def test_every_reference_field_is_declared_in_the_schema():
    """A field named like a reference (a source, a page, a term, a form ...) is marked
    with Ref, so the one walk in references.py checks it: none is left unchecked."""
    from generator import forms_schema, kinds, schema
    from generator.references import markers
    from generator.validate import unwrap

    names = {"source", "sources", "see", "page", "form", "checklist", "laws", "documents", "routine",
             "translations"}
    # the interface labels (Ui) are words, not references
    seen, todo, unmarked = {schema.Ui}, [m.model for m in kinds.KINDS] + [schema.Site], []
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for name, info in cls.model_fields.items():
            inner = [t for t in unwrap(info.annotation) if isinstance(t, type) and issubclass(t, schema.BaseModel)]
            todo += inner
            if name in names and not inner and name not in markers(cls):
                unmarked.append(f"{cls.__name__}.{name}")
    assert forms_schema.RequiredBy in seen and schema.CardLink in seen
    assert unmarked == []
