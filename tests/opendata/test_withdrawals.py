from django.test import TestCase

from exchanges.models import Exchange
from opendata.models import Withdrawal
from tests.factories import make_exchange


def withdrawn():
    return list(Withdrawal.objects.values_list("slug", flat=True))


class WithdrawalTests(TestCase):
    def test_deleting_a_published_exchange_leaves_a_tombstone(self):
        exchange = make_exchange(title="Gone")
        exchange.delete()
        self.assertEqual(withdrawn(), ["gone"])

    def test_unpublishing_leaves_a_tombstone_and_republishing_removes_it(self):
        exchange = make_exchange(title="Back and forth")
        exchange.status = Exchange.Status.DRAFT
        exchange.save()
        self.assertEqual(withdrawn(), ["back-and-forth"])
        exchange.status = Exchange.Status.PUBLISHED
        exchange.save()
        self.assertEqual(withdrawn(), [])

    def test_drafts_that_were_never_published_leave_nothing(self):
        draft = make_exchange(title="Never public", status=Exchange.Status.DRAFT)
        draft.summary = "Edited"
        draft.save()
        draft.delete()
        self.assertEqual(withdrawn(), [])

    def test_editing_a_published_exchange_withdraws_nothing(self):
        exchange = make_exchange(title="Still here")
        exchange.summary = "Edited"
        exchange.save()
        self.assertEqual(withdrawn(), [])


class WithdrawalAdminTests(TestCase):
    def test_moderators_can_read_but_not_write_tombstones(self):
        from django.contrib.auth.models import User

        self.client.force_login(User.objects.create_superuser("admin", "admin@example.org", "password"))
        make_exchange(title="Gone").delete()
        self.assertContains(self.client.get("/admin/opendata/withdrawal/"), "gone")
        self.assertEqual(self.client.get("/admin/opendata/withdrawal/add/").status_code, 403)
