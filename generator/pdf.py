"""The PDF stage: a blank, fillable, tagged A4 PDF for every form, from the same
definition as the web form. A PDF is rebuilt only when its inputs changed: the
form definition, the PDF template and stylesheet, the interface texts and the
WeasyPrint version together give a key, and a PDF with that key is reused.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import jinja2
import markdown

from .checks import walk_strings
from .content import Content
from .errors import Code, ContentError
from .forms_schema import FIELD_TYPES
from .jinja import TEMPLATES
from .markup import Words, plain
from .content import forms_ui_for, pdf_key
from .render import has_leaflet, leaflet_name

CACHE_DIR = "pdf-cache"


class RefusedURL(Exception):
    """A PDF asked for something that is not the project's own template, style or font."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def _fetcher(allowed: tuple[Path, ...]):
    """WeasyPrint's URL fetcher, limited to files inside `allowed` (the templates and the
    PDF cache with the subset font). Anything else (a file:// attachment, an http image,
    data:) stops the PDF: WeasyPrint would otherwise read or fetch whatever it is given."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class Fatal(FatalURLFetchingError):
        pass

    roots = [a.resolve() for a in allowed]

    class OwnFiles(URLFetcher):
        refused: list[str] = []

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(r) for r in roots) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise Fatal(url)

    return OwnFiles(allowed_protocols=("file",)), Fatal


def _write(html_text: str, target: Path, allowed: tuple[Path, ...], lang: str = "sv", **options) -> None:
    from weasyprint import HTML

    fetcher, fatal = _fetcher((TEMPLATES,) + tuple(allowed))
    fetcher.refused = []
    try:
        HTML(string=html_text, base_url=str(TEMPLATES), url_fetcher=fetcher).write_pdf(
            str(target), pdf_variant="pdf/ua-1", lang=lang, **options)
    except fatal as exc:
        raise RefusedURL(str(exc.args[0]) if exc.args else "?") from None
    if fetcher.refused:  # caught inside WeasyPrint: still refused
        raise RefusedURL(fetcher.refused[0])


# The fillable fields embed their font whole; a Latin-1 subset keeps each PDF small.
FIELD_FONT_SOURCES = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
FIELD_FONT_TEXT = "".join(chr(c) for c in range(0x20, 0x100)) + "–—‘’“”•…€"


def field_font(cache: Path) -> Path | None:
    """A small subset of DejaVu Sans for the form fields (None if the font is absent)."""
    source = next((p for p in FIELD_FONT_SOURCES if p.exists()), None)
    if source is None:
        return None
    target = cache / "fields-latin1.ttf"
    if not target.exists():
        import logging

        from fontTools import subset

        logging.getLogger("fontTools").setLevel(logging.ERROR)

        options = subset.Options()
        options.layout_features = []
        font = subset.load_font(str(source), options)
        sub = subset.Subsetter(options)
        sub.populate(text=FIELD_FONT_TEXT)
        sub.subset(font)
        tmp = target.with_suffix(f".tmp-{os.getpid()}")
        subset.save_font(font, str(tmp), options)
        os.replace(tmp, target)
    return target


def form_pdf_html(form, env: jinja2.Environment, content: Content, font: Path | None = None) -> str:
    words = content.words()
    purpose = markdown.markdown(plain(form.pdf_purpose or form.purpose, words))
    css = env.get_template("form.pdf.css.j2").render(field_font=font.resolve().as_uri() if font else None)
    return env.get_template("form.pdf.html.j2").render(
        form=form, css=_markup(css), tips=field_tooltips(form, words),
        purpose=_markup(purpose),
        foot=forms_ui_for(content, form).source_note)


def _markup(html: str):
    import markupsafe
    return markupsafe.Markup(html)


def field_tooltips(form, words: Words) -> dict[str, str]:
    """The tooltip (/TU) of every fillable field: its label, with the row for repeated rows.
    Screen readers announce it. It goes into the field's title attribute, and the visible
    label has no `for`: WeasyPrint would otherwise take the label's laid-out text, which
    loses the space where a long label wraps."""
    out: dict[str, str] = {}

    def add(field, name, ctx=""):
        label = (f"{ctx}: " if ctx else "") + plain(field.label, words)
        if FIELD_TYPES[field.type]["pdf"] == "checkbox" and hasattr(field, "options"):
            for i, option in enumerate(field.options):
                out[f"{name}.{i}"] = f"{label}: {option}"
        elif field.type == "select":
            out[name] = f"{label} ({', '.join(field.options)})"
        else:
            out[name] = label

    for section in form.sections:
        for field in section.fields:
            if field.type == "repeat":
                for i in range(field.pdf_rows):
                    for child in field.fields:
                        add(child, f"{field.id}.{i}.{child.id}", f"{field.item_label} {i + 1}")
            else:
                add(field, field.id)
    return out




def write_form_pdf(form, env: jinja2.Environment, content: Content, target: Path, font: Path | None = None) -> None:
    html = form_pdf_html(form, env, content, font)
    _write(html, target, (font.parent,) if font is not None else (), lang=form.lang, pdf_forms=True)


def _html_pdf(html: str, target: Path) -> None:
    _write(html, target, ())


def _md(words: Words):
    return lambda text: _markup(markdown.markdown(plain(text, words)))


def quickguide_html(entry, env: jinja2.Environment, content: Content) -> str:
    return env.get_template("quickguide.pdf.html.j2").render(
        g=entry.model, ui=content.site.ui, md=_md(content.words()), sources_by_id=content.sources,
        css=_markup((TEMPLATES / "quickguide.pdf.css").read_text(encoding="utf-8")))


def leaflet_html(entry, env: jinja2.Environment, content: Content) -> str:
    return env.get_template("leaflet.pdf.html.j2").render(
        p=entry.model, ui=content.site.ui, md=_md(content.words()), site=content.site, sources_by_id=content.sources,
        css=_markup((TEMPLATES / "leaflet.pdf.css").read_text(encoding="utf-8")))


def _jobs(content: Content, env: jinja2.Environment):
    """(cache name, output path in docs, key parts, writer, source document) for every PDF."""
    for entry in content.of_kind("form"):  # the forms and their translations (forms/<lang>/)
        form = entry.model
        yield (pdf_key(form), Path(entry.id + ".pdf"),
               [form.model_dump_json(), forms_ui_for(content, form).model_dump_json(), "form.pdf"],
               lambda target, font, form=form: write_form_pdf(form, env, content, target, font), entry.doc)
    for entry in content.of_kind("quickguide"):
        html = quickguide_html(entry, env, content)
        yield ("guide-" + entry.model.id, Path(entry.id + ".pdf"), [html, "quickguide.pdf"],
               lambda target, font, html=html: _html_pdf(html, target), entry.doc)
    for entry in filter(has_leaflet, content.of_kind("public")):
        html = leaflet_html(entry, env, content)
        yield ("folder-" + entry.id.replace("/", "-"), Path(entry.id).parent / leaflet_name(entry),
               [html, "leaflet.pdf"], lambda target, font, html=html: _html_pdf(html, target), entry.doc)


def refused_error(doc, url: str) -> ContentError:
    """E049 in the file (and on the line) that holds the refused address."""
    if doc is None:
        return ContentError(TEMPLATES, 1, Code.PDF_FOREIGN_URL, url=url)
    path = next((p for p, text in walk_strings(doc.data) if url in text), None)
    return ContentError(doc.path, doc.where.line(path) if path is not None else 1, Code.PDF_FOREIGN_URL, url=url)


def build_pdfs(content: Content, env: jinja2.Environment, out_dir: Path, cache_root: Path) -> dict[str, int]:
    """Write every PDF under out_dir (`env`: the HTML template environment); return
    {PDF name (a form's id, guide-<id>, folder-<page>): size in bytes}.
    A PDF is reused from the cache when nothing it depends on has changed."""
    from importlib.metadata import version  # weasyprint itself is imported only to write a PDF

    cache = cache_root / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    common = [content.site.ui.model_dump_json(), version("weasyprint"), json.dumps(content.words()),
              Path(__file__).read_text(encoding="utf-8")]
    common += [p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.glob("*.pdf.*"))]
    sizes: dict[str, int] = {}
    font = None
    for name, rel, parts, write, doc in _jobs(content, env):
        key = hashlib.sha256("\0".join(parts + common).encode()).hexdigest()[:16]
        cached = cache / f"{name}-{key}.pdf"
        if not cached.exists():
            # older versions of this PDF only (not of "kallelse-2" when this is "kallelse")
            for old in cache.glob(f"{name}-*.pdf"):
                if old != cached and re.fullmatch(re.escape(name) + r"-[0-9a-f]{16}\.pdf", old.name):
                    old.unlink(missing_ok=True)
            font = font or field_font(cache)
            tmp = cached.with_suffix(f".tmp-{os.getpid()}")
            try:
                write(tmp, font)
            except RefusedURL as exc:
                tmp.unlink(missing_ok=True)
                raise refused_error(doc, exc.url) from None
            os.replace(tmp, cached)  # atomic: parallel builds never see half a file
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        sizes[name] = cached.stat().st_size
    return sizes
