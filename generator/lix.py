"""LIX (läsbarhetsindex): words per sentence + 100 × share of words longer than six
letters. Computed on the plain text of each page's own words (not the site chrome)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from .markup import Words, reading_text

WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]+(?:-[A-Za-zÅÄÖåäöÉéÜü]+)*")
SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n\s*\n|\n\s*[-*]\s|\n\s*\d+\.\s")


def plain_text(markdown_text: str, words: Words | None = None) -> str:
    """Markdown -> running text: links keep their words, markup goes."""
    return reading_text(markdown_text, words or {})


def lix(text: str) -> float:
    words = WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in SENTENCE_END.split(text) if WORD.search(s)]))
    long_words = sum(1 for w in words if len(w.replace("-", "")) > 6)
    return len(words) / sentences + 100 * long_words / len(words)


def page_text(model, words: Words | None = None) -> str:
    """The words a reader of the page reads: every text value of the page's content."""
    parts: list[str] = []

    def walk(value, key=""):
        if key in {"id", "sources", "source", "reviewed", "review_due", "owner", "where", "lang",
                   "level", "translations", "leaflet", "form", "checklist", "order", "description"}:
            return
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
    walk(model.model_dump(mode="json"))
    return plain_text("\n\n".join(p if p.rstrip().endswith((".", "!", "?", ":")) else p + "." for p in parts), words)


BOUNDS = {"public": 40.0, "easy": 30.0}


def page_lix(entry, words: Words | None = None) -> float:
    """LIX of one page (a PageEntry): its Markdown body, or the text values of its model."""
    if entry.doc.body is not None:
        return lix(plain_text(entry.doc.body, words))
    return lix(page_text(entry.model, words))


def report(content) -> list[tuple[str, str, float, float | None]]:
    """(page id, level, LIX, bound) for every page, hardest first."""
    rows = []
    words = content.words()
    for entry in content.pages.values():
        level = getattr(entry.model, "level", "staff")
        rows.append((entry.id, level, round(page_lix(entry, words), 1), BOUNDS.get(level)))
    return sorted(rows, key=lambda r: -r[2])


class _ArticleText:
    """The words a reader sees in a built page's article: the page's own text, the sources
    gathered on the page included, without the shared footer (.page-meta) or hidden parts."""

    SKIP_CLASSES = {"page-meta", "headerlink", "md-content__button", "print-only", "noscript-note"}
    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "param", "track"}
    BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "summary", "figcaption", "div", "section"}

    def __init__(self, html: str):
        parser = _ArticleParser(convert_charrefs=True)
        parser.feed(html)
        self.text = "".join(parser.parts)


class _ArticleParser(HTMLParser):
    def __init__(self, **options):
        super().__init__(**options)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)

    def _skipped(self, tag: str, attrs: dict) -> bool:
        parent_skip = self.stack[-1][1] if self.stack else True
        inside = parent_skip is False or tag == "article"
        classes = set((attrs.get("class") or "").split())
        return (not inside) or bool(classes & _ArticleText.SKIP_CLASSES) or tag in ("script", "style", "svg") \
            or "hidden" in attrs or attrs.get("aria-hidden") == "true"

    def handle_starttag(self, tag, attrs):
        if tag in _ArticleText.VOID:
            return
        skip = self._skipped(tag, dict(attrs))
        self.stack.append((tag, skip))
        if tag in _ArticleText.BLOCK and not skip:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _ArticleText.VOID:
            return
        while self.stack:
            t, skip = self.stack.pop()
            if t == tag:
                if t in _ArticleText.BLOCK and not skip:
                    self.parts.append("\n\n")
                break

    def handle_data(self, data):
        if self.stack and not self.stack[-1][1]:
            self.parts.append(data)


def visible_text(html: str) -> str:
    return _ArticleText(html).text


def html_lix(html: str) -> float:
    """LIX of what the reader sees in a built page (each paragraph, item and heading ends a
    sentence, as on the page)."""
    text = visible_text(html)
    text = "\n\n".join(p.strip() if p.strip().endswith((".", "!", "?", ":")) else p.strip() + "."
                       for p in re.split(r"\n\s*\n", text) if p.strip())
    return lix(text)
