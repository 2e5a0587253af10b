"""Run `mkdocs build` in a process started ahead of time.

Starting Python and importing MkDocs, the theme and the Markdown extensions takes
about 0.2 s. The build starts this process first; it does those imports on the
second core while the generator validates and renders the content, then waits for
the path of the generated config on its standard input and runs MkDocs' own
command line on it. An empty line (the content had errors) ends it unused.

Only MkDocs' command line is used, as `python -m mkdocs build` would: nothing here
depends on MkDocs internals, so another builder (Zensical) can take its place.
"""
from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

# modules the build will import anyway; importing them early only moves the work
WARM = ("mkdocs.__main__", "mkdocs.commands.build", "material.plugins.search.plugin",
        "markdown.extensions.toc", "markdown.extensions.md_in_html", "markdown.extensions.abbr",
        "pymdownx.superfences", "pymdownx.details")


class MkDocs:
    """One `mkdocs build`, its process started when this object is made."""

    def __init__(self, root: Path):
        package_parent = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore",
                   PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
        self.proc = subprocess.Popen([sys.executable, "-m", "generator.mkdocs_runner"], cwd=root, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)

    def build(self, config: Path) -> tuple[bool, str]:
        out, err = self.proc.communicate(str(config.resolve()) + "\n")
        return self.proc.returncode == 0, (err or out).strip()

    def cancel(self) -> None:
        if self.proc.poll() is None:
            self.proc.communicate("\n")


def main() -> int:
    for name in WARM:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    config = sys.stdin.readline().strip()
    if not config:
        return 0
    from mkdocs.__main__ import cli
    cli.main(args=["build", "--quiet", "-f", config], prog_name="mkdocs")  # exits with MkDocs' status
    return 0


if __name__ == "__main__":
    sys.exit(main())
