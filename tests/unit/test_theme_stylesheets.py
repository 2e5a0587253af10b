"""The theme's stylesheets cut to what the pages and their scripts can use
(generator/theme_css.py), on a small site of our own making."""
from __future__ import annotations

import re

from generator import theme_css

CSS = (
    '@charset "UTF-8";'
    ":root{--used:red;--chain:var(--deep);--deep:blue;--unused:green;--only-unused:var(--unused-deep);"
    "--unused-deep:1px}"
    ".page{color:var(--used)}"
    ".absent{color:var(--chain)}"
    ".page:not(.absent){margin:0}"
    ".absent,.page .made-by-script{padding:0}"
    ".md-nav__link--active{font-weight:700}"
    ".md-tooltip{opacity:0}.md-tooltip__inner{padding:0}"
    "[data-scheme=dark]{color:black}[data-scheme=pink]{color:pink}"
    "@media screen{.absent{top:0}}"
    "@media print{.page{top:0}}"
    ".\\31 0{left:0}"
    "@keyframes spin{to{transform:rotate(1turn)}}"
    "/*# sourceMappingURL=main.0123abcd.min.css.map */"
)
PAGE = ('<html><head><link rel="stylesheet" href="{up}assets/stylesheets/main.0123abcd.min.css">'
        '<script src="{up}assets/app.js"></script><script src="{up}assets/javascripts/bundle.js"></script></head>'
        '<body data-scheme="dark"><nav class="md-nav"></nav>'
        '<p class="page">absent made-by-script in the text only</p></body></html>')
SCRIPT = 'el.className = "made-by-script";'  # our own script: every word counts
# the theme's script: a word counts when its block (before __ or --) is in a page
THEME_SCRIPT = 'link.classList.add("md-nav__link--" + state); tip.className = "md-tooltip__inner md-tooltip";'


def make_site(tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "sub").mkdir()
    (site / "assets" / "stylesheets" / "main.0123abcd.min.css").write_text(CSS, encoding="utf-8")
    (site / "assets" / "stylesheets" / "main.0123abcd.min.css.map").write_text("{}", encoding="utf-8")
    (site / "assets" / "app.js").write_text(SCRIPT, encoding="utf-8")
    (site / "assets" / "javascripts").mkdir()
    (site / "assets" / "javascripts" / "bundle.js").write_text(THEME_SCRIPT, encoding="utf-8")
    (site / "assets" / "unused-worker.js").write_text('x = "absent";', encoding="utf-8")  # loaded by no page
    (site / "index.html").write_text(PAGE.format(up=""), encoding="utf-8")
    (site / "sub" / "page.html").write_text(PAGE.format(up="../"), encoding="utf-8")
    return site


def test_rules_no_page_or_script_can_use_are_cut(tmp_path):
    site = make_site(tmp_path)
    renamed = theme_css.apply(site)
    [(old, new)] = renamed.items()
    assert old == "main.0123abcd.min.css" and re.fullmatch(r"main\.[0-9a-f]{8}\.min\.css", new) and new != old
    text = (site / "assets" / "stylesheets" / new).read_text(encoding="utf-8")
    assert not (site / "assets" / "stylesheets" / old).exists()
    assert not list((site / "assets" / "stylesheets").glob("*.map")) and "sourceMappingURL" not in text
    # kept: used classes, a class our script writes, one the theme's joins from a prefix
    # to a block in the page,
    # tokens inside :not(), the attribute value a page has, print rules, escapes, keyframes
    for kept in (".page{color:var(--used)}", ".page:not(.absent){margin:0}", ".page .made-by-script{padding:0}",
                 ".md-nav__link--active{", "[data-scheme=dark]", "@media print{.page{top:0}}", ".\\31 0{",
                 "@keyframes spin", "--used:red"):
        assert kept in text, kept
    # cut: a class only in a page's text or in a script no page loads, an attribute value
    # no page has, an empty @media, custom properties nothing refers to (also through another)
    assert ".absent," not in text and ".absent{" not in text and "@media screen" not in text
    assert "pink" not in text
    assert ".md-tooltip" not in text  # the theme's script names it, but no page has the block
    for gone in ("--chain", "--deep", "--unused", "--only-unused", "--unused-deep"):
        assert gone + ":" not in text, gone


def test_every_page_links_the_new_name_and_the_name_follows_the_text(tmp_path):
    site = make_site(tmp_path)
    new = theme_css.apply(site)["main.0123abcd.min.css"]
    assert f'href="assets/stylesheets/{new}"' in (site / "index.html").read_text(encoding="utf-8")
    assert f'href="../assets/stylesheets/{new}"' in (site / "sub" / "page.html").read_text(encoding="utf-8")
    # the same pages give the same name; a page using one more class gives another
    again = make_site(tmp_path / "again")
    assert theme_css.apply(again)["main.0123abcd.min.css"] == new
    other = make_site(tmp_path / "other")
    (other / "index.html").write_text(PAGE.format(up="").replace('class="page"', 'class="page absent"'),
                                      encoding="utf-8")
    assert theme_css.apply(other)["main.0123abcd.min.css"] != new


def test_the_parsed_theme_stylesheet_is_kept_between_builds(tmp_path):
    cache = tmp_path / "cache"
    first = make_site(tmp_path / "a")
    name = theme_css.apply(first, cache=cache)["main.0123abcd.min.css"]
    assert len(list(cache.glob("*.json"))) == 1
    second = make_site(tmp_path / "b")
    assert theme_css.apply(second, cache=cache)["main.0123abcd.min.css"] == name
    assert (first / "assets" / "stylesheets" / name).read_bytes() == (second / "assets" / "stylesheets" / name).read_bytes()
