"""The template environments, with one set of filters.

Pages are Markdown (`*.md.j2`: not escaped, `{## ##}` comments because `{#id}` is
Markdown's heading-id syntax); HTML fragments and the PDFs' HTML (`*.html.j2`) are
escaped, so typed or authored text is never markup. Both get the same filters and
globals, so a partial (a citation, a date) can be used from either.
"""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .forms_schema import FIELD_TYPES
from .markup import Words, literal_html, one_line, plain

TEMPLATES = Path(__file__).parent / "templates"
# Swedish alphabetical order: å, ä, ö come after z (in that order).
SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def _indent4(text: str) -> str:
    return "\n".join(("    " + line) if line.strip() else "" for line in text.strip("\n").splitlines())


def filters(months: list[str], words: Words) -> dict:
    return {
        "date": lambda value: f"{value.day} {months[value.month - 1]} {value.year}",
        "indent4": _indent4,
        "sv_sort": lambda items, attr: sorted(items, key=lambda item: getattr(item, attr).lower().translate(SV_ORDER)),
        # easy-to-read text: every line of the source is a line on screen (short lines)
        "hardbreaks": lambda text: re.sub(r"(?<=\S)\n(?=\S)", "  \n", text),
        "attr": lambda text: jinja2.filters.escape(one_line(text, words)),
        # answers typed by others: text, never markup, never editor syntax ([[x]], sida:)
        "text": literal_html,
        # labels and hints shown as plain text: terms and links keep only their words
        "plain": lambda text: plain(text, words),
    }


def environment(months: list[str], words: Words, html: bool, cache_dir: Path | None = None) -> jinja2.Environment:
    """The Markdown (html=False) or HTML (html=True) environment."""
    cache = None
    if cache_dir is not None:  # compiled templates kept between builds (Jinja checks each source)
        # one folder per environment: the cache keys a template by its name and source only,
        # so a template both environments import (_source.md.j2) compiled with autoescape
        # would otherwise be reused by the Markdown environment and escape its text twice
        cache_dir = cache_dir / ("html" if html else "markdown")
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
    options = dict(autoescape=True) if html else dict(
        keep_trailing_newline=True, comment_start_string="{##", comment_end_string="##}")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), bytecode_cache=cache,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, **options)
    env.filters.update(filters(months, words))
    env.globals["types"] = FIELD_TYPES
    return env


def for_content(content, html: bool, cache_dir: Path | None = None) -> jinja2.Environment:
    env = environment(content.site.ui.months, content.words(), html, cache_dir)
    # the region a region's own rule names, for its heading (_source.md.j2)
    names = {rid: region.name for rid, (region, _) in content.regions.items()}
    env.globals["rule_region"] = lambda rule: getattr(rule, "region", None) or ", ".join(names.get(r, r) for r in rule.regions)
    return env
