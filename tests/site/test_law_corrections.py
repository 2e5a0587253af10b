"""The legal corrections, read from the built pages' text (an HTML parser over site/, not the
YAML): who may consent, both custodians, relatives' right to take part, and no team notes
or guessed paragraphs on the pages for the public."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
import yaml

SKIP = {"script", "style", "template", "svg"}
ROOT = Path(__file__).resolve().parents[2]
SOURCES = yaml.safe_load((ROOT / "content" / "sources.yml").read_text(encoding="utf-8"))["sources"]


class _ArticleText(HTMLParser):
    """The text of a page's <article> (the content, without navigation), block by block."""

    BLOCKS = {"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "label", "legend", "summary",
              "option", "div", "section", "blockquote", "figcaption", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skip = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if tag in SKIP:
            self.skip += 1
        if tag in self.BLOCKS and self.depth:
            self._flush()

    def handle_endtag(self, tag):
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCKS and self.depth:
            self._flush()
        if tag == "article" and self.depth:
            self._flush()
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.current.append(data)


def article_blocks(path: Path) -> list[str]:
    parser = _ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser._flush()
    return parser.blocks


# a full stop that ends an abbreviation ends no sentence: "10 kap. 8 §", "prop. 2024/25:89", "t.ex. X"
SENTENCE_END = re.compile(r"(?<=[.!?])(?<!kap\.)(?<!prop\.)(?<!\bnr\.)(?<!\bex\.)(?<!\bbl\.a\.)\s+")


def sentences(blocks: list[str]) -> list[str]:
    out = []
    for block in blocks:
        out += [s.strip() for s in SENTENCE_END.split(block) if s.strip()]
    return out


@pytest.fixture(scope="module")
def page_text(site_dir) -> dict[str, list[str]]:
    """Every built page of the all-regions site (not the regional editions), as sentences."""
    editions = {p.name for p in site_dir.iterdir() if p.is_dir() and (p / "index.html").exists()
                and (p / "lagar.html").exists()}
    out = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.split("/")[0] in editions:
            continue
        out[rel] = sentences(article_blocks(path))
    assert len(out) > 40, sorted(out)
    return out


PUBLIC = ("for-dig/", "be-om-samordning/", "en/", "efter-motet")
REPRESENTATIVE = re.compile(r"\b(god man|gode man|goda mannen|förvaltare|förvaltaren|framtidsfullmakt\w*|"
                            r"trustee|administrator|power of attorney)\b", re.I)
# a verb of consenting (the noun alone, e.g. in a glossary's "see also" list, states nothing)
GIVES_CONSENT = re.compile(r"samtycker|samtycka|samtyckt|säga ja|säger ja|(lämna|ge)r? (sitt )?samtycke|"
                           r"företräda dig|bestämmer i stället|i ditt ställe|i personens ställe|represent you|"
                           r"give consent|gives consent|say yes", re.I)
NEGATION = re.compile(r"\b(inte|ingen|aldrig|nej|not|no|cannot|only|bara)\b", re.I)


def test_no_page_says_a_representative_consents_for_the_person(page_text):
    wrong = [(page, s) for page, ss in page_text.items() for s in ss
             if REPRESENTATIVE.search(s) and GIVES_CONSENT.search(s) and not NEGATION.search(s)]
    assert not wrong, wrong


def test_the_staff_and_public_pages_say_a_representative_cannot_consent(page_text):
    """The corrected statements are there, on the pages where staff and the public look."""
    for page in ("arbetssatt/sip.html", "for-dig/index.html", "blanketter/samtycke.html", "lagar.html",
                 "ordlista.html", "en/index.html"):
        said = [s for s in page_text[page] if REPRESENTATIVE.search(s) and GIVES_CONSENT.search(s)
                and NEGATION.search(s)]
        assert said, page


def test_the_consent_form_offers_no_representative_as_consent_giver(site_dir):
    class Radios(HTMLParser):
        def __init__(self):
            super().__init__()
            self.values: list[str] = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("type") == "radio" and a.get("name") == "vem":
                self.values.append(a.get("value", ""))

    radios = Radios()
    radios.feed((site_dir / "blanketter" / "samtycke.html").read_text(encoding="utf-8"))
    assert radios.values == ["Personen själv", "Vårdnadshavare"], radios.values
    # the printable PDF carries the same choices, and no representative among them
    text = " ".join(pg.extract_text() for pg in pypdf.PdfReader(site_dir / "blanketter" / "samtycke.pdf").pages)
    assert "Personen själv" in text and "Vårdnadshavare" in text
    for option in ("God man", "Förvaltare", "Annan företrädare"):
        assert option not in text, option


CHILD_CONSENT = re.compile(r"(vårdnadshavar\w*|legal guardians?)", re.I)
CONSENTS = re.compile(r"samtyck\w*|säger ja|säga ja|lämnar samtycket|give consent|agree", re.I)
BOTH = re.compile(r"\bbåda\b|\bboth\b|\btillsammans\b|\bihop\b|\btogether\b", re.I)


def test_both_custodians_on_every_page_about_childrens_consent(page_text):
    pages = {page: ss for page, ss in page_text.items()
             if any(CHILD_CONSENT.search(s) and CONSENTS.search(s) for s in ss)}
    assert {"arbetssatt/sip.html", "blanketter/samtycke.html", "for-dig/index.html",
            "be-om-samordning/index.html", "lagar.html"} <= set(pages), sorted(pages)
    for page, ss in pages.items():
        # "Har du två vårdnadshavare ska de bestämma ihop. Båda ska säga ja." (two sentences)
        pairs = [" ".join(ss[i:i + 2]) for i in range(len(ss))]
        assert any(CHILD_CONSENT.search(s) and BOTH.search(s) for s in pairs), page
        singular = [s for s in ss if re.search(r"vårdnadshavaren (samtycker|lämnar samtycket|säger ja)", s, re.I)]
        assert not singular, (page, singular)


def test_the_consent_form_says_when_one_custodian_may_decide_alone(page_text):
    text = " ".join(page_text["blanketter/samtycke.html"])
    assert "Har inte kunnat nås" in text
    assert "6 kap. 13 § andra stycket" in text and "inte kan vänta" in text


RELATIVES = re.compile(r"närstående|relatives?", re.I)
CONDITION = re.compile(r"om det (är lämpligt|passar)|if it is suitable", re.I)
GIVEN_CHANCE = re.compile(r"ska (\w+ ){0,2}(ges|få) möjlighet|must be given the chance", re.I)


def test_relatives_shall_be_given_the_chance_to_take_part(page_text):
    """Wherever a page gives the law's condition for relatives, it says they shall be given
    the chance to take part, never only that they may."""
    found = {}
    for page, ss in page_text.items():
        for i, s in enumerate(ss):
            # the relatives are named in the sentence or in the one before ("Bjud in närstående. De ska ...")
            if CONDITION.search(s) and (RELATIVES.search(s) or (i and RELATIVES.search(ss[i - 1]))):
                found.setdefault(page, []).append(s)
    assert {"lagar.html", "arbetssatt/sip.html", "blanketter/kallelse.html", "for-dig/index.html"} <= set(found), \
        sorted(found)
    wrong = [(page, s) for page, ss in found.items() for s in ss if not GIVEN_CHANCE.search(s)]
    assert not wrong, wrong


def test_the_kallelse_says_who_must_attend_and_warns_about_e_mail(page_text):
    text = " ".join(page_text["blanketter/kallelse.html"])
    assert "skyldig att komma" not in text
    assert re.search(r"regionen och kommunen (är )?skyldiga", text, re.I)
    assert re.search(r"(personnummer|sekretess)[^.]*vanlig e-post", text, re.I)


def test_public_pages_hold_no_team_notes_and_no_promised_samordnare(page_text):
    notes = re.compile(r"\bVi tror\b|\bWe believe\b|har vi inte kunnat bekräfta|We have not been able to confirm|"
                       r"Vi kontrollerade lagarna|Du får en samordnare|You get one coordinator", re.I)
    wrong = [(page, s) for page, ss in page_text.items() if page.startswith(PUBLIC) for s in ss if notes.search(s)]
    assert not wrong, wrong
    # the old term only in a cited document's title or where a page explains that the source uses it
    titles = [src["title"] for src in SOURCES if "utvecklingsstörning" in src["title"]]
    old_term = [(page, s) for page, ss in page_text.items() if page.startswith(PUBLIC) for s in ss
                if "utvecklingsstörning" in s and "policy för vuxna med utvecklingsstörning" not in s
                and "äldre ordet" not in s and not any(t in s for t in titles)]
    assert not old_term, old_term


# the paragraphs of the new Social Services Act (SFS 2025:400) the pages may cite: the SIP
# rule (10 kap. 8 och 9 §§), the agreements (7 kap. 2 §), fast omsorgskontakt (10 kap. 7 §)
SOL_2025_CITED = re.compile(r"10 kap\. [789]|7 kap\. 2 §|chapter 10, sections? [89]|16 kap\. 4 §|chapter 16, section 4")  # 16:4 is HSL
SOL_2025_ANY = re.compile(r"\d+ kap\. \d+|chapter \d+, sections? \d+")


def test_the_pages_cite_the_sip_paragraph_of_the_new_social_services_act(page_text):
    """SFS 2025:400 10 kap. 8 och 9 §§ everywhere the new act's SIP rule is placed; no page
    still says the paragraph is unknown, and none gives the new act another paragraph."""
    unknown = re.compile(r"(inte|ännu inte) (har )?kunnat (bekräfta|kontrollera) i vilken paragraf|"
                         r"vilket kapitel och vilken paragraf|paragrafen inte kontrollerad", re.I)
    wrong = [(page, s) for page, ss in page_text.items() for s in ss if unknown.search(s)]
    assert not wrong, wrong
    # a paragraph cited next to the new act (within a few words) is one of its SIP paragraphs
    guessed = [(page, s) for page, ss in page_text.items() for s in ss if "2025:400" in s
               for m in SOL_2025_ANY.finditer(s)
               if abs(m.start() - s.index("2025:400")) < 60 and not SOL_2025_CITED.match(s, m.start())]
    assert not guessed, guessed
    for page in ("lagar.html", "arbetssatt/sip.html", "ordlista.html", "be-om-samordning/index.html"):
        said = [s for s in page_text[page] if re.search(r"10 kap\. 8 och 9 §§", s)]
        assert said, page
    # the wording that differs: "genast" in the Social Services Act, "utan dröjsmål" in HSL
    laws = " ".join(page_text["lagar.html"])
    assert "genast" in laws and "utan dröjsmål" in laws
    assert "Socialtjänstlag (2025:400)" in laws and "Svensk författningssamling" in laws  # the statute as a source


@pytest.mark.parametrize("anchor", ["inte-ta-stallning", "missbruk", "psykiatri", "aldre", "dela-uppgifter",
                                    "privata-utforare", "mandat", "uppfoljningar"])
def test_the_new_staff_topics_are_headings_on_the_sip_page(site_dir, anchor):
    class Headings(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "h2":
                self.ids.append(dict(attrs).get("id", ""))

    headings = Headings()
    headings.feed((site_dir / "arbetssatt" / "sip.html").read_text(encoding="utf-8"))
    assert anchor in headings.ids, headings.ids
