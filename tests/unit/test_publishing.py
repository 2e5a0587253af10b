"""Publisher values left as examples (FYLL I, example.se): the default build never shows
them to a reader, and the publishing build (build --strict) refuses with E067.

The content is the small good fixture with tests/fixtures/publishing on top, built into
a temporary project (never the tracked files)."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.build import build, check

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
# "FYLL I" as the examples write it (the forms say "Fyll i" to the reader); example.se in any case
PLACEHOLDER = re.compile(r"FYLL I|(?i:example\.se)")


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_overrides", tmp_path / "site_overrides")
    shutil.copytree(FIXTURES / "good" / "content", tmp_path / "content")
    shutil.copytree(FIXTURES / "good" / "forms", tmp_path / "forms")
    shutil.copytree(FIXTURES / "publishing" / "content", tmp_path / "content", dirs_exist_ok=True)
    return tmp_path


class _Article(HTMLParser):
    """The text and every href/src inside the page's <article>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1
            self.urls += [v for k, v in attrs if k in ("href", "src") and v]

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def all_text_and_urls(html: str) -> tuple[str, list[str]]:
    """The whole page's text and hrefs (not only the article): nothing of it may show a placeholder."""
    class Everything(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.text, self.urls = [], []

        def handle_starttag(self, tag, attrs):
            self.urls += [v for k, v in attrs if k in ("href", "src", "content", "title") and v]

        def handle_data(self, data):
            self.text.append(data)
    p = Everything()
    p.feed(html)
    return " ".join(p.text), p.urls


def test_default_build_says_not_filled_in_instead_of_the_example(project):
    assert build(project, quiet=True) == 0
    site = project / "site"
    missing = yaml.safe_load((project / "content" / "site.yml").read_text(encoding="utf-8"))["ui"]["publisher_missing"]
    for path in site.rglob("*.html"):
        text, urls = all_text_and_urls(path.read_text(encoding="utf-8"))
        assert not PLACEHOLDER.search(text), path
        assert not [u for u in urls if PLACEHOLDER.search(u)], path
    article = _Article()
    article.feed((site / "tillganglighet.html").read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", " ".join(article.text))
    # the body and every feedback route were examples: the page says so, twice, and links no mailto
    assert text.count(missing) == 2, text
    assert "Testredaktionen" in text
    assert not [u for u in article.urls if u.startswith("mailto:")]


def test_a_real_value_is_shown_and_the_example_next_to_it_left_out(project):
    site_yml = project / "content" / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace(
        'feedback_postal: "FYLL I: postadress till redaktionen"', 'feedback_postal: "Box 1, 111 11 Testby"'),
        encoding="utf-8")
    assert build(project, quiet=True) == 0
    article = _Article()
    article.feed((project / "site" / "tillganglighet.html").read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", " ".join(article.text))
    assert "Box 1, 111 11 Testby" in text and not PLACEHOLDER.search(text)
    assert not [u for u in article.urls if PLACEHOLDER.search(u)]


def test_publishing_build_refuses_with_file_and_line_and_keeps_the_site(project, capsys):
    assert build(project, quiet=True) == 0
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    capsys.readouterr()
    assert build(project, quiet=True, strict=True, force=True) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if " E067: " in line]
    assert [line.split(": fel E067")[0] for line in lines] == [
        "content/site.yml:6", "content/site.yml:8", "content/site.yml:9"], err
    assert "W002" not in err  # one code per value, the publishing one
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_check_still_warns_and_strict_check_stops(project, capsys):
    assert check(project) == 0
    assert capsys.readouterr().err.count(" W002: ") == 3
    assert check(project, strict=True) == 1
