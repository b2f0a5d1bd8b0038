"""0019 adds the summaries of much-linked entities (EntityCount), filled from the exchanges already there.

A database at the state before it (exchanges 0018) holds the seed exchanges linked to their
organisations, people and places, a draft, an exchange naming the same organisation as partner and
sponsor, and a pending submission; each entity's count of published exchanges is set as the site
keeps it. Migrated forward with a threshold of two exchanges, the entities with two or more get
rows equal to a count from scratch and the others none; every exchange and the submission stay.
Going back drops the table. Runs on SQLite and PostgreSQL alike.
"""

from collections import defaultdict

import pytest
from django.db import connection
from django.test import override_settings

from exchanges.counts import entity_summary_expected, kept_entity_summary
from tests.migrating import add_linked_seeds_and_a_submission, latest, migrate

OTHERS = [("contributions", "0006_dismissed_hint"), ("entities", "0002_exchange_count")]
BEFORE = [("exchanges", "0018_search_words_kept_in_the_row"), *OTHERS]
AFTER = [("exchanges", "0019_entity_counts"), *OTHERS]
STATE = "U.S. Department of State"
LINKS = {"Organisation": "ExchangeOrganisation", "Person": "ExchangePerson", "Place": "ExchangePlace"}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    both = {"partners": STATE, "sponsors": STATE, "type": "education", "levels": ["state"]}
    draft = {"partners": STATE, "location": "Beijing"}
    add_linked_seeds_and_a_submission(
        apps,
        [
            ("State Department hosts a delegation", "published", both),
            ("Draft visit to Beijing", "draft", draft),
        ],
    )
    # Each entity's count of published exchanges, as the site keeps it (each exchange once).
    for model_name, link_name in LINKS.items():
        field = model_name.lower()
        published = defaultdict(set)
        link = apps.get_model("exchanges", link_name)
        for entity, exchange in link.objects.filter(exchange__status="published").values_list(
            f"{field}_id", "exchange_id"
        ):
            published[entity].add(exchange)
        for pk, exchanges in published.items():
            apps.get_model("entities", model_name).objects.filter(pk=pk).update(exchange_count=len(exchanges))
    yield apps
    migrate(latest())


def table_exists():
    return "exchanges_entitycount" in connection.introspection.table_names()


@override_settings(ENTITY_SUMMARY_MIN=2)
def test_the_much_linked_entities_are_summarised_from_their_exchanges(old_database):
    exchanges = sorted(
        old_database.get_model("exchanges", "Exchange").objects.values_list(
            "slug", "status", "type", "levels"
        )
    )
    assert not table_exists()

    apps = migrate(AFTER)

    assert sorted(
        apps.get_model("exchanges", "Exchange").objects.values_list("slug", "status", "type", "levels")
    ) == (exchanges)
    assert apps.get_model("contributions", "Submission").objects.filter(status="pending").count() == 1
    kept = kept_entity_summary()
    assert kept == entity_summary_expected()
    # Summarised: several of each kind, the State Department among them; not the entities of one exchange.
    assert {kind for kind, _pk, _key in kept} == {"organisation", "person", "place"}
    state = apps.get_model("entities", "Organisation").objects.get(name=STATE)
    assert any(kind == "organisation" and pk == state.pk for kind, pk, _key in kept)
    once = (
        apps.get_model("entities", "Organisation")
        .objects.filter(exchange_count=1)
        .values_list("pk", flat=True)
    )
    assert once and not {pk for kind, pk, _key in kept if kind == "organisation"} & set(once)

    migrate(BEFORE)
    assert not table_exists()
