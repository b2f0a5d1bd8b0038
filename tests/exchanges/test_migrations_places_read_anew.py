"""0035 links again the exchanges whose location line names other places than they link to.

A database at the state before it (exchanges 0034) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: a call "By
video link (Washington, DC and Beijing)" linked to no place, a draft "Video conference, Beijing and
Washington" linked to a place "Video conference" made in Beijing, a tour "Beijing, Shanghai and
Guangzhou (and Tokyo)" linked to Beijing and Shanghai only, and a place "By video link" given an
alias by a moderator. Migrated forward, those exchanges link to the places they name (and those
these lie in), and are dated; "Video conference" is gone and its address remembered; the place with
an alias stays; the counts of the places follow; every other exchange, its links and its date, and
the submission, stay as they were. Run again, it changes nothing. Runs on SQLite and PostgreSQL alike.
"""

import importlib

import pytest

from entities.names import normalise
from tests.migrating import (
    all_but,
    all_dated,
    exchanges_at,
    link_as_before,
    linked_database_at,
    migrate,
    relinked_again,
    unlink,
)

BEFORE = exchanges_at("0034_withdrawal_reason")
AFTER = exchanges_at("0035_places_read_as_linking_does_now")

CALL = "Leaders' virtual summit"
CONFERENCE = "Ministers' video conference"
TOUR = "Orchestra tour"
KEPT = "Trade talks in Beijing"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with linked_database_at(
        BEFORE,
        [
            (CALL, "published", {"location": "By video link (Washington, DC and Beijing)"}),
            (CONFERENCE, "draft", {"location": "Video conference, Beijing and Washington"}),
            (TOUR, "published", {"location": "Beijing, Shanghai and Guangzhou (and Tokyo)"}),
            (KEPT, "published", {"location": "Beijing", "partners": "Ministry of Commerce"}),
        ],
    ) as apps:
        Place = apps.get_model("entities", "Place")
        places = {place.name: place for place in Place.objects.all()}
        # As the old reading linked them.
        unlink(apps, "Place", [CALL, CONFERENCE, TOUR])
        made = Place.objects.create(
            name="Video conference", key="video conference", slug="video-conference", parent=places["Beijing"]
        )
        aliased = Place.objects.create(name="By video link", key="by video link", slug="by-video-link")
        aliased.aliases.create(name="Video link", key="video link")
        link_as_before(
            apps,
            "Place",
            [
                (title, place, {"direct": direct})
                for title, place, direct in [
                    (CONFERENCE, made, True),
                    (CONFERENCE, places["Beijing"], False),
                    (CONFERENCE, places["Washington"], True),
                    (CONFERENCE, places["District of Columbia"], False),
                    (TOUR, places["Beijing"], True),
                    (TOUR, places["Shanghai"], True),
                ]
            ],
        )
        yield apps


def places_of(apps, title):
    Link = apps.get_model("exchanges", "ExchangePlace")
    return sorted(Link.objects.filter(exchange__title=title).values_list("place__name", "direct"))


def others(apps):
    """Every exchange but those the old reading linked, its links and its date, and the submissions."""
    return all_but(apps, [CALL, CONFERENCE, TOUR], "location")


def test_exchanges_link_the_places_their_lines_name_now(old_database):
    before = others(old_database)
    assert len(before[0]) > 10 and before[1]["Place"] and before[2][0][1] == "pending"

    apps = migrate(AFTER)

    Place = apps.get_model("entities", "Place")
    assert places_of(apps, CALL) == [("Beijing", True), ("District of Columbia", False), ("Washington", True)]
    assert places_of(apps, CONFERENCE) == [
        ("Beijing", True),
        ("District of Columbia", False),
        ("Washington", True),
    ]
    assert places_of(apps, TOUR) == [
        ("Beijing", True),
        ("Guangdong", False),
        ("Guangzhou", True),
        ("Shanghai", True),
        ("Tokyo", True),
    ]
    assert all_dated(apps, [CALL, CONFERENCE, TOUR])
    # Words that are no place, linked by nothing now: gone, and the address remembered.
    assert not Place.objects.filter(slug="video-conference").exists()
    gone = apps.get_model("entities", "DeletedEntity").objects.get(slug="video-conference")
    assert (gone.kind, gone.name) == ("place", "Video conference")
    # Given an alias by a moderator: kept.
    assert Place.objects.filter(slug="by-video-link").exists()
    # Counted again: the published exchanges linking to each (the draft not counted).
    Link = apps.get_model("exchanges", "ExchangePlace")
    for name in ("Beijing", "Washington", "Tokyo", "Guangdong"):
        place = Place.objects.get(name=name)
        published = Link.objects.filter(place=place, exchange__status="published")
        assert place.exchange_count == published.values("exchange").distinct().count() > 0, name
    assert Place.objects.get(name="Tokyo").exchange_count == 1
    # Every other exchange as it was: not linked again, not dated.
    assert others(apps) == before
    assert Place.objects.get(name="Rancho Mirage").exchange_count == 0, "not touched, not counted"

    was, again = relinked_again(apps, BEFORE, AFTER)
    assert again == was


def test_only_exchanges_naming_other_places_are_read_again(old_database):
    """Lines naming a place by its Chinese name or an alias ("北京", "Peking") name the place they
    link to, as do the seeds linked as publishing links them: only the three linked by the old
    reading are linked again."""
    Exchange = old_database.get_model("exchanges", "Exchange")
    Place = old_database.get_model("entities", "Place")
    beijing = Place.objects.get(name="Beijing")
    beijing.aliases.get_or_create(key=normalise("Peking"), defaults={"name": "Peking"})
    for number, location in enumerate(["北京", "Peking", "PEKING."]):
        exchange = Exchange.objects.create(
            title=f"Talks {number}",
            slug=f"talks-{number}",
            summary=".",
            date="2016-01-01",
            date_last="2016-01-01",
            location=location,
            status="published",
        )
        exchange.place_links.create(place=beijing, direct=True, position=0)
    migration = importlib.import_module("exchanges.migrations.0035_places_read_as_linking_does_now")

    read_otherwise = migration._read_otherwise(old_database)

    assert sorted(Exchange.objects.filter(pk__in=read_otherwise).values_list("title", flat=True)) == sorted(
        [CALL, CONFERENCE, TOUR]
    )
