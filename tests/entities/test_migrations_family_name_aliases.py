"""entities 0012 gives the people already given a foreign name in Chinese with its dot ("库尔特·坎贝尔")
the family name after it as an alias, as publishing and the admin give it now.

A database at the state before holds people given such a name before: one with no alias, one
whose moderator typed the family name already, two of one family name, one written with spaced
dots, one named in Chinese without a dot, and one called by the family name itself. Migrated
forward, each dotted name's family name is an alias once, dated; nothing else changes (the seed
exchanges, exchanges published and withdrawn, a pending submission, every other column of the
people and their aliases); run again, it changes nothing; undone, it undoes nothing (the aliases
stay, as publishing would give them again) and loses nothing. Runs on SQLite and PostgreSQL alike.
"""

import importlib

import pytest
from django.utils import timezone

from entities.names import normalise
from tests.migrating import (
    add_exchanges,
    add_people,
    add_searchable_seeds_and_a_submission,
    latest,
    latest_but_relinking,
    migrate,
    people_rows,
    record_rows,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = ("entities", "0011_known_chinese_names")
AFTER = ("entities", "0012_foreign_family_name_aliases")
LONG_AGO = timezone.now() - timezone.timedelta(days=400)

PEOPLE = [
    # (slug, name, Chinese name, aliases typed before)
    ("kurt-campbell", "Kurt Campbell", "库尔特·坎贝尔", []),
    ("zbigniew-brzezinski", "Zbigniew Brzezinski", "兹比格涅夫·布热津斯基", ["布热津斯基"]),
    ("bill-clinton", "Bill Clinton", "比尔·克林顿", []),
    ("hillary-clinton", "Hillary Clinton", "希拉里·克林顿", []),
    ("john-kerry", "John Kerry", "约翰 · 克里", ["Secretary Kerry"]),
    ("zhou-enlai", "Zhou Enlai", "周恩来", []),
    ("ma-ke", "Ma Ke", "马克·吐温", ["吐温"]),
    ("no-chinese-name", "Jay Mathews", "", []),
]


def before():
    return [(app, name) for app, name in latest_but_relinking() if app != "entities"] + [BEFORE]


@pytest.fixture
def old_database():
    apps = migrate(before())
    add_searchable_seeds_and_a_submission(apps)
    add_exchanges(
        apps.get_model("exchanges", "Exchange"),
        [("Campbell visits Beijing", "published", {}), ("Clinton in Xi'an", "draft", {})],
    )
    add_people(apps, PEOPLE)
    apps.get_model("entities", "Person").objects.update(updated=LONG_AGO)
    yield apps
    migrate(latest())


def people(apps):
    """{slug: ({aliases}, dated now)} of every person."""
    found = {}
    for person in apps.get_model("entities", "Person").objects.all():
        for alias in person.aliases.all():
            assert alias.key == normalise(alias.name)
        found[person.slug] = (set(person.aliases.values_list("name", flat=True)), person.updated > LONG_AGO)
    return found


def test_the_people_given_a_dotted_chinese_name_before_gain_its_family_name(old_database):
    names = sorted(old_database.get_model("entities", "Person").objects.values_list("slug", "name", "key"))
    apps = migrate([AFTER])
    assert people(apps) == {
        "kurt-campbell": ({"坎贝尔"}, True),
        # Typed by a moderator already: not a second row of the same key.
        "zbigniew-brzezinski": ({"布热津斯基"}, False),
        # Two of one family name both gain it: a line naming it alone is linked to neither.
        "bill-clinton": ({"克林顿"}, True),
        "hillary-clinton": ({"克林顿"}, True),
        "john-kerry": ({"Secretary Kerry", "克里"}, True),
        "zhou-enlai": (set(), False),
        "ma-ke": ({"吐温"}, False),
        "no-chinese-name": (set(), False),
    }
    assert sorted(apps.get_model("entities", "Person").objects.values_list("slug", "name", "key")) == names


def test_run_again_it_changes_nothing(old_database):
    apps = migrate([AFTER])
    PersonAlias = apps.get_model("entities", "PersonAlias")
    rows = sorted(PersonAlias.objects.values_list("pk", "entity_id", "name", "key"))
    dated = sorted(apps.get_model("entities", "Person").objects.values_list("slug", "updated"))
    importlib.import_module("entities.migrations.0012_foreign_family_name_aliases").give_family_name_aliases(
        apps, None
    )
    assert sorted(PersonAlias.objects.values_list("pk", "entity_id", "name", "key")) == rows
    assert sorted(apps.get_model("entities", "Person").objects.values_list("slug", "updated")) == dated


def test_every_other_row_is_carried_over_and_undone_nothing_is_lost(old_database):
    records, people_before = record_rows(old_database), people_rows(old_database)
    assert len(records["Exchange"]) == 12 and len(records["Submission"]) == 1
    assert old_database.get_model("contributions", "Submission").objects.get().status == "pending"

    apps = migrate([AFTER])

    assert record_rows(apps) == records
    after = people_rows(apps)
    gained = {pk for pk, row in after["Person"].items() if row["updated"] > LONG_AGO}
    assert after["Person"] == {
        pk: {**row, "updated": after["Person"][pk]["updated"]} if pk in gained else row
        for pk, row in people_before["Person"].items()
    }
    # The aliases typed before are as they were; the new ones are the family names, of those dated.
    new = {pk: row for pk, row in after["PersonAlias"].items() if pk not in people_before["PersonAlias"]}
    assert {pk: after["PersonAlias"][pk] for pk in people_before["PersonAlias"]} == people_before[
        "PersonAlias"
    ]
    assert {row["entity_id"] for row in new.values()} == gained
    assert sorted(row["name"] for row in new.values()) == ["克林顿", "克林顿", "克里", "坎贝尔"]

    apps = migrate(before())

    assert record_rows(apps) == records
    assert people_rows(apps) == after
