"""Raw HTML in authored text: an allow-list of harmless elements and attributes.

Markdown lets an author write HTML, and MkDocs passes it through as it is. So every
text in content/ and forms/ is read here with the standard library's HTML parser
(which decodes entities as a browser does): an element, attribute or URL outside the
lists below is a content error with file and line, and the build stops. Nothing is
removed silently: the author sees what was refused and where.

Code (`...` and fenced blocks) is shown as text by Markdown, so it is not read as HTML.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Callable, Iterator

from .errors import Code

# elements that only structure or mark up text
ELEMENTS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
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
URL_ATTRIBUTES = {"href", "src", "cite"}
# schemes a link may use; anything else (javascript:, data:, file:, vbscript: ...) is refused
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# characters a browser ignores inside a URL's scheme (java\tscript:)
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")

# Markdown code: fenced blocks and inline code spans (kept as text, not HTML)
FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
# <https://example.org> and <name@example.org> are Markdown autolinks, not elements
AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
# Markdown links and images: [text](url) and ![alt](url)
MD_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
# attr_list: {: #id .class key="value" } may set any attribute, so event handlers too
ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
ATTR_LIST_KEY = re.compile(r"(?:^|\s)([^\s=#.{}:]+)\s*=")


def _blank(match: re.Match) -> str:
    """The same length of text with only the line breaks kept: offsets stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def url_problem(url: str, image: bool, schemes=LINK_SCHEMES) -> str | None:
    """Why a URL is refused, or None. Images must come from the site itself: the site
    makes no request to other servers."""
    clean = IGNORED_IN_URL.sub("", url)
    scheme = SCHEME.match(clean)
    if image and (scheme or clean.startswith("//") or clean.startswith("\\\\")):
        return url
    if scheme and scheme.group(1).lower() not in schemes:
        return url
    return None


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str, dict]] = []  # (line, column, code, params)

    def _refuse(self, code: str, **params) -> None:
        line, column = self.getpos()
        self.found.append((line, column, code, params))

    def handle_starttag(self, tag, attrs):
        if tag not in ELEMENTS:
            self._refuse(Code.HTML_ELEMENT, element=tag)
            return
        for name, value in attrs:
            if name not in ATTRIBUTES and name not in ELEMENT_ATTRIBUTES.get(tag, ()):
                self._refuse(Code.HTML_ATTRIBUTE, element=tag, attribute=name)
            elif name in URL_ATTRIBUTES and value and url_problem(value, image=(tag == "img")):
                self._refuse(Code.URL_NOT_ALLOWED, url=value)

    handle_startendtag = handle_starttag

    def handle_pi(self, data):
        self._refuse(Code.HTML_ELEMENT, element="?" + data.split()[0] if data.split() else "?")

    def handle_decl(self, decl):
        self._refuse(Code.HTML_ELEMENT, element="!" + decl.split()[0] if decl.split() else "!")

    def unknown_decl(self, data):
        self._refuse(Code.HTML_ELEMENT, element="![" + data.split("[")[0])


def _masked(text: str) -> str:
    for pattern in (FENCE, CODE_SPAN, AUTOLINK):
        text = pattern.sub(_blank, text)
    return text


def problems(text: str) -> Iterator[tuple[int, str, dict]]:
    """(character index, error code, params) for everything refused in one text."""
    if "<" not in text and "](" not in text and "{" not in text:
        return
    masked = _masked(text)
    starts = [0] + [i + 1 for i, c in enumerate(masked) if c == "\n"]
    reader = _Reader()
    reader.feed(masked)
    reader.close()
    for line, column, code, params in reader.found:
        yield starts[line - 1] + column, code, params
    for match in MD_LINK.finditer(masked):
        if url_problem(match.group(2), image=bool(match.group(1)), schemes=LINK_SCHEMES | {"sida"}):
            yield match.start(), Code.URL_NOT_ALLOWED, {"url": match.group(2)}
    for match in ATTR_LIST.finditer(masked):
        for key in ATTR_LIST_KEY.findall(match.group(0)[1:-1].lstrip(":")):
            if key.lower().startswith("on") or key.lower() in ("style", "href", "src", "srcdoc"):
                yield match.start(), Code.HTML_ATTRIBUTE, {"element": "Markdown", "attribute": key}


def check(text: str, line_of: Callable[[int], int], report: Callable[[int, str, dict], None]) -> None:
    for index, code, params in problems(text):
        report(line_of(index), code, params)
