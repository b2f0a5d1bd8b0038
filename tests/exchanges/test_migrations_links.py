"""The migration that links exchanges to entities carries every exchange and submission over.

A database is built at the state before it (exchanges 0003), holding the seed
exchanges as the seed stored them, spellings of one organisation that differ
only in case, punctuation and "U.S."/"US"/"United States", and pending
submissions; it is then migrated forward. Runs on SQLite and PostgreSQL alike.
"""

import datetime

import pytest

from tests.migrating import add_seed_exchanges, latest, migrate

BEFORE = [
    ("exchanges", "0003_source_url_index"),
    ("contributions", "0003_record_as_written"),
    ("entities", "0001_initial"),
]
AFTER = [("exchanges", "0005_link_existing_exchanges"), ("contributions", "0003_record_as_written")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TEXT_FIELDS = ["title", "summary", "partners", "sponsors", "participants", "location"]


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    Submission = apps.get_model("contributions", "Submission")
    add_seed_exchanges(Exchange)
    for number, spelling in enumerate(["US Department of State", "united states department of state!"]):
        Exchange.objects.create(
            title=f"Another spelling {number}",
            slug=f"spelling-{number}",
            summary="Officials met.",
            partners=spelling,
            participants="200 students",
            location="By telephone",
            date=datetime.date(2015, 1, 1),
            date_last=datetime.date(2015, 1, 1),
            status="draft",
        )
    Submission.objects.create(
        reference="AAAA-BBBB",
        title="Pending submission",
        summary="Governors met.",
        partners="National Governors Association",
        participants="Governor Jerry Brown",
        location="Sacramento, California",
        date=datetime.date(2019, 5, 20),
        sources="Houston Chronicle https://example.org/forum",
        contributor_email="jane@example.org",
    )
    before = {
        "exchanges": {e.slug: [getattr(e, name) for name in TEXT_FIELDS] for e in Exchange.objects.all()},
        "submissions": list(Submission.objects.values()),
    }
    yield apps, before
    migrate(latest())


def test_every_exchange_is_linked_and_nothing_is_lost(old_database):
    _old_apps, before = old_database
    apps = migrate(AFTER)
    Exchange = apps.get_model("exchanges", "Exchange")
    Submission = apps.get_model("contributions", "Submission")
    Organisation = apps.get_model("entities", "Organisation")
    Person = apps.get_model("entities", "Person")
    ExchangePerson = apps.get_model("exchanges", "ExchangePerson")
    ExchangeOrganisation = apps.get_model("exchanges", "ExchangeOrganisation")
    ExchangePlace = apps.get_model("exchanges", "ExchangePlace")

    # The texts are the record as recorded: unchanged, so nothing that could not be read is lost.
    after = {e.slug: [getattr(e, name) for name in TEXT_FIELDS] for e in Exchange.objects.all()}
    assert after == before["exchanges"]
    assert list(Submission.objects.values()) == before["submissions"]
    assert not Person.objects.filter(name__icontains="Jerry Brown").exists()

    # Every seed exchange is linked to its organisations and people.
    for exchange in Exchange.objects.filter(slug__startswith="seed-"):
        assert ExchangeOrganisation.objects.filter(exchange=exchange).exists(), exchange.title
        assert ExchangePerson.objects.filter(exchange=exchange).exists(), exchange.title
    blinken = Exchange.objects.get(title="Blinken meets Wang Yi, China's top diplomat")
    assert set(ExchangePerson.objects.filter(exchange=blinken).values_list("person__name", "title")) == {
        ("Antony Blinken", "U.S. Secretary of State"),
        ("Wang Yi", ""),
    }
    assert set(ExchangePlace.objects.filter(exchange=blinken).values_list("place__name", flat=True)) == {
        "Beijing"
    }
    sunnylands = Exchange.objects.get(title="Xi and Obama meet at Sunnylands")
    assert set(ExchangePlace.objects.filter(exchange=sunnylands).values_list("place__name", "direct")) == {
        ("Sunnylands", True),
        ("Rancho Mirage", False),
        ("California", False),
    }

    # Spellings that differ only in case, punctuation or "U.S." are one organisation.
    state = Organisation.objects.get(key="united states department of state")
    assert ExchangeOrganisation.objects.filter(organisation=state).count() == 5
    assert Organisation.objects.filter(name__iendswith="department of state").count() == 1
    assert Person.objects.filter(name="Xi Jinping").count() == 1
    assert Person.objects.get(name="Xi Jinping").slug == "xi-jinping"
    # Parts that name no entity stay only in the text.
    spelling = Exchange.objects.get(slug="spelling-0")
    assert not ExchangePerson.objects.filter(exchange=spelling).exists()
    assert not ExchangePlace.objects.filter(exchange=spelling).exists()
