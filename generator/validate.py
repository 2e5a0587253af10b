"""Stage 2: a loaded document against its pydantic model. Pydantic's errors become
catalogue errors with the file and line of the value (and, for an unknown key, the
keys that are allowed there)."""
from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from .errors import Code, ContentError, catalogue, type_name
from .load import Document


def unwrap(annotation: Any) -> list[Any]:
    """All types inside list[...], X | None, Annotated[...] and dict[..., X]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return unwrap(typing.get_args(annotation)[0])
    if origin in (list, dict, typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        if origin is dict:
            args = args[1:]
        return [t for a in args for t in unwrap(a)]
    return [annotation]


def _model_at(cls: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fld = current.model_fields.get(part)
        if fld is None:
            # a dict key (e.g. a document id in a comparison): stay on the value type
            continue
        models = [t for t in unwrap(fld.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        if not models:
            return None
        current = models[0]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unknown_key(err, cls, loc, key):
    parent = _model_at(cls, loc[:-1])
    return Code.UNKNOWN_KEY, {"key": key, "allowed": ", ".join(parent.model_fields) if parent else "-"}


def _tag(err, cls, loc, key):
    ctx = err.get("ctx", {})
    return Code.NOT_ALLOWED, {"key": ctx.get("discriminator", key).strip("'"), "value": ctx.get("tag"),
                              "allowed": ctx.get("expected_tags", "")}


def _pattern(err, cls, loc, key):
    if "a-z0-9" in str(err.get("ctx", {}).get("pattern", "")):
        return Code.BAD_ID, {"key": key, "value": err.get("input")}
    return Code.BAD_VALUE, {"key": key, "problem": err.get("msg", err["type"])}


# pydantic error type -> (code, message parameters)
BY_TYPE = {
    "extra_forbidden": _unknown_key,
    "missing": lambda err, cls, loc, key: (Code.MISSING_KEY, {"key": key}),
    "literal_error": lambda err, cls, loc, key: (Code.NOT_ALLOWED, {
        "key": key, "value": err.get("input"), "allowed": err.get("ctx", {}).get("expected", "")}),
    "union_tag_invalid": _tag,
    "string_pattern_mismatch": _pattern,
    "string_too_short": lambda err, cls, loc, key: (Code.EMPTY, {"key": key}),
    "too_short": lambda err, cls, loc, key: (Code.TOO_FEW, {"key": key,
                                                            "min": err.get("ctx", {}).get("min_length", 1)}),
    "status_parts": lambda err, cls, loc, key: (Code.STATUS_PARTS, {"kind": err["ctx"]["kind"],
                                                                    "keys": err["ctx"]["keys"]}),
    "rule_region": lambda err, cls, loc, key: (Code.RULE_REGION, {}),
}


def _by_prefix(kind: str, err, key):
    if kind.startswith(("date", "datetime")):
        return Code.BAD_DATE, {"key": key}
    if kind.endswith(("_type", "_parsing")) or kind.startswith("url"):
        return Code.WRONG_TYPE, {"key": key, "expected": type_name(kind)}
    return Code.BAD_VALUE, {"key": key, "problem": err.get("msg", kind)}


def _line(err, loc: tuple, doc: Document) -> int:
    """A missing key is reported on its parent; a bad tag on the tag's own line."""
    if err["type"] == "missing":
        return doc.where.line(loc[:-1])
    if err["type"] == "union_tag_invalid":
        return doc.where.line(loc + (err.get("ctx", {}).get("discriminator", "").strip("'"),))
    return doc.where.line(loc)


def translate(exc: ValidationError, cls: type[BaseModel], doc: Document) -> Iterator[ContentError]:
    for err in exc.errors():
        loc = tuple(err["loc"])
        key = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
        handler = BY_TYPE.get(err["type"])
        code, params = handler(err, cls, loc, key) if handler else _by_prefix(err["type"], err, key)
        yield ContentError(doc.path, _line(err, loc, doc), code, **params)


def validate(cls: type[BaseModel], doc: Document, errors: list[ContentError]) -> Any | None:
    if not isinstance(doc.data, dict):
        errors.append(ContentError(doc.path, 1, Code.NOT_A_MAPPING))
        return None
    try:
        return cls.model_validate(doc.data)
    except ValidationError as exc:
        errors.extend(translate(exc, cls, doc))
        return None
    except Exception as exc:  # whatever a file holds, it is an error in that file, never a crash
        errors.append(unexpected(doc.path, exc))
        return None


def unexpected(path: Path, exc: BaseException) -> ContentError:
    labels = catalogue()["labels"]
    if isinstance(exc, RecursionError):
        return ContentError(path, 1, Code.YAML_SYNTAX, problem=labels["yaml_too_deep"])
    return ContentError(path, 1, Code.YAML_SYNTAX, problem=labels["yaml_unexpected"].format(
        error=type(exc).__name__))
