"""Regional editions (generator/editions.py): what each edition holds, its own menu,
links, CSP, search index and 404, form defaults in pages and PDFs, the errors an editor
gets, and that an unchanged edition is not built again."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator import editions, stamp
from generator.build import build
from generator.content import load_content
from generator.csp import check as csp_check
from generator.links import broken_links

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ["orebro", "stockholm", "vastra-gotaland"]
# what each edition's own routine and follow-up are (issue 19, point 6), and what it leaves out
HAS = {"orebro": ["uppfoljning/orebro-2012"],
       "stockholm": ["rutiner/stockholm-overenskommelse", "rutiner/stockholm-policy", "blanketter/overenskommelse"],
       "vastra-gotaland": ["rutiner/vastra-gotaland"]}
# the comparison names every routine, so only the all-regions site has it
ALL_REGIONAL = {p for pages in HAS.values() for p in pages} | {"rutiner/jamfor"}


def copy_project(dest: Path) -> Path:
    for name in ("content", "forms", "site_overrides", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    cache = ROOT / "build" / "pdf-cache"  # the PDFs are the same: start from the project's cache
    if cache.is_dir():
        shutil.copytree(cache, dest / "build" / "pdf-cache")
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("editions"))
    assert build(project, quiet=True) == 0
    return project


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT / "content")


def nav_links(html: str) -> set[str]:
    start = html.index('<nav class="md-nav md-nav--primary"')
    nav = html[start:html.index("md-sidebar--secondary", start)]
    return set(re.findall(r'href="([^"#]+)"', nav))


# --- content ------------------------------------------------------------------------

def test_the_three_seed_regions_are_editions(content):
    assert sorted(content.regions) == REGIONS
    assert content.hard_errors == []


@pytest.mark.parametrize("rid", REGIONS)
def test_edition_holds_its_own_routine_and_followup_and_not_the_others(content, rid):
    derived = editions.editions(content)[rid]
    for page in HAS[rid]:
        assert page in derived.pages, page
    for page in ALL_REGIONAL - set(HAS[rid]):
        assert page not in derived.pages, page
    # the menu names only pages of the edition
    def walk(items):
        for item in items:
            if item.page:
                yield item.page
            yield from walk(item.children)
    assert set(walk(derived.site.nav)) <= set(derived.pages)
    # ... and every page of the edition that the full menu has
    assert set(walk(derived.site.nav)) == {p for p in walk(content.site.nav) if p in derived.pages}
    assert content.site.name in derived.site.name and content.regions[rid][0].name in derived.site.name


def test_the_original_content_is_not_changed(content):
    before = {k: e.model for k, e in content.pages.items()}
    editions.derive(content, content.regions["orebro"][0])
    assert {k: e.model for k, e in content.pages.items()} == before
    assert "rutiner/vastra-gotaland" in content.pages


def test_nested_items_with_regions_are_dropped(content):
    from generator import schema
    page = content.pages["efter-motet"].model
    section = page.sections[0].model_copy(update={"regions": ["stockholm"], "id": "bara-stockholm"})
    model = page.model_copy(update={"sections": [section] + list(page.sections)})
    assert [s.id for s in editions._filter(model, "orebro").sections] == [s.id for s in page.sections]
    assert editions._filter(model, "stockholm").sections[0].id == "bara-stockholm"
    assert isinstance(editions._filter(model, "orebro"), schema.PublicPage)


def write(project: Path, rel: str, text: str) -> None:
    (project / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    for name in ("content", "forms"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def codes(content, code):
    return [(e.file.name, e.line) for e in content.errors if e.code == code]


def test_unknown_region_id_is_an_error_with_file_and_line(project):
    path = project / "content" / "routines" / "vastra-gotaland.yml"
    text = path.read_text(encoding="utf-8").replace("regions: [vastra-gotaland]", "regions: [vastra-gotalnd]")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("regions: [vastra-gotalnd]") + 1
    errors = codes(load_content(project / "content"), "E060")
    assert errors == [("vastra-gotaland.yml", line)]


def test_region_file_errors(project):
    path = project / "content" / "regions" / "orebro.yml"
    data = path.read_text(encoding="utf-8")
    data = data.replace("followup: [orebro-2012]", "followup: [orebro-2013]\nroutines: [vastra-gotaland]")
    data = data.replace("    syfte:", "    syftet:")
    path.write_text(data, encoding="utf-8")
    content = load_content(project / "content")
    lines = data.splitlines()
    assert codes(content, "E061") == [("orebro.yml", lines.index("followup: [orebro-2013]") + 1)]
    assert codes(content, "E064") == [("orebro.yml", lines.index("routines: [vastra-gotaland]") + 1)]
    assert codes(content, "E062") == [("orebro.yml", next(i for i, l in enumerate(lines) if "syftet:" in l) + 1)]
    message = next(e for e in content.errors if e.code == "E062").format(project)
    assert "orebro.yml" in message and "syfte" in message  # says which fields may be filled


def test_regions_without_their_words_in_site_yml(project):
    path = project / "content" / "site.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["ui"]["editions"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert [name for name, _ in codes(load_content(project / "content"), "E063")] == ["site.yml"]


# --- the built editions -----------------------------------------------------------------

@pytest.mark.parametrize("rid", REGIONS)
def test_built_edition_menu_links_csp_search_404(built, rid):
    site = built / "site" / rid
    # the menu (pruned to the open part on each page) has the edition's own pages, and
    # none of the pages the edition leaves out (any link to one would fail the link check)
    for page in HAS[rid]:
        links = nav_links((site / f"{page}.html").read_text(encoding="utf-8"))
        assert any(l.endswith(Path(page).name + ".html") for l in links), page
    for page in ALL_REGIONAL - set(HAS[rid]):
        assert not (site / f"{page}.html").exists(), page
    # no link of the edition's pages is broken: checked over the whole built site, since
    # "Samma sida för" links lead into the sibling editions (anything outside it is broken)
    assert [b for b in broken_links(built / "site") if b[0].startswith(f"{rid}/")] == []
    # its own CSP: every page has the policy, only the theme's scripts are allowed
    features = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["features"]
    texts = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    _, refused = csp_check(site, features, texts)
    assert refused == []
    assert all('http-equiv="Content-Security-Policy"' in t for t in texts.values())
    # its own search index: the edition's pages only
    locations = {d["location"].split("#")[0] for d in json.loads(
        (site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]}
    assert {f"{p}.html" for p in HAS[rid]} <= locations
    assert not {f"{p}.html" for p in ALL_REGIONAL - set(HAS[rid])} & locations
    # its own 404 page, whose links stay in the edition
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert f'href="/{rid}/assets/' in not_found and 'href="/assets/' not in not_found


@pytest.mark.parametrize("rid", REGIONS)
def test_same_page_links_to_every_other_edition(built, rid):
    site = built / "site"
    html = (site / rid / "blanketter" / "kallelse.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="same-page"'):]
    nav = nav[:nav.index("</nav>")]
    hrefs = re.findall(r'href="([^"]+)"', nav)
    expected = ["../../blanketter/kallelse.html"] + [f"../../{o}/blanketter/kallelse.html" for o in REGIONS if o != rid]
    assert hrefs == expected
    for href in hrefs:
        assert (site / rid / "blanketter" / href).resolve().is_file()
    # a page that only this edition has links only to the all-regions site
    page = HAS[rid][0]
    nav = (site / rid / f"{page}.html").read_text(encoding="utf-8").split('<nav class="same-page"')[1].split("</nav>")[0]
    assert [h.replace("../", "") for h in re.findall(r'href="([^"]+)"', nav)] == [f"{page}.html"]
    # the root's pages link to the editions, the start page offers "continue" links (hidden)
    root_index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{rid}/index.html" data-edition-link="{rid}"' in root_index
    assert f'data-continue="{rid}" hidden' in root_index


def test_form_defaults_in_page_and_pdf(built):
    pypdf = pytest.importorskip("pypdf")
    regions = {rid: yaml.safe_load((ROOT / "content" / "regions" / f"{rid}.yml").read_text(encoding="utf-8"))
               for rid in REGIONS}
    for rid, region in regions.items():
        for form, values in region["form_defaults"].items():
            site = built / "site" / rid / "blanketter"
            html = (site / f"{form}.html").read_text(encoding="utf-8")
            fields = pypdf.PdfReader(site / f"{form}.pdf").get_fields()
            for field, value in values.items():
                assert value in html, (rid, form, field)
                assert fields[field].get("/V") == value, (rid, form, field)
    root_fields = pypdf.PdfReader(built / "site" / "blanketter" / "kallelse.pdf").get_fields()
    assert not root_fields["syfte"].get("/V")


def test_offline_zip_of_one_edition(built):
    import zipfile
    assert editions.offline(built, "orebro") == 0
    with zipfile.ZipFile(built / "dist" / "samordnad-planering-orebro-offline.zip") as zf:
        names = set(zf.namelist())
        assert {"samordnad-planering/index.html", "samordnad-planering/uppfoljning/orebro-2012.html",
                "samordnad-planering/blanketter/kallelse.pdf"} <= names
        assert "samordnad-planering/rutiner/vastra-gotaland.html" not in names
        index = zf.read("samordnad-planering/index.html").decode("utf-8")
    # alone in its zip: no links to editions that are not there, the policy, the region's box
    assert 'class="same-page"' not in index and 'http-equiv="Content-Security-Policy"' in index
    assert 'id="region"' in index
    assert editions.offline(built, "finns-inte") == 1


def test_one_changed_edition_does_not_rebuild_the_others(built):
    site = built / "site"

    def mtimes(rid):
        return {p.relative_to(site / rid).as_posix(): p.stat().st_mtime_ns for p in (site / rid).rglob("*") if p.is_file()}
    before = {rid: mtimes(rid) for rid in REGIONS}
    stamps = {rid: stamp._stamp_file(built, site / rid).read_text(encoding="utf-8") for rid in REGIONS}
    region = built / "content" / "regions" / "orebro.yml"
    region.write_text(region.read_text(encoding="utf-8").replace("har stöd för personalen", "har stöd för personal"),
                      encoding="utf-8")
    assert build(built, quiet=True) == 0
    after = {rid: mtimes(rid) for rid in REGIONS}
    for rid in ("stockholm", "vastra-gotaland"):
        assert after[rid] == before[rid], rid  # not one file written again
        assert stamp._stamp_file(built, site / rid).read_text(encoding="utf-8") == stamps[rid]
    assert after["orebro"]["index.html"] != before["orebro"]["index.html"]
    assert "har stöd för personal." in (site / "orebro" / "index.html").read_text(encoding="utf-8")
    assert stamp._stamp_file(built, site / "orebro").read_text(encoding="utf-8") != stamps["orebro"]
    # and nothing changed: nothing is built
    assert build(built, quiet=True) == 0
    assert {rid: mtimes(rid) for rid in REGIONS} == after


def test_region_publisher_replaces_only_what_it_gives(content):
    from generator import schema
    region = content.regions["orebro"][0]
    own = region.model_copy(update={"publisher": schema.RegionPublisher(feedback_url="https://www.region.se/synpunkter")})
    derived = editions.derive(content, own)
    assert derived.site.publisher.feedback_url == "https://www.region.se/synpunkter"
    assert derived.site.publisher.server_logs == content.site.publisher.server_logs
    assert content.site.publisher.feedback_url is None  # the all-regions site keeps its own
    html = editions.EditionRenderer(derived, own).render(derived.pages["index"])
    assert "https://www.region.se/synpunkter" in html and own.name in html


def test_make_serve_previews_every_edition(built):
    """`make serve` renders the pages and builds each edition into the preview's docs
    (static files under <id>/) with a page that lists them."""
    from generator.serve import _generate

    docs, config = built / "build" / "serve-docs", built / "build" / "mkdocs.serve.yml"
    assert _generate(built, docs, config, False)
    for rid in REGIONS:
        assert (docs / rid / "index.html").is_file()
        assert not (docs / rid / "index.md").exists()  # built pages, not sources for the preview's engine
    chooser = (docs / "utgavor.md").read_text(encoding="utf-8")
    assert [f"{rid}/index.html" in chooser for rid in REGIONS] == [True] * len(REGIONS)
    assert yaml.safe_load(config.read_text(encoding="utf-8"))["site_dir"]
