"""A build with nothing to do does nothing.

After a good build, a stamp records a fingerprint of everything the build reads
(content/, forms/, site_overrides/, mkdocs.yml, the generator itself, the versions
of the libraries that shape the output, the build options) and of the site it
wrote (every file's path, size and time). The next build compares both: if no
input changed and nobody touched the site, the site is already what a build would
write, and the build stops there. `--force` builds anyway.
"""
from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

INPUTS = ("content", "forms", "site_overrides", "mkdocs.yml")
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pyyaml", "pydantic",
            "weasyprint", "tinyhtml5")
GENERATOR = Path(__file__).resolve().parent


def _files(base: Path):
    if base.is_file():
        yield base
    elif base.is_dir():
        yield from sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def inputs(root: Path, options: dict) -> str:
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    for name in PACKAGES:
        try:
            digest.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    for base, label in [(root / name, name) for name in INPUTS] + [(GENERATOR, "generator")]:
        for path in _files(base):
            digest.update(f"{label}/{path.relative_to(base).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def site_state(site: Path) -> str:
    digest = hashlib.sha256()
    for path in _files(site):
        st = path.stat()
        digest.update(f"{path.relative_to(site).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _stamp_file(root: Path, site: Path) -> Path:
    name = hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:16]
    return root / "build" / "stamps" / f"{name}.json"


def up_to_date(root: Path, site: Path, fingerprint: str) -> bool:
    stamp = _stamp_file(root, site)
    if not site.is_dir() or not stamp.is_file():
        return False
    try:
        saved = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return saved.get("inputs") == fingerprint and saved.get("site") == site_state(site)


def record(root: Path, site: Path, fingerprint: str) -> None:
    stamp = _stamp_file(root, site)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"inputs": fingerprint, "site": site_state(site), "site_dir": str(site)}),
                     encoding="utf-8")


def forget(root: Path, site: Path) -> None:
    _stamp_file(root, site).unlink(missing_ok=True)


def prune(root: Path) -> list[Path]:
    """Remove the stamps of sites that no longer exist (a test's folder, a site deleted
    by hand): they would only pile up. Returns the stamps removed."""
    removed = []
    for path in sorted((root / "build" / "stamps").glob("*.json")):
        try:
            site = json.loads(path.read_text(encoding="utf-8")).get("site_dir")
        except (OSError, ValueError, AttributeError):
            site = None
        if not site or not Path(site).is_dir():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
