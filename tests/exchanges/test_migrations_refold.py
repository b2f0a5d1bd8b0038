"""0022 folds again the exchanges whose texts join a word to a common one with an apostrophe.

A database at the state before it (exchanges 0021) holds the seed exchanges (some naming Xi), a
published exchange naming Xi’an, a draft naming Yan'an, and a pending submission, their search
columns folded as the code before it folded them ("xi an"). Migrated forward, those two read "xian"
and "yanan", the vocabulary holds both, a search for Xi'an finds only the exchange naming it
(PostgreSQL's index had left "an" out of "xi an", and found every Xi), and every other row, column
and the submission stay as they were. Runs on SQLite and PostgreSQL alike.
"""

import re

import pytest

from exchanges import search
from tests.migrating import add_exchanges, add_seed_exchanges, latest, migrate, submission_rows

OTHERS = [("contributions", "0006_dismissed_hint"), ("entities", "0002_exchange_count")]
BEFORE = [("exchanges", "0021_place_links_hold_the_country"), *OTHERS]
AFTER = [("exchanges", "0022_fold_pinyin_apostrophes"), *OTHERS]
COLUMNS = ["search_title", "search_names", "search_body"]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database(monkeypatch):
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    add_seed_exchanges(Exchange)
    add_exchanges(
        Exchange,
        [
            ("Kansas City and Xi’an become sister cities", "published", {"location": "Xi'an"}),
            ("Yan'an revisited", "draft", {}),
        ],
    )
    apps.get_model("contributions", "Submission").objects.create(
        title="Xi'an delegation", summary="A visit.", date="2021-04-10"
    )
    # The search columns as the code before 0022 folded them: "Xi'an" as "xi an".
    with monkeypatch.context() as before:
        before.setattr(search, "_APOSTROPHE_WORD", re.compile("(?!)"))
        for exchange in Exchange.objects.all():
            exchange.search_title, exchange.search_names, exchange.search_body = search.search_columns(
                exchange
            )
            exchange.save(update_fields=COLUMNS)
    yield apps
    migrate(latest())


def rows(apps):
    Exchange = apps.get_model("exchanges", "Exchange")
    return (
        {exchange["slug"]: exchange for exchange in Exchange.objects.values()},
        submission_rows(apps),
    )


def test_words_joined_by_an_apostrophe_to_a_common_word_are_folded_whole(old_database):
    exchanges, submissions = rows(old_database)
    xian, yanan = exchanges["exchange-0"], exchanges["exchange-1"]
    assert "xi an" in xian["search_title"] and "yan an" in yanan["search_title"]
    assert len(exchanges) > 5 and submissions[0][1] == "pending"

    apps = migrate(AFTER)

    after, submissions_after = rows(apps)
    assert submissions_after == submissions
    assert after["exchange-0"]["search_title"] == "kansas city and xian become sister cities"
    assert after["exchange-0"]["search_names"] == "xian"
    assert after["exchange-1"]["search_title"] == "yanan revisited"
    # Every other column of those two, and every column of every other exchange, is as it was.
    for slug, exchange in exchanges.items():
        changed = COLUMNS if slug in ("exchange-0", "exchange-1") else []
        for column, value in exchange.items():
            if column not in changed:
                assert after[slug][column] == value, (slug, column)
    words = set(apps.get_model("exchanges", "SearchWord").objects.values_list("word", flat=True))
    assert {"xian", "yanan"} <= words

    from exchanges.models import Exchange

    for typed in ["Xi'an", "Xian", "Xi’an"]:
        found = set(Exchange.objects.published().search(typed).values_list("slug", flat=True))
        assert found == {"exchange-0"}, (typed, found)
    # The seeds naming Xi are found as before, the exchange naming Xi'an is not.
    naming_xi = set(Exchange.objects.published().search("Xi").values_list("slug", flat=True))
    assert naming_xi and all(slug.startswith("seed-") for slug in naming_xi), naming_xi
