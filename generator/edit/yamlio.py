"""Round-trip YAML: merge an edited value into a file and change nothing else.

ruamel.yaml keeps comments, quotes and key order, but it re-flows what the editors
wrapped by hand (long `sources: [...]` lists). So a save is a three-way merge of
lines: the file as it is (its formatting), ruamel's dump of the unchanged data (the
base) and ruamel's dump of the changed data (the edit). Lines the edit did not touch
come from the file itself, byte for byte; a one-field change is a one-line diff.
"""
from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass

import yaml as _pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, LiteralScalarString,
                                      ScalarString)

DEFAULTS = ("__defaults__",)  # see formdata.DEFAULTS
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never wrap: the merge keeps the editors' own line breaks
    y.indent(mapping=2, sequence=4, offset=2)  # the project's "  - id: x" style
    # `~` is how the content writes an empty value (a comparison cell)
    y.representer.add_representer(
        type(None), lambda rep, _data: rep.represent_scalar("tag:yaml.org,2002:null", "~"))
    return y


@dataclass
class Source:
    """A file split into what ruamel reads (YAML or front matter) and the rest."""

    head: str  # "---\n" before front matter, or ""
    yaml_text: str
    tail: str  # "---\n" + Markdown body after front matter, or ""

    @property
    def offset(self) -> int:
        return 1 if self.head else 0

    def join(self, yaml_text: str) -> str:
        return self.head + yaml_text + self.tail


def split(text: str, markdown: bool) -> Source:
    if not markdown:
        return Source("", text, "")
    lines = text.splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return Source(lines[0], "".join(lines[1:end]), "".join(lines[end:]))


def body_of(source: Source) -> str:
    """The Markdown body (after the closing ---)."""
    return source.tail.split("\n", 1)[1] if "\n" in source.tail else ""


def load(text: str):
    return _yaml().load(text) if text.strip() else CommentedMap()


def dump(data) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


# --- merging a plain value into the round-trip data --------------------------

def _needs_quotes(text: str) -> bool:
    """Would PyYAML (YAML 1.1: yes, no, off, dates, numbers) read this as something else?"""
    if text == "" or text != text.strip() or "\n" in text:
        return True
    tag = _pyyaml.resolver.Resolver().resolve(_pyyaml.ScalarNode, text, (True, False))
    return tag != "tag:yaml.org,2002:str"


def fresh(value, origins: dict | None = None, path: tuple = ()):
    """A new value in the project's style: ids plain, other texts in double quotes,
    several lines as a | block, lists of ids on one line, dates as dates, and no key
    that only repeats the model's default."""
    skip = (origins or {}).get(DEFAULTS, ())
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            if path + (k,) not in skip:
                out[k] = fresh(v, origins, path + (k,))
        return out
    if isinstance(value, list):
        seq = CommentedSeq(fresh(v, origins, path + (i,)) for i, v in enumerate(value))
        if all(isinstance(v, str) and ID.match(v) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if _is_date(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return DoubleQuotedScalarString(value)
        if "\n" in value:
            return LiteralScalarString(value if value.endswith("\n") else value + "\n")
        return value if ID.match(value) and not _needs_quotes(value) else DoubleQuotedScalarString(value)
    return value


def _same(old, new) -> bool:
    if isinstance(old, (dt.date, dt.datetime)):
        return str(old) == str(new)
    if isinstance(old, str) and isinstance(new, str):
        return old == new or old.rstrip("\n") == new.rstrip("\n")
    return type(old) is type(new) and old == new if not isinstance(old, bool) else old is new


def _scalar(old, new):
    """`new` written the way `old` was (same quotes, block style, trailing newline)."""
    if new is None or isinstance(new, (bool, int, float)):
        return new
    if isinstance(old, (dt.date, dt.datetime)) or (isinstance(new, str) and _is_date(new) and not isinstance(old, str)):
        try:
            return dt.date.fromisoformat(new)
        except ValueError:
            return DoubleQuotedScalarString(new)
    if isinstance(old, LiteralScalarString) or (isinstance(old, ScalarString) and "\n" in new):
        if "\n" in new and not isinstance(old, LiteralScalarString):
            return LiteralScalarString(new if new.endswith("\n") else new + "\n")
        if isinstance(old, str) and old.endswith("\n") and not new.endswith("\n"):
            new += "\n"
        return type(old)(new)
    if isinstance(old, ScalarString):
        return type(old)(new)
    if isinstance(old, str):
        return fresh(new) if ("\n" in new or _needs_quotes(new)) else new
    return fresh(new)


def _is_date(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


def merge(old, new, origins: dict, path: tuple = (), order: list[str] | None = None):
    """Return `old` changed to equal `new`, touching only what differs.

    origins: for lists of objects, path -> the index each item had when the page was
    opened (None for a new item), so a moved item keeps its comments and quotes.
    origins[DEFAULTS]: paths whose value is the model's default: such a key, absent
    before, is not written. order: the model's key order, where a new key goes.
    """
    if isinstance(new, dict) and isinstance(old, CommentedMap):
        return _merge_map(old, new, origins, path, order)
    if isinstance(new, list) and isinstance(old, CommentedSeq):
        return _merge_list(old, new, origins, path)
    if isinstance(new, (dict, list)):
        return fresh(new, origins, path)
    return _scalar(old, new)


def _merge_map(old: CommentedMap, new: dict, origins: dict, path: tuple, order: list[str] | None):
    """Keys gone are deleted, changed ones merged, new ones inserted where the model's
    order puts them (unless still at the model's default)."""
    for key in [k for k in old if k not in new]:
        del old[key]
    for key, value in new.items():
        if key in old:
            if not _same(old[key], value):
                old[key] = merge(old[key], value, origins, path + (key,))
            continue
        if path + (key,) in origins.get(DEFAULTS, ()):
            continue  # absent and still at the model's default
        position = _position(old, key, order)
        old.insert(position, key, fresh(value, origins, path + (key,)))
    return old


def _merge_list(old: CommentedSeq, new: list, origins: dict, path: tuple):
    """A list of scalars is rewritten when it changed (keeping each item's quotes); a list
    of objects follows `origins`: each item merged with the one it came from, with its
    comment, and new items written fresh."""
    from_ = origins.get(path)
    if from_ is None:
        if [str(v) for v in old] != [str(v) for v in new]:
            comments = old.ca.items
            old[:] = [_scalar(old[i] if i < len(old) else None, v) if not isinstance(v, (dict, list))
                      else fresh(v) for i, v in enumerate(new)]
            for i in [i for i in comments if i >= len(new)]:
                del comments[i]
        return old
    if list(from_) == list(range(len(old))) and len(new) == len(old):
        for i, value in enumerate(new):
            if not _same(old[i], value):
                old[i] = merge(old[i], value, origins, path + (i,))
        return old
    items, comments = [], {}
    for i, (origin, value) in enumerate(zip(from_, new)):
        if origin is not None and 0 <= origin < len(old):
            items.append(merge(old[origin], value, origins, path + (i,)))
            if origin in old.ca.items:
                comments[i] = old.ca.items[origin]
        else:
            items.append(fresh(value, origins, path + (i,)))
    old[:] = items
    old.ca.items.clear()
    old.ca.items.update(comments)
    return old


def _position(data: CommentedMap, key: str, order: list[str] | None) -> int:
    """Where a new key goes: after the keys that come before it in the model."""
    if not order or key not in order:
        return len(data)
    before = order[:order.index(key)]
    keys = list(data)
    positions = [keys.index(k) + 1 for k in before if k in keys]
    return max(positions, default=0)


# --- keeping the file's own formatting ---------------------------------------

def _merge3(original: list[str], base: list[str], edited: list[str]) -> list[str]:
    """Lines of `edited`, except where only the formatting differs between `base` and
    `original`: there the original lines are kept. Where both differ, the edit wins."""
    def matches(a, b):
        m = difflib.SequenceMatcher(None, a, b, autojunk=False)
        return m.get_matching_blocks()

    # map base line -> original line / edited line, where they are equal
    to_orig = {b_i + k: o_i + k for b_i, o_i, n in matches(base, original) for k in range(n)}
    to_edit = {b_i + k: e_i + k for b_i, e_i, n in matches(base, edited) for k in range(n)}
    sync = [b for b in range(len(base)) if b in to_orig and b in to_edit]
    out: list[str] = []
    b_prev, o_prev, e_prev = -1, -1, -1
    for b in sync + [len(base)]:
        o = to_orig.get(b, len(original)) if b < len(base) else len(original)
        e = to_edit.get(b, len(edited)) if b < len(base) else len(edited)
        if o <= o_prev or e <= e_prev:
            continue  # crossing matches: skip this sync point
        base_chunk = base[b_prev + 1:b]
        orig_chunk = original[o_prev + 1:o]
        edit_chunk = edited[e_prev + 1:e]
        out += orig_chunk if edit_chunk == base_chunk else edit_chunk
        if b < len(base):
            out.append(original[o])
        b_prev, o_prev, e_prev = b, o, e
    return out


def write_back(original_text: str, base_data_text: str, edited_data_text: str) -> str:
    """The new file text: `original_text` with the change between the two dumps."""
    if base_data_text == edited_data_text:
        return original_text
    lines = _merge3(original_text.splitlines(keepends=True), base_data_text.splitlines(keepends=True),
                    edited_data_text.splitlines(keepends=True))
    return "".join(lines)
