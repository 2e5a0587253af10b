"""The registry of page kinds: the one place that says what kinds of page the site has.

A page kind is its model (schema.py), where its files live, the page id a file gets,
the template that renders it and the headings other pages may link to. Loading
(content.py), rendering (render.py) and the bench read this table; adding a page kind
is one row here, one model and one template.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from . import forms_schema, schema

KindName = Literal["routine", "compare", "glossary", "laws", "form", "steps", "selfcheck", "plans",
                   "roles", "checklist", "quickguide", "public", "followup", "page"]


@dataclass(frozen=True)
class PageKind:
    name: KindName
    model: type[BaseModel]
    files: tuple[str, ...]  # globs under content/ (or forms/, see `folder`)
    page_id: str  # "{stem}": the file name; "{rel}": the path under the glob's first folder
    anchors: str | tuple[str, ...] | None = None  # the list(s) whose items' ids are headings other pages may link to
    folder: Literal["content", "forms"] = "content"
    required: bool = False  # the site cannot be built without this file (E005)
    unique: tuple[tuple[str, str], ...] = ()  # (list, key): values that must be unique in a file
    literal: tuple[str, ...] = ()  # top-level keys holding typed answers: text, never markup
    scripts: tuple[str, ...] = ()  # the scripts its pages load besides site.js (render.page_assets)
    styles: tuple[str, ...] = ()  # the stylesheets its pages load besides site.css (render.page_assets)

    @property
    def template(self) -> str:
        return f"{self.name}.md.j2"

    def heading_ids(self, model) -> set[str] | None:
        """Heading ids known before the build, or None when they are not known."""
        names = (self.anchors,) if isinstance(self.anchors, str) else (self.anchors or ())
        ids = {item.id for name in names for item in (getattr(model, name, None) or [])}
        return ids or None


# in the order they run; rows and calendar only on forms that have them (render.page_assets)
FORM_SCRIPTS = ("assets/forms.js", "assets/forms-rows.js", "assets/forms-checks.js", "assets/forms-drafts.js",
                "assets/forms-calendar.js", "assets/forms-print.js", "assets/forms-paper.js")

# the Word library forms-paper.js fetches when Word is asked for, relative to the form scripts
# (the docx package from npm, its built browser file; licence in vendor/docx-LICENSE.txt)
DOCX_LIBRARY = "vendor/docx-9.15.2.js"

# forms, checklists and the self-check; the other pages never load it (site.css is common)
TOOLS_CSS = "assets/tools.css"

# in the order they are read: the first file that claims a page id keeps it
KINDS: tuple[PageKind, ...] = (
    PageKind("routine", schema.Routine, ("routines/*.yml",), "rutiner/{stem}", anchors="sections",
             unique=(("sections", "id"),)),
    PageKind("compare", schema.Compare, ("compare.yml",), "rutiner/jamfor", anchors="topics", required=True),
    PageKind("glossary", schema.Glossary, ("glossary.yml",), "ordlista", anchors="terms", required=True,
             unique=(("terms", "id"), ("terms", "abbr"))),
    PageKind("laws", schema.Laws, ("laws.yml",), "lagar", anchors="laws", required=True,
             unique=(("laws", "id"),), styles=("assets/laws.css",)),
    PageKind("form", forms_schema.Form, ("*.yml",), "blanketter/{stem}", folder="forms",
             scripts=FORM_SCRIPTS, styles=(TOOLS_CSS,)),
    PageKind("steps", schema.Steps, ("method/steg-for-steg.yml", "method/sip.yml"), "arbetssatt/{stem}",
             anchors=("steps", "topics")),
    PageKind("selfcheck", schema.SelfCheck, ("method/nar-erbjuda.yml",), "arbetssatt/{stem}",
             scripts=("assets/selfcheck.js",), styles=(TOOLS_CSS,)),
    PageKind("plans", schema.Plans, ("method/vilken-plan.yml",), "arbetssatt/{stem}", anchors="plans"),
    PageKind("roles", schema.Roles, ("method/vem-gor-vad.yml",), "arbetssatt/{stem}", anchors="roles"),
    PageKind("checklist", schema.Checklist, ("method/checklistor/*.yml",), "arbetssatt/checklistor/{stem}",
             anchors="groups", scripts=("assets/checklists.js",), styles=(TOOLS_CSS,)),
    PageKind("quickguide", schema.QuickGuide, ("method/lathundar/*.yml",), "arbetssatt/lathundar/{stem}"),
    PageKind("public", schema.PublicPage, ("public/**/*.yml",), "{rel}", anchors="sections"),
    PageKind("followup", schema.FollowupReport, ("followup/*.yml",), "uppfoljning/{stem}", anchors="sections",
             literal=("free_text",), styles=("assets/charts.css",)),
    PageKind("page", schema.Page, ("pages/**/*.md",), "{rel}"),
)
BY_NAME: dict[str, PageKind] = {k.name: k for k in KINDS}
