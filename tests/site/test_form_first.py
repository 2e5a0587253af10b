"""Form pages open with the purpose and the form: on a 375 x 740 phone screen the first
field of the kallelse is on the first screen; the routines the form comes from are a
closed disclosure below the form. No built page shows a publisher example value."""
from __future__ import annotations

import re
from html.parser import HTMLParser

# "FYLL I" as the examples write it (the forms say "Fyll i" to the reader); example.se in any case
PLACEHOLDER = re.compile(r"FYLL I|(?i:example\.se)")


def test_kallelse_first_field_is_on_the_first_phone_screen(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="sv-SE")
    page = context.new_page()
    page.goto(base_url + "blanketter/kallelse.html")
    page.wait_for_selector("[data-action=check]:not([hidden])")  # the script has shown the buttons
    first = page.locator(".coord-form input:not([type=hidden]), .coord-form select, .coord-form textarea").first
    box = first.bounding_box()
    assert box is not None and box["height"] > 0
    assert box["y"] + box["height"] <= 740, box
    # the routines come after the form, closed
    assert page.evaluate("""() => {
        const d = document.querySelector('details.required-by');
        const f = document.querySelector('.coord-form');
        return !!d && !d.open && !!(f.compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    context.close()


class _TextAndUrls(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [v for k, v in attrs if k in ("href", "src") and v]

    def handle_data(self, data):
        self.text.append(data)


def test_no_page_shows_a_publisher_example(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 100  # the all-regions site and the regional editions
    for path in pages:
        parser = _TextAndUrls()
        parser.feed(path.read_text(encoding="utf-8"))
        assert not PLACEHOLDER.search(" ".join(parser.text)), path
        assert not [u for u in parser.urls if PLACEHOLDER.search(u)], path
