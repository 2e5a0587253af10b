"""Chart scales: round tick steps, shares on 0–100 %, counts of one quantity on one scale."""
from __future__ import annotations

from generator import charts
from generator.schema import Chart


def chart(id_, unit, values, scale=None, total=None):
    series = [{"name": "Svar", "values": values, **({"total": total} if total else {})}]
    return Chart.model_validate({"id": id_, "title": "T", "summary": "S", "unit": unit,
                                 "categories": [f"k{i}" for i in range(len(values))],
                                 "series": series, **({"scale": scale} if scale else {})})


def test_count_scales_end_on_a_round_tick_at_or_above_the_largest_value():
    assert charts.nice_scale(89) == (100, [0, 20, 40, 60, 80, 100])
    assert charts.nice_scale(3) == (3, [0, 1, 2, 3])
    assert charts.nice_scale(16) == (20, [0, 5, 10, 15, 20])
    assert charts.nice_scale(48) == (50, [0, 10, 20, 30, 40, 50])
    assert charts.nice_scale(0) == (1, [0, 1])


def test_charts_in_one_scale_group_share_the_end_of_their_scale():
    page = [chart("a", "antal", [53, 89], scale="svar"), chart("b", "antal", [16, 36], scale="svar"),
            chart("c", "antal", [16, 36]), chart("d", "procent", [52, 46])]
    scales = charts.scales(page)
    assert scales["a"][0] == scales["b"][0] == 100
    assert scales["c"][0] == 40
    assert scales["d"] == (100, [0, 25, 50, 75, 100])


def test_bar_lengths_are_shares_of_the_scale_and_values_show_shares_with_counts():
    html = charts.drawing(chart("a", "antal", [3, 0, 10], total=20))  # scale 0–10
    assert [w for w in ('width="30%"', 'width="0%"', 'width="100%" height="20"') if w in html] == [
        'width="30%"', 'width="0%"', 'width="100%" height="20"']
    assert ">3 (15 %)</text>" in html and ">0 (0 %)</text>" in html and ">10 (50 %)</text>" in html
    assert 'class="chart chart--shares" role="img" aria-labelledby="a-title a-desc"' in html


def test_text_is_escaped():
    c = chart("a", "antal", [1])
    c.categories[0] = "<b>Ja</b>"
    assert "&lt;b&gt;Ja&lt;/b&gt;" in charts.drawing(c) and "<b>" not in charts.drawing(c)
