"""Stage 2: what content may hold. The one place that defines the content model.

Every model forbids unknown keys, so a typo (``titel:`` for ``title:``) is an error
with the file and line, not a silently missing text. Field descriptions double as
the editors' documentation (see README.md, "För dig som redigerar innehållet").
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- shared pieces -----------------------------------------------------------

class DatedNote(Strict):
    """A note that the law or the facts have changed since the source was written."""

    checked: dt.date = Field(description="Datum då uppgiften kontrollerades (ÅÅÅÅ-MM-DD)")
    title: Text = Field(description="Kort rubrik för noteringen")
    text: Text = Field(description="Vad som gäller nu, i Markdown")
    laws: list[Id] = Field(default=[], description="Id:n i content/laws.yml som noteringen gäller")


class PageMeta(Strict):
    """What every content page carries: title, sources and review dates."""

    title: Text = Field(description="Sidans rubrik (h1)")
    description: Text = Field(description="En mening om sidan, visas i sökresultat")
    sources: list[Id] = Field(description="Källdokument (id:n i content/sources.yml)")
    reviewed: dt.date = Field(description="Senast granskad (ÅÅÅÅ-MM-DD)")
    review_due: dt.date = Field(description="Ska granskas igen senast (ÅÅÅÅ-MM-DD)")
    owner: Text | None = Field(default=None, description="Vem som ansvarar för sidan, om inte webbplatsens ägare")


# --- site --------------------------------------------------------------------

class NavItem(Strict):
    title: Text
    page: str | None = Field(default=None, description="Sidans id, t.ex. rutiner/vastra-gotaland")
    children: list["NavItem"] = []


class Ui(Strict):
    """Labels of the site's own chrome, in Swedish."""

    sources: Text
    reviewed: Text
    review_due: Text
    owner: Text
    note_checked: Text
    note_prefix: Text
    where_in_source: Text
    compare_verdicts: dict[Literal["agree", "partly", "differ"], Text]
    compare_not_covered: Text
    compare_read_more: Text
    glossary_see_also: Text
    glossary_source: Text
    laws_what: Text
    laws_status: Text
    laws_links: Text
    routine_contents: Text
    routine_list_region: Text
    review_table_page: Text
    months: Annotated[list[Text], Field(min_length=12, max_length=12)]
    noscript: Text
    not_found_title: Text
    not_found_text: Text
    print_source_note: Text


class FormsUi(Strict):
    """Texts of the form pages' buttons and messages (read by forms.js too)."""

    required: Text
    check: Text
    print: Text
    save_draft: Text
    open_draft: Text
    download_pdf: Text
    pdf_size: Text
    calendar: Text
    add_row: Text
    remove_row: Text
    row_added: Text
    row_removed: Text
    required_by: Text
    privacy: Text
    noscript: Text
    summary_title: Text
    summary_one: Text
    no_errors: Text
    err_required: Text
    err_required_check: Text
    err_email: Text
    err_date: Text
    err_time: Text
    err_url: Text
    err_tel: Text
    err_pnr_format: Text
    err_pnr_date: Text
    err_pnr_check: Text
    draft_saved: Text
    draft_loaded: Text
    draft_malformed: Text
    draft_foreign: Text
    draft_older: Text
    draft_dropped: Text
    draft_confirm: Text
    calendar_missing: Text
    calendar_done: Text
    print_person: Text
    print_page: Text
    list_forms_pdf: Text


class Site(Strict):
    name: Text
    description: Text
    owner: Text
    contact: Text
    nav: list[NavItem]
    ui: Ui
    forms_ui: FormsUi | None = None


class Source(Strict):
    id: Id
    title: Text
    short: Text = Field(description="Kort namn som visas i källhänvisningar")
    publisher: Text
    region: Text
    date: dt.date | None = None
    year: int | None = Field(default=None, description="Utgivningsår, om dokumentet anger det")
    kind: Text
    seed: Text = Field(description="Filnamn i shared/seeds/ som texten bygger på")
    summary: Text


class Sources(Strict):
    sources: list[Source]


# --- routines ----------------------------------------------------------------

class Section(Strict):
    id: Id
    title: Text
    body: Text
    where: Text | None = Field(default=None, description="Var i källdokumentet uppgiften står")
    sources: list[Id] = Field(default=[], description="Om avsnittet bygger på andra källor än rutinen")
    notes: list[DatedNote] = []


class Routine(PageMeta):
    id: Id
    short_title: Text
    region: Text
    summary: Text
    intro: Text
    notes: list[DatedNote] = []
    sections: Annotated[list[Section], Field(min_length=1)]


# --- comparison --------------------------------------------------------------

class Cell(Strict):
    text: Text
    section: Id | None = Field(default=None, description="Avsnittets id i rutinen")


class Topic(Strict):
    id: Id
    title: Text
    verdict: Literal["agree", "partly", "differ"]
    summary: Text
    cells: dict[Id, Cell | None]


class Compare(PageMeta):
    intro: Text
    documents: Annotated[list[Id], Field(min_length=2)]
    topics: Annotated[list[Topic], Field(min_length=1)]


# --- glossary ----------------------------------------------------------------

class Term(Strict):
    id: Id
    term: Text
    abbr: Text | None = Field(default=None, description="Förkortning, t.ex. SIP; förklaras då på alla sidor")
    definition: Text
    origin: Text | None = Field(default=None, description="Var definitionen kommer ifrån, i ord")
    sources: list[Id] = []
    see: list[Id] = []


class Glossary(PageMeta):
    intro: Text
    terms: Annotated[list[Term], Field(min_length=1)]


# --- laws --------------------------------------------------------------------

class LawLink(Strict):
    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://")]


class Law(Strict):
    id: Id
    short: Text
    name: Text
    what: Text
    status: Text
    notes: list[DatedNote] = []
    links: list[LawLink] = []


class Laws(PageMeta):
    intro: Text
    laws: Annotated[list[Law], Field(min_length=1)]


# --- free pages (Markdown with front matter) --------------------------------

class Card(Strict):
    title: Text
    text: Text
    links: list["CardLink"]


class CardLink(Strict):
    text: Text
    page: Text = Field(description="Sidans id, eventuellt med #rubrik")


class Page(PageMeta):
    hide: list[Literal["navigation", "toc"]] = []
    cards: list[Card] = []


NavItem.model_rebuild()
Card.model_rebuild()
