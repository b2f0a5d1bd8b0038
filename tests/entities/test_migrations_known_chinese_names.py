"""entities 0011 gives the people, organisations and places already there the standard Chinese names
of entities/vocabularies/chinese_names.csv and of the gazetteer.

A database at the state before it holds the seed exchanges and a pending submission, linked as the
old code linked them: Barack Obama, the U.S. Department of State, the Great Hall of the People…
without a Chinese name or an alias. An editor gave Joe Biden "拜登"; there are two people called
Donald Trump; a White House an editor made by hand, and one moved to no country; the Diaoyutai
State Guesthouse, and a place an editor made called "Diaoyutai". Migrated forward, each entity a
row names, alone of its kind (a place: in its country), has the row's Chinese name and aliases;
what an editor wrote stays, the row's Chinese name then an alias; two of a name are left to a
moderator; a place gains no spelling another place of its country answers to; the exchanges, their
links and the submission do not change; run again, it changes nothing. Runs on SQLite and
PostgreSQL alike.
"""

import importlib

import pytest
from django.utils import timezone

from entities.names import known_chinese_names, known_places, normalise
from tests.migrating import (
    add_linked_seeds_and_a_submission,
    latest,
    latest_but_relinking,
    migrate,
    submission_rows,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = ("entities", "0010_merged_entities_withdrawn")
AFTER = ("entities", "0011_known_chinese_names")
LONG_AGO = timezone.now() - timezone.timedelta(days=400)


def before():
    return [(app, name) for app, name in latest_but_relinking() if app != "entities"] + [BEFORE]


def forget_chinese_names(apps):
    """As the code before linked them: no Chinese name from the file or a gazetteer site, no alias
    from the file, all dated long ago."""
    keys = {
        kind: {key for (each, key) in known_chinese_names() if each == kind}
        for kind in ("person", "organisation")
    }
    for kind, model_name in [("person", "Person"), ("organisation", "Organisation")]:
        Model = apps.get_model("entities", model_name)
        Model.objects.filter(key__in=keys[kind]).update(chinese_name="", chinese_key="")
        apps.get_model("entities", f"{model_name}Alias").objects.filter(entity__key__in=keys[kind]).delete()
        Model.objects.update(updated=LONG_AGO)
    Place = apps.get_model("entities", "Place")
    Place.objects.filter(name="Great Hall of the People").update(
        chinese_name="", chinese_key="", kind="other"
    )
    Place.objects.update(updated=LONG_AGO)


@pytest.fixture
def old_database():
    apps = migrate(before())
    add_linked_seeds_and_a_submission(apps, [("Draft", "draft", {"participants": "Jay Mathews"})])
    forget_chinese_names(apps)
    Person = apps.get_model("entities", "Person")
    Place = apps.get_model("entities", "Place")
    Person.objects.filter(name="Joe Biden").update(chinese_name="拜登", chinese_key=normalise("拜登"))
    Person.objects.create(name="Donald Trump", key=normalise("Donald Trump"), slug="donald-trump-2")
    Person.objects.filter(name="Donald Trump").update(updated=LONG_AGO)
    for slug, country in [("white-house", "US"), ("white-house-2", "")]:
        Place.objects.create(name="White House", key=normalise("White House"), slug=slug, country=country)
    # The guesthouse, and a place of its own an editor made called "Diaoyutai" (an alias of the row).
    for name, slug in [
        ("Diaoyutai State Guesthouse", "diaoyutai-state-guesthouse"),
        ("Diaoyutai", "diaoyutai"),
    ]:
        Place.objects.create(name=name, key=normalise(name), slug=slug, country="CN", kind="site")
    Place.objects.filter(name__in=["White House", "Diaoyutai State Guesthouse", "Diaoyutai"]).update(
        updated=LONG_AGO
    )
    yield apps
    migrate(latest())


def entity(apps, model_name, slug):
    """(Chinese name, Chinese key, {aliases}, dated now) of the entity at `slug`."""
    found = apps.get_model("entities", model_name).objects.get(slug=slug)
    for alias in found.aliases.all():
        assert alias.key == normalise(alias.name)
    return (
        found.chinese_name,
        found.chinese_key,
        set(found.aliases.values_list("name", flat=True)),
        found.updated > LONG_AGO,
    )


def snapshot(apps):
    """What the migration must leave: the exchanges, their links, the submission, the English names."""
    Exchange = apps.get_model("exchanges", "Exchange")
    links = {
        model: sorted(tuple(link.values()) for link in apps.get_model("exchanges", model).objects.values())
        for model in ("ExchangePerson", "ExchangeOrganisation", "ExchangePlace")
    }
    names = {
        model_name: sorted(apps.get_model("entities", model_name).objects.values_list("slug", "name", "key"))
        for model_name in ("Person", "Organisation", "Place")
    }
    return (
        sorted(Exchange.objects.values_list("slug", "title", "status", "participants", "updated")),
        submission_rows(apps),
        links,
        names,
    )


def test_the_entities_gain_their_chinese_names(old_database):
    kept = snapshot(old_database)
    apps = migrate([AFTER])
    assert entity(apps, "Person", "barack-obama") == (
        "贝拉克·奥巴马",
        normalise("贝拉克·奥巴马"),
        {"奥巴马"},
        True,
    )
    assert entity(apps, "Person", "antony-blinken") == (
        "安东尼·布林肯",
        normalise("安东尼·布林肯"),
        {"布林肯"},
        True,
    )
    assert entity(apps, "Organisation", "us-department-of-state")[:3] == (
        "美国国务院",
        "美国国务院",
        {"State Department", "U.S. State Department"},
    )
    # 中国外交部 is its Chinese name as a name is matched (entities.names.normalise): no alias.
    mfa = entity(apps, "Organisation", "ministry-of-foreign-affairs-of-the-peoples-republic-of-china")
    assert mfa[:3] == ("中华人民共和国外交部", normalise("中国外交部"), {"外交部"})
    assert entity(apps, "Place", "great-hall-of-the-people") == ("人民大会堂", "人民大会堂", set(), True)
    assert entity(apps, "Place", "white-house") == ("白宫", "白宫", set(), True)
    # Of no known kind, linked before its row was written: the row's.
    Place = apps.get_model("entities", "Place")
    assert Place.objects.get(slug="great-hall-of-the-people").kind == "site"
    assert Place.objects.get(slug="beijing").kind == "city"
    assert snapshot(apps) == kept


def test_what_an_editor_wrote_stays_and_two_of_a_name_are_left_to_a_moderator(old_database):
    apps = migrate([AFTER])
    # The row's Chinese name is another spelling of his: an alias.
    assert entity(apps, "Person", "joe-biden") == ("拜登", "拜登", {"约瑟夫·拜登"}, True)
    for slug in ("donald-trump", "donald-trump-2"):
        assert entity(apps, "Person", slug) == ("", "", set(), False)
    # A place of no country is no row's: the gazetteer's White House is in the United States.
    assert entity(apps, "Place", "white-house-2") == ("", "", set(), False)
    assert entity(apps, "Person", "jay-mathews") == ("", "", set(), False)
    # "Diaoyutai" stays the place the editor made: a location line naming it is linked there.
    assert entity(apps, "Place", "diaoyutai-state-guesthouse") == (
        "钓鱼台国宾馆",
        "钓鱼台国宾馆",
        {"钓鱼台"},
        True,
    )
    assert entity(apps, "Place", "diaoyutai") == ("", "", set(), False)


def test_the_chinese_names_of_the_gazetteer_rows_linked_before_stay(old_database):
    beijing = entity(old_database, "Place", "beijing")
    apps = migrate([AFTER])
    assert entity(apps, "Place", "beijing") == beijing
    assert beijing[0] == next(row.chinese_name for row in known_places() if row.name == "Beijing")


def test_run_again_it_changes_nothing(old_database):
    apps = migrate([AFTER])
    rows = {
        model_name: sorted(
            apps.get_model("entities", model_name).objects.values_list("slug", "chinese_name", "updated")
        )
        for model_name in ("Person", "Organisation", "Place")
    }
    aliases = {
        model_name: sorted(
            apps.get_model("entities", f"{model_name}Alias").objects.values_list("entity_id", "name")
        )
        for model_name in ("Person", "Organisation", "Place")
    }
    importlib.import_module("entities.migrations.0011_known_chinese_names").give_chinese_names(apps, None)
    assert {
        model_name: sorted(
            apps.get_model("entities", model_name).objects.values_list("slug", "chinese_name", "updated")
        )
        for model_name in ("Person", "Organisation", "Place")
    } == rows
    assert {
        model_name: sorted(
            apps.get_model("entities", f"{model_name}Alias").objects.values_list("entity_id", "name")
        )
        for model_name in ("Person", "Organisation", "Place")
    } == aliases
