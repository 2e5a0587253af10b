"""Stage 1: read YAML and Markdown content, keeping the file and line of every value.

Content editors get errors that say *where*: so every value read here carries its
position. A loaded document is a plain Python structure plus a `Locations` map from
the value's path (e.g. ``("sections", 2, "title")``) to its line number.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from .errors import Code, ContentError, catalogue


@dataclass
class Locations:
    """Line numbers (1-based) of every value in one file, keyed by path."""

    file: Path
    lines: dict[tuple, int] = field(default_factory=dict)
    block: dict[tuple, bool] = field(default_factory=dict)  # value is a | or > block
    offset: int = 0  # lines before the YAML starts (front matter in Markdown files)

    def line(self, path: tuple) -> int:
        """Line of the value at `path`, or of its nearest parent that exists."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path] + self.offset
            path = path[:-1]
        return self.lines.get((), 1) + self.offset

    def text_line(self, path: tuple, char_index: int, text: str) -> int:
        """Line of character `char_index` inside the string value at `path`."""
        base = self.line(path)
        extra = text.count("\n", 0, char_index)
        if self.block.get(tuple(path)):
            extra += 1  # a block scalar starts on the line after its `|`
        return base + extra


@dataclass
class Document:
    """One content file: its data, where each value sits, and (Markdown) its body."""

    path: Path
    data: Any
    where: Locations
    body: str | None = None
    body_line: int = 1  # line on which the Markdown body starts


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's when installed: ten times faster) that keeps dates as
    strings: the schema checks them, so that an impossible date (2026-13-28) is a
    content error with a line, not a crash."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


def _construct(node: yaml.Node, path: tuple, where: Locations, loader: _Loader) -> Any:
    where.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # `? [a, b]`: a list or mapping as a key
                raise ContentError(where.file, key_node.start_mark.line + 1 + where.offset, Code.YAML_SYNTAX,
                                   problem=catalogue()["labels"]["yaml_complex_key"])
            key = loader.construct_object(key_node)
            if isinstance(key, (_dt.date, int, float, bool)) or key is None:
                key = str(key)
            if key in out:
                raise ContentError(
                    where.file, key_node.start_mark.line + 1 + where.offset,
                    Code.DUPLICATE_KEY, key=key,
                )
            where.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, path + (key,), where, loader)
            # the key's own line is the most useful place to point at
            where.lines[path + (key,)] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
                where.block[path + (key,)] = True
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, path + (i,), where, loader) for i, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


def _refuse_anchors(text: str, file: Path, offset: int) -> None:
    """Anchors (&a) and aliases (*a) are refused before anything is built from them:
    content never needs them, and an alias of an alias of ... ("billion laughs") or an
    alias inside itself would take the build down. Scanning is linear in the text."""
    if "&" not in text and "*" not in text:
        return
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            raise ContentError(file, token.start_mark.line + 1 + offset, Code.YAML_ALIAS, name=token.value)


def parse_yaml(text: str, file: Path, offset: int = 0) -> tuple[Any, Locations]:
    where = Locations(file=file, offset=offset)
    try:
        _refuse_anchors(text, file, offset)
        loader = _Loader(text)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, file, offset) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, where
        return _construct(node, (), where, loader), where
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, file, offset) from None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, file: Path, offset: int) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + offset
    return ContentError(file, line, Code.YAML_SYNTAX, problem=str(exc.problem or exc))


def load_yaml(file: Path) -> Document:
    text = _read(file)
    data, where = parse_yaml(text, file)
    return Document(path=file, data=data, where=where)


def load_markdown(file: Path) -> Document:
    """A Markdown file with YAML front matter between two `---` lines."""
    text = _read(file)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(file, 1, Code.NO_FRONT_MATTER)
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        raise ContentError(file, 1, Code.NO_FRONT_MATTER)
    data, where = parse_yaml("".join(lines[1:end]), file, offset=1)
    body = "".join(lines[end + 1:])
    return Document(path=file, data=data, where=where, body=body, body_line=end + 2)


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(file, 1, Code.NOT_UTF8, problem=str(exc)) from None


def leaves(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(path, value) for every value inside nested dicts, lists and tuples (the checks'
    strings, the references' ids and models)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from leaves(item, path + (i,))
    else:
        yield path, value
