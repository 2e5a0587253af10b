"""The theme's drawer and search toggles lose only their invalid autocomplete attribute."""
from generator.theme_html import fix

TOGGLES = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
           '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n')
SEARCH_FIELD = '<input type="text" class="md-search__input" name="query" autocomplete="off" required>'


def test_toggles_lose_autocomplete_and_nothing_else_changes():
    fixed = fix(TOGGLES + SEARCH_FIELD)
    assert 'id="__drawer">' in fixed and 'id="__search">' in fixed
    assert fixed.count('autocomplete="off"') == 1 and SEARCH_FIELD in fixed  # valid on a text field: kept
    assert fix(fixed) == fixed
