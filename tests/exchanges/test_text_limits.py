"""Every text at its longest still fits the search index: PostgreSQL's tsvector holds at most 1 MB."""

import random
import string

import pytest
from django.db import connection

from exchanges.models import Exchange, ExchangeRecord
from tests.factories import make_exchange

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SEARCHED = ["title", "summary", "outcomes", "partners", "sponsors", "participants", "location"]


def distinct_words(length, randomiser):
    """As many different words as fit in `length` characters: the worst case for a tsvector."""
    words, size = [], 0
    while True:
        word = "".join(randomiser.choices(string.ascii_lowercase + "éçøßж", k=randomiser.randint(2, 6)))
        if size + len(word) + 1 > length:
            return " ".join(words)
        words.append(word)
        size += len(word) + 1


def test_an_exchange_with_every_searched_text_at_its_limit_is_stored_and_found():
    randomiser = random.Random(9)
    texts = {
        name: distinct_words(ExchangeRecord._meta.get_field(name).max_length, randomiser) for name in SEARCHED
    }
    exchange = make_exchange(**texts)
    exchange.full_clean(exclude=["slug", "date_last"])
    assert exchange in Exchange.objects.search(texts["summary"].split()[0])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(search_vector) FROM exchanges_exchange WHERE id = %s", [exchange.pk]
        )
        size = cursor.fetchone()[0]
    # Far below the limit: the limits leave room for any text.
    assert size < 1_048_576 / 4, size
