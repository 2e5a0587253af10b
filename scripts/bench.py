"""`make bench`: measure our site against plain mkdocs-material, side by side.

Writes build/bench/report.md with the figures and the targets from issue 7:
  * build: clean, warm (nothing changed) and after one edited content file, medians;
  * scale: the same build with the content multiplied 10x by a synthetic generator;
  * per page, through nginx with gzip on 127.0.0.1: bytes transferred and requests;
  * Lighthouse (mobile) when npm's lighthouse is available (set LIGHTHOUSE=path);
  * Zensical: whether the generated config builds with it (set ZENSICAL=path).
Timings are wall-clock medians on this machine: read them as ratios, not absolutes.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import yaml  # noqa: E402

from generator.build import build, mkdocs_config, render_docs  # noqa: E402
from generator.content import load_content  # noqa: E402

OUT = ROOT / "build" / "bench"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(fn, runs=RUNS) -> float:
    return statistics.median(timed(fn) for _ in range(runs))


def quiet_build(root: Path, site: Path) -> None:
    assert build(root, site_dir=site, quiet=True) == 0


def copy_project(dest: Path) -> Path:
    for name in ("content", "forms", "site_overrides", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def baseline_build(docs: Path, site: Path) -> None:
    """Plain mkdocs-material with its default configuration, on the same pages."""
    config = site.parent / "baseline.yml"
    config.write_text(yaml.safe_dump({"site_name": "Baseline", "docs_dir": str(docs), "site_dir": str(site),
                                      "theme": {"name": "material"}}), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], check=True,
                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True)


def multiply(project: Path, factor: int) -> None:
    """Synthetic content: every routine, checklist, quick guide, public page and form
    copied factor-1 more times (as many regional editions would be), all in the menu."""
    content = project / "content"
    site = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))
    extra_nav = []
    kinds = (("content/routines/*.yml", "rutiner/", True), ("content/method/checklistor/*.yml", "arbetssatt/checklistor/", True),
             ("content/method/lathundar/*.yml", "arbetssatt/lathundar/", True), ("forms/*.yml", "blanketter/", True),
             ("content/public/for-dig/*.yml", "for-dig/", False))
    for pattern, prefix, has_id in kinds:
        for path in sorted(project.glob(pattern)):
            for i in range(2, factor + 1):
                text = path.read_text(encoding="utf-8")
                new_id = f"{path.stem}-{i}"
                if has_id:
                    text = text.replace(f"id: {path.stem}\n", f"id: {new_id}\n", 1)
                text = text.replace('title: "', f'title: "Utgåva {i}: ', 1)
                (path.parent / f"{new_id}.yml").write_text(text, encoding="utf-8")
                extra_nav.append({"title": f"{path.stem} {i}", "page": prefix + new_id})
    site["nav"].append({"title": "Syntetiska utgåvor", "children": extra_nav})
    (content / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_serve(site: Path, work: Path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    conf = (ROOT / "deploy" / "nginx-site.conf").read_text(encoding="utf-8")
    conf = conf.replace("/srv/samordnad-planering/site", str(site)).replace("listen 80;", f"listen 127.0.0.1:{port};")
    if not (site / "_deploy" / "csp.conf").exists():
        conf = "\n".join(line for line in conf.splitlines() if "_deploy/csp.conf;" not in line)
    (work / "site.conf").write_text(conf, encoding="utf-8")
    for d in ("client", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / d).mkdir(exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(f"""{user}
daemon off; pid {work}/nginx.pid; error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{ include /etc/nginx/mime.types; default_type application/octet-stream; access_log off;
client_body_temp_path {work}/client; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fastcgi;
uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi; include {work}/site.conf; }}
""", encoding="utf-8")
    proc = subprocess.Popen([nginx, "-c", str(work / "nginx.conf")])
    time.sleep(0.5)
    return proc, f"http://127.0.0.1:{port}/"


def transfer(base: str, pages: list[str]) -> dict[str, tuple[int, int]]:
    """page -> (bytes transferred, requests) until the page is idle, cache empty."""
    from playwright.sync_api import sync_playwright

    from browser import launch
    out = {}
    with sync_playwright() as p:
        browser = launch(p)
        for path in pages:
            context = browser.new_context()
            page = context.new_page()
            sizes = []
            page.on("requestfinished", lambda r: sizes.append(r.sizes()))
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_timeout(300)
            total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
            out[path] = (total, len(sizes))
            context.close()
        browser.close()
    return out


def lighthouse(base: str, pages: list[str]) -> dict[str, dict] | None:
    tool = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not tool:
        return None
    results = {}
    for path in pages:
        out = OUT / f"lh-{path.replace('/', '_')}.json"
        proc = subprocess.run([tool, base + path, "--quiet", "--output=json", f"--output-path={out}",
                               "--form-factor=mobile", "--chrome-flags=--headless --no-sandbox --disable-gpu "
                               "--disable-background-networking --disable-component-update --disable-sync"],
                              env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"), capture_output=True, text=True)
        if proc.returncode != 0 or not out.exists():
            results[path] = {"error": proc.stderr.strip()[-200:]}
            continue
        data = json.loads(out.read_text(encoding="utf-8"))
        cats = data["categories"]
        results[path] = {k: cats[k]["score"] for k in ("performance", "accessibility", "best-practices", "seo")}
        results[path]["lcp"] = data["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    return results


def zensical(config: Path) -> tuple[str, float | None]:
    tool = os.environ.get("ZENSICAL") or shutil.which("zensical")
    if not tool:
        return "not installed (set ZENSICAL=path/to/zensical)", None
    start = time.perf_counter()
    proc = subprocess.run([tool, "build", "-f", str(config)], capture_output=True, text=True, cwd=config.parent)
    seconds = time.perf_counter() - start
    return ("built" if proc.returncode == 0 else "failed: " + (proc.stderr or proc.stdout).strip()[-300:]), seconds


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "p1")
        site = tmp / "site1"
        # clean build: no PDF cache, no previous site
        clean = []
        for _ in range(RUNS):
            shutil.rmtree(project / "build", ignore_errors=True)
            shutil.rmtree(site, ignore_errors=True)
            clean.append(timed(lambda: quiet_build(project, site)))
        warm = median(lambda: quiet_build(project, site))
        # one edited file, rebuilt as make serve does: render the pages, then MkDocs builds them
        from generator.serve import _generate
        docs, config = project / "build" / "serve-docs", project / "build" / "mkdocs.serve.yml"
        (project / "build").mkdir(exist_ok=True)
        _generate(project, docs, config, False)
        routine = project / "content" / "routines" / "vastra-gotaland.yml"

        def one_file():
            routine.write_text(routine.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
            _generate(project, docs, config, False)
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(tmp / "serve-site")],
                           check=True, capture_output=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        rebuild = median(one_file)
        # baseline: plain Material on the same generated pages
        content = load_content(project / "content")
        base_docs = tmp / "base-docs"
        renderer = render_docs(project, content, base_docs)
        base = median(lambda: baseline_build(base_docs, tmp / "base-site"))
        # scale x10
        project10 = copy_project(tmp / "p10")
        multiply(project10, 10)
        c1, c10 = len(content.pages), len(load_content(project10 / "content").pages)
        quiet_build(project10, tmp / "site10")  # fills the PDF cache, as a warm build has
        warm10 = median(lambda: quiet_build(project10, tmp / "site10"))
        # transfer through nginx
        pages = ["index.html", "rutiner/vastra-gotaland.html", "rutiner/jamfor.html", "for-dig/index.html"] + \
            [f"blanketter/{f.id}.html" for f in content.forms]
        work = tmp / "nginx"
        work.mkdir()
        proc, url = nginx_serve(site, work)
        ours = transfer(url, pages)
        lh = lighthouse(url, ["index.html", "rutiner/vastra-gotaland.html"] + [f"blanketter/{f.id}.html" for f in content.forms])
        proc.terminate()
        work_b = tmp / "nginx-b"
        work_b.mkdir()
        proc_b, url_b = nginx_serve(tmp / "base-site", work_b)
        theirs = transfer(url_b, [p for p in pages if (tmp / "base-site" / p).exists()])
        proc_b.terminate()
        z_status, z_seconds = zensical(mkdocs_config(project, content, renderer, base_docs, tmp / "z-site",
                                                     tmp / "zensical.yml"))
        pdf_cache = sorted(p.name for p in (project / "build" / "pdf-cache").glob("*.pdf"))

    kib = lambda n: n / 1024  # noqa: E731
    lines = ["# Benchmark", "", f"Run {time.strftime('%Y-%m-%d %H:%M')} on this machine; medians of {RUNS} runs.", "",
             "## Build", "", "| measure | ours | baseline (plain Material) | ratio | target | met |",
             "|---|---|---|---|---|---|"]
    def row(name, value, baseline, target, ok):
        ratio = f"{value / baseline:.2f}×" if baseline else "–"
        lines.append(f"| {name} | {value:.2f} s | {f'{baseline:.2f} s' if baseline else '–'} | {ratio} | {target} | {'yes' if ok else 'NO'} |")
    row("clean build (no PDF cache)", statistics.median(clean), base, "–", True)
    row("warm build, nothing changed", warm, base, "≤ 1.5× baseline", warm <= 1.5 * base)
    row("one edited content file (make serve)", rebuild, None, "≤ 2 s", rebuild <= 2)
    ratio10 = warm10 / warm
    growth = c10 / c1
    lines += ["", f"Scale: routines, checklists, quick guides, public pages and forms ×10 gives {c1} → {c10} pages "
              f"({growth:.1f}× the pages; glossary, laws and free pages are not multiplied). Warm build {warm:.2f} s → "
              f"{warm10:.2f} s = {ratio10:.2f}× the time, {ratio10 / growth:.2f}× per page "
              f"(target: 10× content ≤ 10.5× time, i.e. ≤ 1.05× per page: {'met' if ratio10 / growth <= 1.05 else 'NOT met'}).",
              "", f"PDFs are rebuilt only when their source changed: the warm builds reused the {len(pdf_cache)} "
              "cached PDFs (tested in tests/unit/test_build.py).", "",
              "## Per page through nginx (gzip), empty cache", "",
              "| page | ours KiB | requests | baseline KiB | requests | ≤ 120 KiB |", "|---|---|---|---|---|---|"]
    for p in pages:
        o = ours[p]
        t = theirs.get(p)
        lines.append(f"| {p} | {kib(o[0]):.1f} | {o[1]} | {f'{kib(t[0]):.1f}' if t else '–'} | {t[1] if t else '–'} | "
                     f"{'yes' if kib(o[0]) <= 120 else 'NO'} |")
    lines += ["", "## Lighthouse (mobile)", ""]
    if lh is None:
        lines.append("Not measured: npm's `lighthouse` was not found (set LIGHTHOUSE=path).")
    else:
        lines += ["| page | performance | accessibility | best practices | SEO | LCP s |", "|---|---|---|---|---|---|"]
        for p, r in lh.items():
            if "error" in r:
                lines.append(f"| {p} | error: {r['error']} | | | | |")
            else:
                lines.append(f"| {p} | {r['performance']:.2f} | {r['accessibility']:.2f} | {r['best-practices']:.2f} | "
                             f"{r['seo']:.2f} | {r['lcp']:.2f} |")
    lines += ["", "## Zensical", "", f"Generated config with Zensical: {z_status}"
              + (f" in {z_seconds:.2f} s." if z_seconds else ".")]
    report = OUT / "report.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(report.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
