"""Bar charts drawn at build as HTML with small inline SVG bars (no chart script).

Why this shape: a whole chart in one scaled SVG grows its text with the column
(labels at twice the body size on a desktop) and cannot wrap a long label on a
phone. Here the labels and the legend are HTML text in the page's own font and
size, and each category's bars are an SVG without a viewBox, so nothing in it
is scaled: bar lengths are percentages of the plot's width and text is drawn in
CSS pixels. Site.css puts the labels above the bars in a narrow column and
beside them in a wide one, and leaves room right of the plot for the values.

Every chart has a scale: a baseline, light gridlines and tick labels. Charts
that show a share all use 0–100 %; counts share one scale with every chart of
the same `scale` group in the content. Colours come from CSS classes (light,
dark and forced-colors palettes); the second series is also hatched so that it
does not rely on colour. The whole drawing is one role="img" with the chart's
title and summary as its name; the same numbers are in a table next to it.
"""
from __future__ import annotations

import math
from html import escape

BAR_H = 20      # px: about the body text's line, so a value fits beside its bar
BAR_GAP = 4     # px between the bars of one category
ROW_PAD = 6     # px above and below a category's bars
AXIS_H = 24     # px: the row of tick labels under the plot
PERCENT_TICKS = (0, 25, 50, 75, 100)


def fmt(value: float, unit: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %" if unit == "procent" else text


def _largest(chart) -> float:
    return max((max(s.values, default=0) for s in chart.series), default=0)


def nice_scale(largest: float) -> tuple[float, list[float]]:
    """The scale's end and its ticks for counts: at most six ticks, in steps of 1, 2
    or 5 times a power of ten, the last one at or above the largest value."""
    if largest <= 0:
        return 1, [0, 1]
    step = 1.0
    magnitude = 1.0
    while True:
        for m in (1, 2, 5):
            step = m * magnitude
            if math.ceil(largest / step) <= 5:
                n = math.ceil(largest / step)
                return n * step, [i * step for i in range(n + 1)]
        magnitude *= 10


def scales(charts) -> dict[str, tuple[float, list[float]]]:
    """Each chart's scale (end, ticks). Shares run from 0 to 100 %; counts in charts
    of the same `scale` group end at the same value, so equal bars mean equal counts."""
    group_max: dict[str, float] = {}
    for c in charts:
        if c.unit == "antal" and c.scale:
            group_max[c.scale] = max(group_max.get(c.scale, 0), _largest(c))
    out = {}
    for c in charts:
        if c.unit == "procent":
            out[c.id] = (100.0, list(PERCENT_TICKS))
        else:
            out[c.id] = nice_scale(group_max[c.scale] if c.scale else _largest(c))
    return out


def _pct(value: float, end: float) -> str:
    return f"{max(0.0, min(100.0, 100 * value / end)):.2f}".rstrip("0").rstrip(".") + "%"


def _value_text(chart, s_i: int, i: int) -> str:
    series = chart.series[s_i]
    value = series.values[i] if i < len(series.values) else 0
    return fmt(value, chart.unit) + _share(series, i)


def _grid(ticks, end: float, height: str) -> str:
    """Light vertical lines at the ticks and the baseline at 0 (drawn last, on top)."""
    lines = "".join(f'<line class="chart-grid" x1="{_pct(t, end)}" x2="{_pct(t, end)}" y1="0" y2="{height}"/>'
                    for t in ticks if t > 0)
    return lines + f'<line class="chart-baseline" x1="0" x2="0" y1="0" y2="{height}"/>'


def _bar_class(s_i: int) -> str:
    return f"chart-bar chart-s{min(s_i, 1)}"


def _swatch(cid: str, s_i: int, defs: str = "") -> str:
    fill = f' fill="url(#{cid}-hatch)"' if s_i else ""
    return (f'<svg class="chart-swatch" width="16" height="16" aria-hidden="true" focusable="false">{defs}'
            f'<rect class="{_bar_class(s_i)}" x="0.5" y="0.5" width="15" height="15"{fill}/></svg>')


def drawing(chart, scale: tuple[float, list[float]] | None = None) -> str:
    """The drawing of one chart (a schema.Chart); `scale` from scales() when the
    chart shares a scale with others on the page."""
    end, ticks = scale or scales([chart])[chart.id]
    cid = chart.id
    n = len(chart.series)
    height = 2 * ROW_PAD + n * BAR_H + (n - 1) * BAR_GAP
    # The hatch pattern lives in the legend's first swatch; the bars refer to it.
    hatch = (f'<defs><pattern id="{cid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
             f'patternTransform="rotate(45)"><rect class="chart-hatch-bg" width="6" height="6"/>'
             f'<line class="chart-hatch-line" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>')
    keys = []
    for s_i, series in enumerate(chart.series):
        swatch = _swatch(cid, s_i, hatch if s_i == 0 else "")
        keys.append(f'<span class="chart-key">{swatch}{escape(series.name)}</span>')
    rows = []
    for i, category in enumerate(chart.categories):
        bars = []
        for s_i, series in enumerate(chart.series):
            value = series.values[i] if i < len(series.values) else 0
            y = ROW_PAD + s_i * (BAR_H + BAR_GAP)
            fill = f' fill="url(#{cid}-hatch)"' if s_i else ""
            bars.append(f'<rect class="{_bar_class(s_i)}" x="0" y="{y}" width="{_pct(value, end)}" '
                        f'height="{BAR_H}"{fill}/>'
                        f'<text class="chart-value" x="{_pct(value, end)}" dx="6" y="{y + BAR_H / 2}" '
                        f'dominant-baseline="central">{escape(_value_text(chart, s_i, i))}</text>')
        # The gridlines are a second SVG behind the bars, as high as the row: a label
        # beside the bars may wrap to more lines than the bars need.
        rows.append(f'<div class="chart-row"><span class="chart-label">{escape(category)}</span>'
                    f'<div class="chart-track"><svg class="chart-plot chart-gridlines" width="100%" height="100%" '
                    f'aria-hidden="true" focusable="false">{_grid(ticks, end, "100%")}</svg>'
                    f'<svg class="chart-plot" width="100%" height="{height}" aria-hidden="true" focusable="false">'
                    f'{"".join(bars)}</svg></div></div>')
    # "%" only on the last tick: shorter labels, and the "0" fits left of the baseline
    tick_text = "".join(f'<text class="chart-tick" x="{_pct(t, end)}" y="{AXIS_H - 6}" text-anchor="middle">'
                        f'{fmt(t, chart.unit if t == ticks[-1] else "antal")}</text>' for t in ticks)
    axis = (f'<div class="chart-row chart-row--axis"><span class="chart-label"></span>'
            f'<svg class="chart-plot" width="100%" height="{AXIS_H}" aria-hidden="true" focusable="false">'
            f'{_grid(ticks, end, "6")}<line class="chart-axis" x1="0" x2="100%" y1="0" y2="0"/>{tick_text}</svg></div>')
    wide = " chart--shares" if any(s.total for s in chart.series) else ""
    return (
        f'<div class="chart{wide}" role="img" aria-labelledby="{cid}-title {cid}-desc">'
        f'<span id="{cid}-title" hidden>{escape(chart.title)}</span>'
        f'<span id="{cid}-desc" hidden>{escape(chart.summary)}</span>'
        f'<div class="chart-legend">{"".join(keys)}</div>'
        f'<div class="chart-rows">{"".join(rows)}{axis}</div></div>'
    )


def drawings(charts) -> dict[str, str]:
    """Every chart of a page, charts of the same quantity on one scale."""
    by_id = scales(charts)
    return {c.id: drawing(c, by_id[c.id]) for c in charts}


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
