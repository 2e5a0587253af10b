"""What the reader sees: readability with sources included, no citations of our own research
notes, the accessibility statement's required parts, and plan aspects that keep their lists."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import checks, lix
from generator.content import load_content

ROOT = Path(__file__).resolve().parents[2]
CONTENT = load_content(ROOT / "content")
SITE = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))

# Pages written for the public, with their LIX bound (what make check reports, but measured
# on the built page: the reader's text, the sources gathered on it included).
PUBLIC_PAGES = sorted(
    (entry.id, getattr(entry.model, "level", "staff")) for entry in CONTENT.pages.values()
    if getattr(entry.model, "level", "staff") in lix.BOUNDS)

# Phrases by which a page would cite the project's own research notes instead of a public source.
RESEARCH_NOTE_TRACES = re.compile(
    r"Egen kontroll av rättsläget|Vår kontroll av lagarna|What the site must say|research/legal\.md"
    r"|tabellen, rad(erna)? \d", re.I)


def test_there_are_public_and_easy_pages_to_measure():
    levels = {level for _, level in PUBLIC_PAGES}
    assert {"public", "easy"} <= levels, PUBLIC_PAGES


@pytest.mark.parametrize("page_id, level", PUBLIC_PAGES)
def test_readability_of_what_the_reader_sees(site_dir, page_id, level):
    html = (site_dir / f"{page_id}.html").read_text(encoding="utf-8")
    text = lix.visible_text(html)
    assert len(text.split()) > 50, "the page's text was not found"
    value = lix.html_lix(html)
    assert value <= lix.BOUNDS[level], f"{page_id}: LIX {value:.1f} > {lix.BOUNDS[level]}"


def test_easy_pages_gather_their_sources_at_the_end(site_dir):
    easy = [pid for pid, level in PUBLIC_PAGES if level == "easy"
            and CONTENT.pages[pid].kind == "public"
            and any(s.facts for s in CONTENT.pages[pid].model.sections)]
    assert easy, "no easy-to-read page with sourced facts"
    for page_id in easy:
        html = (site_dir / f"{page_id}.html").read_text(encoding="utf-8")
        text = lix.visible_text(html)
        heading = SITE["ui"]["sources_heading"]
        assert heading in text, page_id
        body, _, sources = text.rpartition(heading)
        # no inline citation in the running text; every source named once at the end
        assert f"({SITE['ui']['sources']}:" not in body, page_id
        assert sources.strip(), page_id


def test_no_page_cites_our_research_notes(site_dir, pages):
    for source in CONTENT.sources.values():
        assert not (source.seed or "").startswith("research/"), source.id
    for page in pages:
        text = (site_dir / page).read_text(encoding="utf-8")
        found = RESEARCH_NOTE_TRACES.search(lix.visible_text(text))
        assert not found, f"{page}: {found.group(0)!r}"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def test_accessibility_statement_names_the_body_feedback_and_enforcement(site_dir):
    # a value left as an example (FYLL I) is not shown: the page says it is missing
    publisher = checks.readable_publisher(CONTENT.site.publisher)
    html = (site_dir / "tillganglighet.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", lix.visible_text(html))
    parser = _Links()
    parser.feed(html)
    hrefs = {href for href, _ in parser.links}
    assert "FYLL I" not in text
    assert (publisher.body or CONTENT.site.ui.publisher_missing) in text
    routes = 0
    if publisher.feedback_email:
        assert f"mailto:{publisher.feedback_email}" in hrefs
        routes += 1
    if publisher.feedback_url:
        assert publisher.feedback_url in hrefs
        routes += 1
    for value in (publisher.feedback_postal, publisher.feedback_phone):
        if value:
            assert value in text
            routes += 1
    # no route filled in yet: the page says so instead of leaving the reader without one
    assert routes >= 1 or CONTENT.site.ui.publisher_missing in text
    # the enforcement route, with the authority's name in the link
    assert any(href == publisher.enforcement_url and publisher.enforcement_name in label
               for href, label in parser.links), parser.links
    # compliance status and the date of the assessment
    assert "delvis förenlig" in text
    assert re.search(r"\d{1,2} \w+ 20\d\d", text)


def test_privacy_page_does_not_contradict_the_server_log_text(site_dir):
    text = re.sub(r"\s+", " ", lix.visible_text((site_dir / "personuppgifter.html").read_text(encoding="utf-8")))
    assert CONTENT.site.publisher.server_logs in text
    assert "behandlar inga personuppgifter" not in text


def test_plan_aspects_keep_their_lists(page, base_url):
    """On "Vilken plan gäller?" an aspect written as a list is shown as a list, under its
    label, not run together into one paragraph."""
    plans = CONTENT.pages["arbetssatt/vilken-plan"].model
    page.goto(base_url + "arbetssatt/vilken-plan.html")
    checked = 0
    for plan in plans.plans:
        section = page.locator(f"h2#{plan.id}")
        for key, label in plans.aspect_labels.model_dump().items():
            text = getattr(plan.aspects, key).lstrip()
            if not re.match(r"(- |1\. )", text):
                continue
            # the element right after the label paragraph, within this plan's section
            kind = section.evaluate(
                """(h, label) => {
                    let el = h.nextElementSibling;
                    while (el && el.tagName !== 'H2') {
                        if (el.matches('p.plan-aspect__label') && el.textContent.trim() === label) {
                            return el.nextElementSibling ? el.nextElementSibling.tagName : null;
                        }
                        el = el.nextElementSibling;
                    }
                    return 'missing';
                }""", label)
            assert kind in ("UL", "OL"), (plan.id, key, kind)
            checked += 1
    assert checked >= 5
