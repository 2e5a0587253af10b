"""Command line: python -m generator check|build|serve."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import PROJECT_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="Validate content and build the site.")
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project folder")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("check", "build", "serve"):
        cmd = sub.add_parser(name)
        cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
        if name == "build":
            cmd.add_argument("--site-dir", type=Path, default=None)
        if name == "serve":
            cmd.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    from . import build
    if args.command == "check":
        return build.check(args.root, strict=args.strict)
    if args.command == "build":
        return build.build(args.root, strict=args.strict, site_dir=args.site_dir)
    from . import serve
    return serve.serve(args.root, port=args.port, strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
