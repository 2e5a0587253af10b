"""Bar charts as inline SVG, drawn at build (no chart script, nothing external).

Each category is a row: its label on one line, then one bar per series. The
drawing is narrow (a 360-unit viewBox) so that labels stay readable on a 320 px
phone. Colours come from CSS classes (light, dark and forced-colors palettes in
site.css); the second series is also hatched so that it does not rely on colour.
The same numbers are always shown in a table next to the chart.
"""
from __future__ import annotations

from html import escape

WIDTH = 360
LABEL_H = 20
BAR_H = 16
GAP = 4
ROW_GAP = 12
VALUE_W = 56


def fmt(value: float, unit: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %" if unit == "procent" else text


def svg(chart) -> str:
    """The SVG of one chart (a schema.Chart)."""
    top = max((max(s.values) if s.values else 0) for s in chart.series) or 1
    if chart.unit == "procent":
        top = max(top, 100)
    bar_space = WIDTH - VALUE_W
    rows = []
    y = 0
    for i, category in enumerate(chart.categories):
        rows.append(f'<text class="chart-label" x="0" y="{y + 15}">{escape(category)}</text>')
        y += LABEL_H
        for s_i, series in enumerate(chart.series):
            value = series.values[i] if i < len(series.values) else 0
            w = max(1.0, bar_space * value / top)
            rows.append(f'<rect class="chart-s{s_i}" x="0" y="{y}" width="{w:.1f}" height="{BAR_H}"/>')
            rows.append(f'<text class="chart-value" x="{w + 4:.1f}" y="{y + 13}">{fmt(value, chart.unit)}</text>')
            y += BAR_H + GAP
        y += ROW_GAP
    height = y
    cid = chart.id
    legend = ""
    if len(chart.series) > 1:
        items = []
        x = 0
        for s_i, series in enumerate(chart.series):
            items.append(f'<rect class="chart-s{s_i}" x="{x}" y="{height}" width="14" height="14"/>'
                         f'<text class="chart-label" x="{x + 20}" y="{height + 12}">{escape(series.name)}</text>')
            x += 20 + 9 * len(series.name) + 24
        legend = "".join(items)
        height += 24
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{cid}-title">{escape(chart.title)}</title>'
        f'<desc id="{cid}-desc">{escape(chart.summary)}</desc>'
        f'<defs><pattern id="{cid}-hatch" class="chart-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect class="chart-hatch-bg" width="6" height="6"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" class="chart-hatch-line"/></pattern></defs>'
        + ("".join(rows) + legend).replace('class="chart-s1"', f'class="chart-s1" fill="url(#{cid}-hatch)"')
        + "</svg>"
    )


def _share(series, i: int) -> str:
    """' (50 %)' after a count when the number of respondents is known."""
    if not series.total:
        return ""
    return f" ({fmt(round(100 * series.values[i] / series.total, 1), 'antal')} %)"


def table(chart, caption_prefix: str = "") -> str:
    """The chart's numbers as an accessible table."""
    head = "".join(f'<th scope="col">{escape(s.name)}</th>' for s in chart.series)
    body = []
    for i, category in enumerate(chart.categories):
        cells = "".join(f"<td>{fmt(s.values[i], chart.unit)}{_share(s, i)}</td>" for s in chart.series)
        body.append(f'<tr><th scope="row">{escape(category)}</th>{cells}</tr>')
    return (f'<div class="chart-table"><table><caption>{escape(caption_prefix)}{escape(chart.title)}</caption>'
            f'<thead><tr><td></td>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')
