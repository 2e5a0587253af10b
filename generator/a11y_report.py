"""`make a11y-report`: publish the accessibility figures of the latest browser run.

The browser tests write their figures to build/a11y/test-results.yml; they never
change content/. This step checks that file against schema.TestResults and copies it
to content/system/test-results.yml, which the accessibility statement shows and a
maintainer commits.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml
from pydantic import ValidationError

from .errors import PROJECT_ROOT, catalogue
from .schema import TestResults

RESULTS = PROJECT_ROOT / "build" / "a11y" / "test-results.yml"
PUBLISHED = PROJECT_ROOT / "content" / "system" / "test-results.yml"
HEADER = ("# Written by `make a11y-report` from the latest complete browser run\n"
          "# (tests/site); shown in the accessibility statement. Do not edit by hand.\n")


def write(target: Path, data: dict, engine: str = "mkdocs-material") -> None:
    """The figures of a run, checked against the model (only runs on the default engine
    describe the published site)."""
    if engine != "mkdocs-material":
        target = target.with_name(f"test-results.{engine}.yml")
    figures = TestResults.model_validate(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(HEADER + yaml.safe_dump(figures.model_dump(mode="json"), sort_keys=False), encoding="utf-8")


def read(path: Path) -> TestResults | None:
    if not path.exists():
        return None
    try:
        return TestResults.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (ValidationError, yaml.YAMLError):
        return None


def publish(source: Path = RESULTS, target: Path = PUBLISHED) -> int:
    labels = catalogue()["labels"]
    figures = read(source)
    if figures is None:
        print(labels["a11y_report_missing"].format(file=source), file=sys.stderr)
        return 1
    write(target, figures.model_dump(mode="json"))
    print(labels["a11y_report_done"].format(file=target, **figures.model_dump(mode="json")))
    return 0


if __name__ == "__main__":
    sys.exit(publish())
