"""`make bench`: measure our site against plain mkdocs-material, side by side.

Writes build/bench/report.md with the figures and the targets from issue 7:
  * build: clean, warm (nothing changed) and after one edited content file, medians;
  * scale: the same build with the content multiplied 10x by a synthetic generator;
  * per page, through nginx with gzip on 127.0.0.1: bytes transferred and requests;
  * Lighthouse (mobile) when npm's lighthouse is available (set LIGHTHOUSE=path);
  * Zensical: whether the generated config builds with it (set ZENSICAL=path);
  * printed forms (issue 13): pages of a filled samordningsplan (six actions) and kallelse
    (four invited units), overlapping words on paper, and how long a draft with 1,000
    rows takes to open. `python scripts/bench.py --forms` measures only these.
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

from generator.build import mkdocs_config, render_docs  # noqa: E402
from generator.content import load_content  # noqa: E402

OUT = ROOT / "build" / "bench"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(fn, runs=RUNS) -> float:
    return statistics.median(timed(fn) for _ in range(runs))


STAGES: list[dict] = []  # seconds per stage of every forced build (`build --timings`)


def quiet_build(root: Path, site: Path, force: bool = True) -> None:
    """`python -m generator build` as a user runs it, in its own process like the
    baseline's `mkdocs build` (force: even when nothing changed, as the baseline does)."""
    timings = site.parent / "timings.json"
    subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--site-dir", str(site),
                    "--timings", str(timings)] + (["--force"] if force else []), check=True, capture_output=True,
                   cwd=ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    if force and timings.exists():
        STAGES.append(json.loads(timings.read_text(encoding="utf-8")))


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


def baseline_all(docs: dict[str, Path], out: Path, at_once: int) -> None:
    """Plain Material on every site's pages (the root and each edition), `at_once` builds
    running side by side, as `mkdocs build` commands would be run."""
    pending = list(docs.items())
    running: list[subprocess.Popen] = []
    while pending or running:
        while pending and len(running) < at_once:
            name, folder = pending.pop(0)
            config = out / f"baseline-{name}.yml"
            config.write_text(yaml.safe_dump({"site_name": "Baseline", "docs_dir": str(folder),
                                              "site_dir": str(out / f"base-site-{name}"),
                                              "theme": {"name": "material"}}), encoding="utf-8")
            running.append(subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        running[0].wait()
        if running[0].returncode != 0:
            raise RuntimeError("plain Material did not build")
        running.pop(0)


def edition_docs(content, out: Path) -> dict[str, Path]:
    """Each regional edition's generated pages, as the build makes them."""
    from generator import editions

    docs = {}
    for rid, derived in editions.editions(content).items():
        renderer = editions.EditionRenderer(derived, content.regions[rid][0])
        renderer.render_all(out / rid)
        docs[rid] = out / rid
    return docs


def multiply(project: Path, factor: int) -> None:
    """Synthetic content: every content file that makes a page (routines, method pages,
    checklists, quick guides, public pages, free pages, follow-ups) and every form copied
    factor-1 more times, as regional editions would be; each edition its own section of
    the menu. Pages the site has once by design (glossary, laws, comparison, and the
    method pages: steps, self-check, plans, roles) stay single."""
    from generator.kinds import KINDS

    content = project / "content"
    before = set(load_content(content).pages)
    # every page kind whose files are a pattern (kinds.py), not one fixed file
    patterns = [f"{kind.folder}/{files}" for kind in KINDS for files in kind.files if "*" in files]
    # a form's translations (forms/<lang>/) are copied with it, ids and version alike
    patterns.append("forms/*/*.yml")
    for path in sorted({f for pattern in patterns for f in project.glob(pattern)}):
        original = path.read_text(encoding="utf-8")
        for i in range(2, factor + 1):
            text = original.replace(f"id: {path.stem}\n", f"id: {path.stem}-{i}\n", 1)
            text = text.replace('title: "', f'title: "Utgåva {i}: ', 1)
            (path.parent / f"{path.stem}-{i}{path.suffix}").write_text(text, encoding="utf-8")
    added = sorted(set(load_content(content).pages) - before)
    site = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))
    site["nav"].append({"title": "Syntetiska utgåvor", "children": [
        {"title": f"Utgåva {i}", "children": [{"title": page, "page": page} for page in added
                                               if page.endswith(f"-{i}")]} for i in range(2, factor + 1)]})
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


LH_RUNS = int(os.environ.get("LH_RUNS", "3"))


def lighthouse(base: str, pages: list[str], runs: int = LH_RUNS, tries: int = 3) -> dict[str, dict] | None:
    """Scores per page, the median of `runs` Lighthouse runs (Lighthouse's own advice:
    one run varies by a few hundredths; the LCP by 0.1-0.3 s here). A run that fails
    (Chromium's trace sometimes has no start, NO_NAVSTART) is repeated up to `tries`
    times; the runs and failures are reported."""
    tool = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not tool:
        return None
    results = {}
    for path in pages:
        scored, failed, error = [], 0, None
        while len(scored) < runs and failed < tries:
            one = _lighthouse_once(tool, base, path)
            if "error" in one:
                failed, error = failed + 1, one["error"]
            else:
                scored.append(one)
        if not scored:
            results[path] = {"error": error, "tries": failed}
            continue
        results[path] = {key: statistics.median(r[key] for r in scored) for key in scored[0]}
        results[path].update(tries=len(scored) + failed, runs=len(scored),
                             perf_runs=sorted(r["performance"] for r in scored))
    return results


def _lighthouse_once(tool: str, base: str, path: str) -> dict:
    out = OUT / f"lh-{path.replace('/', '_')}.json"
    proc = subprocess.run([tool, base + path, "--quiet", "--output=json", f"--output-path={out}",
                           "--form-factor=mobile", "--chrome-flags=--headless --no-sandbox --disable-gpu "
                           "--disable-background-networking --disable-component-update --disable-sync"],
                          env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"), capture_output=True, text=True)
    if proc.returncode != 0 or not out.exists():
        return {"error": proc.stderr.strip()[-200:]}
    data = json.loads(out.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        return {"error": data["runtimeError"].get("code", "runtime error")}
    cats = data["categories"]
    if any(cats[k]["score"] is None for k in ("performance", "accessibility", "best-practices", "seo")):
        return {"error": "a category has no score"}
    result = {k: cats[k]["score"] for k in ("performance", "accessibility", "best-practices", "seo")}
    result["lcp"] = data["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    result["tbt"] = data["audits"]["total-blocking-time"]["numericValue"]
    return result


def zensical(config: Path, runs: int = RUNS) -> dict:
    """Build the generated config with Zensical; time it and compare its pages with MkDocs'."""
    tool = os.environ.get("ZENSICAL") or shutil.which("zensical")
    if not tool:
        return {"status": "not installed (set ZENSICAL=path/to/zensical)"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([tool, "build", "--clean", "-f", str(config)], capture_output=True, text=True,
                              cwd=config.parent)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            return {"status": "failed: " + (proc.stderr or proc.stdout).strip()[-300:]}
    site = Path(yaml.safe_load(config.read_text(encoding="utf-8"))["site_dir"])
    if not site.is_absolute():
        site = config.parent / site
    return {"status": "built", "seconds": statistics.median(times), "site": site}


def in_site(page: str, regions: set[str]) -> str:
    """A page's path within its own site: orebro/blanketter/kallelse.html -> blanketter/kallelse.html."""
    first, _, rest = page.partition("/")
    return rest if first in regions and rest else page


def baseline_path(page: str) -> str:
    """Plain Material uses directory URLs: a/b.html is a/b/ there."""
    if page == "index.html" or page.endswith("/index.html"):
        return page[: -len("index.html")]
    return page[: -len(".html")] + "/"


def pdf_rebuilds(project: Path, site: Path) -> dict:
    """Which cached PDFs a build writes: none when nothing changed, one when one form changed."""
    cache = project / "build" / "pdf-cache"
    state = lambda: {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}  # noqa: E731
    before = state()
    quiet_build(project, site)
    unchanged = sorted(n for n, t in state().items() if before.get(n) != t)
    form = project / "forms" / "kallelse.yml"
    original = form.read_text(encoding="utf-8")
    form.write_text(original.replace('title: "', 'title: "Ändrad: ', 1), encoding="utf-8")
    before = state()
    quiet_build(project, site)
    changed = sorted(n for n, t in state().items() if before.get(n) != t)
    form.write_text(original, encoding="utf-8")
    quiet_build(project, site)
    return {"total": len(before), "unchanged": unchanged, "changed": changed}


def compare_zensical(z_site: Path, ours: Path) -> dict:
    z_pages = {p.relative_to(z_site).as_posix() for p in z_site.rglob("*.html")}
    # the all-regions site only: Zensical built the root's config, not the regional editions
    # (each edition is a folder with its own assets/)
    editions = {d.name for d in ours.iterdir() if (d / "assets").is_dir()}
    our_pages = {p.relative_to(ours).as_posix() for p in ours.rglob("*.html")
                 if p.relative_to(ours).parts[0] not in editions}
    index = (z_site / "index.html").read_text(encoding="utf-8")
    return {
        "pages": len(z_pages), "our_pages": len(our_pages), "missing": sorted(our_pages - z_pages)[:5],
        "overrides": "noscript-note" in index and "footer" in index,
        "scripts": "assets/site.js" in index and "data-search-on-demand" not in index,
        "search": "search.json (its own search)" if (z_site / "search.json").exists()
                  else "search/search_index.json" if (z_site / "search" / "search_index.json").exists() else "none",
        "inline_scripts": index.count("<script>"),
    }


def zensical_version() -> str:
    tool = os.environ.get("ZENSICAL") or shutil.which("zensical")
    proc = subprocess.run([tool, "--version"], capture_output=True, text=True)
    return (proc.stdout or proc.stderr).strip() or "unknown version"


PAGE_TARGETS = {"samordningsplan": 4, "kallelse": 2}


def forms_figures(site: Path) -> dict:
    """Print the realistic filled forms in Chromium (tests/printing.py, the same code
    the tests hold to the targets) and time opening large drafts."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    import printing
    from browser import launch

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict = {"print": {}, "drafts": {}}
    try:
        with sync_playwright() as p:
            browser = launch(p)
            for form_id in PAGE_TARGETS:
                r = printing.measure(browser, url, form_id, keep=OUT / f"print-{form_id}.pdf")
                out["print"][form_id] = {"pages": r["pages"], "overlaps": len(r["overlaps"])}
            for rows in (200, 1000):
                out["drafts"][rows] = statistics.median(printing.draft_open_seconds(browser, url, rows) for _ in range(RUNS))
            browser.close()
    finally:
        server.shutdown()
    return out


def forms_lines(f: dict) -> list[str]:
    yes = lambda ok: "yes" if ok else "**NO**"  # noqa: E731
    lines = ["## Printed forms and large drafts", "",
             "Filled with ordinary text (tests/printing.py), printed by Chromium to A4 as the browser's print does; "
             "overlapping words are read from the PDF's word boxes (`pdftotext -bbox`). The PDFs are in build/bench/.", "",
             "| form | pages | target | overlapping words | met |", "|---|---|---|---|---|"]
    names = {"samordningsplan": "samordningsplan, six actions", "kallelse": "kallelse, four invited units"}
    for form_id, target in PAGE_TARGETS.items():
        r = f["print"][form_id]
        lines.append(f"| {names[form_id]} | {r['pages']} | ≤ {target} | {r['overlaps']} | "
                     f"{yes(r['pages'] <= target and r['overlaps'] == 0)} |")
    lines += ["", "| draft opened (samordningsplan, rows of actions) | seconds | target | met |", "|---|---|---|---|"]
    for rows, seconds in f["drafts"].items():
        lines.append(f"| {rows} rows | {seconds:.2f} s | < 2 s | {yes(seconds < 2)} |")
    lines += ["", "A group takes at most 200 rows from a draft; the form says how many rows the draft had "
              "and that only the first 200 were put in."]
    return lines


def editions_figures(tmp: Path) -> dict:
    """Regional editions (generator/editions.py): the forced build with every edition, and
    a build after one region file and after one regional routine changed, with which
    editions were skipped (told by the build's own output, checked by the stamps in the tests)."""
    project = copy_project(tmp / "p-editions")
    if (ROOT / "build" / "pdf-cache").is_dir():  # the clean build is measured elsewhere
        shutil.copytree(ROOT / "build" / "pdf-cache", project / "build" / "pdf-cache")
    site = tmp / "site-editions"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")

    def run(force: bool) -> tuple[float, str]:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "build", "--site-dir",
                               str(site)] + (["--force"] if force else []), check=True, capture_output=True,
                              text=True, cwd=ROOT, env=env)
        return time.perf_counter() - start, done.stdout

    run(True)  # fills the PDF caches
    forced = statistics.median(run(True)[0] for _ in range(RUNS))
    regions = sorted(p.stem for p in (project / "content" / "regions").glob("*.yml"))
    label = yaml.safe_load((ROOT / "content" / "system" / "messages.yml").read_text(encoding="utf-8"))["labels"]
    skipped_marker = label["edition_skipped"].split("{region}")[1]

    def changed(path: Path, old: str, new: str) -> tuple[float, list[str]]:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")  # a change the pages show
        seconds, out = run(False)
        return seconds, [r for r in regions if label["edition_skipped"].format(region=r) in out]
    one_region = changed(project / "content" / "regions" / f"{regions[0]}.yml", "intro: |\n", "intro: |\n  Ändrad.\n")
    one_routine = changed(project / "content" / "routines" / "vastra-gotaland.yml", 'summary: "', 'summary: "Ändrad. ')
    unchanged = run(False)[0]
    return {"regions": regions, "forced": forced, "one_region": one_region, "one_routine": one_routine,
            "unchanged": unchanged, "marker": skipped_marker}


def editions_lines(e: dict) -> list[str]:
    return ["## Regional editions", "",
            f"The root site and {len(e['regions'])} editions ({', '.join(e['regions'])}), each built with its own "
            "menu, search index, CSP, link check and 404 page.", "",
            "| build | time | editions skipped |", "|---|---|---|",
            f"| forced (`--force`), all editions | {e['forced']:.2f} s | none |",
            f"| one region file changed (content/regions/{e['regions'][0]}.yml) | {e['one_region'][0]:.2f} s | "
            f"{', '.join(e['one_region'][1]) or 'none'} |",
            f"| one regional routine changed (routines/vastra-gotaland.yml) | {e['one_routine'][0]:.2f} s | "
            f"{', '.join(e['one_routine'][1]) or 'none'} |",
            f"| nothing changed | {e['unchanged']:.2f} s | all |", ""]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    if "--editions" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            lines = ["# Benchmark: regional editions", ""] + editions_lines(editions_figures(Path(tmp)))
        report = OUT / "editions.md"
        report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(report.read_text(encoding="utf-8"))
        return 0
    if "--forms" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            quiet_build(ROOT, site)
            lines = ["# Benchmark: printed forms", ""] + forms_lines(forms_figures(site))
        report = OUT / "forms.md"
        report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(report.read_text(encoding="utf-8"))
        return 0
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
        STAGES.clear()
        warm = median(lambda: quiet_build(project, site))
        stages = {name: statistics.median(run.get(name, 0) for run in STAGES) for name in STAGES[-1]} if STAGES else {}
        unchanged = median(lambda: quiet_build(project, site, force=False))  # the up-to-date check
        # one edited file, rebuilt as make serve does: render the pages, then MkDocs builds them
        from generator.serve import _generate
        docs, config = project / "build" / "serve-docs", project / "build" / "mkdocs.serve.yml"
        (project / "build").mkdir(exist_ok=True)
        _generate(project, docs, config, False)
        routine = project / "content" / "routines" / "vastra-gotaland.yml"

        from generator import engine as engines

        def one_file() -> float:
            """make serve's MkDocs is running when a file is saved: the engine process is
            started (and has imported MkDocs) before the clock starts."""
            runner = engines.Build(project)
            time.sleep(2)
            start = time.perf_counter()
            routine.write_text(routine.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
            _generate(project, docs, config, False)
            ok, output = runner.run(config)
            if not ok:
                raise RuntimeError(output)
            return time.perf_counter() - start
        rebuild = statistics.median(one_file() for _ in range(RUNS))
        # baseline: plain Material on the same generated pages
        content = load_content(project / "content")
        base_docs = tmp / "base-docs"
        rendered = render_docs(project, content, base_docs)
        base = median(lambda: baseline_build(base_docs, tmp / "base-site"))
        # the forced build makes every regional edition too: plain Material on the same sites'
        # pages, one after another and two at a time (as ours uses both cores)
        all_docs = {"root": base_docs, **edition_docs(content, tmp / "edition-docs")}
        (tmp / "base-all").mkdir()
        base_serial = median(lambda: baseline_all(all_docs, tmp / "base-all", 1))
        base_two = median(lambda: baseline_all(all_docs, tmp / "base-all", 2))
        # scale x10
        project10 = copy_project(tmp / "p10")
        multiply(project10, 10)
        c1, c10 = len(content.pages), len(load_content(project10 / "content").pages)
        quiet_build(project10, tmp / "site10")  # fills the PDF cache, as a warm build has
        warm10 = median(lambda: quiet_build(project10, tmp / "site10"))
        pdfs = pdf_rebuilds(project, site)
        forms = forms_figures(site)
        ed = editions_figures(tmp)
        # transfer through nginx: every page of the site
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
        regions = set(content.regions)
        work = tmp / "nginx"
        work.mkdir()
        proc, url = nginx_serve(site, work)
        ours = transfer(url, pages)
        lh = lighthouse(url, ["index.html", "rutiner/vastra-gotaland.html"] + [f"blanketter/{f.id}.html" for f in content.forms])
        proc.terminate()
        work_b = tmp / "nginx-b"
        work_b.mkdir()
        proc_b, url_b = nginx_serve(tmp / "base-site", work_b)
        # an edition's page is compared with the same page of plain Material's one site
        theirs = {p: t for p, t in zip(pages, transfer(url_b, [baseline_path(in_site(p, regions))
                                                                for p in pages]).values())}
        proc_b.terminate()
        z = zensical(mkdocs_config(project, content, rendered, base_docs, tmp / "z-site", tmp / "zensical.yml", engine="zensical"))
        if z.get("site"):
            z.update(compare_zensical(z["site"], site))

    kib = lambda n: n / 1024  # noqa: E731
    yes = lambda ok: "yes" if ok else "**NO**"  # noqa: E731
    ratio10, growth = warm10 / warm, c10 / c1
    sizes = {p: kib(o[0]) for p, o in ours.items()}
    heaviest = max(sizes, key=sizes.get)
    # content pages: every page but the forms (in every edition), which may load their form scripts on top
    content_pages = {p: o for p, o in ours.items()
                     if not in_site(p, regions).startswith("blanketter/") or in_site(p, regions) == "blanketter/index.html"}
    c_kib = [kib(o[0]) for o in content_pages.values()]
    c_req = [o[1] for o in content_pages.values()]
    form_pages = {p: o for p, o in ours.items() if p not in content_pages}
    base_sizes = [kib(t[0]) for t in theirs.values()]
    lh_ok = lh is not None and all("error" not in r and r["performance"] == 1 and
                                   min(r["accessibility"], r["best-practices"], r["seo"]) == 1 for r in lh.values())
    lcp_ok = lh is not None and all("error" not in r and r["lcp"] <= 1.2 for r in lh.values())
    pdf_ok = not pdfs["unchanged"] and len(pdfs["changed"]) == 1
    lines = ["# Benchmark", "", f"Run {time.strftime('%Y-%m-%d %H:%M')} on this machine (2 cores); medians of {RUNS} runs. "
             "Read the times as ratios: they vary by about 10 % between runs.", "",
             "## Targets", "", "| target | measured | met |", "|---|---|---|",
             f"| every page ≤ 120 KiB transferred | {min(sizes.values()):.1f}–{max(sizes.values()):.1f} KiB over "
             f"{len(sizes)} pages (heaviest: {heaviest}); plain Material {min(base_sizes):.1f}–{max(base_sizes):.1f} KiB "
             f"| {yes(max(sizes.values()) <= 120)} |",
             f"| first visit of a content page ≤ 90 KiB and ≤ 10 requests | {min(c_kib):.1f}–{max(c_kib):.1f} KiB, "
             f"{min(c_req)}–{max(c_req)} requests over {len(content_pages)} pages; form pages "
             f"{min(kib(o[0]) for o in form_pages.values()):.1f}–{max(kib(o[0]) for o in form_pages.values()):.1f} KiB, "
             f"{min(o[1] for o in form_pages.values())}–{max(o[1] for o in form_pages.values())} requests "
             f"| {yes(max(c_kib) <= 90 and max(c_req) <= 10)} |",
             "| Lighthouse (mobile) performance 1.00 and the other three 1.00 on every measured page; "
             "LCP ≤ 1.2 s (median of each page's runs) | " + (
                 "not measured" if lh is None else
                 f"performance {min(r.get('performance', 0) for r in lh.values()):.2f}–"
                 f"{max(r.get('performance', 0) for r in lh.values()):.2f}, LCP "
                 f"{min(r.get('lcp', 99) for r in lh.values()):.2f}–{max(r.get('lcp', 0) for r in lh.values()):.2f} s, "
                 f"{sum('error' not in r for r in lh.values())} of {len(lh)} pages scored") +
             f" | {yes(lh_ok)} / {yes(lcp_ok)} |",
             f"| forced full build ≤ 1.5× plain Material on the same pages (both as commands in their own "
             f"processes) | {len(all_docs)} sites (the all-regions site and {len(all_docs) - 1} regional editions): "
             f"{warm:.2f} s; plain Material on the same {len(all_docs)} sites' pages {base_two:.2f} s two at a time "
             f"({base_serial:.2f} s one after another) = {warm / base_two:.2f}× "
             f"({warm / base_serial:.2f}×) | {yes(warm <= 1.5 * base_two)} |",
             f"| warm build with nothing changed ≤ 1.5× plain Material's build of one site | {unchanged:.2f} s = "
             f"{unchanged / base:.2f}× (plain Material, the all-regions site's pages: {base:.2f} s) "
             f"| {yes(unchanged <= 1.5 * base)} |",
             f"| one-file rebuild ≤ 2 s | {rebuild:.2f} s | {yes(rebuild <= 2)} |",
             f"| 10× content ≤ 10.5× time | {growth:.1f}× pages → {ratio10:.2f}× time "
             f"({ratio10 / growth:.2f}× per page) | {yes(ratio10 / growth <= 1.05)} |",
             f"| PDFs regenerated only when their source changed | no change: {len(pdfs['unchanged'])} of "
             f"{pdfs['total']} rewritten; one form edited: {', '.join(pdfs['changed']) or 'none'} | {yes(pdf_ok)} |",
             "", "## Build", "", "| measure | ours | baseline (plain Material) | ratio |", "|---|---|---|---|"]

    def row(name, value, baseline):
        lines.append(f"| {name} | {value:.2f} s | {f'{baseline:.2f} s' if baseline else '–'} | "
                     f"{f'{value / baseline:.2f}×' if baseline else '–'} |")
    row("clean build (no PDF cache, no site; 4 sites)", statistics.median(clean), base_two)
    row("warm build, nothing changed (up-to-date check, site left as is)", unchanged, base)
    row("warm build forced (`--force`: every page of the 4 sites rendered and built again, PDF cache kept), "
        "against plain Material's build of the same 4 sites' pages two at a time", warm, base_two)
    row("one edited content file (what make serve does)", rebuild, None)
    if stages:
        lines += ["", "Where the forced build's time goes (median per stage, seconds; the rest is starting Python "
                  "and importing). The regional editions build while the all-regions site's engine runs, each "
                  "with its own engine process; the editions stage is the wait for them after it:", "", "| stage | seconds | share of the forced build |", "|---|---|---|"]
        lines += [f"| {name} | {sec:.2f} | {sec / warm:.0%} |" for name, sec in stages.items()]
    lines += ["", f"Scale: every page-making content file and every form ×10, as ten regional editions, each "
              f"its own section of the menu: {c1} → {c10} pages ({growth:.1f}×; the 7 pages a site has once, glossary, "
              f"laws, comparison and the four method pages, stay single). Forced build {warm:.2f} s → {warm10:.2f} s = {ratio10:.2f}× the time, "
              f"{ratio10 / growth:.2f}× per page.", "",
              "## Per page through nginx (gzip), empty cache", "",
              "Bytes on the wire (bodies and headers) and requests until the network is idle. The search index is "
              "fetched only when search is used (`assets/search-on-demand.js`); plain Material fetches it on every page.",
              "", "| page | ours KiB | requests | plain Material KiB | requests | ≤ 120 KiB |", "|---|---|---|---|---|---|"]
    for p in pages:
        o, t = ours[p], theirs.get(p)
        lines.append(f"| {p} | {kib(o[0]):.1f} | {o[1]} | {f'{kib(t[0]):.1f}' if t else '–'} | {t[1] if t else '–'} | "
                     f"{yes(kib(o[0]) <= 120)} |")
    lines += [""] + editions_lines(ed)
    lines += ["", "## Lighthouse (mobile)", ""]
    if lh is None:
        lines.append("Not measured: npm's `lighthouse` was not found (set LIGHTHOUSE=path).")
    else:
        lines += [f"Median of {LH_RUNS} runs per page (each run's performance in the last column).", "",
                  "| page | performance | accessibility | best practices | SEO | LCP s | TBT ms | runs |",
                  "|---|---|---|---|---|---|---|---|"]
        for p, r in lh.items():
            if "error" in r:
                lines.append(f"| {p} | error: {r['error']} | | | | | | {r['tries']} |")
            else:
                lines.append(f"| {p} | {r['performance']:.2f} | {r['accessibility']:.2f} | {r['best-practices']:.2f} | "
                             f"{r['seo']:.2f} | {r['lcp']:.2f} | {r['tbt']:.0f} | "
                             f"{', '.join(f'{x:.2f}' for x in r['perf_runs'])} |")
    lines += [""] + forms_lines(forms)
    lines += ["", "## Zensical", ""]
    if z.get("status") != "built":
        lines.append(f"The generated config with Zensical: {z['status']}")
    else:
        lines += [f"The generated config builds with Zensical ({zensical_version()}): {z['seconds']:.2f} s "
                  f"(median, `--clean`; MkDocs inside our build: see the forced build above).", "",
                  f"- pages: {z['pages']} (ours {z['our_pages']})" + (f", missing {z['missing']}" if z["missing"] else ""),
                  f"- our theme overrides (noscript note, footer links): {yes(z['overrides'])}",
                  f"- our scripts included: {yes(z['scripts'])}",
                  f"- search: {z['search']}",
                  f"- inline scripts on the start page: {z['inline_scripts']} (the CSP hashes are computed per build)"]
    report = OUT / "report.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(report.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
