"""The edit form, driven by the model's JSON Schema.

`widgets()` turns a model's JSON Schema and a file's data into a tree of widgets that
the templates draw; `collect()` turns the submitted form back into plain data with
the same schema. A field's name is its path in the file, joined with dots
(`sections.2.title`), so an error at a path lands next to its field.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

# Texts that are Markdown (a text area with a preview), by key.
MARKDOWN_KEYS = {"body", "intro", "summary", "text", "what", "definition", "status", "answer",
                 "answer_yes", "answer_no", "answer_incomplete", "next_steps", "together",
                 "local_models", "purpose", "pdf_purpose", "print_intro", "example", "server_logs"}
ORIGIN = "_from"  # hidden input: the index an item of a list had when the page was opened
DEFAULTS = ("__defaults__",)  # key in origins: paths whose value is the model's default


@dataclass
class Widget:
    kind: str  # text | textarea | checkbox | select | group | list | item
    name: str
    label: str
    hint: str | None = None
    value: Any = None
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    choices: str | None = None  # datalist of ids to pick from
    children: list["Widget"] = field(default_factory=list)
    template: "Widget | None" = None  # a list's new item
    item_label: str = ""
    origin: int | None = None
    markdown: bool = False
    error: str | None = None
    min_items: int = 0
    number: int = 0  # an item's place in its list, from 1
    scalar: bool = False  # an item that is one value (an id in a list of ids)

    @property
    def rows(self) -> int:
        return min(16, max(3, str(self.value or "").count("\n") + 2))

    @property
    def id(self) -> str:
        return "f-" + re.sub(r"[^a-z0-9-]", "-", self.name.replace(".", "-").lower()) if self.name else "f-root"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def labelled(self, trail: tuple = ()):
        """(widget, "Avsnitt 3, Rubrik"): each widget with the items it sits in."""
        here = trail + ((self.label,) if self.kind == "item" or (self.kind != "group" and self.label) else ())
        yield self, ", ".join(dict.fromkeys(here))
        for child in self.children:
            yield from child.labelled(trail + ((self.label,) if self.kind == "item" else ()))


class Words:
    """Labels for keys and list items from content/system/editor.yml."""

    def __init__(self, words: dict):
        self.fields = words.get("fields", {})
        self.items = words.get("items", {})
        self.ui = words.get("ui", {})

    def label(self, key: str, schema: dict) -> str:
        return str(self.fields.get(key) or schema.get("title") or key)

    def item(self, key: str) -> str:
        return str(self.items.get(key) or self.ui.get("item", "Rad"))


class Form:
    """One model's schema, with its $defs resolved."""

    def __init__(self, schema: dict, words: Words, refs, markdown_file: bool = False):
        self.root = schema
        self.defs = schema.get("$defs", {})
        self.words = words
        self.refs = refs  # key -> name of a datalist, or None
        self.markdown_file = markdown_file

    # --- schema helpers ---------------------------------------------------
    def resolve(self, s: dict) -> dict:
        while "$ref" in s:
            s = {**self.defs[s["$ref"].split("/")[-1]], **{k: v for k, v in s.items() if k != "$ref"}}
        return s

    def unwrap(self, s: dict) -> tuple[dict, bool]:
        """The schema without `| None`, and whether None is allowed."""
        s = self.resolve(s)
        if "anyOf" in s:
            rest = [x for x in s["anyOf"] if x.get("type") != "null"]
            if len(rest) == 1:
                merged = {**self.resolve(rest[0]), **{k: v for k, v in s.items() if k != "anyOf"}}
                return merged, len(rest) != len(s["anyOf"])
        return s, False

    def variant(self, s: dict, data) -> dict:
        """The member of a discriminated union that `data` is (by its `type`)."""
        mapping = s["discriminator"]["mapping"]
        tag = data.get(s["discriminator"]["propertyName"]) if isinstance(data, dict) else None
        ref = mapping.get(tag) or s["oneOf"][0]["$ref"]
        return self.resolve({"$ref": ref})

    @staticmethod
    def kind(s: dict) -> str:
        if "discriminator" in s:
            return "union"
        if s.get("type") == "array":
            return "list"
        if s.get("type") == "object" and "properties" in s:
            return "object"
        if s.get("type") == "object":
            return "dict"
        if "enum" in s or "const" in s:
            return "enum"
        return s.get("type", "string")

    # --- data -> widgets ----------------------------------------------------
    def widgets(self, data, origins: dict | None = None, errors: dict | None = None) -> Widget:
        root = self.object(self.root, data or {}, (), origins or {}, set())
        if self.markdown_file:
            value = (data or {}).get("_body", "")
            root.children.append(Widget("textarea", "_body", self.words.ui.get("body", "Sidans text"),
                                        self.words.ui.get("body_hint"), value, markdown=True))
        for w in root.walk():
            if errors and w.name in errors:
                w.error = errors[w.name]
        return root

    def object(self, s: dict, data: dict, path: tuple, origins, stack: set) -> Widget:
        s = self.resolve(s)
        required = set(s.get("required", []))
        children = []
        for key, prop in s.get("properties", {}).items():
            children.append(self.field(key, prop, data.get(key) if isinstance(data, dict) else None,
                                       path + (key,), key in required, origins, stack))
        return Widget("group", _name(path), "", children=children)

    def field(self, key: str, prop: dict, value, path: tuple, required: bool, origins, stack: set) -> Widget:
        s, _nullable = self.unwrap(prop)
        label = self.words.label(key, prop)
        hint = prop.get("description") or s.get("description")
        name = _name(path)
        kind = self.kind(s)
        tags = None
        if kind == "union":
            tags = (s["discriminator"]["propertyName"], list(s["discriminator"]["mapping"]))
            s = self.variant(s, value or {})
            kind = "object"
        if kind == "object":
            ref = prop.get("$ref") or next((x.get("$ref") for x in prop.get("anyOf", []) if "$ref" in x), None)
            group = self.object(s, value if isinstance(value, dict) else {}, path, origins, stack | {ref})
            group.label, group.hint = label, hint
            if tags:  # the type select offers every member of the union
                for child in group.children:
                    if child.name == _name(path + (tags[0],)):
                        child.kind, child.options = "select", [(t, t) for t in tags[1]]
            return group
        if kind == "dict":
            inner = _dict_values(s)
            keys = list(value) if isinstance(value, dict) else list(s.get("propertyNames", {}).get("enum", []))
            children = [self.field(str(k), inner, (value or {}).get(k), path + (str(k),), True, origins, stack)
                        for k in keys]
            for child, k in zip(children, keys):
                child.label = str(k)
            return Widget("group", name, label, hint, children=children)
        if kind == "list":
            return self.list(key, s, value if isinstance(value, list) else [], path, label, hint, origins, stack)
        return self.scalar(key, s, value, name, label, hint, required)

    def list(self, key, s, items: list, path, label, hint, origins, stack) -> Widget:
        item_schema = s.get("items", {"type": "string"})
        item_label = self.words.item(key)
        ref = item_schema.get("$ref")
        from_ = origins.get(path) or list(range(len(items)))
        children = [self.item(key, item_schema, v, path + (i,), item_label, from_[i] if i < len(from_) else None,
                              origins, stack) for i, v in enumerate(items)]
        template = None
        if ref is None or ref not in stack:  # a model inside itself (menus): no endless template
            template = self.item(key, item_schema, _empty(self, item_schema), path + (0,), item_label, None,
                                 {}, stack | {ref})
        return Widget("list", _name(path), label, hint, children=children, template=template,
                      item_label=item_label, min_items=s.get("minItems", 0))

    def item(self, key, item_schema, value, path, item_label, origin, origins, stack) -> Widget:
        s, _ = self.unwrap(item_schema)
        number = path[-1] + 1
        if self.kind(s) in ("object", "union"):
            inner = self.field(key, item_schema, value, path, True, origins, stack)
            inner.kind, inner.label, inner.hint = "item", f"{item_label} {number}", None
            inner.origin, inner.item_label, inner.number = origin, item_label, number
            return inner
        child = self.scalar(key, s, value, _name(path), f"{item_label} {number}", None, True)
        return Widget("item", _name(path), f"{item_label} {number}", children=[child], origin=None,
                      item_label=item_label, number=number, scalar=True)

    def scalar(self, key, s, value, name, label, hint, required) -> Widget:
        kind = self.kind(s)
        text = "" if value is None else (value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value)
        if kind == "boolean":
            return Widget("checkbox", name, label, hint, bool(value))
        if kind == "enum":
            options = [(str(o), str(o)) for o in s.get("enum", [s.get("const")])]
            if not required or value is None:
                options = [("", self.words.ui.get("none", "(inget)"))] + options
            return Widget("select", name, label, hint, str(text), required, options)
        if s.get("format") == "date":
            hint = hint or self.words.ui.get("date_hint")
        text = str(text)
        markdown = key in MARKDOWN_KEYS or "\n" in text
        return Widget("textarea" if markdown else "text", name, label, hint, text, required,
                      choices=self.refs(key), markdown=markdown)

    # --- form -> data ---------------------------------------------------------
    def collect(self, form: dict[str, str]) -> tuple[dict, dict]:
        """(data, origins) from the submitted fields; see yamlio.merge for origins."""
        origins: dict = {}
        data = self._object(self.root, form, (), origins)
        if self.markdown_file:
            data["_body"] = form.get("_body", "").replace("\r\n", "\n")
        return data, origins

    def _object(self, s, form, path, origins) -> dict:
        s = self.resolve(s)
        out = {}
        for key, prop in s.get("properties", {}).items():
            value = self._value(prop, form, path + (key,), origins)
            if value is _ABSENT:
                continue
            out[key] = value
            if "default" in prop and value == prop["default"]:
                origins.setdefault(DEFAULTS, set()).add(path + (key,))
        return out

    def _value(self, prop, form, path, origins):
        s, nullable = self.unwrap(prop)
        name = _name(path)
        kind = self.kind(s)
        if kind == "union":
            tag = form.get(name + "." + s["discriminator"]["propertyName"])
            kind, s = "object", self.variant(s, {s["discriminator"]["propertyName"]: tag})
        if kind == "object":
            if not _under(form, name):
                return None if nullable else _ABSENT
            value = self._object(s, form, path, origins)
            if nullable and all(v in ("", None, [], {}) for v in value.values()):
                return None
            return value
        if kind == "dict":
            keys = list(dict.fromkeys(k[len(name) + 1:].split(".")[0] for k in form if k.startswith(name + ".")))
            inner = _dict_values(s)
            values = {k: self._value(inner, form, path + (k,), origins) for k in keys}
            return {k: v for k, v in values.items() if v is not _ABSENT}
        if kind == "list":
            return self._list_value(s, form, path, origins)
        return self._scalar_value(kind, prop, form.get(name), nullable)

    def _list_value(self, s, form, path, origins) -> list:
        """A list's rows in the order of their indices; an empty row of a list of ids is
        dropped; for a list of objects, origins[path] says which row each came from."""
        name = _name(path)
        indices = sorted({int(k[len(name) + 1:].split(".")[0]) for k in form
                          if k.startswith(name + ".") and k[len(name) + 1:].split(".")[0].isdigit()})
        item = s.get("items", {"type": "string"})
        objects = self.kind(self.unwrap(item)[0]) in ("object", "union")
        values, from_ = [], []
        for i in indices:
            value = self._value(item, form, path + (i,), origins)
            if value is _ABSENT or value in ("", None) and not objects:
                continue
            values.append(value)
            raw = form.get(f"{name}.{i}.{ORIGIN}", "")
            from_.append(int(raw) if raw.isdigit() else None)
        if objects:
            origins[path] = from_
        return values

    @staticmethod
    def _scalar_value(kind, prop, raw, nullable):
        """A checkbox is true when sent; an empty field is None or the default; numbers
        are numbers when they read as such (else the text, for the model to refuse)."""
        if kind == "boolean":
            return raw is not None
        if raw is None:
            return _ABSENT
        raw = raw.replace("\r\n", "\n")
        if raw.strip() == "" and (nullable or "default" in prop):
            return None if nullable else _ABSENT
        if kind in ("integer", "number"):
            try:
                return int(raw) if kind == "integer" or re.fullmatch(r"-?\d+", raw.strip()) else float(raw)
            except ValueError:
                return raw
        return raw

    def order(self) -> list[str]:
        return list(self.resolve(self.root).get("properties", {}))


class _Absent:
    def __repr__(self):
        return "ABSENT"


_ABSENT = _Absent()


def _dict_values(s: dict) -> dict:
    """The schema of a dict's values (dict[str, X] or dict[Id, X])."""
    if isinstance(s.get("additionalProperties"), dict):
        return s["additionalProperties"]
    return next(iter(s.get("patternProperties", {}).values()), {"type": "string"})


def _name(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def _under(form: dict, name: str) -> bool:
    return any(k.startswith(name + ".") for k in form)


def _empty(form: Form, s: dict):
    s, _ = form.unwrap(s)
    kind = form.kind(s)
    if kind == "union":
        key = s["discriminator"]["propertyName"]
        tag = form.variant(s, {})["properties"][key]
        return {key: tag.get("const") or (tag.get("enum") or [""])[0]}
    return {} if kind == "object" else ""


def flatten(data, path: tuple = ()) -> dict[str, str]:
    """What a browser would submit for `data` unchanged (for tests and round trips)."""
    out: dict[str, str] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(flatten(v, path + (str(k),)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            if isinstance(v, dict):
                out[_name(path + (i, ORIGIN))] = str(i)
            out.update(flatten(v, path + (i,)))
    elif isinstance(data, bool):
        if data:
            out[_name(path)] = "true"
    elif data is None:
        out[_name(path)] = ""
    elif isinstance(data, (dt.date, dt.datetime)):
        out[_name(path)] = data.isoformat()
    else:
        out[_name(path)] = str(data)
    return out
