"""entities 0003 sets aside the abbreviation in brackets of organisations' names.

A database at the state before it holds the seed exchanges, a pending submission, and
organisations linked the old way: "Ministry of Commerce (MOFCOM)" alone (linked to an exchange),
"China Scholarship Council" beside "China Scholarship Council (CSC)", the association written
"(CPAFFC)" with that alias already, an organisation "CPAFFC" of its own, and brackets that are no
abbreviation ("Asia Society (NYC)", "Peking University (PRC)"). Migrated forward, the lone
one is renamed with its abbreviation as an alias, its slug and links kept; the name it shares gains
the alias while the bracketed twin and "CPAFFC" wait for a moderator's merge; every other row
stays as it was. Runs on SQLite and PostgreSQL alike.
"""

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from entities.names import normalise
from tests.migrating import (
    add_exchanges,
    add_organisation,
    add_searchable_seeds_and_a_submission,
    exchanges_and_submissions,
    latest,
    latest_but_relinking,
    migrate,
    organisation_rows,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def before():
    return [(app, name) for app, name in latest_but_relinking() if app != "entities"] + [
        ("entities", "0002_exchange_count")
    ]


CPAFFC = "Chinese People's Association for Friendship with Foreign Countries"


@pytest.fixture
def old_database():
    apps = migrate(before())
    Exchange = apps.get_model("exchanges", "Exchange")
    Organisation = apps.get_model("entities", "Organisation")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    add_searchable_seeds_and_a_submission(apps)
    add_exchanges(Exchange, [("Commerce talks", "published", {"partners": "Ministry of Commerce (MOFCOM)"})])
    mofcom = add_organisation(Organisation, "Ministry of Commerce (MOFCOM)", "ministry-of-commerce-mofcom")
    mofcom.exchange_count = 1
    mofcom.save()
    Link.objects.create(
        exchange=Exchange.objects.get(title="Commerce talks"), organisation=mofcom, role="partner"
    )
    add_organisation(Organisation, "China Scholarship Council", "china-scholarship-council")
    add_organisation(Organisation, "China Scholarship Council (CSC)", "china-scholarship-council-csc")
    add_organisation(Organisation, f"{CPAFFC} (CPAFFC)", "cpaffc-long", aliases=["CPAFFC"])
    add_organisation(Organisation, "CPAFFC", "cpaffc")
    add_organisation(Organisation, "Asia Society (NYC)", "asia-society-nyc")
    add_organisation(Organisation, "Peking University (PRC)", "peking-university-pku")
    yield apps
    migrate(latest())


def snapshot(apps):
    return exchanges_and_submissions(apps, "partners", "sponsors")


def test_names_with_their_abbreviation_in_brackets_become_the_organisation_of_the_name(old_database):
    exchanges = snapshot(old_database)
    assert len(exchanges[0]) > 6 and exchanges[1][0][1] == "pending"

    apps = migrate(latest_but_relinking())
    assert ("entities", "0003_abbreviations_aside") in MigrationRecorder(connection).applied_migrations()

    assert snapshot(apps) == exchanges
    assert organisation_rows(apps) == {
        "ministry-of-commerce-mofcom": (
            "Ministry of Commerce",
            "ministry of commerce",
            [("MOFCOM", "mofcom")],
        ),
        "china-scholarship-council": (
            "China Scholarship Council",
            "china scholarship council",
            [("CSC", "csc")],
        ),
        "china-scholarship-council-csc": (
            "China Scholarship Council (CSC)",
            "china scholarship council csc",
            [],
        ),
        "cpaffc-long": (CPAFFC, normalise(CPAFFC), [("CPAFFC", "cpaffc")]),
        "cpaffc": ("CPAFFC", "cpaffc", []),
        "asia-society-nyc": ("Asia Society (NYC)", "asia society nyc", []),
        "peking-university-pku": ("Peking University (PRC)", "peking university china", []),
    }
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    assert list(Link.objects.values_list("organisation__slug", "exchange__title")) == [
        ("ministry-of-commerce-mofcom", "Commerce talks")
    ]
    mofcom = apps.get_model("entities", "Organisation").objects.get(slug="ministry-of-commerce-mofcom")
    assert mofcom.exchange_count == 1
