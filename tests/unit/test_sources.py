"""The real content: it loads without errors, and its sourced statements are where
they should be. (That every named source exists is the schema's Ref("sources") and the
E032 fixture: not re-asserted statement by statement here.)"""
from __future__ import annotations

from pathlib import Path

from generator.content import load_content

ROOT = Path(__file__).resolve().parents[2]
CONTENT = load_content(ROOT / "content")


def test_real_content_has_no_errors():
    assert [e.format(ROOT) for e in CONTENT.hard_errors] == []


def test_the_working_method_pages_have_their_kinds():
    kinds = {page_id: e.kind for page_id, e in CONTENT.pages.items()}
    assert kinds["arbetssatt/steg-for-steg"] == "steps" and kinds["arbetssatt/sip"] == "steps"
    assert kinds["arbetssatt/vem-gor-vad"] == "roles" and kinds["arbetssatt/nar-erbjuda"] == "selfcheck"
    assert kinds["arbetssatt/vilken-plan"] == "plans"
    assert {"checklist", "quickguide", "public", "followup", "form"} <= set(kinds.values())


def test_a_removed_source_is_reported_where_it_is_named(tmp_path):
    """Take one source out of a copy of the real content: every statement naming it is E032."""
    import shutil

    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "forms", tmp_path / "forms")
    sources = tmp_path / "content" / "sources.yml"
    text = sources.read_text(encoding="utf-8")
    assert "  - id: isof-klarsprak\n" in text
    sources.write_text(text.replace("  - id: isof-klarsprak\n", "  - id: borttagen\n", 1), encoding="utf-8")
    found = {(e.file.name, e.code) for e in load_content(tmp_path / "content").errors if e.code == "E032"}
    assert found == {("laws.yml", "E032")}
