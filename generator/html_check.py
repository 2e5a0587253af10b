"""Raw HTML in authored text: an allow-list of harmless elements, attributes and URLs.

Markdown lets an author write HTML, and MkDocs passes it through as it is. So what is
checked is the HTML that Markdown produces from each text, with the site's own dialect
(the extensions of mkdocs.yml and those the engine adds: engine.markdown_dialect), read
the way a browser reads it: by a parser that follows the WHATWG parsing algorithm
(tinyhtml5, the maintained html5lib that WeasyPrint uses too), which decodes entities in
attributes and ends `<!-->` where a browser does. Code spans, escapes, fences the
extensions refuse and attribute lists are whatever Markdown makes of them: nothing is
masked or guessed from the source. An element, attribute or URL outside the lists below
is a content error with file and line, and the build stops. Nothing is removed silently.

A value from a YAML file may also land in a template's HTML block, where Markdown leaves
it alone: such a value is read both ways, as Markdown and as HTML.

The line of a problem: the first line up to which the text, rendered alone, already
shows it (found by bisection, only when a text has a problem).
"""
from __future__ import annotations

import re
import threading
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

import markdown
from tinyhtml5.parser import HTMLParser

from .errors import Code

# elements that only structure or mark up text (h1 too: Markdown writes it for `# ...`)
ELEMENTS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
# attributes any allowed element may have, and those of single elements
ATTRIBUTES = {"class", "id", "title", "lang", "dir", "markdown"}
ELEMENT_ATTRIBUTES = {
    "a": {"href", "hreflang"}, "img": {"src", "alt", "width", "height"}, "abbr": set(),
    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}, "time": {"datetime"},
    "ol": {"start"}, "details": {"open"}, "q": {"cite"}, "blockquote": {"cite"},
}
# the one style Markdown itself writes: a table column's alignment (| :--- |)
TABLE_ALIGN = re.compile(r"text-align:\s*(left|right|center);?")
URL_ATTRIBUTES = {"href", "src", "cite"}
# schemes a link may use; anything else (javascript:, data:, file:, vbscript: ...) is refused.
# sida: is the editors' link to a page by its id (markup.PAGE_LINK)
LINK_SCHEMES = {"http", "https", "mailto", "tel", "sida"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# characters a browser ignores inside a URL's scheme (java\tscript:)
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
# a text without any of these makes no element, attribute or URL Markdown does not write
# itself (raw HTML needs <, a link or image ], an attribute list {, an entity &); a glossary
# reference [[id]] or [[id|words]] only becomes our own link to the glossary (markup.TERM_REF)
SUSPECT = re.compile(r"[<>&\]{]")
TERM_REF = re.compile(r"\[\[[^\[\]<>&{]+\]\]")


def url_problem(url: str, image: bool, schemes=LINK_SCHEMES) -> str | None:
    """Why a URL (entities decoded) is refused, or None. Images must come from the site
    itself: the site makes no request to other servers."""
    clean = IGNORED_IN_URL.sub("", url)
    scheme = SCHEME.match(clean)
    if image and (scheme or clean.startswith("//") or clean.startswith("\\\\") or clean.startswith("/\\")):
        return url
    if scheme and scheme.group(1).lower() not in schemes:
        return url
    return None


class Dialect:
    """The site's Markdown, one converter reused for every text of a run."""

    def __init__(self, root: Path):
        from .engine import markdown_dialect
        names, settings = markdown_dialect(root)
        self._md = markdown.Markdown(extensions=names, extension_configs=settings)
        self._lock = threading.Lock()  # the editor's threads share one converter

    def html(self, text: str) -> str:
        with self._lock:
            self._md.reset()
            return self._md.convert(text)


def refused(html: str) -> list[tuple[str, dict]]:
    """(code, params) for every element, attribute or URL in an HTML fragment that is not
    allowed, read as a browser reads it (entities decoded, comments ended where it ends them)."""
    found: list[tuple[str, dict]] = []
    tree = HTMLParser(namespace_html_elements=False).parse_fragment(html)
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str) or tag == "DOCUMENT_FRAGMENT":  # comments: nothing runs
            continue
        if tag.startswith("{"):  # <svg>, <math>: elements of another namespace
            found.append((Code.HTML_ELEMENT, {"element": tag.rpartition("}")[2]}))
            continue
        if tag not in ELEMENTS:
            found.append((Code.HTML_ELEMENT, {"element": tag}))
            continue
        for name, value in element.attrib.items():
            if name == "style" and tag in ("td", "th") and TABLE_ALIGN.fullmatch(value.strip()):
                continue
            if name not in ATTRIBUTES and name not in ELEMENT_ATTRIBUTES.get(tag, ()):
                found.append((Code.HTML_ATTRIBUTE, {"element": tag, "attribute": name}))
            elif name in URL_ATTRIBUTES and value and url_problem(value, image=(tag == "img")):
                found.append((Code.URL_NOT_ALLOWED, {"url": value}))
    return found


def _key(problem: tuple[str, dict]) -> tuple:
    return problem[0], tuple(sorted(problem[1].items()))


def problems(text: str, dialect: Dialect, raw: bool = False) -> Iterator[tuple[int, str, dict]]:
    """(character index of the problem's line, error code, params) for everything refused
    in one text: in the HTML Markdown makes of it (and, raw=True, in the text read as HTML)."""
    if not SUSPECT.search(TERM_REF.sub("", text)):
        return

    def scan(part: str) -> list[tuple[str, dict]]:
        return refused(dialect.html(part)) + (refused(part) if raw else [])

    found = scan(text)
    if not found:
        return
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    counts: dict[int, Counter] = {len(lines): Counter(map(_key, found))}

    def count(n: int, key: tuple) -> int:
        if n not in counts:
            counts[n] = Counter(map(_key, scan("".join(lines[:n]))))
        return counts[n][key]

    seen: Counter = Counter()
    for problem in found:
        key = _key(problem)
        seen[key] += 1
        low, high = 1, max(len(lines), 1)  # the fewest lines that already show this problem
        while low < high:
            middle = (low + high) // 2
            if count(middle, key) >= seen[key]:
                high = middle
            else:
                low = middle + 1
        yield starts[low - 1], problem[0], problem[1]


def check(text: str, line_of: Callable[[int], int], report: Callable[[int, str, dict], None],
          dialect: Dialect, raw: bool = False) -> None:
    for index, code, params in problems(text, dialect, raw):
        report(line_of(index), code, params)
