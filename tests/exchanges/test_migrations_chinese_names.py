"""0023 sets aside the Chinese in brackets of organisations' and people's names.

A database at the state before it (exchanges 0022) holds the seed exchanges, a pending submission,
and entities linked the old way: "Tsinghua University" beside "Tsinghua University (清华大学)" (with
an alias, a draft's link, and an exchange linked to both), "Peking University（北京大学）" alone, a
person "Wang Yi (王毅)", and "Zhou Enlai" whose exchange names him "Premier Zhou Enlai (周恩来)".
Migrated forward, the twins are one organisation with the Chinese name, every link and alias kept
once and the count made again; the lone ones are renamed, their slugs kept; Zhou Enlai gains his
Chinese name; every other row stays as it was. Runs on SQLite and PostgreSQL alike.
"""

import pytest

from entities.names import normalise
from tests.migrating import (
    add_exchanges,
    add_searchable_seeds_and_a_submission,
    exchanges_and_submissions,
    latest,
    migrate,
)

OTHERS = [("contributions", "0006_dismissed_hint"), ("entities", "0002_exchange_count")]
BEFORE = [("exchanges", "0022_fold_pinyin_apostrophes"), *OTHERS]
AFTER = [("exchanges", "0023_chinese_names_aside"), *OTHERS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def entity(model, name, slug, count=0, **fields):
    return model.objects.create(name=name, key=normalise(name), slug=slug, exchange_count=count, **fields)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    Organisation = apps.get_model("entities", "Organisation")
    Person = apps.get_model("entities", "Person")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    PersonLink = apps.get_model("exchanges", "ExchangePerson")
    add_searchable_seeds_and_a_submission(apps)
    add_exchanges(
        Exchange,
        [
            ("Tsinghua visit", "published", {"partners": "Tsinghua University"}),
            ("Tsinghua forum", "published", {"partners": "Tsinghua University (清华大学)"}),
            (
                "Tsinghua twice",
                "published",
                {"partners": "Tsinghua University\nTsinghua University (清华大学)"},
            ),
            ("Tsinghua draft", "draft", {"partners": "Tsinghua University (清华大学)"}),
            ("Peking forum", "published", {"partners": "Peking University（北京大学）"}),
            ("Zhou meets", "published", {"participants": "Premier Zhou Enlai (周恩来), Wang Yi (王毅)"}),
            # Side by side without brackets, another person's Chinese name is none of his.
            ("Obama meets", "published", {"participants": "习近平 Barack Obama, Wang Yi (王毅)"}),
        ],
    )
    exchanges = {exchange.title: exchange for exchange in Exchange.objects.all()}
    tsinghua = entity(Organisation, "Tsinghua University", "tsinghua-university", count=2)
    bracketed = entity(
        Organisation, "Tsinghua University (清华大学)", "tsinghua-university-清华大学", count=2
    )
    bracketed.aliases.create(name="THU", key="thu")
    peking = entity(Organisation, "Peking University（北京大学）", "peking-university-北京大学", count=1)
    entity(Organisation, "Ministry of Commerce (MOFCOM)", "ministry-of-commerce-mofcom")
    for title, organisation in [
        ("Tsinghua visit", tsinghua),
        ("Tsinghua forum", bracketed),
        ("Tsinghua twice", tsinghua),
        ("Tsinghua twice", bracketed),
        ("Tsinghua draft", bracketed),
        ("Peking forum", peking),
    ]:
        Link.objects.create(exchange=exchanges[title], organisation=organisation, role="partner")
    zhou = entity(Person, "Zhou Enlai", "zhou-enlai", count=1)
    entity(Person, "Barack Obama", "barack-obama")
    wang = entity(Person, "Wang Yi (王毅)", "wang-yi-王毅", count=1)
    for person in (zhou, wang):
        PersonLink.objects.create(exchange=exchanges["Zhou meets"], person=person)
    yield apps
    migrate(latest())


def snapshot(apps):
    return exchanges_and_submissions(apps, "partners", "participants")


def test_names_with_their_chinese_in_brackets_become_the_entity_of_the_name(old_database):
    before = snapshot(old_database)
    assert len(before[0]) > 6 and before[1][0][1] == "pending"

    apps = migrate(AFTER)

    assert snapshot(apps) == before
    Organisation = apps.get_model("entities", "Organisation")
    Person = apps.get_model("entities", "Person")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    tsinghua = Organisation.objects.get(slug="tsinghua-university")
    assert (tsinghua.name, tsinghua.chinese_name, tsinghua.chinese_key) == (
        "Tsinghua University",
        "清华大学",
        "清华大学",
    )
    assert not Organisation.objects.filter(slug="tsinghua-university-清华大学").exists()
    assert list(tsinghua.aliases.values_list("name", flat=True)) == ["THU"]
    linked = sorted(Link.objects.filter(organisation=tsinghua).values_list("exchange__title", flat=True))
    assert linked == ["Tsinghua draft", "Tsinghua forum", "Tsinghua twice", "Tsinghua visit"]
    assert tsinghua.exchange_count == 3  # published, each once
    peking = Organisation.objects.get(slug="peking-university-北京大学")
    assert (peking.name, peking.key, peking.chinese_name) == (
        "Peking University",
        "peking university",
        "北京大学",
    )
    assert (
        Organisation.objects.get(slug="ministry-of-commerce-mofcom").name == "Ministry of Commerce (MOFCOM)"
    )
    wang = Person.objects.get(slug="wang-yi-王毅")
    assert (wang.name, wang.chinese_name) == ("Wang Yi", "王毅")
    assert Person.objects.get(slug="zhou-enlai").chinese_name == "周恩来"
    assert Person.objects.get(slug="barack-obama").chinese_name == ""
