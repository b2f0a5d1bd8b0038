"""Moderation in the admin: who may moderate, and the queue."""

from io import StringIO

from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import TestCase

from contributions.models import Submission
from exchanges.models import Exchange
from tests.factories import make_exchange, make_moderator, make_submission

QUEUE = "/admin/contributions/submission/"


def change_url(submission):
    return f"{QUEUE}{submission.pk}/change/"


class ModeratorsGroupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_the_group_has_exactly_the_moderation_permissions(self):
        permissions = Group.objects.get(name="Moderators").permissions.values_list(
            "content_type__app_label", "codename"
        )
        self.assertEqual(
            set(permissions),
            {
                ("contributions", "view_submission"),
                ("contributions", "change_submission"),
                ("exchanges", "view_exchange"),
                ("exchanges", "add_exchange"),
                ("exchanges", "change_exchange"),
                ("exchanges", "view_source"),
                ("exchanges", "add_source"),
                ("exchanges", "change_source"),
                ("exchanges", "delete_source"),
                # Aliases and merges (a merge deletes the merged ones): contributions 0011.
                *(
                    ("entities", f"{action}_{model}")
                    for model in [
                        "organisation",
                        "organisationalias",
                        "person",
                        "personalias",
                        "place",
                        "placealias",
                    ]
                    for action in ["view", "add", "change", "delete"]
                ),
            },
        )

    def test_a_moderator_works_the_queue_and_edits_exchanges(self):
        exchange = make_exchange()
        self.assertEqual(self.client.get(QUEUE).status_code, 200)
        self.assertEqual(self.client.get(change_url(make_submission())).status_code, 200)
        self.assertEqual(self.client.get(f"/admin/exchanges/exchange/{exchange.pk}/change/").status_code, 200)

    def test_a_moderator_cannot_manage_users_or_groups_or_delete(self):
        for url in ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]:
            self.assertEqual(self.client.get(url).status_code, 403, url)
        submission = make_submission()
        self.assertEqual(self.client.get(f"{QUEUE}{submission.pk}/delete/").status_code, 403)

    def test_nobody_adds_submissions_in_the_admin(self):
        self.assertEqual(self.client.get(f"{QUEUE}add/").status_code, 403)

    def test_the_public_cannot_see_the_queue(self):
        self.client.logout()
        self.assertRedirects(self.client.get(QUEUE), f"/admin/login/?next={QUEUE}")


class MakeModeratorCommandTests(TestCase):
    def test_it_makes_an_existing_user_a_staff_member_of_the_group(self):
        User.objects.create_user("ana", password="pw")
        call_command("make_moderator", "ana", "--email", "ana@example.org", stdout=StringIO())
        ana = User.objects.get(username="ana")
        self.assertTrue(ana.is_staff)
        self.assertFalse(ana.is_superuser)
        self.assertEqual(ana.email, "ana@example.org")
        self.assertEqual(list(ana.groups.values_list("name", flat=True)), ["Moderators"])
        self.assertTrue(ana.has_perm("contributions.change_submission"))

    def test_it_creates_a_missing_user_without_a_password_and_says_how_to_set_one(self):
        out = StringIO()
        call_command("make_moderator", "ben", stdout=out)
        ben = User.objects.get(username="ben")
        self.assertFalse(ben.has_usable_password())
        self.assertIn("changepassword ben", out.getvalue())
        self.assertIn("no email address", out.getvalue())

    def test_running_it_twice_changes_nothing_more(self):
        call_command("make_moderator", "cy", stdout=StringIO())
        call_command("make_moderator", "cy", stdout=StringIO())
        self.assertEqual(User.objects.get(username="cy").groups.count(), 1)

    def test_a_malformed_email_is_refused(self):
        with self.assertRaisesMessage(CommandError, "is not an email address"):
            call_command("make_moderator", "dee", "--email", "not an address")
        self.assertFalse(User.objects.filter(username="dee").exists())


class QueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.older = make_submission(title="Older pending", type=Exchange.Type.EDUCATION)
        cls.newer = make_submission(title="Newer pending")
        cls.approved = make_submission(title="Approved one", status=Submission.Status.APPROVED)
        cls.change = make_submission(
            title="A suggested change", kind=Submission.Kind.CHANGE, exchange=make_exchange()
        )

    def setUp(self):
        self.client.force_login(self.moderator)

    def rows(self, url):
        return [submission.title for submission in self.client.get(url).context["cl"].result_list]

    def test_it_opens_on_the_pending_queue_oldest_first(self):
        self.assertEqual(self.rows(QUEUE), ["Older pending", "Newer pending", "A suggested change"])

    def test_other_statuses_and_all_are_a_click_away(self):
        self.assertEqual(self.rows(f"{QUEUE}?status=approved"), ["Approved one"])
        self.assertEqual(len(self.rows(f"{QUEUE}?status=all")), 4)

    def test_it_filters_by_kind_and_type(self):
        self.assertEqual(self.rows(f"{QUEUE}?kind__exact=change"), ["A suggested change"])
        self.assertEqual(self.rows(f"{QUEUE}?type__exact=education"), ["Older pending"])

    def test_it_searches_reference_title_and_contributor(self):
        self.assertEqual(self.rows(f"{QUEUE}?q={self.newer.reference}"), ["Newer pending"])
        self.assertEqual(self.rows(f"{QUEUE}?q=older"), ["Older pending"])
        self.assertEqual(len(self.rows(f"{QUEUE}?q=jane@example.org")), 3)

    def test_the_status_column_shows_only_when_statuses_are_mixed(self):
        self.assertNotContains(self.client.get(QUEUE), 'column-status"')
        self.assertContains(self.client.get(f"{QUEUE}?status=all"), 'column-status"')

    def test_it_counts_each_choice(self):
        response = self.client.get(QUEUE)
        self.assertContains(response, "Pending (3)")
        self.assertContains(response, "Approved (1)")
        self.assertContains(response, "New exchange (2)")
        self.assertContains(response, "Suggested change (1)")

    def test_the_queue_costs_a_fixed_number_of_queries(self):
        make_submission(title="One more")
        with self.assertNumQueries(10):
            # The session; the user; their own and their groups' permissions; the
            # number of pending submissions; the number of all submissions; the
            # page of rows; the counts beside status, kind and type (one each).
            self.client.get(QUEUE)
