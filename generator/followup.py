"""`python -m generator followup summarize ANSWERS...`: summarise questionnaire answers.

Each unit saves its answers on the questionnaire page with "Spara utkast": a JSON
file {form, version, values}. This reads such files (or folders of them), checks
each one, and writes
  * a results page for the site: content/followup/<name>.yml, rendered with the
    same template as the Örebro 2012 data set (charts, tables, free text);
  * a CSV with counts and shares per question and option, split by principal.
A file that cannot be used is reported by name with the reason and skipped.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path

import yaml

from . import forms_schema
from .errors import catalogue
from .load import load_yaml

FORM_ID = "uppfoljningsenkat"
PRINCIPAL = "huvudman"
# The longest answer to one question that is published. The questionnaire asks for a
# name, a number or a few sentences; 2,000 characters is about a page of text, ten times
# the longest answer in the Örebro 2012 data set. A longer value is no typed answer (a
# pasted document, or a file made to fill the page: 20 MB was published whole), so the
# file is skipped with its reason, never cut silently.
MAX_ANSWER = 2_000
# a saved answer is a few kilobytes; a bigger file is not read at all
MAX_FILE = 1_000_000
# what no typed answer holds: a lone surrogate (no character at all: the page could not be
# written as UTF-8 and every later build stops with E001) and control characters (NUL,
# BEL, ESC ...: they reach the HTML and a terminal); tab and line breaks are text
BAD_CHARACTER = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _form(root: Path) -> forms_schema.Form:
    doc = load_yaml(root / "forms" / f"{FORM_ID}.yml")
    return forms_schema.Form.model_validate(doc.data)


def _fields(form):
    for section in form.sections:
        for f in section.fields:
            if f.type != "repeat":
                yield f


def read_answers(paths: list[Path], form) -> tuple[list[dict], list[tuple[str, str]]]:
    """(valid answer values, [(file, reason)] for every file that was skipped)."""
    labels = catalogue()["labels"]
    fields = {f.id: f for f in _fields(form)}
    principal = fields[PRINCIPAL]
    files: list[Path] = []
    for p in paths:
        files += sorted(p.glob("*.json")) if p.is_dir() else [p]
    answers, skipped = [], []
    for path in files:
        try:  # utf-8-sig: a file saved with a byte order mark is read as well
            if path.stat().st_size > MAX_FILE:
                skipped.append((str(path), labels["followup_too_big"].format(max=MAX_FILE // 1000)))
                continue
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            skipped.append((str(path), labels["followup_bad_json"]))
            continue
        except (ValueError, RecursionError, MemoryError):  # a 5,000-digit number, JSON 100,000 deep
            skipped.append((str(path), labels["followup_bad_number"]))
            continue
        try:
            reason = _problem(data, fields, principal, labels)
        except Exception:  # noqa: BLE001 - whatever a file holds, it is skipped, the run goes on
            reason = labels["followup_bad_shape"]
        if reason:
            skipped.append((str(path), reason))
            continue
        answers.append(data["values"])
    return answers, skipped


def _problem(data, fields, principal, labels) -> str | None:
    """Why an answer file cannot be used, or None."""
    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        return labels["followup_bad_shape"]
    if data.get("form") != FORM_ID:
        return labels["followup_foreign"].format(form=ascii(str(data.get("form"))[:100]))
    values = data["values"]
    if not isinstance(values.get(PRINCIPAL), str) or values.get(PRINCIPAL) not in principal.options:
        return labels["followup_no_principal"].format(options=", ".join(principal.options))
    bad = [k for k, v in values.items() if k in fields and not _type_ok(fields[k], v)]
    if bad:
        return labels["followup_bad_values"].format(fields=", ".join(bad))
    strange = [k for k, v in values.items() if k in fields and any(BAD_CHARACTER.search(t) for t in _texts(v))]
    if strange:
        return labels["followup_bad_characters"].format(fields=", ".join(strange))
    long = [k for k, v in values.items() if k in fields and any(len(t) > MAX_ANSWER for t in _texts(v))]
    if long:
        return labels["followup_too_long"].format(fields=", ".join(long), max=MAX_ANSWER)
    return None


def _texts(value) -> list[str]:
    """The strings of one answer (a text, or the options of a checkbox list)."""
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] \
        if isinstance(value, list) else []


def _type_ok(field, value) -> bool:
    if field.type == "checkboxes":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if field.type == "checkbox":
        return isinstance(value, bool)
    return isinstance(value, str)


def summarize(answers: list[dict], form) -> tuple[dict, list[list]]:
    """The results page (as a FollowupReport dict) and the CSV rows."""
    labels = catalogue()["labels"]
    principals = next(f for f in _fields(form) if f.id == PRINCIPAL).options
    by_principal = {p: [a for a in answers if a.get(PRINCIPAL) == p] for p in principals}
    charts, rows, free = [], [[labels["followup_csv_header"].split(";")[i] for i in range(6)]], {}
    for f in _fields(form):
        if f.id == PRINCIPAL or f.type in ("select", "radio", "checkboxes"):
            options = f.options
            series = []
            for p in principals:
                group = by_principal[p]
                counts = [sum(1 for a in group if _chose(a.get(f.id), o)) for o in options]
                series.append({"name": p, "values": counts, "total": len(group)})
                for o, n in zip(options, counts):
                    share = round(100 * n / len(group), 1) if group else 0.0
                    rows.append([f.label, o, p, n, len(group), share])
            total = sum(sum(s["values"]) for s in series)
            charts.append({
                "id": f.id, "title": f.label, "unit": "antal", "categories": list(options), "series": series,
                # every chart counts answering units: one scale, so bars compare across charts
                "scale": "svarande",
                "summary": labels["followup_chart_summary"].format(
                    n=len(answers), total=total,
                    top=max(options, key=lambda o: sum(_chose(a.get(f.id), o) for a in answers))),
            })
        elif f.type in ("text", "textarea"):
            texts = [a[f.id].strip() for a in answers if isinstance(a.get(f.id), str) and a[f.id].strip()]
            if texts:
                free[f.label] = texts
    today = dt.date.today()
    page = {
        "title": labels["followup_title"].format(date=today.isoformat()),
        "description": labels["followup_description"].format(n=len(answers)),
        "sources": [],
        "reviewed": today.isoformat(),
        "review_due": today.replace(year=today.year + 1).isoformat(),
        "intro": labels["followup_intro"].format(
            n=len(answers), split=", ".join(f"{p}: {len(g)}" for p, g in by_principal.items())),
        "charts": charts,
        "free_text_title": labels["followup_free_text"],
        "free_text": free,
    }
    return page, rows


def _chose(value, option: str) -> bool:
    return value == option or (isinstance(value, list) and option in value)


NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def target(root: Path, args) -> Path | None:
    """Where the page goes: content/followup/<name>.yml for a plain id (or --out). Never a
    file the tool did not make, unless --force; never outside content/ by --name."""
    labels = catalogue()["labels"]
    if args.out is None:
        if not NAME.fullmatch(args.name or ""):
            print(labels["followup_bad_name"].format(name=args.name), file=sys.stderr)
            return None
        folder = (root / "content" / "followup").resolve()
        out = (folder / f"{args.name}.yml")
        if out.resolve().parent != folder:
            print(labels["followup_outside"].format(file=out), file=sys.stderr)
            return None
    else:
        out = Path(args.out)
    taken = _page_taken(root, out)
    if taken is not None:
        print(labels["followup_page_taken"].format(page=f"uppfoljning/{out.stem}", file=taken), file=sys.stderr)
        return None
    csv_path = Path(args.csv or out.with_suffix(".csv"))
    for path in (out, csv_path):
        if (path.exists() or path.is_symlink()) and not getattr(args, "force", False) and not _ours(path):
            print(labels["followup_not_ours"].format(file=path), file=sys.stderr)
            return None
    return out


def _page_taken(root: Path, out: Path) -> Path | None:
    """The file that already makes the page uppfoljning/<name> (another page than the one
    written here: --name index would clash with the curated uppfoljning/index), or None."""
    folder = (root / "content" / "followup").resolve()
    if out.resolve().parent != folder:
        return None  # --out elsewhere: not a page of the site
    from .content import load_content
    entry = load_content(root / "content").pages.get(f"uppfoljning/{out.stem}")
    if entry is None or entry.doc.path.resolve() == out.resolve():
        return None
    return entry.doc.path


def _ours(path: Path) -> bool:
    """A file this tool wrote: its page starts with the tool's first line; its CSV lies
    beside such a page."""
    labels = catalogue()["labels"]
    if path.is_symlink() or not path.is_file():
        return False
    if path.suffix == ".csv":
        page = path.with_suffix(".yml")
        return page.is_file() and _ours(page)
    with path.open(encoding="utf-8", errors="replace") as fh:
        return fh.readline().rstrip("\n") == labels["followup_generated"]


def main(root: Path, args) -> int:
    labels = catalogue()["labels"]
    form = _form(root)
    answers, skipped = read_answers([Path(p) for p in args.answers], form)
    for name, reason in skipped:  # ascii(): a file name's escape sequences never reach the terminal
        print(labels["followup_skipped"].format(file=ascii(name), reason=reason), file=sys.stderr)
    if not answers:
        print(labels["followup_none"], file=sys.stderr)
        return 1
    out = target(root, args)
    if out is None:
        return 1
    page, rows = summarize(answers, form)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(labels["followup_generated"] + "\n" + yaml.safe_dump(page, allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    csv_path = Path(args.csv or out.with_suffix(".csv"))
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    print(labels["followup_done"].format(n=len(answers), skipped=len(skipped), page=out, csv=csv_path))
    return 0
