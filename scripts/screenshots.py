"""Screenshots of built pages for a human to look at (not a test).

    .venv/bin/python scripts/screenshots.py [page.html ...]

Writes PNGs to build/screens/: light and dark at 1280 px, 320 px, and the print
output as PDF rendered with pdftoppm.
"""
from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import launch  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(pages: list[str]) -> None:
    site, out = ROOT / "site", ROOT / "build" / "screens"
    out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = launch(p)
        for path in pages or ["index.html"]:
            name = path.replace("/", "_").removesuffix(".html")
            for scheme, width in (("light", 1280), ("dark", 1280), ("light", 320)):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.emulate_media(color_scheme=scheme)
                page.goto(base + path, wait_until="networkidle")
                page.screenshot(path=str(out / f"{name}-{scheme}-{width}.png"), full_page=width == 320)
                page.close()
            page = browser.new_page()
            page.goto(base + path, wait_until="networkidle")
            pdf = out / f"{name}-print.pdf"
            page.pdf(path=str(pdf), format="A4", print_background=True)
            subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf), str(out / f"{name}-print")])
            page.close()
        browser.close()
    server.shutdown()
    print(out)


if __name__ == "__main__":
    main(sys.argv[1:])
