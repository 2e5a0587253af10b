"""One SIP process that the staff pages follow, and the regions' own rules, read from the
built pages with an HTML parser: steg-för-steg has the SIP page's steps in the same order,
a region's rule is a box headed with the region's name and citing its document and date,
and an edition shows only its own region's rules."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
UI = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))["ui"]
REGIONS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["name"]
           for p in sorted((ROOT / "content" / "regions").glob("*.yml"))}
TITLE = re.compile("^" + re.escape(UI["rule_title"]).replace(re.escape("{region}"), "(?P<region>.+)") + "$")
RULE_PAGES = ("arbetssatt/steg-for-steg.html", "arbetssatt/sip.html", "arbetssatt/lathundar/den-som-kallar.html",
              "efter-motet.html")


class _Page(HTMLParser):
    """The <article>'s h2 headings (id, text), its regional-rule boxes (title, text) and
    its text before the first box of the first section."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_article = False
        self.h2: list[tuple[str, str]] = []
        self.rules: list[dict] = []
        self._h2 = None
        self._rule_depth = 0  # div nesting inside the current rule box
        self._title = False
        self.ordered_lists: list[str] = []
        self._ol = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.in_article = True
        if not self.in_article:
            return
        if tag == "h2":
            self._h2 = [a.get("id", ""), ""]
        if tag == "div":
            classes = (a.get("class") or "").split()
            if self._rule_depth:
                self._rule_depth += 1
            elif "regional-rule" in classes:
                self._rule_depth = 1
                self.rules.append({"title": "", "text": "", "section": self.h2[-1][0] if self.h2 else ""})
        if tag == "p" and self._rule_depth and "admonition-title" in (a.get("class") or ""):
            self._title = True
        if tag == "ol" and not self._rule_depth:
            self._ol = ""

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article = False
        if tag == "h2" and self._h2 is not None:
            self.h2.append((self._h2[0], re.sub(r"\s+", " ", self._h2[1]).strip()))
            self._h2 = None
        if tag == "div" and self._rule_depth:
            self._rule_depth -= 1
        if tag == "p":
            self._title = False
        if tag == "ol" and self._ol is not None:
            self.ordered_lists.append(re.sub(r"\s+", " ", self._ol).strip())
            self._ol = None

    def handle_data(self, data):
        if not self.in_article:
            return
        if self._h2 is not None:
            self._h2[1] += data
        if self._rule_depth:
            key = "title" if self._title else "text"
            self.rules[-1][key] += data
        if self._ol is not None:
            self._ol += data


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    for rule in page.rules:
        rule["title"] = re.sub(r"\s+", " ", rule["title"]).strip()
        rule["text"] = re.sub(r"\s+", " ", rule["text"]).strip()
    return page


def step_headings(page: _Page) -> list[tuple[str, str]]:
    """(id, title) of the "Steg N: ..." headings, in order."""
    prefix = re.compile(rf"^{re.escape(UI['step_label'])} (\d+): (.+)$")
    out = []
    for hid, text in page.h2:
        m = prefix.match(text)
        if m:
            assert int(m.group(1)) == len(out) + 1, (hid, text)
            out.append((hid, m.group(2)))
    return out


def test_steg_for_steg_has_the_sip_steps_in_order(site_dir):
    sip = step_headings(parse(site_dir / "arbetssatt" / "sip.html"))
    steps = step_headings(parse(site_dir / "arbetssatt" / "steg-for-steg.html"))
    assert len(sip) >= 8
    assert steps == sip  # the same ids, titles and numbers, in the same order
    assert [hid for hid, _ in sip][:4] == ["behovet", "initiativ", "samtycke", "kalla"]


@pytest.mark.parametrize("edition", ["", *REGIONS])
def test_steg_for_steg_follows_the_sip_steps_in_every_edition(site_dir, edition):
    base = site_dir / edition if edition else site_dir
    assert step_headings(parse(base / "arbetssatt" / "steg-for-steg.html")) == \
        step_headings(parse(base / "arbetssatt" / "sip.html"))


def test_every_rule_is_headed_with_its_region_and_cites_its_document_and_date(site_dir):
    sources = yaml.safe_load((ROOT / "content" / "sources.yml").read_text(encoding="utf-8"))["sources"]
    shorts = [s["short"] for s in sources]
    dated = re.compile(re.escape(UI["rule_dated"]).replace(re.escape("{date}"), r"\d.+") + "|"
                       + re.escape(UI["rule_undated"]) + "|"
                       + re.escape(UI["rule_read"]).replace(re.escape("{date}"), r"\d.+"))
    seen = set()
    for rel in RULE_PAGES:
        rules = parse(site_dir / rel).rules
        assert rules, rel
        for rule in rules:
            m = TITLE.match(rule["title"])
            assert m, (rel, rule["title"])
            seen.add(m.group("region"))
            assert rule["text"].count(UI["sources"] + ":") == 1, rule
            assert any(short in rule["text"] for short in shorts), rule
            assert dated.search(rule["text"]), rule
    # the regions with editions, and a region without one (named in the rule)
    assert {"Västra Götaland", "Stockholms län", "Jönköpings län"} <= seen, seen


def test_the_2009_routine_is_labelled_with_its_date(site_dir):
    rules = parse(site_dir / "arbetssatt" / "steg-for-steg.html").rules
    vg = [r for r in rules if "Västra Götalands rutin (2009)" in r["text"]]
    assert vg and all(r["title"] == UI["rule_title"].format(region="Västra Götaland") for r in vg)
    assert all(UI["rule_dated"].format(date="28 augusti 2009") in r["text"] for r in vg)


@pytest.mark.parametrize("rid", sorted(REGIONS))
@pytest.mark.parametrize("rel", RULE_PAGES)
def test_an_edition_shows_only_its_own_regions_rules(site_dir, rid, rel):
    root = parse(site_dir / rel).rules
    path = site_dir / rid / rel
    if not path.exists():
        pytest.fail(f"{rid}/{rel} is not built")
    own = parse(path).rules
    name = REGIONS[rid]
    # every rule in the edition is this region's, and every rule of this region is there
    assert all(r["title"] == UI["rule_title"].format(region=name) for r in own), [r["title"] for r in own]
    assert [r["text"] for r in own] == [r["text"] for r in root
                                        if r["title"] == UI["rule_title"].format(region=name)]
    # the other regions' rules, with or without an edition, are left out
    others = {TITLE.match(r["title"]).group("region") for r in root} - {name}
    assert others, rel
    for r in own:
        for other in others:
            assert other not in r["title"]


def test_a_regions_rule_text_is_only_in_that_regions_edition(site_dir):
    rel = Path("arbetssatt") / "steg-for-steg.html"
    text = {rid: (site_dir / rid / rel).read_text(encoding="utf-8") for rid in REGIONS}
    vg_only = "förankrar det först i sin egen"  # Västra Götaland's 2009 routine
    stockholm_only = "två [justerare]"  # Stockholm's policy (the term is a glossary link)
    assert vg_only in (site_dir / rel).read_text(encoding="utf-8")
    assert vg_only in text["vastra-gotaland"] and vg_only not in text["stockholm"] and vg_only not in text["orebro"]
    assert any("justerare" in r["text"] and "en från varje huvudman" in r["text"]
               for r in parse(site_dir / "stockholm" / rel).rules)
    assert not any("justerare" in r["text"] for r in parse(site_dir / "vastra-gotaland" / rel).rules)
    assert stockholm_only not in text["orebro"]


def test_no_task_page_leads_with_the_2009_routines(site_dir):
    """The national task comes first in every step and section; the routines only in the
    labelled boxes (no "VG:" or "Stockholms policy:" bullet leads a task)."""
    legacy = re.compile(r"^(VG|Västra Götaland|Stockholms policy|Stockholms läns överenskommelse|Stockholm)\s*:")

    class Items(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.depth = self.in_article = self.rule = 0
            self.items: list[str] = []
            self.cur = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "article":
                self.in_article = 1
            if tag == "div" and "regional-rule" in (a.get("class") or ""):
                self.rule = 1
            elif tag == "div" and self.rule:
                self.rule += 1
            if tag == "li" and self.in_article and not self.rule and self.cur is None:
                self.cur = ""

        def handle_endtag(self, tag):
            if tag == "div" and self.rule:
                self.rule -= 1
            if tag == "li" and self.cur is not None:
                self.items.append(self.cur.strip())
                self.cur = None

        def handle_data(self, data):
            if self.cur is not None:
                self.cur += data

    for rel in ("arbetssatt/steg-for-steg.html", "arbetssatt/lathundar/den-som-kallar.html", "efter-motet.html"):
        items = Items()
        items.feed((site_dir / rel).read_text(encoding="utf-8"))
        assert items.items, rel
        wrong = [i for i in items.items if legacy.match(i)]
        assert not wrong, (rel, wrong)


def test_efter_motet_opens_with_the_four_points_of_a_sip(site_dir):
    page = parse(site_dir / "efter-motet.html")
    first = page.ordered_lists[0]
    assert "vilken hjälp du behöver" in first and "huvudansvaret" in first, first
    assert "samordnare" not in first and "sju" not in first
    # the 2009 seven points only in Västra Götaland's box
    text = (site_dir / "efter-motet.html").read_text(encoding="utf-8")
    assert "Planen kallas" not in text
    sju = [r for r in page.rules if "sju punkter" in r["text"]]
    assert sju and all(r["title"] == UI["rule_title"].format(region="Västra Götaland") for r in sju)
    assert not [r for r in parse(site_dir / "stockholm" / "efter-motet.html").rules if "sju punkter" in r["text"]]


class _Checklist(HTMLParser):
    """Each checklist item: its group, its region label (or "") and its source line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[dict] = []
        self.group = ""
        self._in = None  # "label", "region", "source"
        self._h = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag in ("h2", "h3") and a.get("id"):
            self.group, self._h = a["id"], True
        if tag == "li" and "checklist__item" in cls:
            self.items.append({"group": self.group, "region": "", "source": "", "label": ""})
        if self.items and tag == "strong" and "checklist__region" in cls:
            self._in = "region"
        elif self.items and tag == "label":
            self._in = "label"
        elif self.items and tag == "p" and "checklist__source" in cls:
            self._in = "source"

    def handle_endtag(self, tag):
        if tag == "strong" and self._in == "region":
            self._in = "label"
        elif tag in ("label", "p"):
            self._in = None

    def handle_data(self, data):
        if self._in and self.items:
            self.items[-1][self._in] += data


def checklist_items(path: Path) -> list[dict]:
    parser = _Checklist()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.items


CHECKLISTS = sorted(p.stem for p in (ROOT / "content" / "method" / "checklistor").glob("*.yml"))
ROUTINES = ("Västra Götalands rutin (2009)", "Stockholms policy", "Stockholms läns överenskommelse")


@pytest.mark.parametrize("checklist", CHECKLISTS)
def test_checklists_start_with_the_sip_and_label_every_routines_point(site_dir, checklist):
    rel = Path("arbetssatt") / "checklistor" / f"{checklist}.html"
    items = checklist_items(site_dir / rel)
    assert items and items[0]["region"] == ""  # the first point applies in the whole country
    first = [i for i in items if i["group"] == items[0]["group"]]
    assert sum(not i["region"] for i in first) >= len(first) - 1, first  # at most one region's point among them
    for item in items:
        if any(r in item["source"] for r in ROUTINES):
            assert TITLE.match(item["region"].rstrip(":").strip()), item
            assert re.search(re.escape(UI["rule_undated"]) + "|" + re.escape(UI["rule_dated"].split("{")[0]),
                             item["source"]), item
    for rid, name in REGIONS.items():
        own = checklist_items(site_dir / rid / rel)
        labels = {i["region"].rstrip(":").strip() for i in own if i["region"]}
        assert labels <= {UI["rule_title"].format(region=name)}, (rid, labels)
        # the whole country's points are in every edition
        assert [i["label"] for i in own if not i["region"]] == [i["label"] for i in items if not i["region"]]
