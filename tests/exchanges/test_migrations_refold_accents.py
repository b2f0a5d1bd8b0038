"""0027 folds again the exchanges whose texts hold a letter with an accent or a pinyin tone.

A database at the state before it (exchanges 0026) holds the seed exchanges, a published exchange
naming the Shanghai Communiqué, a draft naming Xí Jìnpíng, and a pending submission, their search
columns folded as the code before it folded them, accents kept. Migrated forward, those two read
"communique" and "xi jinping", the vocabulary holds the new words, "Shanghai Communique" finds the
communiqué (PostgreSQL's index had kept the "é", and found nothing), and every other row, column
and the submission stay as they were. Runs on SQLite and PostgreSQL alike.
"""

import pytest

from exchanges import search
from tests.migrating import add_exchanges, add_seed_exchanges, latest, migrate, submission_rows

OTHERS = [("contributions", "0010_first_published_on_approval"), ("entities", "0003_abbreviations_aside")]
BEFORE = [("exchanges", "0026_first_published"), *OTHERS]
AFTER = [("exchanges", "0027_fold_accents"), *OTHERS]
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
            ("Shanghai Communiqué issued", "published", {"location": "Shànghǎi"}),
            ("Xí Jìnpíng visits Muscatine", "draft", {}),
        ],
    )
    apps.get_model("contributions", "Submission").objects.create(
        title="Café diplomacy", summary="A visit.", date="2021-04-10"
    )
    # The search columns as the code before 0027 folded them: accents kept.
    with monkeypatch.context() as before:
        before.setattr(search, "_without_accents", lambda text: text)
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


def test_letters_with_accents_are_folded_without_them(old_database):
    exchanges, submissions = rows(old_database)
    communique, xi = exchanges["exchange-0"], exchanges["exchange-1"]
    assert "communiqué" in communique["search_title"] and "jìnpíng" in xi["search_title"]
    assert len(exchanges) > 5 and submissions[0][1] == "pending"

    apps = migrate(AFTER)

    after, submissions_after = rows(apps)
    assert submissions_after == submissions
    assert after["exchange-0"]["search_title"] == "shanghai communique issued"
    assert after["exchange-0"]["search_names"] == "shanghai"
    assert after["exchange-1"]["search_title"] == "xi jinping visits muscatine"
    # Every other column of those two, and every column of every other exchange, is as it was.
    for slug, exchange in exchanges.items():
        changed = COLUMNS if slug in ("exchange-0", "exchange-1") else []
        for column, value in exchange.items():
            if column not in changed:
                assert after[slug][column] == value, (slug, column)
    words = set(apps.get_model("exchanges", "SearchWord").objects.values_list("word", flat=True))
    assert {"communique", "jinping"} <= words

    from exchanges.models import Exchange

    for typed in ["Shanghai Communique", "Shanghai Communiqué", '"shanghai communique"']:
        found = set(Exchange.objects.published().search(typed).values_list("slug", flat=True))
        assert found == {"exchange-0"}, (typed, found)
