"""Content-Security-Policy for the built site.

The theme puts a few small inline scripts on every page; instead of allowing inline
script, the policy lists their SHA-256 hashes. Which scripts those are is a fixed
list of the theme's own template partials (THEME_SCRIPTS): their scripts are
rendered here from the installed theme, the way MkDocs renders them for a page at
each depth, and hashed. Every inline script in a built page must be one of them;
any other (written into content, a template override or anything else) fails the
build. The policy goes into every page as a <meta> tag (so it also holds when the
site is opened from files: the offline edition carries it too). The HTTP header
(deploy/nginx-site.conf) is the same for every build: `header_policy`.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path

import jinja2

# the theme's partials whose inline scripts the site allows, and nothing else
# (Zensical ships the same partials, with its own scripts: they are rendered from
# Zensical's templates when it is the engine, see engine.theme_templates)
THEME_SCRIPTS = (
    "partials/javascripts/base.html",      # __md_scope, __md_get/__md_set (local storage)
    "partials/javascripts/palette.html",   # the reader's chosen palette, before first paint
    "partials/javascripts/content.html",   # open the tab named in the address
    "partials/javascripts/announce.html",  # (only with an announcement bar)
    "partials/javascripts/outdated.html",  # (only with versioning)
    "partials/javascripts/consent.html",   # (only with a cookie consent form)
)
# Zensical's search draws its dialog in a shadow root with one <style> element whose
# text is a string constant in the theme's bundle: allowed by the hash of that constant,
# read from the installed theme (MkDocs' Material adds no inline style)
THEME_STYLE_BUNDLE = "assets/javascripts/bundle.*.min.js"
STYLE_ELEMENT = re.compile(r'C\("style",\{\},([A-Za-z_$][\w$]*)\.toString\(\)\)')
# a <script ...> start tag as a browser sees it, up to the first </script
SCRIPT = re.compile(r"<script(?=[\s/>])([^>]*)>(.*?)</script", re.S | re.I)
ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
DATA_TYPES = {"application/json", "application/ld+json"}  # data, never run
META_AFTER = re.compile(r'(<meta charset="utf-8">)', re.I)


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def theme_styles(templates: Path) -> tuple[str, ...]:
    """Hashes of the <style> texts the theme's bundle writes itself (Zensical's search)."""
    hashes = []
    for bundle in sorted(templates.glob(THEME_STYLE_BUNDLE)):
        code = bundle.read_text(encoding="utf-8")
        for name in STYLE_ELEMENT.findall(code):
            found = re.search(re.escape(name) + r"='((?:[^'\\]|\\.)*)'", code)
            if found:
                text = found.group(1).encode("utf-8").decode("unicode_escape") if "\\" in found.group(1) \
                    else found.group(1)
                hashes.append(_hash(text))
    return tuple(hashes)


def policy(hashes, header: bool, styles=()) -> str:
    parts = [
        "default-src 'self'",
        " ".join(["script-src 'self'", *sorted(set(hashes))]),
        " ".join(["style-src 'self'", *sorted(set(styles))]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
    if header:  # only valid as an HTTP header, not in <meta>
        parts.append("frame-ancestors 'none'")
    return "; ".join(parts)


# the directives that carry the hashes of a build's inline scripts and styles: only in
# each page's <meta>, never in the HTTP header (a header read from the server's
# configuration would keep the hashes of the build it was read for)
HASHED = ("default-src", "script-src", "style-src")


def header_policy(html: bool) -> str:
    """The policy of the HTTP header (deploy/nginx-site*.conf), the same for every build.
    For a page (html): every directive except those with hashes, plus frame-ancestors
    (which only a header can carry); the page's <meta>, written at build, adds the rest,
    and a browser enforces both. For any other file (an SVG or a JSON opened by itself):
    the whole policy with no inline script or style allowed."""
    directives = policy((), header=True).split("; ")
    if html:
        directives = [d for d in directives if d.split(" ", 1)[0] not in HASHED]
    return "; ".join(directives)


def scripts(html: str) -> list[tuple[dict, str, str]]:
    """(attributes, inline text, start tag) of every script element in a page."""
    out = []
    for match in SCRIPT.finditer(html):
        attrs = {m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "")
                 for m in ATTR.finditer(match.group(1))}
        out.append((attrs, match.group(2), match.group(0)[:80]))
    return out


@functools.lru_cache(maxsize=None)
def theme_scripts(base_url: str, features: tuple[str, ...], templates: Path | None = None) -> frozenset[str]:
    """The inline scripts the theme's own partials write into a page with this base_url,
    from the installed theme's templates (Material's, or Zensical's: engine.theme_templates)."""
    if templates is None:
        from .engine import theme_templates
        templates = theme_templates()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)))
    found = set()
    for name in THEME_SCRIPTS:
        html = env.get_template(name).render(config={"extra": {}}, base_url=base_url, features=list(features))
        found.update(text for _, text, _ in scripts(html))
    return frozenset(found)


def base_url(page: Path, site: Path) -> str:
    """MkDocs' base_url for a page (use_directory_urls: false): the way back to the root."""
    depth = len(page.relative_to(site).parts) - 1
    return "/".join([".."] * depth) or "."


def check(site: Path, features: list[str], texts: dict[Path, str] | None = None,
          templates: Path | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """(hashes of the allowed inline scripts in use, [(page, start tag)] of every other script)."""
    hashes, refused = set(), []
    for page in sorted(site.rglob("*.html")):
        text = texts[page] if texts is not None else page.read_text(encoding="utf-8")
        rel = page.relative_to(site).as_posix()
        allowed = theme_scripts(base_url(page, site), tuple(features), templates)
        if rel == "404.html":  # rendered for any depth: the theme gives it the root's base_url
            allowed = allowed | theme_scripts("/", tuple(features), templates)
        for attrs, inline, start in scripts(text):
            if "src" in attrs:
                src = attrs["src"].strip()
                if re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)", src) or inline.strip():
                    refused.append((rel, start))
            elif attrs.get("type", "").strip().lower() in DATA_TYPES:
                continue
            elif inline in allowed:
                hashes.add(_hash(inline))
            else:
                refused.append((rel, start))
    return sorted(hashes), refused


def relative_404(text: str) -> str:
    """The 404 page links from the server's root ("/assets/..."). Opened from files that
    would be the root of the disk: in the offline edition its links start at its own
    folder (it lies at the top of the site), as the theme writes them for index.html."""
    text = re.sub(r'((?:src|href)=")/(?!/)', r"\1", text)
    text = text.replace('new URL("/",location)', 'new URL(".",location)').replace('"/assets/', '"assets/')
    return text.replace('"base": "/"', '"base": "."')


def apply(site: Path, features: list[str], offline: bool = False,
          templates: Path | None = None) -> tuple[str | None, list[tuple[str, str]]]:
    """Check every page's scripts; when all are the theme's own, add the policy to every
    page. Returns (the header policy, []) or (None, [(page, start tag)] of refused scripts)."""
    pages = sorted(site.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    not_found = site / "404.html"
    if offline and not_found in texts:
        texts[not_found] = relative_404(texts[not_found])
    hashes, refused = check(site, features, texts, templates)
    if refused:
        return None, refused
    styles = theme_styles(templates) if templates is not None else ()
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, header=False, styles=styles)}">'
    for page, text in texts.items():
        page.write_text(with_meta(text, meta), encoding="utf-8")
    if not_found.exists() and not offline:
        # served at any depth by a web server: resolve links from the root. Opened from
        # files, "/" would be the root of the disk: the offline 404 keeps its own links.
        text = not_found.read_text(encoding="utf-8")
        not_found.write_text(META_AFTER.sub(lambda m: m.group(1) + '<base href="/">', text, count=1), encoding="utf-8")
    return policy(hashes, header=True, styles=styles), []


HEAD = re.compile(r"<head(?=[\s>])[^>]*>", re.I)


def with_meta(text: str, meta: str) -> str:
    """The page with its policy as early as it can be: after <meta charset>, else first in
    <head>, else first of all (the header leaves the scripts to this tag)."""
    for pattern in (META_AFTER, HEAD):
        new, found = pattern.subn(lambda m: m.group(0) + meta, text, count=1)
        if found:
            return new
    return meta + text
