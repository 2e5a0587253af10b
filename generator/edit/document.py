"""One editable file: open it as a form, save a submitted form back into it.

A save goes: form -> plain data (formdata.collect) -> merged into the round-trip data
(yamlio.merge) -> new text with every untouched line as it was (yamlio.write_back) ->
checked with the build's own models and cross-file checks (adapter.check_change) ->
written only when there is no error. When the file changed since the form was opened,
the change is merged into it line by line (merge.py) or both versions are shown.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import adapter, formdata, merge, yamlio


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Conflict:
    """Someone else saved the file since it was opened, on the same lines."""

    theirs: str  # the file as it is now
    yours: str  # the submitted form applied to the opened text (to theirs when that is not known)
    base: str | None  # the opened text, when the editor still has it
    seen: str  # digest of theirs: saving again with it keeps yours on the lines you both changed


@dataclass
class Outcome:
    saved: bool
    unchanged: bool = False
    data: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    field_errors: dict[str, str] = field(default_factory=dict)  # field name -> message
    other_errors: list[str] = field(default_factory=list)  # not tied to a field of this file
    new_text: str = ""
    merged: bool = False  # someone else's change since the form was opened is in new_text too
    conflict: Conflict | None = None
    failed: bool = False  # the file could not be written (a full disk ...)


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

    def save(self, form: dict[str, str], opened: str, words: dict, opened_text: str | None = None,
             seen: str = "") -> Outcome:
        """Save the submitted form. `opened` is the digest of the text the form was opened
        from (`opened_text`, when the editor still has it); `seen` the digest of someone
        else's version that a conflict page showed. One save at a time (a lock file), and
        the file is compared again just before the rename: a write during the save is
        merged in on the next round, never overwritten."""
        try:
            with _save_lock(self.root):
                return self._save(form, opened, words, opened_text, seen)
        except OSError as err:  # the lock or the file itself could not be read or made
            data, origins = self.form.collect(form)
            return Outcome(saved=False, data=data, origins=origins, other_errors=[_write_failed(err, words)],
                           failed=True)

    def _save(self, form: dict[str, str], opened: str, words: dict, opened_text: str | None,
              seen: str) -> Outcome:
        for _round in range(3):
            text = self.read()
            outcome = self._attempt(text, form, opened, opened_text, seen, words)
            if outcome.unchanged or outcome.conflict or outcome.other_errors or outcome.field_errors:
                return outcome
            try:
                written = _write_atomic(self.path, outcome.new_text, expected=text)
            except OSError as err:
                outcome.other_errors.append(_write_failed(err, words))
                outcome.failed = True
                return outcome
            if written:
                outcome.saved = True
                return outcome
            if digest(text) == opened:  # changed during the save: merge from the opened text
                opened_text = text
        theirs = self.read()  # written to again and again during the save: show both
        outcome.conflict = Conflict(theirs=theirs, yours=outcome.new_text, base=opened_text,
                                    seen=digest(theirs))
        outcome.other_errors.append(words["changed_on_disk"])
        return outcome

    def _attempt(self, text: str, form: dict[str, str], opened: str, opened_text: str | None,
                 seen: str, words: dict) -> Outcome:
        """The new text and its check; not written (saved stays False when it may be)."""
        if digest(text) == opened:
            new_text, data, origins = self.apply(text, form)
            outcome = Outcome(saved=False, data=data, origins=origins, new_text=new_text)
        else:
            base = opened_text if opened_text is not None and digest(opened_text) == opened else None
            yours, data, origins = self.apply(base if base is not None else text, form)
            outcome = Outcome(saved=False, data=data, origins=origins, new_text=yours)
            resolved = seen == digest(text)  # the user has seen this version and saves again
            if base is not None:
                result = merge.merge3(base, yours, text, prefer_yours=resolved)
                clean = result.conflicts == 0
                outcome.new_text = result.text
            else:
                clean = False
            if not clean and not resolved:
                outcome.conflict = Conflict(theirs=text, yours=yours, base=base, seen=digest(text))
                outcome.other_errors.append(words["changed_on_disk"])
                return outcome
            outcome.merged = True
        if outcome.new_text == text:
            outcome.unchanged = True
            return outcome
        try:
            own, caused = adapter.check_change(self.root, self.rel, outcome.new_text)
        except OSError as err:  # a full disk while the change is checked in a copy
            outcome.other_errors.append(_write_failed(err, words))
            outcome.failed = True
            return outcome
        if own or caused:
            names = {w.name for w in self.form.widgets(data, origins).walk() if w.name}
            self._place(own, outcome.new_text, names, outcome)
            outcome.other_errors += [words["other_file"].format(file=p.file, line=p.line, message=p.message)
                                     for p in caused]
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


def _write_failed(err: OSError, words: dict) -> str:
    reason = words["disk_full"] if err.errno in (errno.ENOSPC, errno.EDQUOT) else (err.strerror or str(err))
    return words["write_failed"].format(error=reason)


@contextlib.contextmanager
def _save_lock(root: Path):
    """One save at a time in this project, across threads and editor processes."""
    with open(adapter.scratch(root) / "save.lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write_atomic(path: Path, text: str, expected: str) -> bool:
    """Write beside the file and rename over it, a reader never sees half a file; only
    when the file still holds `expected` just before the rename (False when not)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".edit-{os.getpid()}-", suffix=".tmp")  # not *.yml
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777)
        if path.read_text(encoding="utf-8") != expected:
            os.unlink(tmp)
            return False
        os.replace(tmp, path)
        return True
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
