"""Confirm import sent twice at the same moment imports the file once.

Two moderators, or a double click whose two requests reach two gunicorn workers, confirm the
same preview. Each request here runs in its own thread, with its own database connection and
its own transaction. The import is made to wait, up to a couple of seconds, for the other
request to arrive there too: were both let through, each would publish every row in its own
transaction, neither seeing the other's rows. Exactly one import must happen; the other
request says the import was confirmed already.
"""

import threading

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client

from exchanges.models import Exchange
from exchanges.resources import ExchangeResource

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROWS = (
    "Title,Summary,Exchange Date,Source URL\n"
    "Panda loan,Two pandas arrived.,April 2013,https://example.org/panda\n"
    "Mayors visit,Mayors visited.,2014,https://example.org/mayors\n"
)


def preview(client):
    response = client.post(
        "/admin/exchanges/exchange/import/",
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("records.csv", ROWS.encode(), "text/csv"),
        },
    )
    confirm = response.context["confirm_form"]
    return {name: confirm.initial.get(name, "") for name in confirm.fields}


def confirm_in_thread(user, data, barrier, pages):
    try:
        client = Client()
        client.force_login(user)
        barrier.wait(timeout=10)
        pages.append(client.post("/admin/exchanges/exchange/process_import/", data, follow=True))
    finally:
        connections.close_all()


def test_two_confirmations_at_the_same_moment_import_once(monkeypatch):
    editor = User.objects.create_superuser("editor", "editor@example.org", "pw")
    other = User.objects.create_superuser("other", "other@example.org", "pw")
    client = Client()
    client.force_login(editor)
    data = preview(client)

    both_importing = threading.Barrier(2)
    real_import_data = ExchangeResource.import_data

    def import_data_when_both_are_here(self, *args, **kwargs):
        # Only confirmations reach this (the preview ran above); one alone goes on after 2 s.
        try:
            both_importing.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass
        return real_import_data(self, *args, **kwargs)

    monkeypatch.setattr(ExchangeResource, "import_data", import_data_when_both_are_here)
    start = threading.Barrier(2)
    pages = []
    threads = [
        threading.Thread(target=confirm_in_thread, args=(user, data, start, pages))
        for user in (editor, other)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(Exchange.objects.values_list("title", flat=True)) == ["Mayors visit", "Panda loan"]
    assert [page.status_code for page in pages] == [200, 200]
    said = sorted("This import was confirmed already" in page.content.decode() for page in pages)
    assert said == [False, True]
