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
