"""The catalogue of content errors: a code, a Swedish message, the file and the line.

The words live in content/system/messages.yml so that editors can improve them;
tests assert on the codes. An error is a value, collected for the whole run and
printed together, never a stack trace.
"""
from __future__ import annotations

import enum
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = PROJECT_ROOT / "content" / "system" / "messages.yml"


@functools.lru_cache(maxsize=1)
def catalogue() -> dict:
    with CATALOGUE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


class Code(str, enum.Enum):
    """Every error and warning code, named. The Swedish text of each is in messages.yml;
    codes starting with W are warnings. Every code has a fixture in tests/fixtures/bad/."""

    YAML_SYNTAX = "E001"
    NO_FRONT_MATTER = "E002"
    NOT_UTF8 = "E003"
    NOT_A_MAPPING = "E004"
    FILE_MISSING = "E005"
    YAML_ALIAS = "E006"
    SYMLINK = "E007"
    DUPLICATE_KEY = "E010"
    UNKNOWN_KEY = "E020"
    MISSING_KEY = "E021"
    WRONG_TYPE = "E022"
    BAD_DATE = "E023"
    BAD_VALUE = "E024"
    NOT_ALLOWED = "E025"
    BAD_ID = "E026"
    EMPTY = "E027"
    TOO_FEW = "E028"
    ID_NOT_FILE_NAME = "E029"
    DUPLICATE_ID = "E030"
    UNKNOWN_TERM = "E031"
    UNKNOWN_SOURCE = "E032"
    UNKNOWN_PAGE = "E033"
    UNKNOWN_HEADING = "E034"
    UNKNOWN_LAW = "E035"
    UNKNOWN_NAV_PAGE = "E036"
    REVIEW_BEFORE_REVIEWED = "E037"
    UNKNOWN_COLUMN = "E038"
    MISSING_CELL = "E039"
    BROKEN_LINK = "E040"
    UNKNOWN_LIST = "E041"
    UNKNOWN_FIELD = "E042"
    NO_FORMS_UI = "E043"
    FACT_WITHOUT_SOURCE = "E044"
    HTML_ELEMENT = "E045"
    HTML_ATTRIBUTE = "E046"
    URL_NOT_ALLOWED = "E047"
    FOREIGN_SCRIPT = "E048"
    PDF_FOREIGN_URL = "E049"
    ENGINE_FAILED = "E050"
    TRANSLATION_DIFFERS = "E051"
    NO_FEEDBACK_ROUTE = "E052"
    PAGE_ELEMENT = "E053"
    UNKNOWN_REGION = "E060"
    REGION_UNKNOWN_ID = "E061"
    REGION_DEFAULT_FIELD = "E062"
    NO_EDITIONS_UI = "E063"
    REGION_ROUTINE_EXCLUDED = "E064"
    REGION_DEFAULT_OPTION = "E065"
    STATUS_PARTS = "E066"
    PLACEHOLDER_PUBLISHED = "E067"
    TOO_HARD_TO_READ = "E068"
    REGION_ID_TAKEN = "E069"
    RULE_REGION = "E070"
    RULE_SOURCE_REGION = "E071"
    STEPS_NOT_PROCESS = "E072"
    DUTY_NOT_REGIONAL = "E073"
    CASE_KEY = "E077"
    REVIEW_OVERDUE = "W001"
    EXAMPLE_VALUE = "W002"

    def __str__(self) -> str:
        return self.value


@dataclass
class ContentError(Exception):
    """One problem in one content file. Codes starting with W are warnings."""

    file: Path
    line: int
    code: str
    params: dict = field(default_factory=dict)

    def __init__(self, file: Path | str, line: int, code: Code | str, **params):
        code = Code(code).value  # an unknown code is a programming error, found at once
        super().__init__(code)
        self.file = Path(file)
        self.line = int(line)
        self.code = code
        self.params = params

    @property
    def is_warning(self) -> bool:
        return self.code.startswith("W")

    @property
    def message(self) -> str:
        template = catalogue()["messages"].get(self.code, self.code + " {params}")
        try:
            return template.format(params=self.params, **self.params)
        except (KeyError, IndexError):
            return f"{template} {self.params}"

    def format(self, root: Path | None = None) -> str:
        file = self.file
        if root is not None:
            # the file as named, not what a symbolic link points to (E007 names the link)
            for base in (Path(os.path.abspath(root)), root.resolve()):
                try:
                    file = Path(os.path.abspath(self.file)).relative_to(base)
                    break
                except ValueError:
                    pass
        kind = catalogue()["labels"]["warning" if self.is_warning else "error"]
        return f"{file}:{self.line}: {kind} {self.code}: {self.message}"

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.format()


class ContentErrors(Exception):
    """Raised when a run found at least one error; carries all of them."""

    def __init__(self, errors: list[ContentError]):
        super().__init__(f"{len(errors)} fel")
        self.errors = errors


def type_name(pydantic_type: str) -> str:
    """Swedish name of what was expected, for pydantic's error types."""
    return catalogue()["types"].get(pydantic_type, catalogue()["types"]["default"])
