"""The follow-up summary: counts per question split by principal, bad files skipped by name."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import yaml

from generator import followup
from generator.schema import FollowupReport

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = ROOT / "tests" / "fixtures" / "followup" / "answers"
FORM = followup._form(ROOT)


def test_bad_files_are_reported_by_name_and_skipped():
    answers, skipped = followup.read_answers([ANSWERS], FORM)
    assert len(answers) == 3
    assert sorted(Path(name).name for name, _ in skipped) == [
        "annan-blankett.json", "anteckning.json", "fel-typ.json", "trasig.json", "utan-huvudman.json"]
    reasons = dict((Path(n).name, r) for n, r in skipped)
    assert "kallelse" in reasons["annan-blankett.json"]
    assert "initierade" in reasons["fel-typ.json"]


def test_counts_are_split_by_principal():
    answers, _ = followup.read_answers([ANSWERS], FORM)
    page, rows = followup.summarize(answers, FORM)
    report = FollowupReport.model_validate(page)  # the page is valid content
    charts = {c.id: c for c in report.charts}
    aware = charts["kanner-till"]
    assert aware.categories == ["Ja", "Nej"]
    assert [(s.name, s.values) for s in aware.series] == [("Region (landsting)", [1, 1]), ("Kommun", [1, 0])]
    assert [s.total for s in aware.series] == [2, 1]  # shares: 1 of 2 = 50 %
    from generator.charts import table
    assert "1 (50 %)" in table(aware)
    who = charts["initierade"]
    idx = who.categories.index("Närstående")
    assert [s.values[idx] for s in who.series] == [1, 1]
    # shares in the CSV rows: 1 of 2 region units knew the routine
    row = next(r for r in rows[1:] if r[1] == "Ja" and r[2] == "Region (landsting)"
               and r[0] == next(f.label for s in FORM.sections for f in s.fields if f.id == "kanner-till"))
    assert row[3:] == [1, 2, 50.0]
    # free text is listed as text, never markup
    assert "Gemensam utbildning <b>för alla</b>." in sum(report.free_text.values(), [])
    assert "" not in sum(report.free_text.values(), [])


def test_command_writes_page_and_csv(tmp_path):
    out = tmp_path / "resultat.yml"
    proc = subprocess.run([sys.executable, "-m", "generator", "followup", "summarize", str(ANSWERS),
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "trasig.json" in proc.stderr and "annan-blankett.json" in proc.stderr
    FollowupReport.model_validate(yaml.safe_load(out.read_text(encoding="utf-8")))
    with out.with_suffix(".csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert len(rows) > 10 and len(rows[0]) == 6


def test_no_valid_answers_is_an_error(tmp_path):
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "followup", "summarize", str(tmp_path),
                           "--out", str(tmp_path / "r.yml")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1 and not (tmp_path / "r.yml").exists()
