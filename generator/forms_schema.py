"""What a form definition (forms/<id>.yml) may hold.

FIELD_TYPES is the one table of field types that the HTML renderer, the PDF
renderer and the browser script all read (after pyxform's question-type table).
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, StringConstraints

from .schema import DatedNote, FormId, HeadingOf, Id, PageMeta, RoutineId, Strict, Text

# type -> how it is rendered and checked. "input" is the HTML input type; "pdf"
# says how the fillable PDF shows it; "check" names the browser-side check.
FIELD_TYPES: dict[str, dict] = {
    "text":         {"input": "text",     "pdf": "text",     "check": None},
    "textarea":     {"input": None,       "pdf": "textarea", "check": None},
    "date":         {"input": "date",     "pdf": "text",     "check": "date"},
    "time":         {"input": "time",     "pdf": "text",     "check": "time"},
    "email":        {"input": "email",    "pdf": "text",     "check": "email"},
    "tel":          {"input": "tel",      "pdf": "text",     "check": "tel"},
    "url":          {"input": "url",      "pdf": "text",     "check": "url"},
    "personnummer": {"input": "text",     "pdf": "text",     "check": "personnummer"},
    "select":       {"input": None,       "pdf": "text",     "check": None},
    "radio":        {"input": "radio",    "pdf": "checkbox", "check": None},
    "checkbox":     {"input": "checkbox", "pdf": "checkbox", "check": None},
    "checkboxes":   {"input": "checkbox", "pdf": "checkbox", "check": None},
}

Option = Annotated[str, StringConstraints(min_length=1)]

# The case: what the forms of one SIP have in common. A field names its shared meaning
# with `case:` (checks.form checks it against these tables); the forms fill those fields
# from one case file, or from the form the user came from (forms-drafts.js).
# concept -> the field types that can hold it
CASE_VALUES: dict[str, tuple[str, ...]] = {
    "person-namn": ("text",),
    "person-personnummer": ("personnummer",),
    "galler-barn": ("checkbox",),
    "mote-datum": ("date",),
    "mote-plats": ("text",),
    "kalender-titel": ("text",),
    "samtycke-datum": ("date",),
    "uppfoljning-datum": ("date",),
    "samordnare-namn": ("text",),
    "samordnare-titel": ("text",),
    "samordnare-enhet": ("text",),
    "samordnare-telefon": ("tel",),
    "samordnare-epost": ("email",),
}
# list concept -> its columns (a repeatable group names the list, its fields the columns)
CASE_LISTS: dict[str, tuple[str, ...]] = {
    "narstaende": ("namn", "relation", "kontakt"),
    "verksamheter": ("verksamhet", "huvudman", "namn", "kontakt"),
    "deltagare": ("namn", "roll", "verksamhet", "huvudman", "telefon", "epost"),
    "insatser": ("insats", "mal", "verksamhet", "personal", "huvudman", "nar", "status"),
}
CASE_VERSION = 1  # the case file's own format


class BaseField(Strict):
    id: Id
    label: Text
    hint: Text | None = None
    required: bool = False
    autocomplete: str | None = Field(default=None, description="HTML autocomplete-värde, t.ex. name, tel, email")
    default: Text | None = Field(default=None, description="Förifyllt värde (en regions utgåva sätter det i content/regions/)")
    recommended: bool = Field(default=False, description="Bör fyllas i: Granska ger ett råd, inget fel, när fältet är tomt")
    case: Id | None = Field(default=None, description="Det gemensamma begreppet i ärendet (forms_schema.CASE_VALUES); i en rad: kolumnen som sparas")
    case_also: list[Id] = Field(default=[], description="I en rad: fler kolumner i ärendet som fyller fältet när kolumnen i case saknas")


class SimpleField(BaseField):
    type: Literal["text", "textarea", "date", "time", "email", "tel", "url", "personnummer", "checkbox"]
    rows: int | None = Field(default=None, description="Antal rader för textarea")


class ChoiceField(BaseField):
    type: Literal["select", "radio", "checkboxes"]
    options: Annotated[list[Option], Field(min_length=2)]


LeafField = Annotated[Union[SimpleField, ChoiceField], Field(discriminator="type")]


class CaseRow(Strict):
    """A row made from single values of the case, e.g. the person among the participants."""
    place: Literal["start", "end"] = Field(description="Först eller sist bland raderna")
    columns: dict[Id, Id] = Field(description="Kolumn i raden: begreppet i ärendet som fyller den")
    text: dict[Id, Text] = Field(default={}, description="Kolumn i raden: en bestämd text, t.ex. Personen själv")


class RepeatField(Strict):
    """Repeatable rows, e.g. one row per participant or per intervention."""

    id: Id
    type: Literal["repeat"]
    label: Text = Field(description="Rubrik för hela gruppen av rader")
    item_label: Text = Field(description="Rubrik för en rad; numret läggs till, t.ex. Deltagare 2")
    hint: Text | None = None
    min: int = Field(default=1, ge=0)
    start: int = Field(default=1, ge=1, description="Antal rader när blanketten öppnas")
    pdf_rows: int = Field(default=3, ge=1, le=12, description="Antal tomma rader i PDF-blanketten")
    case: Id | None = Field(default=None, description="Listan i ärendet som raderna hör till (forms_schema.CASE_LISTS)")
    case_from: list[Id] = Field(default=[], description="Listor i ärendet som fyller raderna när ärendet inte har den här listan")
    case_rows: list[CaseRow] = Field(default=[], description="Rader av enskilda värden i ärendet, tillsammans med case_from")
    fields: Annotated[list[LeafField], Field(min_length=1)]


AnyField = Annotated[Union[SimpleField, ChoiceField, RepeatField], Field(discriminator="type")]


class FormSection(Strict):
    id: Id
    legend: Text
    hint: Text | None = None
    fields: Annotated[list[AnyField], Field(min_length=1)]


class RequiredBy(Strict):
    routine: RoutineId
    section: Annotated[Id, HeadingOf("routine", prefix="rutiner/")] | None = None
    text: Text


class DateOrder(Strict):
    type: Literal["date_order"]
    first: Id
    then: Id
    message: Text


class TimeOrder(Strict):
    """An end time after the start time (the same time is an error too)."""
    type: Literal["time_order"]
    first: Id
    then: Id
    message: Text


class NotPast(Strict):
    """A date that has already passed: a warning shown by Granska, never a block."""
    type: Literal["not_past"]
    field: Id
    message: Text


class DateWithin(Strict):
    type: Literal["date_within"]
    field: Id
    start: Id
    end: Id
    message: Text


class RequiredIf(Strict):
    type: Literal["required_if"]
    field: Id
    when: Id = Field(description="Fältet som avgör; om det är ifyllt eller ikryssat krävs field")
    message: Text


class OneOf(Strict):
    type: Literal["one_of"]
    fields: Annotated[list[Id], Field(min_length=2)]
    message: Text


Rule = Annotated[Union[DateOrder, TimeOrder, NotPast, DateWithin, RequiredIf, OneOf], Field(discriminator="type")]


class CalendarEvent(Strict):
    """Settings for "Lägg till i kalendern" (an .ics file made in the browser).
    Without `start` the event is a whole-day reminder on the date."""

    summary: Text
    date: Id
    start: Id | None = None
    end: Id | None = None
    location: list[Id] = Field(default=[], description="Fält som sätts ihop till plats")
    description: list[Id] = []
    title: Id | None = Field(default=None, description="Fält med en kort titel (t.ex. initialer) som läggs till i händelsens namn")
    summary_by: "SummaryBy | None" = Field(default=None, description="Ett annat namn på händelsen när ett val har ett visst värde")
    details: list["CalendarDetail"] = Field(default=[], description="Rader i beskrivningen: en text och ett fält, t.ex. samordnarens telefon")
    alarm: Text | None = Field(default=None, description="En påminnelse dagen före, med den här texten")


class SummaryBy(Strict):
    """The event's name by the value of a choice, e.g. a follow-up meeting."""
    field: Id
    summaries: dict[Option, Text]


class CalendarDetail(Strict):
    label: Text
    field: Id


class Handoff(Strict):
    """A button that opens another form of the same case with the shared fields filled
    (the values go through the browser tab's sessionStorage, never the address)."""
    form: FormId = Field(description="Blanketten som öppnas (id i forms/)")
    label: Text
    values: dict[Id, Text] = Field(default={}, description="Fält i den andra blanketten som får ett bestämt värde")
    case_as: dict[Id, Id] = Field(default={}, description="Begrepp i ärendet som får värdet av ett annat, t.ex. mote-datum: uppfoljning-datum")
    fresh: bool = Field(default=False, description="Öppna blanketten utan det som sparats i den förut, bara det gemensamma (ett nytt möte)")


CalendarEvent.model_rebuild()


class PaperField(Strict):
    """A field on paper, under its own label or under another one (e.g. with its number in
    the law)."""
    field: Id
    label: Text | None = Field(default=None, description="Etiketten på papperet, om den är en annan än på skärmen")


class PaperBlock(Strict):
    """One part of the paper (the printed letter or plan and the Word document), in order.

    facts: "label: value" lines; text: each field's label as a small heading over its text;
    when: the date with its weekday, the time and the fields after it (place, link);
    table: a repeatable group as a table; note: a section's hint or a fixed text, as it
    stands in the form; sender: the sender's lines and the date it is sent;
    signatures: lines to sign for the person and, for a child, each custodian."""

    kind: Literal["facts", "text", "when", "table", "note", "sender", "signatures"]
    heading: Text | None = None
    fields: list[PaperField] = []
    field: Id | None = Field(default=None, description="table: the repeatable group")
    columns: list[Id] = Field(default=[], description="table: the group's fields, in order")
    section: Id | None = Field(default=None, description="note: the section whose hint is printed")
    text: Text | None = None
    date: Id | None = None
    start: Id | None = None
    end: Id | None = None
    date_label: Text | None = Field(default=None, description="sender: the label of the sending date")
    # signatures
    person: Text | None = Field(default=None, description="signatures: the person's line")
    custodian: Text | None = Field(default=None, description="signatures: a custodian's line")
    child: Id | None = Field(default=None, description="signatures: the box that says the plan is for a child")
    custodians: Id | None = Field(default=None, description="signatures: the group whose rows may be custodians")
    name: Id | None = Field(default=None, description="signatures: the name field in that group")
    role: Id | None = Field(default=None, description="signatures: the role field in that group")
    match: list[Text] = Field(default=[], description="signatures: words in the role that mark a custodian")
    blank: int = Field(default=2, ge=0, le=4, description="signatures: empty custodian lines when no row is one")
    sign_columns: list[Text] = Field(default=[], description="signatures: the columns of each line")


class Paper(Strict):
    """What the printed copy and the Word document hold, in the order of a letter or plan."""
    file: Text = Field(description="The Word file's name; {date} is filled in")
    blocks: Annotated[list[PaperBlock], Field(min_length=1)]


class Form(PageMeta):
    id: Id
    lang: Literal["sv", "en"] = Field(default="sv", description="Blankettens språk; en översättning ligger i forms/<språk>/<id>.yml")
    version: int = Field(ge=1, description="Öka när fälten ändras; utkast från äldre versioner ger ett meddelande")
    purpose: Text
    required_by: list[RequiredBy] = []
    title_field: Id | None = Field(default=None, description="Fält vars värde skrivs ut överst på varje sida (personens namn)")
    notes: list[DatedNote] = []
    sections: Annotated[list[FormSection], Field(min_length=1)]
    rules: list[Rule] = []
    calendar: list[CalendarEvent] = Field(default=[], description="Händelser i kalenderfilen, en eller flera (bara de vars datum är ifyllt)")
    next: list[Handoff] = Field(default=[], description="Knappar som öppnar en annan blankett i samma ärende, ifylld")
    pdf_purpose: Text | None = Field(default=None, description="Texten överst i PDF-blanketten, om purpose talar om sådant som bara webbformuläret har (knappar, kalendern)")
    print_intro: Text | None = Field(default=None, description="Text som bara syns på utskriften")
    level: Literal["staff", "public", "easy"] = Field(default="staff", description="Vem blanketten är till för (styr LIX-gränsen)")
    one_page: bool = Field(default=False, description="Utskriften ska rymmas på en A4-sida")
    paper: Paper | None = Field(default=None, description="En ifylld utskrift som brev eller plan, och Word-filen")

    @property
    def events(self) -> list[CalendarEvent]:
        """The calendar events, none, one or several."""
        return self.calendar
