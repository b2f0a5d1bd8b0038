"""A web address or a long unbroken word pasted into an exchange's text wraps on a phone.

Contributors paste addresses into summaries, outcomes and participants, and a reader may search
for one; on a 390 px screen a 141-character address made an exchange's page 822 px wide.
"""

import datetime

import pytest

from exchanges.links import link_entities
from tests.factories import make_exchange

from .helpers import NARROW, WIDTHS, set_width, sideways_overflow

ADDRESS = "https://www.state.gov/briefings-foreign-press-centers/" + "us-china-people-to-people-exchange-" * 3
WORD = "Zhongmeijiaoliu" * 12


@pytest.fixture
def long_words(transactional_db):
    exchange = make_exchange(
        title=f"Talks on {WORD}",
        summary=f"The agreement is at {ADDRESS} and in the annex.",
        outcomes=f"Minutes: {ADDRESS}",
        participants=f"Delegates listed at {ADDRESS}",
        partners=f"{WORD} Foundation",
        location=WORD,
        date=datetime.date(2019, 5, 6),
    )
    link_entities(exchange)
    return exchange


@pytest.mark.parametrize("width", WIDTHS)
def test_an_exchange_with_long_words_fits_the_screen(page, long_words, screenshot, width):
    set_width(page, width)
    assert page.goto(long_words.get_absolute_url()).ok
    screenshot(page, "long-words-detail")
    assert sideways_overflow(page) == 0


def test_the_list_and_a_search_for_a_long_word_fit_a_phone(page, long_words, screenshot):
    set_width(page, NARROW)
    assert page.goto("/exchanges/").ok
    assert sideways_overflow(page) == 0
    assert page.goto(f"/exchanges/?q={WORD}x").ok
    screenshot(page, "long-words-search")
    assert sideways_overflow(page) == 0


def test_an_organisation_with_a_long_name_fits_a_phone(page, long_words, screenshot):
    set_width(page, NARROW)
    organisation = long_words.organisation_links.get().organisation
    assert page.goto(organisation.get_absolute_url()).ok
    screenshot(page, "long-words-organisation")
    assert sideways_overflow(page) == 0
