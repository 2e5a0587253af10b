"""Örebro 2012: key figures, charts with text alternatives and tables, in every palette."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
OREBRO = yaml.safe_load((ROOT / "content" / "followup" / "orebro-2012.yml").read_text(encoding="utf-8"))
URL = "uppfoljning/orebro-2012.html"


def test_key_figures_of_the_report(page, base_url):
    page.goto(base_url + URL)
    figures = page.locator(".key-figures").inner_text()
    for value in ("142", "46 %", "26 %", "23", "276"):
        assert value in figures, value
    assert "12" in page.locator(".key-figures li", has_text="23").inner_text()


def test_every_chart_has_a_text_alternative_and_a_matching_table(page, base_url):
    page.goto(base_url + URL)
    charts = page.locator("svg.chart")
    assert charts.count() == len(OREBRO["charts"])
    for chart in OREBRO["charts"]:
        svg = page.locator(f"svg[aria-labelledby='{chart['id']}-title {chart['id']}-desc']")
        assert svg.get_attribute("role") == "img"
        assert page.locator(f"#{chart['id']}-title").text_content() == chart["title"]
        assert page.locator(f"#{chart['id']}-desc").text_content() == chart["summary"]
        table = page.locator("table", has=page.locator("caption", has_text=chart["title"])).first
        rows = table.locator("tbody tr")
        assert rows.count() == len(chart["categories"])
        for i, category in enumerate(chart["categories"]):
            cells = rows.nth(i).locator("td").all_inner_texts()
            expected = [s["values"][i] for s in chart["series"]]
            assert [float(c.replace(" %", "").replace(",", ".")) for c in cells] == pytest.approx(expected)


def test_profession_table_is_shown_whole(page, base_url):
    page.goto(base_url + URL)
    chart = next(c for c in OREBRO["charts"] if c["id"] == "yrken")
    table = page.locator("table", has=page.locator("caption", has_text=chart["title"])).first
    assert table.locator("tbody tr").count() == len(chart["categories"]) >= 8


@pytest.mark.parametrize("scheme,forced", [("light", "none"), ("dark", "none"), ("light", "active")])
def test_charts_readable_in_every_palette(page, base_url, scheme, forced):
    page.emulate_media(color_scheme=scheme, forced_colors=forced)
    page.goto(base_url + URL)
    bar = page.locator("svg.chart rect.chart-s0").first
    label = page.locator("svg.chart text.chart-label").first
    fill = bar.evaluate("e => getComputedStyle(e).fill")
    text = label.evaluate("e => getComputedStyle(e).fill")
    background = page.evaluate("getComputedStyle(document.querySelector('.md-main')).backgroundColor")
    assert fill != background and text != background


def test_charts_fit_a_320px_screen(page, base_url):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(base_url + URL)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator("svg.chart").first.bounding_box()
    assert box["width"] <= 300
