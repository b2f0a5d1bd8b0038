"""0028 links the exchanges of an organisation that linking no longer makes as it links them now.

A database at the state before it (exchanges 0027) holds the seed exchanges, a pending submission,
and organisations the old code made: "清华大学；北京大学", a line parted by the full-width
semicolon (beside 北京大学, with a summary of counts), "https://www.state.gov" from a partners line,
and "www.fmprc.gov.cn", given an alias, from a draft's sponsors. Migrated forward, each exchange
links to every organisation its line lists and to none for a web address, the counts of published
exchanges and the summaries are made again, the unlinked organisations without an alias are gone,
and every other row stays as it was. Runs on SQLite and PostgreSQL alike.
"""

import pytest
from django.test import override_settings

from tests.migrating import (
    add_exchanges,
    add_organisation,
    add_searchable_seeds_and_a_submission,
    exchanges_and_submissions,
    latest,
    migrate,
)

OTHERS = [("contributions", "0010_first_published_on_approval"), ("entities", "0002_exchange_count")]
BEFORE = [("exchanges", "0027_fold_accents"), *OTHERS]
AFTER = [("exchanges", "0028_organisations_linking_no_longer_makes"), *OTHERS]
LINE = "清华大学；北京大学"
STATE = "U.S. Department of State"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    Organisation = apps.get_model("entities", "Organisation")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    EntityCount = apps.get_model("exchanges", "EntityCount")
    add_searchable_seeds_and_a_submission(apps)
    add_exchanges(
        Exchange,
        [
            ("Peking forum", "published", {"partners": "北京大学"}),
            ("Two universities", "published", {"partners": LINE}),
            ("State briefing", "published", {"partners": f"{STATE}\nhttps://www.state.gov"}),
            ("Beijing visit", "draft", {"sponsors": "www.fmprc.gov.cn; Ford Foundation"}),
        ],
    )
    exchanges = {exchange.title: exchange for exchange in Exchange.objects.all()}
    peking = add_organisation(Organisation, "北京大学", "beijing-daxue", count=1)
    line = add_organisation(Organisation, LINE, "qinghua-beijing", count=1)
    state = add_organisation(Organisation, STATE, "us-department-of-state", count=1)
    site = add_organisation(Organisation, "https://www.state.gov", "httpswwwstategov", count=1)
    fmprc = add_organisation(Organisation, "www.fmprc.gov.cn", "wwwfmprcgovcn")
    fmprc.aliases.create(name="Foreign ministry site", key="foreign ministry site")
    ford = add_organisation(Organisation, "Ford Foundation", "ford-foundation")
    for title, linked, role in [
        ("Peking forum", peking, "partner"),
        ("Two universities", line, "partner"),
        ("State briefing", state, "partner"),
        ("State briefing", site, "partner"),
        ("Beijing visit", fmprc, "sponsor"),
        ("Beijing visit", ford, "sponsor"),
    ]:
        Link.objects.create(exchange=exchanges[title], organisation=linked, role=role)
    # The whole line's summary of counts, as if it had been much linked: it goes with it.
    EntityCount.objects.create(
        kind="organisation",
        entity_id=line.pk,
        government="",
        continuing="",
        year=2015,
        last_year=2015,
        count=1,
    )
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


def summary(apps, pk):
    EntityCount = apps.get_model("exchanges", "EntityCount")
    return sorted(EntityCount.objects.filter(kind="organisation", entity_id=pk).values_list("year", "count"))


@override_settings(ENTITY_SUMMARY_MIN=2)
def test_organisations_the_old_code_made_of_a_line_or_a_web_address_are_relinked(old_database):
    before = snapshot(old_database)
    assert len(before[0]) > 4 and before[1][0][1] == "pending"
    line = old_database.get_model("entities", "Organisation").objects.get(name=LINE).pk

    apps = migrate(AFTER)

    assert snapshot(apps) == before
    Organisation = apps.get_model("entities", "Organisation")
    universities = linked(apps, "Two universities")
    assert [(name, role) for name, role, _slug in universities] == [
        ("北京大学", "partner"),
        ("清华大学", "partner"),
    ]
    assert ("北京大学", "partner", "beijing-daxue") in universities  # the one known, not a new one
    peking = Organisation.objects.get(slug="beijing-daxue")
    assert peking.exchange_count == 2
    # Now at the threshold: summarised from its two exchanges, dated 1 and 2 March 2015.
    assert summary(apps, peking.pk) == [(2015, 2)]
    assert Organisation.objects.get(name="清华大学").exchange_count == 1
    assert not Organisation.objects.filter(name=LINE).exists()
    assert summary(apps, line) == []
    # The web address names no organisation: gone, its page with it.
    assert [name for name, _role, _slug in linked(apps, "State briefing")] == [STATE]
    assert not Organisation.objects.filter(slug="httpswwwstategov").exists()
    assert Organisation.objects.get(slug="us-department-of-state").exchange_count == 1
    # Given an alias, it is kept for a moderator to merge or delete, with nothing linked.
    assert [name for name, _role, _slug in linked(apps, "Beijing visit")] == ["Ford Foundation"]
    kept = Organisation.objects.get(slug="wwwfmprcgovcn")
    assert (kept.exchange_count, list(kept.aliases.values_list("name", flat=True))) == (
        0,
        ["Foreign ministry site"],
    )
