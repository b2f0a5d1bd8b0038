"""0029 links the exchanges of an organisation named by a bare web address as linking does now.

A database at the state before it (exchanges 0028) holds the seed exchanges, a pending submission,
and organisations the old code made: "state.gov/r/pa/ei" from a partners line,
"history.state.gov/milestones/1969-1976", given an alias, from a draft's sponsors, and "Vol. 2/3",
a name with a dot and a slash that is no address. Migrated forward, the exchanges link to no
organisation for an address, the unlinked one without an alias is gone, the name stays linked, and
every other row, the texts and the submission with them, stays as it was. Runs on SQLite and
PostgreSQL alike.
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

OTHERS = [("contributions", "0011_moderators_work_on_entities"), ("entities", "0007_former_slugs")]
BEFORE = [("exchanges", "0028_organisations_linking_no_longer_makes"), *OTHERS]
AFTER = [("exchanges", "0029_bare_web_addresses_no_organisations"), *OTHERS]
STATE = "U.S. Department of State"
ADDRESS = "state.gov/r/pa/ei"
HISTORIAN = "history.state.gov/milestones/1969-1976"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    Organisation = apps.get_model("entities", "Organisation")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    add_searchable_seeds_and_a_submission(apps)
    apps.get_model("contributions", "Submission").objects.create(
        title="Briefing to come", summary="Pending.", partners=ADDRESS, date="2021-05-01"
    )
    add_exchanges(
        Exchange,
        [
            ("State briefing", "published", {"partners": f"{STATE}\n{ADDRESS}"}),
            ("Historian's note", "draft", {"sponsors": f"{HISTORIAN}; Ford Foundation"}),
            ("Collected papers", "published", {"partners": "Vol. 2/3"}),
        ],
    )
    exchanges = {exchange.title: exchange for exchange in Exchange.objects.all()}
    state = add_organisation(Organisation, STATE, "us-department-of-state", count=1)
    address = add_organisation(Organisation, ADDRESS, "stategovrpaei", count=1)
    historian = add_organisation(
        Organisation, HISTORIAN, "historystategov", aliases=["Office of the Historian"]
    )
    ford = add_organisation(Organisation, "Ford Foundation", "ford-foundation")
    volume = add_organisation(Organisation, "Vol. 2/3", "vol-23", count=1)
    for title, linked, role in [
        ("State briefing", state, "partner"),
        ("State briefing", address, "partner"),
        ("Historian's note", historian, "sponsor"),
        ("Historian's note", ford, "sponsor"),
        ("Collected papers", volume, "partner"),
    ]:
        Link.objects.create(exchange=exchanges[title], organisation=linked, role=role)
    yield apps
    migrate(latest())


def snapshot(apps):
    return exchanges_and_submissions(apps, "partners", "sponsors")


def linked(apps, title):
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    return sorted(Link.objects.filter(exchange__title=title).values_list("organisation__slug", "role"))


def test_organisations_named_by_a_bare_web_address_are_unlinked(old_database):
    before = snapshot(old_database)
    assert len(before[0]) > 10 and [row[1] for row in before[1]] == ["pending", "pending"]

    apps = migrate(AFTER)

    assert snapshot(apps) == before
    Organisation = apps.get_model("entities", "Organisation")
    assert linked(apps, "State briefing") == [("us-department-of-state", "partner")]
    assert not Organisation.objects.filter(slug="stategovrpaei").exists()
    assert Organisation.objects.get(slug="us-department-of-state").exchange_count == 1
    # Given an alias, it is kept for a moderator to merge or delete, with nothing linked.
    assert linked(apps, "Historian's note") == [("ford-foundation", "sponsor")]
    kept = Organisation.objects.get(slug="historystategov")
    assert (kept.exchange_count, list(kept.aliases.values_list("name", flat=True))) == (
        0,
        ["Office of the Historian"],
    )
    # A name with a dot and a slash is no address: linked as before.
    assert linked(apps, "Collected papers") == [("vol-23", "partner")]
    assert Organisation.objects.get(slug="vol-23").exchange_count == 1
