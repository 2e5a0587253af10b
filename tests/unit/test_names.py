"""Issue 28, findings 5 and 8: names that become addresses. Every folder and content file
under content/ and forms/ is named like an id (E026) and is no symbolic link (E007); a
region's id is unique (E030) and names no root folder or page of the site (E069). All
found by the content check (load_content), before anything is built. Each case is a copy
of the small good fixture in tmp_path."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from generator.content import load_content

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good"
TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def tree(tmp_path) -> Path:
    shutil.copytree(GOOD / "content", tmp_path / "content")
    shutil.copytree(GOOD / "forms", tmp_path / "forms")
    return tmp_path


def found(root: Path) -> list[tuple[str, str, int]]:
    content = load_content(root / "content", today=TODAY)
    return [(e.code, os.path.relpath(e.file, root), e.line) for e in content.errors]


@pytest.mark.parametrize("name", [
    "content/pages/a b.md",                 # a space
    "content/pages/\u202egnp.md",           # a right-to-left override: shows as "png."
    "content/pages/ind\u0435x.md",          # a Cyrillic "е": looks like the start page
    "content/pages/Stor.md",                # a capital letter
    "content/pages/en.sida.md",             # a dot in the name
    "forms/en kel.yml",                     # a form
])
def test_a_file_name_that_is_not_an_id_is_refused(tree, name):
    source = tree / ("forms/enkel.yml" if name.startswith("forms/") else "content/pages/index.md")
    (tree / name).write_bytes(source.read_bytes())
    stem = os.path.splitext(os.path.basename(name))[0]
    assert ("E026", name, 1) in found(tree)
    assert f'"{stem}"' in next(e.message for e in load_content(tree / "content", today=TODAY).errors
                               if e.code == "E026")


@pytest.mark.parametrize("folder", ["content/pages/a b", "content/pages/\u202ebus", "content/pages/inf\u043e",
                                    "forms/E N"])
def test_a_folder_name_that_is_not_an_id_is_refused(tree, folder):
    (tree / folder).mkdir()
    (tree / folder / "sida.md").write_bytes((tree / "content/pages/index.md").read_bytes())
    assert ("E026", folder, 1) in found(tree)


def test_a_folder_symlink_in_content_is_refused_not_skipped(tree, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "hemlig.md").write_bytes((tree / "content/pages/index.md").read_bytes())
    (tree / "content/pages/mer").symlink_to(outside, target_is_directory=True)
    (tree / "forms/mer").symlink_to(outside, target_is_directory=True)
    errors = found(tree)
    assert ("E007", "content/pages/mer", 1) in errors and ("E007", "forms/mer", 1) in errors
    assert [e for e in errors if e[0] == "E007"].count(("E007", "content/pages/mer", 1)) == 1


def test_other_files_are_neither_read_nor_refused(tree):
    """A file the generator never reads (an editor's backup, an image) is not published:
    its name does not matter."""
    (tree / "content/pages/.index.md.swp").write_bytes(b"\0")
    (tree / "content/pages/Bild 1.png").write_bytes(b"\x89PNG")
    assert found(tree) == []


def _region(tree: Path, file: str, rid: str) -> None:
    shutil.copyfile(ROOT / "tests/fixtures/bad/region-unknown-routine/site.yml", tree / "content/site.yml")
    (tree / "content/regions").mkdir(exist_ok=True)
    (tree / "content/regions" / file).write_text(f'name: "Testlän"\nid: {rid}\nintro: "Det här gäller här."\n',
                                                 encoding="utf-8")


@pytest.mark.parametrize("rid", ["blanketter", "assets", "search", "rutiner", "ordlista", "lagar", "index", "partials"])
def test_a_region_id_that_names_a_root_folder_or_page_is_refused(tree, rid):
    _region(tree, "testlan.yml", rid)
    if rid == "partials":  # a folder of the theme's overrides, beside content/
        (tree / "site_overrides" / "partials").mkdir(parents=True)
    errors = found(tree)
    assert ("E069", "content/regions/testlan.yml", 2) in errors, errors
    assert rid not in load_content(tree / "content", today=TODAY).regions


def test_a_second_region_file_with_the_same_id_is_refused(tree):
    _region(tree, "testlan.yml", "testlan")
    _region(tree, "annat.yml", "testlan")
    errors = found(tree)
    assert ("E030", "content/regions/testlan.yml", 2) in errors, errors  # read second (sorted by name)
    assert len([e for e in errors if e[0] == "E030"]) == 1


def test_a_region_named_like_a_root_folder_fails_the_build_cleanly(tree, capsys):
    """Before: a traceback in the build (OSError: Directory not empty) and site.new-<pid>/
    left behind. Now: E069 from the content check, nothing built, nothing left."""
    from generator.build import build

    shutil.copy(ROOT / "mkdocs.yml", tree / "mkdocs.yml")
    shutil.copytree(ROOT / "site_overrides", tree / "site_overrides")
    (tree / "site").mkdir()
    (tree / "site" / "index.html").write_text("förra bygget", encoding="utf-8")
    _region(tree, "testlan.yml", "assets")
    capsys.readouterr()
    assert build(tree, quiet=True) == 1
    err = capsys.readouterr().err
    assert "content/regions/testlan.yml:2: fel E069" in err and "Traceback" not in err
    assert sorted(p.name for p in tree.iterdir() if p.name != "build") == [
        "content", "forms", "mkdocs.yml", "site", "site_overrides"]  # no site.new-<pid>/
    assert (tree / "site" / "index.html").read_text(encoding="utf-8") == "förra bygget"
