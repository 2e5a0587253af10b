"""After the engine: the theme's stylesheets cut down to the rules this site can use.

The theme ships one stylesheet for every site anyone builds with it: admonition icons,
code annotations, content tabs, Mermaid diagrams, blog and social-card styles. Our pages
use a fraction of it, yet every first visit downloads all of it before anything is drawn
(about 23 KB compressed, render-blocking). Here each of the theme's stylesheets
(`assets/stylesheets/**/*.min.css`, whichever engine wrote it) loses

- every selector naming a class or id that occurs in none of the built pages'
  attributes and none of the scripts they load (the theme's script builds search
  results and the table of contents' states from class names written in it; a name
  from the theme's script counts when its block is in a page, see `Vocabulary`), or
  an attribute value that occurs nowhere (`[data-md-color-primary=pink]`, where the
  site's palette is `custom`);
- a rule when none of its selectors is left, an @media or @supports block when none
  of its rules is;
- every custom property (`--md-admonition-icon--bug: url(...)`) that no stylesheet,
  page or script refers to, repeated until none is left (one may refer to another).

The test is by words, as PurgeCSS does: a selector is kept when it could match, never
when it only might not. Tokens inside parentheses (`:not(.x)`, `:is(...)`) are not
required. A selector with an escape is kept as it is.

The cut file gets a new name with the hash of its new text (the server caches
`*.<8 hex>.min.css` for a year: the name must change when the text does), every page's
link is rewritten to it, and the old file and its source map are removed.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from pathlib import Path

import tinycss2

WORD = re.compile(r"[A-Za-z0-9_-]+")
ATTRIBUTE_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
SELECTOR_TOKEN = re.compile(r"[.#](-?[A-Za-z_][A-Za-z0-9_-]*)")
EXACT_VALUE = re.compile(r"""\[\s*[A-Za-z_-][A-Za-z0-9_-]*\s*=\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[iIsS]?\s*\]""")
PARENTHESES = re.compile(r"\([^()]*\)")
SCRIPT_SRC = re.compile(r"""<script\b[^>]*\bsrc=["']([^"'#]+)["']""")
DEFINES = re.compile(r"(?<![A-Za-z0-9_-])(--[A-Za-z0-9_-]+)\s*:")
CUSTOM_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
BLOCK = re.compile(r"__|--")
NAMED = re.compile(r"^(?P<stem>.+?)\.[0-9a-f]{8}\.min\.css$")
GROUPS = {"media", "supports", "layer", "container", "document"}


class Vocabulary:
    """Every word of the built pages' attributes and of the scripts they load, every
    attribute value, and the prefixes a script joins class names from
    (`"md-nav__link--" + state`).

    The theme's script holds the code of every feature of the theme, switched on or not:
    the words of tooltips, code annotations, content tabs, version and tag lists are all
    in it. The theme names its classes block, block__element, block--modifier; its
    script adds elements and states to blocks in the page (search results to
    `md-search-result`, `md-nav__link--active` to `md-nav`) and makes a block of its own
    only for a feature whose markup is in the page. So a class known only from the
    theme's script counts when its block (the part before the first `__` or `--`) is in
    a page. Every word of our own scripts counts."""

    def __init__(self, pages: list[str], scripts: list[str], theme_scripts: list[str] = ()):
        self.words: set[str] = set()  # in the pages' attributes and our own scripts
        self.script_words: set[str] = set()  # in the theme's scripts
        self.values: set[str] = set()
        for text in pages:  # a page's classes and ids are in its attributes, not in its text
            values = [a or b for a, b in ATTRIBUTE_VALUE.findall(text)]
            self.values.update(values)
            self.words.update(WORD.findall(" ".join(values)))
        for texts, words in ((scripts, self.words), (theme_scripts, self.script_words)):
            for text in texts:
                found = WORD.findall(text)
                words.update(found)
                self.values.update(found)
        self.prefixes = tuple(sorted(w for w in self.script_words | self.words
                                     if len(w) > 3 and w.endswith(("-", "_"))))

    def knows(self, name: str) -> bool:
        if name in self.words:
            return True
        return (name in self.script_words or name.startswith(self.prefixes)) and BLOCK.split(name)[0] in self.words

    def selector_may_match(self, selector: str) -> bool:
        if "\\" in selector:
            return True
        outside = selector
        while True:  # tokens inside :not(...), :is(...), :nth-child(...) are not required
            inner = PARENTHESES.sub("", outside)
            if inner == outside:
                break
            outside = inner
        if not all(self.knows(name) for name in SELECTOR_TOKEN.findall(outside)):
            return False
        return all((a or b or c) in self.values for a, b, c in EXACT_VALUE.findall(outside))


def _split(prelude: str) -> list[str]:
    """A selector list split at its top-level commas."""
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _parse(text: str) -> list:
    """A stylesheet as plain lists (kept as JSON between builds): ["rule", selectors,
    body, declarations or None], ["group", head, nodes] (@media, @supports), ["raw", text]
    (@keyframes, @font-face ...). A body's declarations are listed (name, text) only when
    it defines a custom property, the only ones ever left out."""
    return _nodes(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))


def _nodes(nodes) -> list:
    out = []
    for node in nodes:
        if node.type == "qualified-rule":
            body = tinycss2.serialize(node.content)
            out.append(["rule", _split(tinycss2.serialize(node.prelude)), body, _custom(body)])
        elif node.type == "at-rule" and node.content is not None and node.lower_at_keyword in GROUPS:
            inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            out.append(["group", "@" + node.at_keyword + tinycss2.serialize(node.prelude).rstrip(), _nodes(inner)])
        elif node.type == "at-rule":
            out.append(["raw", tinycss2.serialize([node])])
    return out


def _custom(body: str) -> list | None:
    if not DEFINES.search(body):
        return None
    declarations = []
    for node in tinycss2.parse_blocks_contents(body, skip_comments=True, skip_whitespace=True):
        if node.type == "declaration":
            declarations.append([node.name, node.name + ":" + tinycss2.serialize(node.value).strip()
                                 + ("!important" if node.important else "")])
        elif node.type != "error":
            declarations.append([None, tinycss2.serialize([node])])
    return declarations


def _kept(nodes: list, vocabulary: Vocabulary) -> list:
    """The nodes kept: each rule with the selectors that may match, none without any."""
    kept = []
    for node in nodes:
        if node[0] == "rule":
            selectors = [s for s in node[1] if vocabulary.selector_may_match(s)]
            if selectors:
                kept.append(["rule", selectors, node[2], node[3]])
        elif node[0] == "group":
            inner = _kept(node[2], vocabulary)
            if inner:
                kept.append(["group", node[1], inner])
        else:
            kept.append(node)
    return kept


def _text(nodes: list, unused: set[str]) -> str:
    out = []
    for node in nodes:
        if node[0] == "raw":
            out.append(node[1])
        elif node[0] == "group":
            inner = _text(node[2], unused)
            if inner:
                out.append(node[1] + "{" + inner + "}")
        else:
            _, selectors, body, declarations = node
            if declarations is not None and unused:
                body = ";".join(text for name, text in declarations if name not in unused)
            out.append(",".join(selectors) + "{" + body + "}")
    return "".join(out)


def _defined(text: str) -> set[str]:
    return set(DEFINES.findall(text))


def _parsed(path: Path, cache: Path | None) -> list:
    """`_parse` of a stylesheet, from the cache when the same file was parsed before."""
    data = path.read_bytes()
    if cache is None:
        return _parse(data.decode("utf-8"))
    stored = cache / (hashlib.sha256(data).hexdigest() + ".json")
    try:
        return json.loads(stored.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        nodes = _parse(data.decode("utf-8"))
        cache.mkdir(parents=True, exist_ok=True)
        partial = stored.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_text(json.dumps(nodes), encoding="utf-8")
        partial.replace(stored)
        return nodes


def _page_scripts(pages: list[Path], texts: list[str]) -> list[Path]:
    """The scripts the pages load (workers and search languages build no page markup)."""
    found = set()
    for page, text in zip(pages, texts):
        for src in SCRIPT_SRC.findall(text):
            path = (page.parent / src.split("?")[0]).resolve()
            if path.is_file():
                found.add(path)
    return sorted(found)


def apply(site: Path, cache: Path | None = None) -> dict[str, str]:
    """Cut the theme's stylesheets of `site`; returns {old name: new name}. `cache`: a
    folder for the theme's stylesheets parsed (by their checksum), kept between builds."""
    folder = site / "assets" / "stylesheets"
    theme = sorted(folder.rglob("*.min.css")) if folder.is_dir() else []
    if not theme:
        return {}
    pages = sorted(site.rglob("*.html"))
    page_texts = [p.read_text(encoding="utf-8") for p in pages]
    loaded = _page_scripts(pages, page_texts)
    theme_folder = (site / "assets" / "javascripts").resolve()
    scripts, theme_scripts = [], []
    for path in loaded:
        text = path.read_text(encoding="utf-8", errors="replace")
        (theme_scripts if path.is_relative_to(theme_folder) else scripts).append(text)
    vocabulary = Vocabulary(page_texts, scripts, theme_scripts)
    parsed = {path: _kept(_parsed(path, cache), vocabulary) for path in theme}
    ours = [p.read_text(encoding="utf-8") for p in sorted((site / "assets").glob("*.css"))]
    outside = " ".join(page_texts + scripts + theme_scripts + ours)
    referred = set(CUSTOM_USE.findall(outside)) | set(re.findall(r"--[A-Za-z0-9_-]+", " ".join(scripts + theme_scripts)))
    unused: set[str] = set()
    while True:
        texts = {path: _text(rules, unused) for path, rules in parsed.items()}
        used = referred | set(CUSTOM_USE.findall(" ".join(texts.values())))
        more = set().union(*(_defined(t) for t in texts.values())) - used
        if not more:
            break
        unused |= more
    renamed: dict[str, str] = {}
    for path, text in texts.items():
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
        match = NAMED.match(path.name)
        name = f"{match['stem'] if match else path.name.removesuffix('.min.css')}.{digest}.min.css"
        (path.parent / name).write_text(text + "\n", encoding="utf-8")
        if name != path.name:
            path.unlink()
            renamed[path.name] = name
        path.with_name(path.name + ".map").unlink(missing_ok=True)
    for page, text in zip(pages, page_texts):
        new = text
        for old, name in renamed.items():
            new = new.replace("/" + old + '"', "/" + name + '"')
        if new != text:
            page.write_text(new, encoding="utf-8")
    return renamed
