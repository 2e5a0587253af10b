"""`make serve`: build the pages, serve them with live reload, rebuild on change.

`mkdocs serve` watches the generated pages, site_overrides/ and the generated
config and reloads the browser. This module watches content/ and forms/ and
re-renders the pages when they change. A change with errors is reported and the
pages on screen stay as they were.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import editions
from . import engine as engines
from .build import mkdocs_config, render_docs, report
from .content import load_content
from .errors import catalogue

WATCHED = ("content", "forms")


def _snapshot(root: Path) -> dict[str, float]:
    stamps = {}
    for folder in WATCHED:
        for path in (root / folder).rglob("*"):
            if path.is_file():
                stamps[str(path)] = path.stat().st_mtime
    return stamps


def sync_tree(src: Path, dst: Path) -> int:
    """Make dst equal to src, writing only files whose bytes changed."""
    changed = 0
    dst.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        wanted.add(rel)
        target = dst / rel
        if path.is_dir():
            target.mkdir(exist_ok=True)
        elif not target.exists() or target.read_bytes() != path.read_bytes():
            shutil.copyfile(path, target)
            changed += 1
    for path in sorted(dst.rglob("*"), reverse=True):
        if path.relative_to(dst) not in wanted:
            path.unlink() if path.is_file() else path.rmdir()
            changed += 1
    return changed


def _generate(root: Path, docs: Path, config: Path, strict: bool,
              engine: engines.Engine = engines.DEFAULT) -> bool:
    content = load_content(root / "content")
    if not report(content, root, strict):
        return False
    with tempfile.TemporaryDirectory(dir=root / "build") as tmp:
        rendered = render_docs(root, content, Path(tmp))
        new_config = mkdocs_config(root, content, rendered, docs, root / "build" / "serve-site",
                                   Path(tmp) / "config.yml", config_dir=config.parent, engine=engine)
        editions.add_same_page(new_config, content, None)  # regional editions (generator/editions.py)
        if not editions.serve_into(root, content, Path(tmp), engine):
            return False
        text = new_config.read_text(encoding="utf-8")
        new_config.unlink()
        sync_tree(Path(tmp), docs)
    if not config.exists() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    return True


def regenerate(root: Path, docs: Path, config: Path, strict: bool,
               engine: engines.Engine = engines.DEFAULT) -> bool:
    """_generate, but whatever goes wrong in a rebuild is reported and the server, with
    the last good pages, keeps running: a bad input never takes `make serve` down."""
    try:
        return _generate(root, docs, config, strict, engine)
    except Exception as exc:  # noqa: BLE001 - the one place where anything may be caught
        print(catalogue()["labels"]["serve_crashed"].format(error=f"{type(exc).__name__}: {exc}"[:300]),
              file=sys.stderr, flush=True)
        return False


def serve(root: Path, port: int = 8000, strict: bool = False, engine: engines.Engine = engines.DEFAULT) -> int:
    root = Path(root).resolve()
    labels = catalogue()["labels"]
    (root / "build").mkdir(exist_ok=True)
    docs = root / "build" / "serve-docs"
    config = root / "build" / "mkdocs.serve.yml"
    if not _generate(root, docs, config, strict, engine):
        return 1
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(engines.serve_command(engine, config, port), cwd=root, env=env)
    print(labels["serving"].format(port=port), flush=True)
    print(labels["serving_editions"].format(port=port), flush=True)
    stamps = _snapshot(root)
    try:
        while server.poll() is None:
            time.sleep(0.5)
            now = _snapshot(root)
            if now != stamps:
                stamps = now
                print(labels["rebuilding"], flush=True)
                if not regenerate(root, docs, config, strict, engine):
                    print(labels["rebuild_failed"], file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0
