"""make a11y-report: the browser run's figures are checked by a model before they are
copied into content/ (here into temporary folders: tests never write content/)."""
from __future__ import annotations

import yaml

from generator import a11y_report

FIGURES = {"date": "2026-11-30", "pages": 45, "checks": 90, "violations": 0, "axe": "4.12.1"}


def test_figures_are_checked_and_copied(tmp_path):
    source, target = tmp_path / "build" / "test-results.yml", tmp_path / "content" / "test-results.yml"
    a11y_report.write(source, FIGURES)
    assert a11y_report.publish(source, target) == 0
    assert yaml.safe_load(target.read_text(encoding="utf-8")) == FIGURES
    assert a11y_report.read(target).pages == 45


def test_figures_of_another_engine_are_kept_apart(tmp_path):
    a11y_report.write(tmp_path / "test-results.yml", FIGURES, engine="zensical")
    assert [p.name for p in tmp_path.iterdir()] == ["test-results.zensical.yml"]


def test_broken_or_missing_figures_are_refused(tmp_path, capsys):
    source, target = tmp_path / "test-results.yml", tmp_path / "published.yml"
    assert a11y_report.publish(source, target) == 1
    source.write_text(yaml.safe_dump({**FIGURES, "pages": 0}), encoding="utf-8")
    assert a11y_report.publish(source, target) == 1
    assert not target.exists()
    assert str(source) in capsys.readouterr().err
