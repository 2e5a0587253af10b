"""One editable file: open it as a form, save a submitted form back into it.

A save goes: form -> plain data (formdata.collect) -> merged into the round-trip data
(yamlio.merge) -> new text with every untouched line as it was (yamlio.write_back) ->
checked with the build's own models and cross-file checks (adapter.check_change) ->
written only when there is no error.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import adapter, formdata, yamlio


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Outcome:
    saved: bool
    unchanged: bool = False
    data: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    field_errors: dict[str, str] = field(default_factory=dict)  # field name -> message
    other_errors: list[str] = field(default_factory=list)  # not tied to a field of this file
    new_text: str = ""


class EditFile:
    def __init__(self, root: Path, rel: str, words: formdata.Words, choices):
        self.root, self.rel = root, rel
        self.path = root / rel
        self.markdown = rel.endswith(".md")
        model = adapter.model_for(rel)
        self.form = formdata.Form(model.model_json_schema(), words,
                                  lambda key: adapter.ref_kind(key, rel) and choices(adapter.ref_kind(key, rel)),
                                  markdown_file=self.markdown)

    def read(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def data(self, text: str | None = None) -> dict:
        """The file as plain data for the form (Markdown body as `_body`)."""
        source = yamlio.split(text if text is not None else self.read(), self.markdown)
        data = dict(yamlio.load(source.yaml_text) or {})
        if self.markdown:
            data["_body"] = yamlio.body_of(source)
        return data

    def apply(self, text: str, form: dict[str, str]) -> tuple[str, dict, dict]:
        """(new text, submitted data, origins): the submitted form merged into `text`."""
        source = yamlio.split(text, self.markdown)
        current = yamlio.load(source.yaml_text)
        base = yamlio.dump(current)
        data, origins = self.form.collect(form)
        plain = dict(data)
        body = plain.pop("_body", None)
        merged = yamlio.merge(current, plain, origins, (), self.form.order())
        new_yaml = yamlio.write_back(source.yaml_text, base, yamlio.dump(merged))
        tail = source.tail
        if self.markdown and body is not None and body != yamlio.body_of(source):
            tail = tail.split("\n", 1)[0] + "\n" + body
        return source.head + new_yaml + tail, data, origins

    def save(self, form: dict[str, str], opened: str, words: dict) -> Outcome:
        text = self.read()
        new_text, data, origins = self.apply(text, form)
        outcome = Outcome(saved=False, data=data, origins=origins, new_text=new_text)
        if digest(text) != opened:
            outcome.other_errors.append(words["changed_on_disk"])
            return outcome
        if new_text == text:
            outcome.unchanged = True
            return outcome
        own, caused = adapter.check_change(self.root, self.rel, new_text)
        if own or caused:
            names = {w.name for w in self.form.widgets(data, origins).walk() if w.name}
            self._place(own, new_text, names, outcome)
            outcome.other_errors += [words["other_file"].format(file=p.file, line=p.line, message=p.message)
                                     for p in caused]
            return outcome
        _write_atomic(self.path, new_text)
        outcome.saved = True
        return outcome

    def _place(self, problems, new_text: str, names: set[str], outcome: Outcome) -> None:
        """Put each error next to the field it is about (by the line it names)."""
        source = yamlio.split(new_text, self.markdown)
        where = adapter.locations(source.yaml_text, self.rel, source.offset)
        front_end = source.offset + source.yaml_text.count("\n") + 1
        by_line = sorted(((line + where.offset, path) for path, line in where.lines.items() if path),
                         key=lambda lp: (lp[0], len(lp[1])))
        for p in problems:
            name = None
            if self.markdown and p.line > front_end:
                name = "_body"
            else:
                at = [path for line, path in by_line if line == p.line]
                if p.key:
                    keyed = [path for path in at if path[-1] == p.key] or \
                            [path + (p.key,) for path in at if _join(path + (p.key,)) in names]
                    at = keyed or at
                if not at:
                    before = [lp for lp in by_line if lp[0] <= p.line]
                    at = [before[-1][1]] if before else []
                if at:
                    path = max(at, key=len)
                    while path and _join(path) not in names:
                        path = path[:-1]
                    name = _join(path) if path else None
            if name:
                previous = outcome.field_errors.get(name)
                outcome.field_errors[name] = f"{previous} {p.message}" if previous else p.message
            else:
                outcome.other_errors.append(f"{p.line}: {p.message}")


def _join(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def _write_atomic(path: Path, text: str) -> None:
    """Write beside the file and rename over it: a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".edit-", suffix=".tmp")  # not *.yml: no glob picks it up
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
