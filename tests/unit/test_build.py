"""The whole pipeline on the small good fixture: build, swap, failed builds, links."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build, check
from generator.links import broken_links

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with the real config and theme, and the small fixture content."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_overrides", tmp_path / "site_overrides")
    shutil.copytree(FIXTURES / "good" / "content", tmp_path / "content")
    shutil.copytree(FIXTURES / "good" / "forms", tmp_path / "forms")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_build_writes_every_page(project):
    assert build(project, quiet=True) == 0
    site = project / "site"
    for page in ("index.html", "rutiner/alfa.html", "rutiner/beta.html", "rutiner/jamfor.html",
                 "ordlista.html", "lagar.html", "404.html"):
        assert (site / page).is_file(), page
    html = (site / "rutiner/alfa.html").read_text(encoding="utf-8")
    # glossary reference became a link with the definition as tooltip
    assert 'href="../ordlista.html#samtycke"' in html and 'title="Att personen säger ja."' in html
    # the abbreviation is explained, the page link resolved, sources and review date shown
    assert '<abbr title="samordnad individuell plan">SIP</abbr>' in (site / "ordlista.html").read_text()
    assert 'href="beta.html#deltagare"' in html
    assert "Källa A (Region A, 2009)" in html and "28 november 2026" in html
    assert not list(project.glob("site.*")), "temporary folders were left behind"


def test_failed_build_leaves_the_previous_site_untouched(project):
    assert build(project, quiet=True) == 0
    before = snapshot(project / "site")
    (project / "content" / "routines" / "beta.yml").write_text("id: beta\ntitel: x\n", encoding="utf-8")
    assert build(project, quiet=True) == 1
    assert snapshot(project / "site") == before


def test_broken_internal_link_fails_the_build(project):
    assert build(project, quiet=True) == 0
    before = snapshot(project / "site")
    page = project / "content" / "pages" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[trasig](rutiner/alfa.md#finns-inte)\n",
                    encoding="utf-8")
    assert build(project, quiet=True) == 1
    assert snapshot(project / "site") == before


def test_link_checker_finds_missing_files_and_anchors(tmp_path):
    (tmp_path / "a.html").write_text('<h1 id="top">A</h1><a href="b.html#x">b</a><a href="c.html">c</a>'
                                     '<a href="#top">ok</a><a href="https://example.org/">ext</a>')
    (tmp_path / "b.html").write_text('<p id="y">B</p>')
    assert sorted(broken_links(tmp_path)) == [("a.html", "b.html#x"), ("a.html", "c.html")]


def test_link_checker_counts_targets_outside_the_site_as_broken(tmp_path):
    """A path is resolved inside the built site, never on the build machine: /etc/passwd
    and ../../../../etc/passwd exist there, and are still broken links."""
    site = tmp_path / "site"
    (site / "rutiner").mkdir(parents=True)
    (site / "index.html").write_text('<a href="rutiner/a.html">a</a><a href="/rutiner/a.html">root</a>')
    (site / "rutiner" / "a.html").write_text('<a href="/etc/passwd">x</a><a href="../../../../etc/passwd">y</a>'
                                             '<a href="../index.html">ok</a><img src="/etc/hostname" alt="">')
    (tmp_path / "outside.html").write_text("<p>beside the site</p>")
    (site / "b.html").write_text('<a href="../outside.html">beside</a><a href="java&#x09;script&colon;x()">j</a>'
                                 '<a href="data:text/html,x">d</a><a href="mailto:a@b.se">m</a>')
    refused: list = []
    assert sorted(broken_links(site, refused=refused)) == [
        ("b.html", "../outside.html"), ("rutiner/a.html", "../../../../etc/passwd"),
        ("rutiner/a.html", "/etc/hostname"), ("rutiner/a.html", "/etc/passwd")]
    assert sorted(refused) == [("b.html", "data:text/html,x"), ("b.html", "java\tscript:x()")]


def test_check_command_reports_file_and_line(project, capsys):
    (project / "content" / "routines" / "beta.yml").write_text(
        (FIXTURES / "bad" / "unknown-key" / "routines" / "beta.yml").read_text(encoding="utf-8"),
        encoding="utf-8")
    assert check(project) == 1
    err = capsys.readouterr().err
    assert "content/routines/beta.yml:13: fel E020" in err
    assert "Webbplatsen byggdes inte om" in err


def test_cli_check_runs(project):
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "check"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "giltigt" in proc.stdout


def test_pdfs_are_rebuilt_only_when_their_definition_changes(project):
    assert build(project, quiet=True) == 0
    cache = project / "build" / "pdf-cache"
    first = {p.name: p.stat().st_mtime_ns for p in cache.glob("enkel-*.pdf")}
    assert len(first) == 1
    assert (project / "site" / "blanketter" / "enkel.pdf").read_bytes()[:5] == b"%PDF-"
    # nothing changed: a forced rebuild reuses the same file, does not write it again
    assert build(project, quiet=True, force=True) == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("enkel-*.pdf")} == first
    # the definition changed: a new PDF replaces the old one
    form = project / "forms" / "enkel.yml"
    form.write_text(form.read_text(encoding="utf-8").replace('label: "Namn"', 'label: "Fullständigt namn"', 1),
                    encoding="utf-8")
    assert build(project, quiet=True) == 0
    now = {p.name for p in cache.glob("enkel-*.pdf")}
    assert len(now) == 1 and now != set(first)


def test_pdf_tooltips_are_the_labels(project):
    import pypdf

    assert build(project, quiet=True) == 0
    fields = pypdf.PdfReader(project / "site" / "blanketter" / "enkel.pdf").get_fields()
    assert fields["namn"]["/TU"] == "Namn"
    assert fields["deltagare.1.epost"]["/TU"] == "Deltagare 2: E-post"
    assert fields["format.1"]["/TU"] == "Format: Punktskrift"
    assert len(fields) == 4 + 2 + 2 * 2  # four simple fields, two options, two rows of two


def test_pdf_cache_keeps_forms_whose_ids_share_a_prefix(project):
    """"enkel" and "enkel-2" are different forms: building one must not evict the other."""
    form = project / "forms" / "enkel.yml"
    text = form.read_text(encoding="utf-8")
    assert "id: enkel\n" in text
    (project / "forms" / "enkel-2.yml").write_text(text.replace("id: enkel\n", "id: enkel-2\n", 1), encoding="utf-8")
    assert build(project, quiet=True) == 0
    cache = project / "build" / "pdf-cache"
    first = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}
    assert {n.rsplit("-", 1)[0] for n in first} >= {"enkel", "enkel-2"}
    assert build(project, quiet=True, force=True) == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")} == first


def test_a_build_with_nothing_changed_does_nothing(project, capsys):
    assert build(project) == 0
    site = project / "site"
    index = site / "index.html"
    before = snapshot(site), index.stat().st_mtime_ns
    capsys.readouterr()
    assert build(project) == 0
    assert "redan aktuell" in capsys.readouterr().out
    assert (snapshot(site), index.stat().st_mtime_ns) == before
    # --force builds anyway: the page is written again
    assert build(project, force=True) == 0
    assert index.stat().st_mtime_ns != before[1]


def test_a_changed_input_or_touched_site_builds_again(project, capsys):
    assert build(project) == 0
    site = project / "site"
    # an edited content file
    page = next((project / "content").rglob("*.yml"))
    page.write_text(page.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
    capsys.readouterr()
    assert build(project) == 0
    assert "byggd" in capsys.readouterr().out
    # a file removed from the built site by hand comes back
    (site / "index.html").unlink()
    assert build(project) == 0
    assert "byggd" in capsys.readouterr().out
    assert (site / "index.html").is_file()
    # an edited theme override
    css = project / "site_overrides" / "assets" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.andrad { color: red; }\n", encoding="utf-8")
    assert build(project) == 0
    assert ".andrad{color:red}" in (site / "assets" / "site.css").read_text(encoding="utf-8")  # minified


def test_link_reader_handles_quotes_entities_and_code():
    from generator.links import collect
    ids, links = collect(
        """<h2 id="a">A</h2><a class='x' href='b.html#c'>b</a><a href="q.html?x=1&amp;y=2">q</a>"""
        """<img alt="" src=logo.svg><script src="s.js"></script><div id=plain></div>"""
        """<pre><code>&lt;a href="not-a-link.html"&gt; <span id="in-code"></span></code></pre>"""
        """<a>no href</a><link rel="stylesheet" href="style.css"><p title="a > b" id="t">x</p>""")
    assert links == ["b.html#c", "q.html?x=1&y=2", "logo.svg", "s.js", "style.css"]
    assert ids == {"a", "plain", "t", "in-code"}  # markup inside code is markup; escaped text is not


BUILD_BAD = sorted(p for p in (FIXTURES / "bad-build").iterdir() if p.is_dir())


@pytest.mark.parametrize("scenario", BUILD_BAD, ids=[p.name for p in BUILD_BAD])
def test_bad_build_fixture_names_code_and_file(project, scenario, capsys):
    """Errors found after the content check (in the PDFs, the engine, the built pages):
    each scenario's files go over the project and its expect.yml names the code and file.
    The scenario `stage: pdf` runs the PDF stage on content the check would refuse
    (E047), as a last guard; `strict: true` builds as the publishing build does (--strict)."""
    import yaml

    from generator.content import load_content
    from generator.errors import ContentError
    from generator.jinja import for_content
    from generator.pdf import build_pdfs

    expect = yaml.safe_load((scenario / "expect.yml").read_text(encoding="utf-8"))
    for path in scenario.rglob("*"):
        if path.is_file() and path.name != "expect.yml":
            shutil.copyfile(path, project / path.relative_to(scenario))
    if expect.get("stage") == "pdf":
        content = load_content(project / "content")
        with pytest.raises(ContentError) as info:
            build_pdfs(content, for_content(content, html=True), project / "out", project / "build")
        text = info.value.format(project)
    else:
        capsys.readouterr()
        assert build(project, quiet=True, strict=expect.get("strict", False)) == 1
        assert not (project / "site").exists()
        text = capsys.readouterr().err
    assert f"{expect['file']}:{expect['line']}: fel {expect['code']}" in text, text


# --- what killed builds leave, and the swap ---------------------------------------

DEAD = 99999999  # above any pid_max: no process has it


def leftovers(project: Path) -> list[str]:
    found = [p.name for p in project.glob("site.*")]
    found += [p.name for p in (project / "build").glob("build-*")] + [p.name for p in (project / "build").glob("edition-*")]
    return sorted(found)


def test_a_build_removes_what_killed_builds_left_and_keeps_a_live_builds(project):
    import os
    import time

    from generator.build import LEGACY_AGE

    assert build(project, quiet=True) == 0
    # a killed build's folders, named by its process id (now dead)
    for folder in (f"site.new-{DEAD}/assets", f"site.new-{DEAD}.editions/orebro", f"site.old-{DEAD}/rutiner",
                   f"build/build-{DEAD}-k1l2/docs", f"build/edition-{DEAD}-orebro-x9y8/site"):
        (project / folder).mkdir(parents=True)
        (project / folder / "index.html").write_text("kvar", encoding="utf-8")
    # from a generator that did not name its process yet: removed when old, kept when new
    old = project / "build" / "build-abc123xy"
    (old / "docs").mkdir(parents=True)
    os.utime(old, (time.time() - LEGACY_AGE - 60,) * 2)
    recent = project / "build" / "build-recent12"
    recent.mkdir()
    # a build running now in another process keeps its folders
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        for folder in (f"site.new-{live.pid}", f"site.new-{live.pid}.editions", f"build/build-{live.pid}-abcd",
                       f"build/edition-{live.pid}-orebro-abcd"):
            (project / folder).mkdir(parents=True)
        assert build(project, quiet=True, force=True) == 0
        assert leftovers(project) == sorted([f"site.new-{live.pid}", f"site.new-{live.pid}.editions",
                                             f"build-{live.pid}-abcd", f"edition-{live.pid}-orebro-abcd",
                                             "build-recent12"])
        assert (project / "site" / "index.html").is_file()
    finally:
        live.kill()
        live.wait()
    # once that process is gone, the next build removes its folders too
    assert build(project, quiet=True, force=True) == 0
    assert leftovers(project) == ["build-recent12"]


def test_stamps_of_sites_that_are_gone_are_removed(project, tmp_path_factory):
    import json

    elsewhere = tmp_path_factory.mktemp("other") / "site"
    assert build(project, quiet=True) == 0
    assert build(project, site_dir=elsewhere, quiet=True) == 0
    stamps = project / "build" / "stamps"
    sites = sorted(json.loads(p.read_text(encoding="utf-8"))["site_dir"] for p in stamps.glob("*.json"))
    assert sites == sorted([str(project / "site"), str(elsewhere)])
    shutil.rmtree(elsewhere)
    assert build(project, quiet=True, force=True) == 0
    assert [json.loads(p.read_text(encoding="utf-8"))["site_dir"] for p in stamps.glob("*.json")] == \
        [str(project / "site")]


def test_a_build_after_a_build_killed_halfway_leaves_nothing_behind(project):
    """A real build killed with SIGKILL (with its engine process) once its new site exists."""
    import os
    import signal
    import time

    assert build(project, quiet=True) == 0
    before = snapshot(project / "site")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), "build", "--force"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    new_site = project / f"site.new-{proc.pid}"
    for _ in range(600):  # until the engine has written some of the new site (or the build ended)
        if (new_site / "index.html").exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert new_site.is_dir() and list((project / "build").glob(f"build-{proc.pid}-*"))  # what it left
    assert snapshot(project / "site") == before  # the killed build never reached the swap
    assert build(project, quiet=True, force=True) == 0
    assert leftovers(project) == []


def test_swap_never_leaves_the_site_missing(tmp_path, monkeypatch):
    """At every step of the swap site/ is a folder: each rename is checked as it happens,
    and a reader polls the name while the swap runs again and again."""
    import os
    import threading

    from generator import build as build_module

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("0", encoding="utf-8")
    steps = []
    real_rename = os.rename

    def rename(src, dst, *args, **kwargs):
        real_rename(src, dst, *args, **kwargs)
        steps.append((Path(src).name, Path(dst).name, site.is_dir()))

    monkeypatch.setattr(os, "rename", rename)
    new = tmp_path / "site.new-1"
    new.mkdir()
    (new / "index.html").write_text("1", encoding="utf-8")
    build_module.swap(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "1"
    assert not new.exists()
    assert all(present for _, _, present in steps), steps

    missing, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            if not os.path.isdir(site):
                missing.append(1)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(2, 300):
            new.mkdir()
            (new / "index.html").write_text(str(i), encoding="utf-8")
            build_module.swap(new, site)
    finally:
        stop.set()
        thread.join()
    assert missing == []
    assert (site / "index.html").read_text(encoding="utf-8") == "299"


def test_swap_without_an_atomic_exchange_still_replaces_the_site(tmp_path, monkeypatch):
    """Where the file system cannot exchange two names, two renames (the old way)."""
    from generator import build as build_module

    monkeypatch.setattr(build_module, "_exchange", lambda a, b: False)
    site, new = tmp_path / "site", tmp_path / "site.new-1"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "new.html").write_text("new", encoding="utf-8")
    build_module.swap(new, site)
    assert sorted(p.name for p in site.iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
