"""Readability: LIX computed for every page; public pages <= 40, easy-to-read <= 30."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import lix
from generator.content import load_content

ROOT = Path(__file__).resolve().parents[2]
CONTENT = load_content(ROOT / "content")


def test_lix_of_known_texts():
    # 6 words, 2 sentences, 1 long word ("mening" has 6 letters: not long; "läsbarhet" is)
    assert lix.lix("Det här är läsbarhet. Den är bra.") == pytest.approx(7 / 2 + 100 * 1 / 7)
    assert lix.lix("") == 0.0
    easy = "Du kan få hjälp. Du bestämmer själv. Vi träffas en gång."
    hard = ("Samordningsansvarigas uppdrag innefattar dokumentation, uppföljning och "
            "kommunikation mellan huvudmännens verksamhetsområden.")
    assert lix.lix(easy) < 30 < 40 < lix.lix(hard)


def test_markup_is_not_counted():
    text = lix.plain_text("Läs [[samordnare|samordnaren]] och [sidan](sida:lagar). <!-- lista: rutiner -->")
    assert "sida:" not in text and "lista" not in text and "samordnaren" in text


BOUNDED = [(pid, level, value, bound) for pid, level, value, bound in lix.report(CONTENT) if bound]


def test_there_are_public_and_easy_pages():
    levels = {level for _, level, _, _ in BOUNDED}
    assert {"public", "easy"} <= levels


@pytest.mark.parametrize("page_id,level,value,bound", BOUNDED, ids=[b[0] for b in BOUNDED])
def test_page_is_within_its_lix_bound(page_id, level, value, bound):
    assert value <= bound, f"{page_id} ({level}) has LIX {value}, above {bound}"
