"""The compiled-template cache kept between builds: the HTML and the Markdown environments
share the templates of _source.md.j2, and one environment's compiled code (with or without
autoescape) is never reused by the other."""
from __future__ import annotations

from types import SimpleNamespace

from generator import jinja

MONTHS = ["januari"] * 12


def _cite(env) -> str:
    sources = {"s": SimpleNamespace(short="A & B")}
    ui = SimpleNamespace(sources="Källa")
    template = env.from_string('{% from "_source.md.j2" import source_ref %}'
                               '{{ source_ref("s", "x & y", sources, ui) }}')
    return template.render(sources=sources, ui=ui)


def test_a_cached_html_compile_does_not_escape_markdown(tmp_path):
    cache = tmp_path / "cache"
    html = jinja.environment(MONTHS, {}, html=True, cache_dir=cache)
    assert _cite(html) == "Källa: A &amp; B, x &amp; y"  # the HTML environment escapes
    # a fresh Markdown environment on the same cache folder, as the next build makes it
    markdown = jinja.environment(MONTHS, {}, html=False, cache_dir=cache)
    assert _cite(markdown) == "Källa: A & B, x & y"
    # and the other way round: the HTML environment after the Markdown one still escapes
    assert _cite(jinja.environment(MONTHS, {}, html=True, cache_dir=cache)) == "Källa: A &amp; B, x &amp; y"
