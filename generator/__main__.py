"""Command line: python -m generator check|build|serve|offline|edit|followup."""
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
    off = sub.add_parser("offline", help="build the offline edition (a zip that works from file://)")
    off.add_argument("--out", type=Path, default=None)
    off.add_argument("--region", default=None, help="one regional edition (content/regions/<id>.yml)")
    for name in ("check", "build", "serve"):
        cmd = sub.add_parser(name)
        cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
        if name == "build":
            cmd.add_argument("--site-dir", type=Path, default=None)
            cmd.add_argument("--force", action="store_true", help="build even when nothing has changed")
            cmd.add_argument("--timings", type=Path, default=None, help="write the seconds per stage (JSON) here")
        if name in ("build", "serve"):
            from .engine import DEFAULT, ENGINES
            cmd.add_argument("--engine", choices=ENGINES, default=DEFAULT,
                             help=f"the static-site engine (default {DEFAULT})")
        if name == "serve":
            cmd.add_argument("--port", type=int, default=8000)
    edit = sub.add_parser("edit", help="edit the content in a browser (http://127.0.0.1:PORT, this machine only)")
    edit.add_argument("--port", type=int, default=8001)
    follow = sub.add_parser("followup", help="follow-up questionnaire tools")
    follow_sub = follow.add_subparsers(dest="action", required=True)
    summ = follow_sub.add_parser("summarize", help="summarise answer files into a results page and a CSV")
    summ.add_argument("answers", nargs="+", help="answer files (.json) or folders of them")
    summ.add_argument("--name", default="sammanstallning", help="page id under uppfoljning/ (default: sammanstallning)")
    summ.add_argument("--out", default=None, help="where to write the page (default: content/followup/NAME.yml)")
    summ.add_argument("--csv", default=None, help="where to write the CSV (default: next to the page)")
    summ.add_argument("--force", action="store_true", help="overwrite a page the tool did not make")
    args = parser.parse_args(argv)
    if args.command == "followup":
        from . import followup
        return followup.main(args.root, args)

    if args.command == "edit":
        from .edit import server
        return server.run(args.root, port=args.port)

    from . import build
    if args.command == "check":
        return build.check(args.root, strict=args.strict)
    if args.command == "offline":
        if args.region:
            from . import editions
            return editions.offline(args.root, args.region, args.out)
        return build.offline(args.root, args.out)
    if args.command == "build":
        timings: dict = {}
        result = build.build(args.root, strict=args.strict, site_dir=args.site_dir, force=args.force,
                             engine=args.engine, timings=timings)
        if args.timings:
            import json
            args.timings.write_text(json.dumps(timings, indent=1), encoding="utf-8")
        return result
    from . import serve
    return serve.serve(args.root, port=args.port, strict=args.strict, engine=args.engine)


if __name__ == "__main__":
    sys.exit(main())
