"""Stage 2: what content may hold. The one place that defines the content model.

Every model forbids unknown keys, so a typo (``titel:`` for ``title:``) is an error
with the file and line, not a silently missing text. Field descriptions double as
the editors' documentation (see README.md, "För dig som redigerar innehållet").
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from .errors import Code

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(min_length=1)]


# --- references: an id that names something defined elsewhere ----------------
# references.py finds every value marked like this with one walk over the validated
# models and checks that what it names exists. A new field that refers to a source,
# a page, a term or a law only needs the right type here.

@dataclass(frozen=True)
class Ref:
    """The value is the id of a source, law, term or page (a page id after `prefix`,
    with `#heading` allowed when `anchor`). `code` overrides the error code."""

    target: Literal["sources", "laws", "terms", "pages"]
    prefix: str = ""
    anchor: bool = False
    code: str | None = None


@dataclass(frozen=True)
class HeadingOf:
    """The value is a heading id in the page that the sibling field `field` names."""

    field: str
    prefix: str


SourceId = Annotated[Id, Ref("sources")]
LawId = Annotated[Id, Ref("laws")]
TermId = Annotated[Id, Ref("terms")]
PageRef = Annotated[str, Ref("pages", anchor=True)]  # page id, optionally #heading
NavPage = Annotated[str, Ref("pages", code=Code.UNKNOWN_NAV_PAGE)]
FormId = Annotated[Id, Ref("pages", prefix="blanketter/")]
ChecklistId = Annotated[Id, Ref("pages", prefix="arbetssatt/checklistor/")]
RoutineId = Annotated[Id, Ref("pages", prefix="rutiner/")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# `regions: [...]` on a page or an item: it is shown only in those regions' editions
# (ids of content/regions/<id>.yml; see generator/editions.py). Empty: every edition.
REGIONS = Field(default=[], description="Gäller bara i dessa regioners utgåvor (id:n i content/regions/); tom = alla")


# --- shared pieces -----------------------------------------------------------

class DatedNote(Strict):
    """A note that the law or the facts have changed since the source was written."""

    regions: list[Id] = REGIONS
    checked: dt.date = Field(description="Datum då uppgiften kontrollerades (ÅÅÅÅ-MM-DD)")
    title: Text = Field(description="Kort rubrik för noteringen")
    text: Text = Field(description="Vad som gäller nu, i Markdown")
    laws: list[LawId] = Field(default=[], description="Id:n i content/laws.yml som noteringen gäller")


class PageMeta(Strict):
    """What every content page carries: title, sources and review dates."""

    title: Text = Field(description="Sidans rubrik (h1)")
    description: Text = Field(description="En mening om sidan, visas i sökresultat")
    sources: list[SourceId] = Field(description="Källdokument (id:n i content/sources.yml)")
    reviewed: dt.date = Field(description="Senast granskad (ÅÅÅÅ-MM-DD)")
    review_due: dt.date = Field(description="Ska granskas igen senast (ÅÅÅÅ-MM-DD)")
    owner: Text | None = Field(default=None, description="Vem som ansvarar för sidan, om inte webbplatsens ägare")
    search_boost: Annotated[float, Field(gt=0, le=10)] | None = Field(
        default=None, description="Hur högt sidan rankas i sökningen (1 = normalt, 2 = dubbelt, 0.5 = hälften)")
    regions: list[Id] = REGIONS


# --- site --------------------------------------------------------------------

class NavItem(Strict):
    title: Text
    page: NavPage | None = Field(default=None, description="Sidans id, t.ex. rutiner/vastra-gotaland")
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
    laws_table_caption: Text
    laws_table_law: Text
    laws_table_what: Text
    laws_table_status: Text
    laws_table_since: Text
    laws_table_checked: Text
    laws_table_unknown: Text = Field(description="Står i tabellen när texten inte anger datumet")
    laws_table_not_checked: Text
    laws_status_kinds: dict[Literal["in_force", "replaced", "changed", "changed_on", "not_checked"], Text] = Field(
        description="Statusen i tabellen; {law} och {date} fylls i")
    routine_contents: Text
    routine_list_region: Text
    review_table_page: Text
    months: Annotated[list[Text], Field(min_length=12, max_length=12)]
    noscript: Text
    not_found_title: Text
    not_found_text: Text
    print_source_note: Text
    step_label: Text
    who_label: Text
    use_label: Text
    form_label: Text
    checklist_label: Text
    checklist_progress: Text
    checklist_reset: Text
    checklist_reset_done: Text
    checklist_print: Text
    checklist_remember: Text
    checklist_noscript: Text
    checklist_related_form: Text
    selfcheck_result: Text
    selfcheck_static_yes: Text
    selfcheck_static_no: Text
    selfcheck_next: Text
    plans_together: Text
    plans_local: Text
    quickguide_pdf: Text
    quickguide_for: Text
    leaflet_pdf: Text
    faq_fallback: Text
    languages: dict[str, Text]
    language_switch: Text
    sources_heading: Text = Field(description="Rubrik för källorna samlade sist på lättlästa sidor")
    contact_email: Text
    contact_form: Text
    contact_phone: Text
    contact_postal: Text
    enforcement_link: Text = Field(description="Länktext till tillsynsmyndighetens anmälan; {name} är myndighetens namn")
    test_results_missing: Text
    test_results: Text
    rule_title: Text = Field(description="Rubriken över en regions egen regel; {region} är regionens namn")
    rule_dated: Text = Field(description="Efter källan till en regions regel; {date} är dokumentets datum eller år")
    rule_undated: Text = Field(description="Efter källan till en regions regel, när dokumentet inte är daterat")
    rule_read: Text = Field(description="Efter källan till en regions regel, en webbsida utan datum; {date} är dagen vi läste den")
    publisher_missing: Text = Field(
        description="Står i stället för en uppgift om utgivaren som ännu är ett exempel (FYLL I, example.se)")
    editions: "EditionsUi | None" = Field(default=None, description="Ord för de regionala utgåvorna (content/regions/)")


class EditionsUi(Strict):
    """Words of the regional editions (content/regions/<id>.yml)."""

    site_name: Text = Field(description="Utgåvans namn i sidhuvudet; {site} och {region} fylls i")
    same_page: Text = Field(description="Före länkarna till samma sida i de andra utgåvorna")
    all_regions: Text = Field(description="Namnet på utgåvan med alla regioner")
    continue_to: Text = Field(description="Länk på startsidan till den utgåva man valde sist; {region} fylls i")
    region_title: Text = Field(description="Rubrik för regionens ruta på utgåvans startsida; {region} fylls i")
    region_routines: Text = Field(description="Rubrik för rutinerna som gäller i regionen")
    region_guidelines: Text = Field(description="Rubrik för regionens riktlinjer och andra källor")
    contact_request: Text = Field(description="Rubrik: så ber du om en SIP")
    contact_complaints: Text = Field(description="Rubrik: klagomål")
    contact_feedback: Text = Field(description="Rubrik: synpunkter på webbplatsen")
    chooser_title: Text = Field(description="Rubrik för listan över utgåvor i förhandsvisningen (make serve)")


Ui.model_rebuild()


class FormsUi(Strict):
    """Texts of the form pages' buttons and messages (read by forms.js too)."""

    privacy_public: Text
    required: Text
    select_none: Text  # the empty first choice of a select field
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
    privacy_summary: Text = Field(
        description="Den korta raden som visas om integriteten; privacy eller privacy_public står under den när man öppnar")
    noscript: Text
    summary_title: Text
    summary_one: Text
    summary_warnings: Text
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
    draft_invalid: Text
    draft_too_many: Text
    draft_confirm: Text
    calendar_missing: Text
    calendar_done: Text
    print_person: Text
    print_page: Text
    print_pages: Text = Field(description="Sidnumret på utskriften; {page} och {pages} fylls i")
    word: Text = Field(description="Knappen som laddar ner blanketten ifylld som Word-fil")
    word_done: Text = Field(description="Meddelandet när Word-filen är gjord; {file} fylls i")
    word_failed: Text
    time_span: Text = Field(description="Tiden på utskriften; {start} och {end} fylls i")
    time_at: Text = Field(description="Tiden på utskriften utan sluttid; {start} fylls i")
    time_separator: Text = Field(description="Tecknet mellan timmar och minuter på utskriften")
    list_forms_pdf: Text
    draft_file: Text = Field(description="Utkastfilens namn; {form} och {date} fylls i")
    calendar_summary: Text = Field(description="Händelsens namn med en kort titel; {summary} och {title} fylls i")
    recommended: Text = Field(description="Efter etiketten på ett fält som bör fyllas i")
    err_recommended: Text = Field(description="Råd när ett fält som bör fyllas i är tomt; {label}")
    summary_advice: Text = Field(description="Rubrik över råden i Granska (inga fel)")
    toolbar_end: Text = Field(description="Namnet på knapparna i slutet av blanketten; {form}")
    draft_newer: Text = Field(description="Utkastet kommer från en nyare version av blanketten; {new}")
    list_more: Text = Field(description="En lista som har kortats; {list} och {n} fylls i")
    case_filled: Text = Field(description="Vad som fylldes i från ärendet; {fields}")
    case_from: Text = Field(description="Vad som fylldes i från blanketten användaren kom från; {form}, {fields}")
    case_rows: Text = Field(description="En grupp rader som fylldes i; {label}, {n}")
    case_none: Text = Field(description="Ärendet har inget som passar i blanketten")
    case_handoff_failed: Text = Field(description="Uppgifterna gick inte att föra över till nästa blankett")
    language_switch: Text = Field(description="Namnet på länkarna till blanketten på andra språk (för skärmläsare)")
    source_note: Text = Field(description="Raden längst ned på PDF-blanketten")


class FooterLink(Strict):
    title: Text
    page: Annotated[Text, Ref("pages", code=Code.UNKNOWN_NAV_PAGE)]


HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"']+$")]


class Publisher(Strict):
    """Who is responsible for the site and how readers reach them. A region or municipality
    that publishes the site fills this in once; the accessibility statement and the privacy
    page take it from here."""

    body: Text = Field(description="Den offentliga aktör (region eller kommun) som ansvarar för webbplatsen")
    unit: Text | None = Field(default=None, description="Enheten som svarar på synpunkter, om inte hela aktören")
    feedback_email: Annotated[str, StringConstraints(pattern=r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$")] | None = Field(
        default=None, description="E-postadress för synpunkter och brister i tillgängligheten")
    feedback_url: HttpsUrl | None = Field(default=None, description="Webbformulär för synpunkter, https://")
    feedback_postal: Text | None = Field(default=None, description="Postadress för synpunkter")
    feedback_phone: Text | None = Field(default=None, description="Telefon för synpunkter")
    response_time: Text | None = Field(default=None, description="Hur snabbt vi svarar, t.ex. inom två arbetsdagar")
    server_logs: Text = Field(description="Vad webbservern loggar och hur länge, enligt den som driver servern")
    enforcement_name: Text = Field(description="Tillsynsmyndigheten enligt lagen om tillgänglighet till digital offentlig service")
    enforcement_url: HttpsUrl = Field(description="Var man anmäler brister i tillgängligheten")
    enforcement_checked: dt.date = Field(description="Datum då uppgiften om tillsynsmyndigheten kontrollerades")


class Site(Strict):
    name: Text
    description: Text
    owner: Text
    contact: Text
    publisher: Publisher
    nav: list[NavItem]
    footer_links: list[FooterLink] = []
    ui: Ui
    forms_ui: FormsUi | None = None
    forms_ui_translations: dict[Literal["en"], FormsUi] = Field(
        default={}, description="forms_ui på andra språk, för blanketterna i forms/<språk>/")


class Source(Strict):
    id: Id
    title: Text
    short: Text = Field(description="Kort namn som visas i källhänvisningar")
    publisher: Text
    region: Text
    regions: list[Id] = Field(default=[], description="Regionernas utgåvor där källan räknas upp bland sidans källor (id:n i content/regions/); tom = alla")
    date: dt.date | None = None
    year: int | None = Field(default=None, description="Utgivningsår, om dokumentet anger det")
    kind: Text
    seed: Text | None = Field(default=None, description="Filnamn i shared/seeds/ som texten bygger på (källdokumenten)")
    url: Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"']+$")] | None = Field(
        default=None, description="Adress till en offentlig källa (lagtext, en myndighets eller regions sida), https://")
    checked: dt.date | None = Field(default=None, description="Datum då vi senast läste källan på webben (ÅÅÅÅ-MM-DD)")
    summary: Text


class Sources(Strict):
    sources: list[Source]


# --- routines ----------------------------------------------------------------

class Section(Strict):
    id: Id
    title: Text
    regions: list[Id] = REGIONS
    body: Text
    where: Text | None = Field(default=None, description="Var i källdokumentet uppgiften står")
    sources: list[SourceId] = Field(default=[], description="Om avsnittet bygger på andra källor än rutinen")
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
    documents: Annotated[list[RoutineId], Field(min_length=2)]
    topics: Annotated[list[Topic], Field(min_length=1)]


# --- glossary ----------------------------------------------------------------

class Term(Strict):
    id: Id
    term: Text
    abbr: Text | None = Field(default=None, description="Förkortning, t.ex. SIP; förklaras då på alla sidor")
    definition: Text
    origin: Text | None = Field(default=None, description="Var definitionen kommer ifrån, i ord")
    sources: list[SourceId] = []
    see: list[TermId] = []


class Glossary(PageMeta):
    intro: Text
    terms: Annotated[list[Term], Field(min_length=1)]


# --- laws --------------------------------------------------------------------

class LawLink(Strict):
    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://")]


LawStatusKind = Literal["in_force", "replaced", "changed", "not_checked"]


class Law(Strict):
    id: Id
    short: Text
    name: Text
    what: Text
    status: Text
    notes: list[DatedNote] = []
    links: list[LawLink] = []
    # the overview table at the top of the page (one row per law, from these fields)
    summary_line: Text = Field(description="Vad lagen säger om samordning, på en rad (översiktstabellen)")
    status_kind: LawStatusKind = Field(
        description="in_force = gäller, replaced = gäller och ersatte en äldre lag (replaced), "
                    "changed = gäller med en ändring (changed_by), not_checked = inte kontrollerat")
    since: dt.date | None = Field(default=None, description="Gäller sedan (ÅÅÅÅ-MM-DD), om texten anger det")
    replaced: Text | None = Field(default=None, description="Den äldre lag som den här ersatte (status_kind: replaced)")
    changed_by: Text | None = Field(default=None, description="Ändringen, t.ex. HSLF-FS 2017:19 (status_kind: changed)")
    changed_on: dt.date | None = Field(default=None, description="Från när ändringen gäller, om det är bekräftat")
    open_point: Text | None = Field(default=None, description="Det som inte är bekräftat eller kontrollerat, kort")
    checked: dt.date | None = Field(default=None, description="Senast kontrollerad (ÅÅÅÅ-MM-DD); tom = inte kontrollerad")

    @model_validator(mode="after")
    def _status_parts(self):
        # the keys a status needs (validate.py turns this into E066; the words are in messages.yml)
        needs = {"replaced": ("replaced", "since"), "changed": ("changed_by",)}.get(self.status_kind, ())
        missing = [key for key in needs if not getattr(self, key)]
        if missing:
            raise PydanticCustomError("status_parts", "status_kind {kind} needs {keys}",
                                      {"kind": self.status_kind, "keys": ", ".join(missing)})
        return self


class Laws(PageMeta):
    intro: Text
    laws: Annotated[list[Law], Field(min_length=1)]


# --- free pages (Markdown with front matter) --------------------------------

class Card(Strict):
    title: Text
    regions: list[Id] = REGIONS
    text: Text | None = Field(default=None, description="Kort text under rubriken (kan utelämnas när länkarna säger allt)")
    links: list["CardLink"]


class CardLink(Strict):
    text: Text
    page: Annotated[Text, Ref("pages", anchor=True)] = Field(description="Sidans id, eventuellt med #rubrik")


class Page(PageMeta):
    level: Literal["staff", "public", "easy"] = Field(
        default="staff", description="Vem sidan skrivs för: staff, public (LIX ≤ 40) eller easy (lättläst, LIX ≤ 30)")
    lang: Literal["sv", "en"] = "sv"
    hide: list[Literal["navigation", "toc"]] = []
    cards: list[Card] = []


NavItem.model_rebuild()
Card.model_rebuild()


# --- working method: steps, checklists, self-check, plans, roles, quick guides ---

class Sourced(Strict):
    """A statement that must say where it comes from."""

    text: Text
    source: SourceId = Field(description="Källdokumentets id i content/sources.yml")
    where: Text | None = Field(default=None, description="Var i källan, t.ex. avsnittets rubrik")


class Duty(Sourced):
    """A sourced statement that may be one region's own. Without `regions:` or `region:` it
    is what the law or national guidance says (every edition); with one of them it is a
    region's own rule: labelled with the region and its document's date, `regions:` only in
    those editions, `region:` (a region without an edition) only on the all-regions site."""

    regions: list[Id] = Field(default=[], description=(
        "En regions egen uppgift: regionerna (id:n i content/regions/); visas bara i deras utgåvor"))
    region: Text | None = Field(default=None, description=(
        "En regions egen uppgift, för en region utan egen utgåva (visas bara på webbplatsen med alla regioner)"))

    @model_validator(mode="after")
    def _one_region(self):
        # validate.py turns this into E070 (the words are in messages.yml)
        if self.regions and self.region:
            raise PydanticCustomError("rule_region", "a duty names regions or region, not both")
        return self

    @property
    def regional(self) -> bool:
        return bool(self.regions or self.region)


class RegionalRule(Duty):
    """A rule that one region adds to the SIP process (its own routine, policy or agreement):
    a Duty that must name its region. The page shows it under the region's name with its
    source and the source's date; an edition shows only its own region's rules, the
    all-regions site every rule."""

    @model_validator(mode="after")
    def _names_a_region(self):
        # validate.py turns this into E070 (the words are in messages.yml)
        if not self.regional:
            raise PydanticCustomError("rule_region", "a regional rule names regions or region")
        return self


RULES = Field(default=[], description="Regler som en region lägger till (visas med regionens namn och källa)")


class Step(Strict):
    id: Id
    title: Text
    regions: list[Id] = REGIONS
    who: Text = Field(description="Vem som gör steget")
    what: Text = Field(description="Vad som ska göras, i Markdown")
    form: FormId | None = Field(default=None, description="Blankett att använda (id i forms/)")
    checklist: ChecklistId | None = Field(default=None, description="Checklista att använda")
    sources: Annotated[list[SourceId], Field(min_length=1)]
    where: Text | None = None
    rules: list[RegionalRule] = RULES


class Topic(Strict):
    """A short section after the steps: a situation with its own rules (not a step)."""

    id: Id
    title: Text
    regions: list[Id] = REGIONS
    what: Text = Field(description="Vad som gäller, i Markdown")
    sources: Annotated[list[SourceId], Field(min_length=1)]
    where: Text | None = None


class Steps(PageMeta):
    intro: Text
    follows: Annotated[str, Ref("pages")] | None = Field(default=None, description=(
        "Sidan vars steg den här sidan följer (t.ex. arbetssatt/sip): samma steg-id:n i samma ordning"))
    steps: Annotated[list[Step], Field(min_length=1)]
    topics_intro: Text | None = Field(default=None, description="Några meningar före avsnitten efter stegen")
    topics: list[Topic] = Field(default=[], description="Avsnitt efter stegen om särskilda situationer")


class ChecklistItem(Sourced):
    """A checklist item; also a yes/no question of the self-check (same fields)."""

    id: Id
    regions: list[Id] = REGIONS
    hint: Text | None = None


class ChecklistGroup(Strict):
    id: Id
    title: Text
    items: Annotated[list[ChecklistItem], Field(min_length=1)]


class Checklist(PageMeta):
    id: Id
    order: int = Field(description="Ordning i listan över checklistor")
    intro: Text
    form: FormId | None = Field(default=None, description="Blankett som hör till checklistan")
    groups: Annotated[list[ChecklistGroup], Field(min_length=1)]


Question = ChecklistItem


class SelfCheck(PageMeta):
    intro: Text
    questions: Annotated[list[Question], Field(min_length=1)]
    answer_yes: Text = Field(description="Svar när minst en fråga besvarats med ja")
    answer_no: Text = Field(description="Svar när alla frågor besvarats med nej")
    answer_incomplete: Text = Field(description="Svar när någon fråga är obesvarad")
    next_steps: Text = Field(description="Vad du gör sedan, med länkar")
    yes: Text
    no: Text
    show_answer: Text


class PlanAspect(Strict):
    basis: Text
    initiates: Text
    participants: Text
    contents: Text
    relation: Text


class PlanKind(Strict):
    id: Id
    regions: list[Id] = REGIONS
    name: Text
    aspects: PlanAspect
    sources: Annotated[list[SourceId], Field(min_length=1)]
    notes: list[DatedNote] = []


class Plans(PageMeta):
    intro: Text
    aspect_labels: PlanAspect = Field(description="Rubrikerna för de fem frågorna")
    plans: Annotated[list[PlanKind], Field(min_length=2)]
    together: Text
    local_models: Text


class Role(Strict):
    id: Id
    regions: list[Id] = REGIONS
    title: Text
    intro: Text | None = None
    duties: Annotated[list[Duty], Field(min_length=1)]


class Roles(PageMeta):
    intro: Text
    roles: Annotated[list[Role], Field(min_length=1)]
    escalation_title: Text
    escalation: Annotated[list[Duty], Field(min_length=1)]


class GuideSection(Strict):
    title: Text
    items: Annotated[list[Sourced], Field(min_length=1)]
    rules: list[RegionalRule] = RULES


class QuickGuide(PageMeta):
    id: Id
    order: int
    audience: Text = Field(description="Vem lathunden är till för")
    intro: Text
    sections: Annotated[list[GuideSection], Field(min_length=1)]


# --- information for the person (public pages) ------------------------------

class Fact(Strict):
    """One fact with its source and the date it was checked (pages that must source every fact)."""

    text: Text
    source: SourceId
    where: Text | None = None
    checked: dt.date


class PublicSection(Strict):
    id: Id
    title: Text
    regions: list[Id] = REGIONS
    body: Text | None = None
    facts: list[Fact] = Field(default=[], description="Fakta med källa, visas som punktlista")
    example: Text | None = Field(default=None, description="Ett exempel att skriva ut eller kopiera, t.ex. ett brev")
    rules: list[RegionalRule] = RULES
    leaflet: bool = Field(default=False, description="Ta med avsnittet i foldern (PDF)")


class Faq(Strict):
    question: Text
    answer: Text
    regions: list[Id] = REGIONS


class PublicPage(PageMeta):
    lang: Literal["sv", "en"] = "sv"
    level: Literal["public", "easy"] = Field(default="public", description="public = klarspråk (LIX ≤ 40), easy = lättläst (LIX ≤ 30)")
    intro: Text
    sections: Annotated[list[PublicSection], Field(min_length=1)]
    faq_title: Text | None = None
    faq: list[Faq] = []
    translations: dict[str, Annotated[str, Ref("pages")]] = Field(default={}, description="Samma innehåll på andra språk: språkkod -> sidans id")
    easy_label: Text | None = Field(default=None, description="Märkning överst, t.ex. Lättläst")
    facts_required: bool = Field(default=False, description="Varje avsnitt måste ha fakta med källa (facts)")
    checklist_title: Text | None = None
    checklist: list[ChecklistGroup] = Field(default=[], description="En kort checklista på sidan")


# --- follow-up of the routine (questionnaire results) ------------------------

class Series(Strict):
    name: Text = Field(description="T.ex. Landsting/region eller Kommun")
    values: list[float] = Field(description="Ett värde per kategori, i samma ordning")
    total: int | None = Field(default=None, description="Antal som svarade; då visas också andelen i tabellen")


class Chart(Strict):
    """A bar chart drawn as SVG at build, with its numbers also in a table."""

    id: Id
    title: Text
    summary: Text = Field(description="Textalternativ: vad diagrammet visar, i en eller två meningar")
    unit: Literal["antal", "procent"]
    categories: Annotated[list[Text], Field(min_length=1)]
    series: Annotated[list[Series], Field(min_length=1)]
    source: SourceId | None = None
    where: Text | None = Field(default=None, description="Var i källan siffrorna står, t.ex. tabell 3")
    scale: Id | None = Field(default=None, description=(
        "Diagram med antal som jämför samma sak (t.ex. svar) får samma namn här och ritas då med samma "
        "skala. Diagram med procent har alltid skalan 0–100 %."))


class KeyFigure(Strict):
    value: Text = Field(description="Siffran som den ska visas, t.ex. 142 eller 46 %")
    label: Text
    source: SourceId | None = None
    where: Text | None = None


class FollowupReport(PageMeta):
    intro: Text
    key_figures: list[KeyFigure] = []
    charts: list[Chart] = []
    sections: list["PublicSection"] = Field(default=[], description="Slutsatser, förslag och annan text")
    free_text_title: Text | None = None
    free_text: dict[str, list[Text]] = Field(default={}, description="Fritextsvar per fråga")


FollowupReport.model_rebuild()


# --- regional editions (content/regions/<id>.yml) ---------------------------

class ContactRoute(Strict):
    """One way to reach someone. Only what a source supports: leave out what is not known."""

    text: Text = Field(description="Vad man gör, i Markdown")
    url: HttpsUrl | None = Field(default=None, description="Sida där man kan göra det, https://")
    source: SourceId | None = Field(default=None, description="Källan som säger det (id i content/sources.yml)")


class RegionPublisher(Strict):
    """What the region's edition says instead of site.yml's publisher (only what is given)."""

    body: Text | None = None
    unit: Text | None = None
    feedback_email: Annotated[str, StringConstraints(pattern=r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$")] | None = None
    feedback_url: HttpsUrl | None = None
    feedback_postal: Text | None = None
    feedback_phone: Text | None = None
    response_time: Text | None = None
    server_logs: Text | None = None
    enforcement_name: Text | None = None
    enforcement_url: HttpsUrl | None = None
    enforcement_checked: dt.date | None = None


class Region(Strict):
    """One regional edition of the site, built under site/<id>/."""

    id: Id
    name: Text = Field(description="Regionens namn, t.ex. Örebro län")
    intro: Text = Field(description="Några meningar överst på utgåvans startsida, i Markdown")
    routines: list[RoutineId] = Field(default=[], description="Rutiner (id i content/routines/) som gäller i regionen")
    followup: list[Id] = Field(default=[], description="Uppföljningar (id i content/followup/) från regionen")
    guidelines: list[SourceId] = Field(default=[], description="Regionens riktlinjer och sidor (id:n i content/sources.yml)")
    request_sip: ContactRoute | None = Field(default=None, description="Så ber man om en SIP i regionen")
    complaints: ContactRoute | None = Field(default=None, description="Vart man vänder sig med klagomål")
    publisher: RegionPublisher = Field(default=RegionPublisher(), description="Ersätter delar av publisher i site.yml")
    form_defaults: dict[Id, dict[Id, Text]] = Field(
        default={}, description="Förifyllda värden: blankettens id -> fältets id -> värde (regionens namn, standardtext, mötesplats)")
# --- the accessibility figures (content/system/test-results.yml) -------------

class TestResults(Strict):
    """The figures of the latest complete browser run, shown in the accessibility
    statement. The tests write them under build/; `make a11y-report` checks them
    against this model and copies them here for a maintainer to commit."""

    __test__ = False  # not a pytest test class

    date: dt.date
    pages: int = Field(ge=1)
    checks: int = Field(ge=1)
    violations: int = Field(ge=0)
    axe: Text
