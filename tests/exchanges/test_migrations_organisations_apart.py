"""0025 links the exchanges of an organisation made of several that a line listed to each of them.

A database at the state before it (exchanges 0024) holds the seed exchanges, a pending submission,
and organisations linked the old way: "University of Virginia / Peking University" (one
organisation, beside Peking University), "Iowa Soybean Association and Iowa Farm Bureau" (with an
alias, linked from a draft), and "Hong Kong University of Science and Technology", one name.
Migrated forward, each exchange links to every organisation its line lists, the counts of
published exchanges are made again, the unlinked organisation without an alias is gone, and
every other row stays as it was. Runs on SQLite and PostgreSQL alike.
"""

import pytest

from tests.migrating import (
    add_exchanges,
    add_organisation,
    add_searchable_seeds_and_a_submission,
    exchanges_and_submissions,
    latest,
    migrate,
)

OTHERS = [("contributions", "0008_duplicate_of_published"), ("entities", "0002_exchange_count")]
BEFORE = [("exchanges", "0024_title_sort"), *OTHERS]
AFTER = [("exchanges", "0025_organisations_listed_apart"), *OTHERS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    Organisation = apps.get_model("entities", "Organisation")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    add_searchable_seeds_and_a_submission(apps)
    add_exchanges(
        Exchange,
        [
            ("Peking forum", "published", {"partners": "Peking University"}),
            ("Joint institute", "published", {"partners": "University of Virginia / Peking University"}),
            ("Iowa mission", "draft", {"sponsors": "Iowa Soybean Association and Iowa Farm Bureau"}),
            ("HKUST forum", "published", {"partners": "Hong Kong University of Science and Technology"}),
        ],
    )
    exchanges = {exchange.title: exchange for exchange in Exchange.objects.all()}
    peking = add_organisation(Organisation, "Peking University", "peking-university", count=1)
    listed = add_organisation(
        Organisation, "University of Virginia / Peking University", "university-of-virginia-peking", count=1
    )
    iowa = add_organisation(Organisation, "Iowa Soybean Association and Iowa Farm Bureau", "iowa-soybean")
    iowa.aliases.create(name="Iowa farm groups", key="iowa farm groups")
    hkust = add_organisation(Organisation, "Hong Kong University of Science and Technology", "hkust", count=1)
    for title, linked, role in [
        ("Peking forum", peking, "partner"),
        ("Joint institute", listed, "partner"),
        ("Iowa mission", iowa, "sponsor"),
        ("HKUST forum", hkust, "partner"),
    ]:
        Link.objects.create(exchange=exchanges[title], organisation=linked, role=role)
    yield apps
    migrate(latest())


def snapshot(apps):
    return exchanges_and_submissions(apps, "partners", "sponsors")


def linked(apps, title):
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    return sorted(
        Link.objects.filter(exchange__title=title).values_list(
            "organisation__name", "role", "organisation__slug"
        )
    )


def test_an_organisation_made_of_several_a_line_listed_becomes_each(old_database):
    before = snapshot(old_database)
    assert len(before[0]) > 4 and before[1][0][1] == "pending"

    apps = migrate(AFTER)

    assert snapshot(apps) == before
    Organisation = apps.get_model("entities", "Organisation")
    institute = linked(apps, "Joint institute")
    assert [(name, role) for name, role, _slug in institute] == [
        ("Peking University", "partner"),
        ("University of Virginia", "partner"),
    ]
    assert ("Peking University", "partner", "peking-university") in institute  # the one known, not a new one
    assert Organisation.objects.get(slug="peking-university").exchange_count == 2
    assert Organisation.objects.get(name="University of Virginia").exchange_count == 1
    # Nothing links to it any more, and it had no alias: gone.
    assert not Organisation.objects.filter(slug="university-of-virginia-peking").exists()
    assert [(name, role) for name, role, _slug in linked(apps, "Iowa mission")] == [
        ("Iowa Farm Bureau", "sponsor"),
        ("Iowa Soybean Association", "sponsor"),
    ]
    assert Organisation.objects.get(name="Iowa Farm Bureau").exchange_count == 0  # a draft
    # Given an alias, it is kept for a moderator to merge or rename.
    kept = Organisation.objects.get(slug="iowa-soybean")
    assert list(kept.aliases.values_list("name", flat=True)) == ["Iowa farm groups"]
    assert kept.exchange_count == 0
    hkust = Organisation.objects.get(slug="hkust")
    assert (hkust.name, hkust.exchange_count) == ("Hong Kong University of Science and Technology", 1)
    assert [name for name, _role, _slug in linked(apps, "HKUST forum")] == [hkust.name]
