"""bench/generate.py writes every column as the site would: what the benchmark measures is the site
on data it could hold, not on rows it would never write."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from entities.models import Organisation, Person, Place
from exchanges.dates import last_day
from exchanges.links import link_entities
from exchanges.models import Exchange, ExchangeOrganisation, ExchangePerson, ExchangePlace, SearchWord, Source
from exchanges.search import search_columns, vocabulary_words
from tests.bench.scripts import load_script

ROWS = 400


@pytest.fixture
def generated(db):
    generate = load_script("generate")
    generate.generate(ROWS, organisations=600, people=900, places=400, report=lambda line: None, chunk=150)
    # Filled past the signals that keep the counts: recounted, as bench/generate.py's prepare() does.
    call_command("rebuild_counts", verbosity=0)
    return generate


def link_keys(exchange):
    """What an exchange is linked to, by the entities' keys (two generated people may share a name)."""
    return (
        sorted((link.organisation.key, link.role) for link in exchange.organisation_links.all()),
        sorted((link.person.key, link.title) for link in exchange.person_links.all()),
        sorted(link.place.key for link in exchange.place_links.filter(direct=True)),
    )


def test_every_row_is_a_published_exchange_with_its_sources(generated):
    assert Exchange.objects.published().count() == ROWS
    assert Exchange.objects.count() == ROWS
    assert Source.objects.filter(exchange__in=Exchange.objects.all()).count() == Source.objects.count()
    assert set(Source.objects.values_list("exchange", flat=True)) == set(range(1, ROWS + 1))


def test_every_row_says_when_it_was_first_published_as_publishing_it_would(generated):
    # The feeds order and date their entries by it (opendata/feeds.py): a row without one would be
    # left at the end of every feed, which the benchmark's feed page would then not measure.
    assert not Exchange.objects.filter(published=None).exists()
    assert not Exchange.objects.exclude(published=F("created")).exists()


def test_saving_a_generated_exchange_changes_none_of_its_derived_columns(generated):
    derived = ["date", "date_last", "search_title", "search_names", "search_body", "slug", "published"]
    chinese = Exchange.objects.exclude(title_zh="").order_by("id")[:3]
    assert len(chinese) == 3, "a share of the exchanges has Chinese texts"
    for exchange in [*Exchange.objects.order_by("id")[:20], *chinese]:
        before = {name: getattr(exchange, name) for name in derived}
        assert before["date_last"] == last_day(exchange.date, exchange.date_precision, exchange.end_date)
        folded = (before["search_title"], before["search_names"], before["search_body"])
        assert folded == search_columns(exchange)
        exchange.save()
        exchange.refresh_from_db()
        assert {name: getattr(exchange, name) for name in derived} == before


def test_publishing_a_generated_record_again_links_the_same_entities(generated):
    exchanges = Exchange.objects.order_by("id")[:40]
    before = {exchange.pk: link_keys(exchange) for exchange in exchanges}
    assert any(people for _, people, _ in before.values()), "some exchanges name people"
    assert any(title for _, people, _ in before.values() for _, title in people), "with their titles"
    for exchange in exchanges:
        link_entities(exchange)
    assert {exchange.pk: link_keys(exchange) for exchange in exchanges} == before


def test_places_are_linked_with_the_places_they_lie_in(generated):
    checked = 0
    for exchange in Exchange.objects.order_by("id")[:60]:
        direct = set(exchange.place_links.filter(direct=True).values_list("place", flat=True))
        assert 1 <= len(direct) <= 2
        expected = set()
        for place in Place.objects.filter(pk__in=direct):
            while place.parent_id:
                place = place.parent
                expected.add(place.pk)
        indirect = set(exchange.place_links.filter(direct=False).values_list("place", flat=True))
        assert indirect == expected - direct
        checked += bool(indirect)
    assert checked, "some places lie in a state or province"


def test_links_are_skewed_a_few_entities_in_many_exchanges_most_in_few(generated):
    named = Counter(ExchangeOrganisation.objects.values_list("organisation", flat=True))
    assert named.most_common(1)[0][1] > ROWS * 0.2
    assert sum(1 for count in named.values() if count <= 2) > len(named) / 2
    per_exchange = Counter(ExchangeOrganisation.objects.values_list("exchange", flat=True))
    assert set(per_exchange.values()) <= {1, 2, 3, 4} and len(per_exchange) == ROWS
    assert ExchangePerson.objects.count() > ROWS
    assert ExchangePlace.objects.filter(direct=False).exists()
    assert Organisation.objects.count() == 600 and Person.objects.count() == 900


def test_every_link_holds_its_published_exchanges_date(generated):
    # As exchanges/counts.py keeps them, so that related exchanges are found on generated data.
    for link in (ExchangeOrganisation, ExchangePerson, ExchangePlace):
        assert link.objects.exists()
        assert not link.objects.exclude(published_date=F("exchange__date")).exists(), link.__name__


def test_the_search_vocabulary_holds_every_word_of_the_exchanges(generated):
    words = set(SearchWord.objects.values_list("word", flat=True))
    for exchange in Exchange.objects.order_by("id")[:30]:
        assert vocabulary_words([exchange.search_title, exchange.search_names, exchange.search_body]) <= words


def test_the_site_answers_on_generated_data_and_new_rows_get_new_ids(generated, client):
    results = generated.check_pages(report=lambda line: None)
    assert [status for _, status, _ in results] == [200] * len(results)
    made = Exchange.objects.create(title="A new one", summary="s", date="2020-01-01", status="published")
    assert made.pk == ROWS + 1


@pytest.mark.postgres
def test_foreign_keys_hold_though_checked_only_once_the_rows_are_in(generated):
    # The bulk load skips the per-row checks; the constraints must still hold for every row.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model, key in ((ExchangePerson, "person_id"), (ExchangePlace, "place_id")):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT count(*) FROM {table} LEFT JOIN exchanges_exchange e ON e.id = exchange_id "
                f"WHERE e.id IS NULL OR {key} IS NULL"
            )
            assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'exchange_search_type_level'")
        assert cursor.fetchone()[0] == 1
