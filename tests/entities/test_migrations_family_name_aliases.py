"""entities 0012 gives the people already given a foreign name in Chinese with its dot ("库尔特·坎贝尔")
the family name after it as an alias, as publishing and the admin give it now.

A database at the state before holds people given such a name before: one with no alias, one
whose moderator typed the family name already, two of one family name, one written with spaced
dots, one named in Chinese without a dot, and one called by the family name itself. Migrated
forward, each dotted name's family name is an alias once, dated; nothing else changes; run again,
it changes nothing. Runs on SQLite and PostgreSQL alike.
"""

import importlib

import pytest
from django.utils import timezone

from entities.names import normalise
from tests.migrating import latest, migrate

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
    return [(app, name) for app, name in latest() if app != "entities"] + [BEFORE]


@pytest.fixture
def old_database():
    apps = migrate(before())
    Person = apps.get_model("entities", "Person")
    for slug, name, chinese_name, aliases in PEOPLE:
        person = Person.objects.create(
            name=name,
            key=normalise(name),
            slug=slug,
            chinese_name=chinese_name,
            chinese_key=normalise(chinese_name),
        )
        for alias in aliases:
            person.aliases.create(name=alias, key=normalise(alias))
    Person.objects.update(updated=LONG_AGO)
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
