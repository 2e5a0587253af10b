"""Every checklist item, step, role duty and quick-guide line names a source that exists."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.content import load_content

ROOT = Path(__file__).resolve().parents[2]
CONTENT = load_content(ROOT / "content")


def sourced_statements():
    for entry in CONTENT.pages.values():
        m = entry.model
        if entry.kind == "checklist":
            for g in m.groups:
                for i in g.items:
                    yield entry.id, i.text, [i.source]
        elif entry.kind == "steps":
            for s in m.steps:
                yield entry.id, s.title, s.sources
        elif entry.kind == "roles":
            for r in m.roles:
                for d in r.duties:
                    yield entry.id, d.text, [d.source]
            for d in m.escalation:
                yield entry.id, d.text, [d.source]
        elif entry.kind == "quickguide":
            for s in m.sections:
                for i in s.items:
                    yield entry.id, i.text, [i.source]
        elif entry.kind == "selfcheck":
            for q in m.questions:
                yield entry.id, q.text, [q.source]


STATEMENTS = list(sourced_statements())


def test_real_content_has_no_errors():
    assert [e.format(ROOT) for e in CONTENT.hard_errors] == []


def test_every_kind_is_present():
    kinds = {page for page, _, _ in STATEMENTS}
    assert any("checklistor" in k for k in kinds) and "arbetssatt/steg-for-steg" in kinds
    assert "arbetssatt/vem-gor-vad" in kinds and any("lathundar" in k for k in kinds)


@pytest.mark.parametrize("page,text,sources", STATEMENTS, ids=[f"{p}:{t[:30]}" for p, t, _ in STATEMENTS])
def test_statement_has_a_known_source(page, text, sources):
    assert sources and all(s in CONTENT.sources for s in sources)
