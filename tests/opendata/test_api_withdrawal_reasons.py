"""/api/v1/withdrawn/ gives the reason a moderator gave for withdrawing an exchange, as the page left at
its address says it ("The moderator’s reason: …"), so that a mirror deleting the record can say why it
left; before, the list gave its slug and date alone."""

import jsonschema
from django.test import TestCase

from exchanges.models import Exchange
from tests.factories import make_exchange


def withdraw(exchange, reason=""):
    exchange.status = Exchange.Status.DRAFT
    exchange.withdrawal_reason = reason
    exchange.save()


class WithdrawalReasonTests(TestCase):
    def reasons(self):
        response = self.client.get("/api/v1/withdrawn/")
        self.assertEqual(response.status_code, 200)
        return {record["slug"]: record["reason"] for record in response.json()["results"]}

    def test_the_list_gives_the_reason_the_withdrawn_page_shows(self):
        withdraw(
            make_exchange(title="Repeated visit"),
            "A duplicate of “Governors meet in Iowa”.\nSee that record.",
        )
        withdraw(make_exchange(title="Quiet withdrawal"))
        make_exchange(title="Deleted one").delete()
        make_exchange(title="Still public", withdrawal_reason="Left over from an earlier withdrawal.")
        # Still one query: the reason is read beside each tombstone, not once a record.
        with self.assertNumQueries(1):
            reasons = self.reasons()
        self.assertEqual(
            reasons,
            {
                "repeated-visit": "A duplicate of “Governors meet in Iowa”.\nSee that record.",
                # No reason given, or no record left to give one: the page gives none either.
                "quiet-withdrawal": "",
                "deleted-one": "",
            },
        )
        page = self.client.get("/exchanges/repeated-visit/")
        self.assertContains(page, "A duplicate of “Governors meet in Iowa”.", status_code=410)

    def test_a_reason_given_after_the_withdrawal_is_listed(self):
        exchange = make_exchange(title="Retracted source")
        withdraw(exchange)
        self.assertEqual(self.reasons(), {"retracted-source": ""})
        exchange.withdrawal_reason = "The source was retracted."
        exchange.save()
        self.assertEqual(self.reasons(), {"retracted-source": "The source was retracted."})

    def test_never_while_it_is_published(self):
        exchange = make_exchange(title="Back again")
        withdraw(exchange, "Sent by mistake.")
        exchange.status = Exchange.Status.PUBLISHED
        exchange.save()
        self.assertEqual(self.reasons(), {})
        self.assertNotContains(self.client.get("/api/v1/exchanges/back-again/"), "Sent by mistake.")

    def test_the_schema_describes_the_reason(self):
        withdraw(make_exchange(title="Repeated visit"), "A duplicate.")
        schema = self.client.get("/api/v1/schema/?format=json").json()
        withdrawal = schema["components"]["schemas"]["Withdrawal"]
        self.assertEqual(withdrawal["properties"]["reason"]["type"], "string")
        self.assertIn("reason", withdrawal["required"])
        record = self.client.get("/api/v1/withdrawn/").json()["results"][0]
        jsonschema.validate(record, {**withdrawal, "additionalProperties": False})
