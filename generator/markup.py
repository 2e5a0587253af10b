"""The editors' Markdown dialect, in one place.

Editors write three things that plain Markdown does not know:

* ``[[term-id]]`` / ``[[term-id|text]]``: a glossary term (TERM_REF);
* ``[text](sida:page-id#anchor)``: a link to another page by its id (PAGE_LINK);
* ``<!-- lista: name -->``: a generated list (MARKER, one of MARKERS).

The checks (references.py) and the renderers (render.py, pdf.py, lix.py) all read
them through this module, so the dialect is defined once. Where text is shown
without links (tooltips, PDFs, form labels, readability), a term reference keeps only
its words: the label written after `|`, otherwise the glossary term's own word.
"""
from __future__ import annotations

import html
import re
from typing import Mapping

TERM_REF = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")
PAGE_LINK = re.compile(r"\]\(sida:([^)#\s]+)(?:#([^)\s]+))?\)")
MARKER = re.compile(r"<!--\s*lista:\s*([a-zåäö-]+)\s*-->")
MARKERS = ("rutiner", "granskning", "blanketter", "checklistor", "lathundar", "testresultat",
           "ansvarig", "synpunkter", "tillsyn", "serverloggar")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")

Words = Mapping[str, str]  # term id -> the term as written in the glossary


def term_words(text: str, words: Words) -> str:
    """`[[id|text]]` -> text, `[[id]]` -> the glossary's word for id (links stay)."""
    def word(match: re.Match) -> str:
        if match.group(2):
            return match.group(2)
        term_id = match.group(1).strip()
        # an unknown id is reported as E031 before anything is rendered
        return words.get(term_id, term_id.replace("-", " "))
    return TERM_REF.sub(word, text)


def plain(text: str, words: Words) -> str:
    """Terms and links keep only their words (form labels, PDFs)."""
    return LINK.sub(r"\1", term_words(text, words))


def one_line(text: str, words: Words) -> str:
    """A one-line plain-text version of a short Markdown text (tooltips, abbreviations)."""
    text = re.sub(r"[*_`>#]", "", plain(text, words))
    return " ".join(text.split()).replace('"', "'")


def reading_text(markdown_text: str, words: Words) -> str:
    """Markdown -> running text for readability: links keep their words, markup goes."""
    text = re.sub(r"<!--.*?-->", " ", markdown_text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = plain(text, words)
    text = re.sub(r"\{[:#.][^}]*\}", " ", text)
    text = re.sub(r"^\s*#+\s*(.*)$", r"\1.", text, flags=re.M)  # a heading ends a sentence
    return re.sub(r"[*_`>|]", " ", text)


def literal_html(text: str) -> str:
    """Text shown exactly as typed, on one line, inside raw HTML (which Markdown leaves
    alone): HTML escaped, and the characters of our own syntax written as entities so
    that neither the generator nor Markdown reads them."""
    return "".join(f"&#{ord(c)};" if c in "[]{}*_`\\|#:" else html.escape(c)
                   for c in " ".join(str(text).split()))
