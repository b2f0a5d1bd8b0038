"""The same form sent twice (a double click, a send repeated after a slow answer) is stored once.

Each form shown carries a key of its own; a second sending of it, with the same values, is
thanked with the first one's reference, and nothing more is stored or emailed; so is the same
contribution sent again, unchanged and still pending, from the form shown again (the back
button). Sent again after a change (a correction), it is a contribution of its own.
"""

import re
import threading

import pytest
from django.db import connections
from django.test import Client, TestCase, override_settings

from contributions.models import EmailDelivery, Submission
from tests.contributions.test_suggest import published_form_data
from tests.factories import form_data, make_exchange


def form_key(page):
    return re.search(r'name="form_key" value="([^"]+)"', page.content.decode()).group(1)


def reference_shown(client):
    return re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", client.get("/contribute/thanks/").content.decode()).group(0)


@override_settings(CONTRIBUTION_RATE="1000/h")
class SentTwiceTests(TestCase):
    def test_each_form_shown_has_a_key_of_its_own(self):
        self.assertNotEqual(
            form_key(self.client.get("/contribute/")), form_key(self.client.get("/contribute/"))
        )

    def test_the_same_form_sent_twice_is_stored_and_emailed_once(self):
        data = form_data(form_key=form_key(self.client.get("/contribute/")))
        self.assertRedirects(self.client.post("/contribute/", data), "/contribute/thanks/")
        first = reference_shown(self.client)
        self.assertRedirects(self.client.post("/contribute/", data), "/contribute/thanks/")
        self.assertEqual(reference_shown(self.client), first)
        self.assertEqual(list(Submission.objects.values_list("reference", flat=True)), [first])
        self.assertEqual(EmailDelivery.objects.count(), 2, "one receipt and one notice")

    def test_the_same_contribution_sent_again_from_the_form_shown_again_is_stored_once(self):
        # Back from the thank-you page, the browser shows the form again, made afresh with a new key
        # but holding what was typed; sent again unchanged, it was a second contribution.
        self.client.post("/contribute/", form_data(form_key=form_key(self.client.get("/contribute/"))))
        first = reference_shown(self.client)
        again = form_data(form_key=form_key(self.client.get("/contribute/")))
        self.assertRedirects(self.client.post("/contribute/", again), "/contribute/thanks/")
        self.assertEqual(reference_shown(self.client), first)
        self.assertEqual(list(Submission.objects.values_list("reference", flat=True)), [first])
        self.assertEqual(EmailDelivery.objects.count(), 2, "one receipt and one notice")

    def test_the_same_contribution_is_one_of_its_own_once_the_first_is_decided_or_from_another(self):
        # Rejected, it may be sent again as new sources come to light; another person's is theirs.
        self.client.post("/contribute/", form_data(form_key=form_key(self.client.get("/contribute/"))))
        self.client.post(
            "/contribute/",
            form_data(form_key=form_key(self.client.get("/contribute/")), contributor_email="b@example.org"),
        )
        Submission.objects.update(status=Submission.Status.REJECTED)
        self.client.post("/contribute/", form_data(form_key=form_key(self.client.get("/contribute/"))))
        self.assertEqual(Submission.objects.count(), 3)
        self.assertEqual(Submission.objects.pending().count(), 1)

    def test_a_form_sent_again_after_a_change_is_a_contribution_of_its_own(self):
        key = form_key(self.client.get("/contribute/"))
        self.client.post("/contribute/", form_data(form_key=key))
        self.client.post("/contribute/", form_data(form_key=key, title="The corrected title"))
        self.assertEqual(
            sorted(Submission.objects.values_list("title", flat=True)),
            ["Governors' forum in Houston", "The corrected title"],
        )

    def test_a_form_sent_back_with_errors_keeps_its_key(self):
        key = form_key(self.client.get("/contribute/"))
        page = self.client.post("/contribute/", form_data(form_key=key, title=""))
        self.assertEqual(form_key(page), key)

    def test_a_form_without_a_key_or_with_a_malformed_one_is_stored_as_sent(self):
        self.client.post("/contribute/", form_data())
        self.client.post("/contribute/", form_data(form_key="not-a-key", title="Another forum"))
        self.assertEqual(Submission.objects.filter(form_key=None).count(), 2)

    def test_a_suggestion_sent_twice_is_stored_once(self):
        exchange = make_exchange(location="Washington, DC")
        url = f"/exchanges/{exchange.slug}/suggest/"
        data = published_form_data(exchange, location="Beijing", form_key=form_key(self.client.get(url)))
        self.client.post(url, data)
        self.client.post(url, data)
        self.assertEqual(Submission.objects.count(), 1)


def send(data, answers, barrier):
    try:
        client = Client()
        barrier.wait(timeout=10)
        answers.append(client.post("/contribute/", data).status_code)
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(CONTRIBUTION_RATE="1000/h")
def test_a_double_click_stores_one_contribution():
    """Both sendings arrive at once, each in its own thread and transaction: the second waits for
    the first's key at the unique index, then finds it."""
    for number in range(5):
        data = form_data(title=f"Forum number {number}", form_key=form_key(Client().get("/contribute/")))
        answers, barrier = [], threading.Barrier(2)
        threads = [threading.Thread(target=send, args=(data, answers, barrier)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert answers == [302, 302]
        assert Submission.objects.filter(title=f"Forum number {number}").count() == 1
    assert EmailDelivery.objects.count() == 2 * 5
