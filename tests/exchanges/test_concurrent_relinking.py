"""A publish of an exchange while the worker relinks it to the places it lies in waits for it.

The worker, in a thread with its own connection, relinks an exchange at Sunnylands after Rancho
Mirage moved from California to Nevada; it has locked the exchange and read its links when a
moderator, in another thread, publishes a change of the same exchange (a second place, Beijing).
The publish waits for the relinking to commit, then links the exchange itself: both finish, and
the exchange's links and every count are those of the record as published.

And a publish racing a place's move: the exchange it commits after the move's relinking has
listed the place's exchanges is relinked by the publish itself, once committed.
"""

import threading
import time

import pytest
from django.db import connections, transaction

import exchanges.publishing
import exchanges.tasks
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


def run_together(**work):
    """Each piece of `work` in a thread named by its keyword; {name: what it returned or raised}."""
    results = {}
    threads = [in_thread(name, each, results) for name, each in work.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


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

    results = run_together(worker=relink, moderator=change)

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


def test_a_place_moved_while_an_exchange_naming_it_is_published(monkeypatch):
    """A moderator moves Rancho Mirage to Nevada while another publishes an exchange at Sunnylands.

    The publish reads the parents before the move commits (California), and commits only after the
    move's own relinking has listed Rancho Mirage's exchanges, without it. Once it commits, it sees
    the move and links its exchange to Nevada itself."""
    earlier = publish(values(title="Earlier retreat at Sunnylands", location="Sunnylands"), SOURCES)
    nevada = Place.objects.create(name="Nevada", key="nevada", slug="nevada", kind="province", country="US")
    moving, read, listed = threading.Event(), threading.Event(), threading.Event()
    real_ancestors = Linker.ancestors

    def ancestors_then_signal(self, place):
        found = real_ancestors(self, place)
        if threading.current_thread().name == "publisher":
            read.set()
        return found

    real_bump = exchanges.publishing.bump_catalogue_version

    def bump_once_listed():
        # The publisher's last step before its commit: the move's relinking lists its exchanges first.
        if threading.current_thread().name == "publisher":
            assert listed.wait(timeout=10)
        real_bump()

    real_relink = exchanges.tasks.relink_places_lain_in

    def relink_once_listed(ids, **kwargs):
        # Called by the move's task with the exchanges it listed.
        if threading.current_thread().name == "mover":
            listed.set()
        return real_relink(ids, **kwargs)

    monkeypatch.setattr(Linker, "ancestors", ancestors_then_signal)
    monkeypatch.setattr(exchanges.publishing, "bump_catalogue_version", bump_once_listed)
    monkeypatch.setattr(exchanges.tasks, "relink_places_lain_in", relink_once_listed)

    def move():
        with transaction.atomic():
            town = Place.objects.get(slug="rancho-mirage")
            town.parent = nevada
            town.save()  # its relinking runs at the commit (the tests' immediate task backend)
            moving.set()
            assert read.wait(timeout=10)
        return "moved"

    def publish_one():
        assert moving.wait(timeout=10)
        return publish(values(title="Retreat at Sunnylands", location="Sunnylands"), SOURCES)

    results = run_together(mover=move, publisher=publish_one)

    exchange = results["publisher"]
    assert results["mover"] == "moved", results
    assert isinstance(exchange, Exchange), results
    assert listed.is_set()
    for each in (earlier, exchange):
        lain_in = ExchangePlace.objects.filter(exchange=each, direct=False).values_list(
            "place__slug", flat=True
        )
        assert set(lain_in) == {"rancho-mirage", "nevada"}, each.title
    assert Place.objects.get(slug="nevada").exchange_count == 2
    assert Place.objects.get(slug="california").exchange_count == 0
    assert kept_summary() == summary_from_scratch()
    assert kept_entity_summary() == entity_summary_expected()
