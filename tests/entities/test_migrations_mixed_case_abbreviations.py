"""entities 0004 sets aside abbreviations in brackets that mix capitals and small letters.

A database at the state before it holds the seed exchanges, a pending submission, and
organisations linked before such brackets were read: "Ministry of Education (MoE)" alone (linked
to an exchange), "U.S. Department of Defense" beside "U.S. Department of Defense (DoD)", one set
aside by 0003 ("Ministry of Commerce" with its alias MOFCOM), and brackets that are no
abbreviation ("Nankai University (Tianjin)", "Asia Society (NewYork)"). Migrated forward, the
lone one is renamed with its abbreviation as an alias, its slug and link kept; the name it shares
gains the alias while the bracketed twin waits for a moderator's merge; every other row stays as
it was. Runs on SQLite and PostgreSQL alike.
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
        ("entities", "0003_abbreviations_aside")
    ]


@pytest.fixture
def old_database():
    apps = migrate(before())
    Exchange = apps.get_model("exchanges", "Exchange")
    Organisation = apps.get_model("entities", "Organisation")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    add_searchable_seeds_and_a_submission(apps)
    add_exchanges(Exchange, [("Education talks", "published", {"partners": "Ministry of Education (MoE)"})])
    moe = add_organisation(Organisation, "Ministry of Education (MoE)", "ministry-of-education-moe")
    moe.exchange_count = 1
    moe.save()
    Link.objects.create(
        exchange=Exchange.objects.get(title="Education talks"), organisation=moe, role="partner"
    )
    add_organisation(Organisation, "U.S. Department of Defense", "us-department-of-defense")
    add_organisation(Organisation, "U.S. Department of Defense (DoD)", "us-department-of-defense-dod")
    add_organisation(Organisation, "Ministry of Commerce", "ministry-of-commerce", aliases=["MOFCOM"])
    add_organisation(Organisation, "Nankai University (Tianjin)", "nankai-university-tianjin")
    add_organisation(Organisation, "Asia Society (NewYork)", "asia-society-newyork")
    yield apps
    migrate(latest())


def snapshot(apps):
    return exchanges_and_submissions(apps, "partners", "sponsors")


def test_mixed_case_abbreviations_in_brackets_become_aliases(old_database):
    exchanges = snapshot(old_database)
    assert len(exchanges[0]) > 6 and exchanges[1][0][1] == "pending"

    apps = migrate(latest_but_relinking())
    assert ("entities", "0004_mixed_case_abbreviations") in MigrationRecorder(connection).applied_migrations()

    assert snapshot(apps) == exchanges
    assert organisation_rows(apps) == {
        "ministry-of-education-moe": ("Ministry of Education", "ministry of education", [("MoE", "moe")]),
        "us-department-of-defense": (
            "U.S. Department of Defense",
            normalise("U.S. Department of Defense"),
            [("DoD", "dod")],
        ),
        "us-department-of-defense-dod": (
            "U.S. Department of Defense (DoD)",
            normalise("U.S. Department of Defense (DoD)"),
            [],
        ),
        "ministry-of-commerce": ("Ministry of Commerce", "ministry of commerce", [("MOFCOM", "mofcom")]),
        "nankai-university-tianjin": ("Nankai University (Tianjin)", "nankai university tianjin", []),
        "asia-society-newyork": ("Asia Society (NewYork)", "asia society newyork", []),
    }
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    assert list(Link.objects.values_list("organisation__slug", "exchange__title")) == [
        ("ministry-of-education-moe", "Education talks")
    ]
    moe = apps.get_model("entities", "Organisation").objects.get(slug="ministry-of-education-moe")
    assert moe.exchange_count == 1
