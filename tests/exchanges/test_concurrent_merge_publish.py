"""A publication that names an entity a moderator merges into another at that moment.

The import (one row a transaction) runs while moderators merge duplicates: a row read the name
"Chou En-lai" as its entity just before a merge made it an alias of Zhou Enlai and deleted it.
Its links must go to Zhou Enlai, not to the deleted entity, which PostgreSQL refused when the
row committed ("violates foreign key constraint"), so the row was lost.
"""

import datetime
import threading

import pytest
from django.db import connections

from entities.merge import merge
from entities.models import Person
from exchanges.links import Linker
from exchanges.models import ExchangePerson
from exchanges.publishing import publish
from tests.entities.factories import make_person
from tests.factories import make_exchange

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VALUES = {
    "title": "Premier meets a delegation",
    "summary": "The premier met a delegation of scientists.",
    "participants": "Premier Chou En-lai",
    "date": datetime.date(1972, 1, 1),
    "date_precision": "day",
    "type": "diplomatic",
    "government": True,
    "levels": ["national"],
}


def test_a_publication_naming_an_entity_merged_meanwhile_links_the_one_kept(monkeypatch):
    # Two people of one person's two spellings, as a catalogue linked before linking read the
    # synonyms' spellings holds them (each line now finds the one of its name).
    make_person("Zhou Enlai")
    make_person("Chou En-lai")
    make_exchange(participants="Premier Zhou Enlai")
    make_exchange(participants="Premier Chou En-lai")
    zhou, chou = Person.objects.get(name="Zhou Enlai"), Person.objects.get(name="Chou En-lai")
    found, merged = threading.Event(), threading.Event()
    find_person = Linker.person

    def person_then_wait(self, *names):
        # The publication has found its person; the merge happens before it goes on.
        person = find_person(self, *names)
        if not found.is_set():
            found.set()
            merged.wait(timeout=10)
        return person

    monkeypatch.setattr(Linker, "person", person_then_wait)
    outcome = []

    def publish_in_thread():
        try:
            outcome.append(publish(VALUES, []).pk)
        except Exception as error:  # what the moderator or the import would have been told
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=publish_in_thread)
    thread.start()
    assert found.wait(timeout=10)
    merge(zhou, chou)
    merged.set()
    thread.join(timeout=30)

    assert len(outcome) == 1 and isinstance(outcome[0], int), outcome
    assert list(ExchangePerson.objects.filter(exchange=outcome[0]).values_list("person", flat=True)) == [
        zhou.pk
    ]
    zhou.refresh_from_db()
    assert zhou.exchange_count == 3
