"""Regional rules in the content model: where they are allowed, that each edition keeps
only its own region's rules, and that steg-för-steg follows the SIP page's steps."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import editions, schema
from generator.content import load_content

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT / "content")


def rules_of(model):
    """A region's own rules and duties (a duty without regions:/region: is the country's)."""
    return [rule for _, rule in editions._rules(model) if getattr(rule, "regional", True)]


def test_the_task_pages_have_rules_of_each_region_with_an_edition(content):
    for page in ("arbetssatt/steg-for-steg", "arbetssatt/lathundar/den-som-kallar", "efter-motet"):
        regions = {r for rule in rules_of(content.pages[page].model) for r in rule.regions}
        assert {"vastra-gotaland", "stockholm"} <= regions, page


@pytest.mark.parametrize("rid", ["orebro", "stockholm", "vastra-gotaland"])
def test_an_edition_keeps_only_its_own_regions_rules(content, rid):
    derived = editions.editions(content)[rid]
    kept = total = 0
    for page_id, entry in content.pages.items():
        expected = [rule for rule in rules_of(entry.model) if rid in rule.regions]
        total += len(rules_of(entry.model))
        if page_id not in derived.pages:
            continue
        got = rules_of(derived.pages[page_id].model)
        assert got == expected, page_id
        kept += len(got)
    assert total > kept  # the other regions' rules, and those of regions without an edition, left out
    if rid != "orebro":
        assert kept > 0


def test_a_rule_names_its_region_one_way():
    with pytest.raises(ValueError):
        schema.RegionalRule(text="x", source="vg-rutin")
    with pytest.raises(ValueError):
        schema.RegionalRule(text="x", source="vg-rutin", regions=["vastra-gotaland"], region="Västra Götaland")
    assert schema.RegionalRule(text="x", source="jonkoping-sip", region="Jönköpings län").regions == []


def test_steg_for_steg_follows_the_sip_steps(content):
    steps = content.pages["arbetssatt/steg-for-steg"].model
    sip = content.pages["arbetssatt/sip"].model
    assert steps.follows == "arbetssatt/sip"
    assert [s.id for s in steps.steps] == [s.id for s in sip.steps]
    assert [s.title for s in steps.steps] == [s.title for s in sip.steps]


def copy(tmp_path: Path) -> Path:
    for name in ("content", "forms"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path / "content"


def codes(content, code):
    return [(e.file.name, e.line) for e in content.errors if e.code == code]


def test_a_step_moved_out_of_order_is_an_error_at_follows(tmp_path):
    folder = copy(tmp_path)
    path = folder / "method" / "steg-for-steg.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - id: initiativ\n"), text.index("  - id: samtycke\n")
    moved = text[:start] + text[end:] + "\n" + text[start:end]  # the second step last
    path.write_text(moved, encoding="utf-8")
    line = moved.splitlines().index('follows: "arbetssatt/sip"') + 1
    assert codes(load_content(folder), "E072") == [("steg-for-steg.yml", line)]


def test_a_rule_citing_another_regions_document_is_an_error_at_its_source(tmp_path):
    folder = copy(tmp_path)
    path = folder / "method" / "steg-for-steg.yml"
    text = path.read_text(encoding="utf-8")
    old = "      - regions: [stockholm]\n        source: sthlm-policy\n"
    assert old in text
    text = text.replace(old, "      - regions: [stockholm]\n        source: vg-rutin\n", 1)
    path.write_text(text, encoding="utf-8")
    line = text[:text.index("      - regions: [stockholm]\n        source: vg-rutin")].count("\n") + 2  # the source: line
    assert ("steg-for-steg.yml", line) in codes(load_content(folder), "E071")


def test_a_rule_for_an_unknown_region_is_an_error_with_file_and_line(tmp_path):
    folder = copy(tmp_path)
    path = folder / "public" / "efter-motet.yml"
    text = path.read_text(encoding="utf-8").replace("      - regions: [stockholm]\n", "      - regions: [stokholm]\n", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      - regions: [stokholm]") + 1
    assert codes(load_content(folder), "E060") == [("efter-motet.yml", line)]
