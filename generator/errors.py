"""The catalogue of content errors: a code, a Swedish message, the file and the line.

The words live in content/system/messages.yml so that editors can improve them;
tests assert on the codes. An error is a value, collected for the whole run and
printed together, never a stack trace.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = PROJECT_ROOT / "content" / "system" / "messages.yml"


@functools.lru_cache(maxsize=1)
def catalogue() -> dict:
    with CATALOGUE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass
class ContentError(Exception):
    """One problem in one content file. Codes starting with W are warnings."""

    file: Path
    line: int
    code: str
    params: dict = field(default_factory=dict)

    def __init__(self, file: Path | str, line: int, code: str, **params):
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
            try:
                file = self.file.resolve().relative_to(root.resolve())
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
