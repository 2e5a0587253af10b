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


@pytest.mark.parametrize("width, columns", [(1280, 2), (320, 1)])
def test_key_figures_are_a_grid_on_wide_screens(page, base_url, width, columns):
    """Side by side where there is room (the theme's own list rule must not win), one
    column on a phone."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + URL)
    lefts = page.locator(".key-figures li").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().left))")
    assert len(set(lefts)) >= columns if columns > 1 else len(set(lefts)) == 1, lefts


def test_every_chart_has_a_text_alternative_and_a_matching_table(page, base_url):
    page.goto(base_url + URL)
    charts = page.locator(".chart[role=img]")
    assert charts.count() == len(OREBRO["charts"])
    for chart in OREBRO["charts"]:
        drawing = page.locator(f"[aria-labelledby='{chart['id']}-title {chart['id']}-desc']")
        assert drawing.get_attribute("role") == "img"
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
    background = page.evaluate("getComputedStyle(document.querySelector('.md-main')).backgroundColor")
    bar = page.locator(".chart rect.chart-s0").first.evaluate("e => getComputedStyle(e).fill")
    hatch = page.locator(".chart .chart-hatch-line").first.evaluate("e => getComputedStyle(e).stroke")
    label = page.locator(".chart .chart-label").first.evaluate("e => getComputedStyle(e).color")
    value = page.locator(".chart text.chart-value").first.evaluate("e => getComputedStyle(e).fill")
    tick = page.locator(".chart text.chart-tick").first.evaluate("e => getComputedStyle(e).fill")
    for colour in (bar, hatch, label, value, tick):
        assert colour not in (background, "none", "rgba(0, 0, 0, 0)"), colour


def test_charts_fit_a_320px_screen(page, base_url):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(base_url + URL)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # every piece of every chart (labels, bars, values, ticks) lies inside the screen
    right = page.evaluate("""Math.max(...[...document.querySelectorAll(
        '.chart .chart-label, .chart .chart-key, .chart rect, .chart text')].map(e => e.getBoundingClientRect().right))""")
    left = page.evaluate("""Math.min(...[...document.querySelectorAll(
        '.chart .chart-label, .chart .chart-key, .chart rect, .chart text')].map(e => e.getBoundingClientRect().left))""")
    assert 0 <= left and right <= 320, (left, right)


# ---------- issue 22: text at body size, bars on one visible scale ----------

TEXT_SIZES = """() => {
  const body = parseFloat(getComputedStyle(document.querySelector('.md-content article > p')).fontSize);
  const sizes = [...document.querySelectorAll('.chart')].map(chart => {
    const html = [...chart.querySelectorAll('.chart-label, .chart-key')]
      .filter(e => e.textContent.trim())
      .map(e => [e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize)]);
    // SVG text: the font size times the drawing's scale on screen (a viewBox would scale it)
    const svg = [...chart.querySelectorAll('text')].map(e => {
      const m = e.getScreenCTM();
      return [e.textContent, parseFloat(getComputedStyle(e).fontSize) * Math.hypot(m.a, m.b)];
    });
    return html.concat(svg);
  });
  return {body, sizes};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_every_chart_text_is_body_text_size(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + URL)
    measured = page.evaluate(TEXT_SIZES)
    body = measured["body"]
    assert 15 <= body <= 20
    for chart, sizes in zip(OREBRO["charts"], measured["sizes"], strict=True):
        bars = len(chart["categories"]) * len(chart["series"])
        # a label per category, a key per series, a value per bar, at least three ticks
        assert len(sizes) >= len(chart["categories"]) + len(chart["series"]) + bars + 3, chart["id"]
        for text, size in sizes:
            assert abs(size - body) <= 2, (chart["id"], text, size, body)


BARS = """() => [...document.querySelectorAll('.chart')].map(chart => {
  const rows = [...chart.querySelectorAll('.chart-row')];
  const axis = rows.pop();
  const plot = axis.querySelector('svg').getBoundingClientRect();
  return {
    left: plot.left, width: plot.width,
    bars: rows.map(r => [...r.querySelectorAll('rect.chart-bar')].map(b => {
      const box = b.getBoundingClientRect(), value = b.nextElementSibling.getBoundingClientRect();
      return {left: box.left, width: box.width, text: b.nextElementSibling.textContent, textLeft: value.left};
    })),
    ticks: [...axis.querySelectorAll('text')].map(t => {
      const box = t.getBoundingClientRect();
      return {text: t.textContent, centre: box.left + box.width / 2};
    }),
  };
})"""


def _scale_group(chart) -> str:
    return "procent" if chart["unit"] == "procent" else chart.get("scale") or "only:" + chart["id"]


@pytest.mark.parametrize("width", [375, 1280])
def test_bars_are_proportional_on_one_scale_per_quantity(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + URL)
    drawn = page.evaluate(BARS)
    px_per_unit: dict[str, list[float]] = {}
    for chart, d in zip(OREBRO["charts"], drawn, strict=True):
        values = [[s["values"][i] for s in chart["series"]] for i in range(len(chart["categories"]))]
        assert [len(r) for r in d["bars"]] == [len(v) for v in values], chart["id"]
        largest = max(max(r) for r in values)
        k = next(b["width"] / v for r, vs in zip(d["bars"], values) for b, v in zip(r, vs) if v == largest)
        for row, vs in zip(d["bars"], values):
            for bar, v in zip(row, vs):
                assert bar["width"] == pytest.approx(v * k, abs=1), (chart["id"], v, bar["width"])
                assert bar["left"] == pytest.approx(d["left"], abs=1)           # from the baseline
                assert bar["left"] + bar["width"] <= d["left"] + d["width"] + 0.5  # inside the scale
                expected = f"{v:g} %" if chart["unit"] == "procent" else f"{v:g}"
                assert bar["text"] == expected, chart["id"]
                # the value stands just after the end of its bar
                assert 0 <= bar["textLeft"] - (bar["left"] + bar["width"]) <= 12, (chart["id"], v)
        # the tick labels sit where the bars' scale puts their numbers
        assert len(d["ticks"]) >= 3 and d["ticks"][0]["text"] == "0"
        for tick in d["ticks"]:
            number = float(tick["text"].replace(" %", "").replace(",", "."))
            assert tick["centre"] - d["left"] == pytest.approx(number * k, abs=1.5), (chart["id"], tick)
        assert float(d["ticks"][-1]["text"].replace(" %", "")) >= largest
        px_per_unit.setdefault(_scale_group(chart), []).append(k)
    # charts of the same quantity share their scale: the same length for the same number
    assert len(px_per_unit["procent"]) >= 2 and len(px_per_unit["enkater"]) == 3
    assert len(px_per_unit["svarande-verksamheter"]) == 3
    for group, ks in px_per_unit.items():
        assert max(ks) - min(ks) <= 0.01 * max(ks), (group, ks)


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_in_dark_mode(page, base_url, width):
    from axe_playwright_python.sync_playwright import Axe
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme="dark")
    page.goto(base_url + URL, wait_until="networkidle")
    # the theme's script sets the scheme from the reader's setting, at times after the
    # network is idle (as in test_pages): wait for it, up to 5 s
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'", timeout=5000)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    assert results.violations_count == 0, results.generate_report()


def test_printed_chart_keeps_its_size_and_stays_with_its_caption(page, base_url):
    page.set_viewport_size({"width": 760, "height": 1000})
    page.goto(base_url + URL)
    page.emulate_media(media="print")
    printed = page.evaluate(TEXT_SIZES)
    # the theme prints smaller body text; the chart's text follows it and is not scaled
    for chart, sizes in zip(OREBRO["charts"], printed["sizes"], strict=True):
        assert sizes and all(abs(size - printed["body"]) <= 0.5 for _, size in sizes), chart["id"]
    figures = page.locator("figure.chart-figure")
    assert figures.count() == len(OREBRO["charts"])
    for i in range(figures.count()):
        figure = figures.nth(i)
        assert figure.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
        assert figure.locator("figcaption").count() == 1
        # short enough to fit on one A4 page (about 1000 CSS px high inside the margins)
        assert figure.bounding_box()["height"] < 950, OREBRO["charts"][i]["id"]
