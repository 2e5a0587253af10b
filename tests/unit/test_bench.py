"""The benchmark's synthetic content stays valid as the content model changes."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402
from generator.content import load_content  # noqa: E402


def test_multiplied_content_is_valid_and_every_copy_is_in_the_menu(tmp_path):
    project = bench.copy_project(tmp_path)
    before = load_content(project / "content")
    bench.multiply(project, 3)
    after = load_content(project / "content")
    assert after.hard_errors == []
    added = set(after.pages) - set(before.pages)
    # two more editions of every page but those a site has once by design
    from generator.kinds import KINDS
    single = {k.name for k in KINDS if not any("*" in f for f in k.files)}
    assert single == {"compare", "glossary", "laws", "steps", "selfcheck", "plans", "roles"}
    for page_id, entry in before.pages.items():
        if entry.kind not in single:
            assert {f"{page_id}-2", f"{page_id}-3"} <= added, page_id
    assert len(added) == 2 * sum(entry.kind not in single for entry in before.pages.values())
    in_menu = set()

    def walk(items):
        for item in items:
            if item.page:
                in_menu.add(item.page)
            walk(item.children)
    walk(after.site.nav)
    assert added <= in_menu


def test_baseline_paths_are_directory_urls():
    assert bench.baseline_path("index.html") == ""
    assert bench.baseline_path("rutiner/index.html") == "rutiner/"
    assert bench.baseline_path("rutiner/jamfor.html") == "rutiner/jamfor/"
