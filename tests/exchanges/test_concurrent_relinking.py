"""A publish of an exchange while the worker relinks it to the places it lies in waits for it.

The worker, in a thread with its own connection, relinks an exchange at Sunnylands after Rancho
Mirage moved from California to Nevada; it has locked the exchange and read its links when a
moderator, in another thread, publishes a change of the same exchange (a second place, Beijing).
The publish waits for the relinking to commit, then links the exchange itself: both finish, and
the exchange's links and every count are those of the record as published.
"""

import threading
import time

import pytest
from django.db import connections

from entities.models import Place
from exchanges.counts import entity_summary_expected, kept_entity_summary, kept_summary, summary_from_scratch
from exchanges.links import Linker, relink_places_lain_in
from exchanges.models import Exchange, ExchangePlace
from exchanges.publishing import publish
from tests.exchanges.test_counts_write_paths import SOURCES, values

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def in_thread(name, work, results):
    def run():
        try:
            results[name] = work()
        except Exception as error:  # Reported by the test, not lost in the thread.
            results[name] = error
        finally:
            connections.close_all()

    return threading.Thread(target=run, name=name)


def test_a_publish_waits_for_the_relinking_of_its_exchange(monkeypatch):
    exchange = publish(values(title="Retreat at Sunnylands", location="Sunnylands"), SOURCES)
    nevada = Place.objects.create(name="Nevada", key="nevada", slug="nevada", kind="province", country="US")
    # Moved without the admin, so that nothing is queued: the thread below is the worker.
    Place.objects.filter(slug="rancho-mirage").update(parent=nevada)
    locked, finished = threading.Event(), {}
    real_ancestors = Linker.ancestors

    def ancestors_then_pause(self, place):
        # In the worker, once the exchange is locked and its links read: the publish starts now.
        if threading.current_thread().name == "worker" and not locked.is_set():
            locked.set()
            time.sleep(1)
        return real_ancestors(self, place)

    monkeypatch.setattr(Linker, "ancestors", ancestors_then_pause)

    def relink():
        relinked = relink_places_lain_in([exchange.pk])
        finished["worker"] = time.monotonic()
        return relinked

    def change():
        assert locked.wait(timeout=10)
        changed = publish(
            values(title="Retreat at Sunnylands", location="Sunnylands; Beijing"), SOURCES, exchange=exchange
        )
        finished["moderator"] = time.monotonic()
        return changed

    results = {}
    threads = [in_thread("worker", relink, results), in_thread("moderator", change, results)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert results["worker"] == 1, results
    assert isinstance(results["moderator"], Exchange), results
    assert finished["moderator"] > finished["worker"]
    lain_in = set(
        ExchangePlace.objects.filter(exchange=exchange, direct=False).values_list("place__slug", flat=True)
    )
    assert lain_in == {"rancho-mirage", "nevada"}
    assert set(
        ExchangePlace.objects.filter(exchange=exchange, direct=True).values_list("place__slug", flat=True)
    ) == {
        "sunnylands",
        "beijing",
    }
    assert (
        Place.objects.get(slug="nevada").exchange_count,
        Place.objects.get(slug="california").exchange_count,
    ) == (
        1,
        0,
    )
    assert kept_summary() == summary_from_scratch()
    assert kept_entity_summary() == entity_summary_expected()
