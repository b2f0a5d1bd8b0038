"""0036 links again the exchanges of an organisation the old reading made of a bracket.

A database at the state before it (exchanges 0035) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Ministry of
Commerce (MOFCOM / 商务部)" to "Ministry of Commerce (MOFCOM" and "商务部)", a draft's "Chinese Academy
of Social Sciences (CASS, 中国社会科学院)" to an organisation of that whole name, beside the Ford
Foundation; and "Peking University (PKU", linked, given an alias by a moderator, and "Tsinghua
University (THU, 清华大学)", linked to nothing. Migrated forward, the exchanges link to the organisations
of the names, with their Chinese names and abbreviations; the organisations of brackets are gone and
their addresses remembered, but for the one with an alias and the one nothing linked; the counts
follow; every other exchange, its links and its date, and the submission, stay as they were. Runs on
SQLite and PostgreSQL alike.
"""

import pytest

from tests.migrating import (
    add_organisation,
    all_but,
    all_dated,
    exchanges_at,
    link_as_before,
    linked_database_at,
    migrate,
    unlink,
)

BEFORE = exchanges_at("0035_places_read_as_linking_does_now")
AFTER = exchanges_at("0036_organisations_in_brackets_read_as_linking_does_now")

COMMERCE = "Commerce talks"
ACADEMY = "Academy visit"
UNIVERSITY = "University exchange"
MINISTRY = "Ministry of Commerce (MOFCOM / 商务部)"
CASS = "Chinese Academy of Social Sciences (CASS, 中国社会科学院)"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with linked_database_at(
        BEFORE,
        [
            (COMMERCE, "published", {"partners": MINISTRY}),
            (ACADEMY, "draft", {"sponsors": f"{CASS}\nFord Foundation"}),
            (UNIVERSITY, "published", {"partners": "Peking University (PKU; 北京大学)"}),
        ],
    ) as apps:
        Organisation = apps.get_model("entities", "Organisation")
        # As the old reading linked them.
        unlink(apps, "Organisation", [COMMERCE, ACADEMY, UNIVERSITY])
        Organisation.objects.exclude(exchange_links__isnull=False).exclude(name="Ford Foundation").delete()
        ford = Organisation.objects.get(name="Ford Foundation")
        made = {
            name: add_organisation(Organisation, name, slug, aliases=aliases)
            for name, slug, aliases in [
                ("Ministry of Commerce (MOFCOM", "ministry-of-commerce-mofcom", []),
                ("商务部)", "商务部", []),
                (CASS, "chinese-academy-of-social-sciences-cass", []),
                ("Peking University (PKU", "peking-university-pku", ["PKU University"]),
                ("北京大学)", "北京大学", []),
                ("Tsinghua University (THU, 清华大学)", "tsinghua-university-thu", []),
            ]
        }
        link_as_before(
            apps,
            "Organisation",
            [
                (title, organisation, {"role": role})
                for title, organisation, role in [
                    (COMMERCE, made["Ministry of Commerce (MOFCOM"], "partner"),
                    (COMMERCE, made["商务部)"], "partner"),
                    (ACADEMY, made[CASS], "sponsor"),
                    (ACADEMY, ford, "sponsor"),
                    (UNIVERSITY, made["Peking University (PKU"], "partner"),
                    (UNIVERSITY, made["北京大学)"], "partner"),
                ]
            ],
        )
        yield apps


def organisations_of(apps, title):
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    return sorted(Link.objects.filter(exchange__title=title).values_list("organisation__name", "role"))


def others(apps):
    """Every exchange but those the old reading linked, its links and its date, and the submissions."""
    return all_but(apps, [COMMERCE, ACADEMY, UNIVERSITY], "partners")


def test_exchanges_link_the_organisations_of_their_brackets_as_read_now(old_database):
    before = others(old_database)
    assert len(before[0]) > 5 and before[1]["Organisation"] and before[2][0][1] == "pending"

    apps = migrate(AFTER)

    Organisation = apps.get_model("entities", "Organisation")
    assert organisations_of(apps, COMMERCE) == [("Ministry of Commerce", "partner")]
    ministry = Organisation.objects.get(name="Ministry of Commerce")
    assert (ministry.chinese_name, ministry.exchange_count) == ("商务部", 1)
    assert list(ministry.aliases.values_list("name", flat=True)) == ["MOFCOM"]
    assert organisations_of(apps, ACADEMY) == [
        ("Chinese Academy of Social Sciences", "sponsor"),
        ("Ford Foundation", "sponsor"),
    ]
    assert Organisation.objects.get(name="Chinese Academy of Social Sciences").exchange_count == 0, "a draft"
    assert organisations_of(apps, UNIVERSITY) == [("Peking University", "partner")]
    assert all_dated(apps, [COMMERCE, ACADEMY, UNIVERSITY])
    # Made of a bracket and linked before, linked by nothing now: gone, their addresses remembered.
    gone = ["ministry-of-commerce-mofcom", "商务部", "chinese-academy-of-social-sciences-cass", "北京大学"]
    assert not Organisation.objects.filter(slug__in=gone).exists()
    DeletedEntity = apps.get_model("entities", "DeletedEntity")
    assert sorted(DeletedEntity.objects.filter(kind="organisation").values_list("slug", flat=True)) == sorted(
        gone
    )
    # Given an alias, or linked by nothing before: kept for a moderator.
    kept = Organisation.objects.filter(slug__in=["peking-university-pku", "tsinghua-university-thu"])
    assert kept.count() == 2
    # Every other exchange as it was: not linked again, not dated.
    assert others(apps) == before

    links = sorted(
        apps.get_model("exchanges", "ExchangeOrganisation").objects.values_list(
            "exchange_id", "organisation_id"
        )
    )
    apps = migrate(BEFORE)
    apps = migrate(AFTER)
    assert (
        sorted(
            apps.get_model("exchanges", "ExchangeOrganisation").objects.values_list(
                "exchange_id", "organisation_id"
            )
        )
        == links
    )
