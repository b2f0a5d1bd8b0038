"""Exchange.published: when an exchange was first made public, whichever way it was published.

Set once, by the save that first finds it published, and kept when it is withdrawn and published
again: a feed or a digest calls an exchange new from its first publication, not from when its row
was made nor from its latest return.
"""

import datetime
import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from contributions import moderation
from contributions.models import Submission
from exchanges.models import Exchange
from exchanges.publishing import publish
from tests.factories import make_exchange, submission_values

LONG_AGO = timezone.make_aware(datetime.datetime(2020, 3, 1, 12, 0))
VALUES = {"title": "Panda loan", "summary": "Two pandas arrived.", "date": datetime.date(2013, 4, 1)}


class Moment:
    """The span a block of code ran in: what a time it set must lie within."""

    def __enter__(self):
        self.start = timezone.now()
        return self

    def __exit__(self, *exc):
        self.end = timezone.now()

    def holds(self, moment):
        return moment is not None and self.start <= moment <= self.end


def made_long_ago(exchange):
    """The exchange as if its row had been made long before now."""
    Exchange.objects.filter(pk=exchange.pk).update(created=LONG_AGO)
    exchange.refresh_from_db()
    return exchange


class FirstPublicationTests(TestCase):
    def test_a_draft_is_not_published_until_it_is(self):
        draft = made_long_ago(make_exchange(title="Planned visit", status=Exchange.Status.DRAFT))
        self.assertIsNone(draft.published)
        draft.summary = "Still being checked."
        draft.save()
        self.assertIsNone(Exchange.objects.get(pk=draft.pk).published)
        draft.status = Exchange.Status.PUBLISHED
        with Moment() as now:
            draft.save()
        published = Exchange.objects.get(pk=draft.pk).published
        self.assertTrue(now.holds(published))
        self.assertEqual(Exchange.objects.get(pk=draft.pk).created, LONG_AGO)

    def test_withdrawn_and_published_again_it_keeps_its_first_publication(self):
        exchange = make_exchange(title="Panda loan")
        first = exchange.published
        self.assertIsNotNone(first)
        exchange.status = Exchange.Status.DRAFT
        exchange.save()
        self.assertEqual(Exchange.objects.get(pk=exchange.pk).published, first)
        exchange.status = Exchange.Status.PUBLISHED
        exchange.save()
        again = Exchange.objects.get(pk=exchange.pk)
        self.assertEqual(again.published, first)
        self.assertGreater(again.updated, first)

    def test_a_save_of_named_fields_that_publishes_stores_the_time_too(self):
        draft = make_exchange(status=Exchange.Status.DRAFT)
        draft.status = Exchange.Status.PUBLISHED
        with Moment() as now:
            draft.save(update_fields=["status"])
        self.assertTrue(now.holds(Exchange.objects.get(pk=draft.pk).published))

    def test_the_publishing_function_sets_it_for_a_new_exchange_and_leaves_a_draft_alone(self):
        with Moment() as now:
            exchange = publish(VALUES, [{"citation": "Zoo news", "url": ""}])
        self.assertTrue(now.holds(Exchange.objects.get(pk=exchange.pk).published))
        draft = make_exchange(status=Exchange.Status.DRAFT)
        publish({"summary": "Corrected."}, None, exchange=draft)
        self.assertEqual(Exchange.objects.get(pk=draft.pk).status, Exchange.Status.DRAFT)
        self.assertIsNone(Exchange.objects.get(pk=draft.pk).published)


class ModeratorPathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = User.objects.create_superuser("moderator", "moderator@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.moderator)

    def admin_form(self, **fields):
        return {
            "title": "Quimby trade visit",
            "status": "draft",
            "summary": "Not yet checked.",
            "date": "2020",
            "sources-TOTAL_FORMS": "0",
            "sources-INITIAL_FORMS": "0",
            "submissions-TOTAL_FORMS": "0",
            "submissions-INITIAL_FORMS": "0",
            **fields,
        }

    def test_an_exchange_added_published_in_the_admin(self):
        with Moment() as now:
            response = self.client.post("/admin/exchanges/exchange/add/", self.admin_form(status="published"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(now.holds(Exchange.objects.get().published))

    def test_a_draft_published_from_its_change_page_then_withdrawn_and_published_again(self):
        self.assertEqual(
            self.client.post("/admin/exchanges/exchange/add/", self.admin_form()).status_code, 302
        )
        draft = made_long_ago(Exchange.objects.get())
        self.assertIsNone(draft.published)
        url = f"/admin/exchanges/exchange/{draft.pk}/change/"
        with Moment() as now:
            self.assertEqual(self.client.post(url, self.admin_form(status="published")).status_code, 302)
        first = Exchange.objects.get().published
        self.assertTrue(now.holds(first))
        self.assertContains(self.client.get(url), "First published")
        for status in ["draft", "published"]:
            self.assertEqual(self.client.post(url, self.admin_form(status=status)).status_code, 302)
            self.assertEqual(Exchange.objects.get().published, first)

    def test_approving_a_submission(self):
        submission = Submission.objects.create(**submission_values())
        with Moment() as now:
            result = moderation.approve(submission.pk, self.moderator)
        self.assertTrue(result.done)
        self.assertTrue(now.holds(result.submission.published_exchange.published))

    def test_approving_a_change_to_a_draft_does_not_publish_it(self):
        draft = make_exchange(title="Quiet visit", status=Exchange.Status.DRAFT)
        submission = Submission.objects.create(
            **submission_values(kind=Submission.Kind.CHANGE, exchange=draft, title="Quiet visit, corrected")
        )
        self.assertTrue(moderation.approve(submission.pk, self.moderator).done)
        self.assertIsNone(Exchange.objects.get(pk=draft.pk).published)

    def test_the_admins_import(self):
        text = "Title,Summary,Exchange Date,Source URL\nPanda loan,Two pandas arrived.,2013,https://example.org/p\n"
        upload = self.client.post(
            "/admin/exchanges/exchange/import/",
            {
                "resource": "0",
                "format": "0",
                "import_file": SimpleUploadedFile("records.csv", text.encode(), "text/csv"),
            },
        )
        confirm = upload.context["confirm_form"]
        with Moment() as now:
            self.client.post(
                "/admin/exchanges/exchange/process_import/",
                {name: confirm.initial.get(name, "") for name in confirm.fields},
            )
        self.assertTrue(now.holds(Exchange.objects.get(title="Panda loan").published))


class CommandPathTests(TestCase):
    def test_import_with_publish(self):
        example = Path(settings.BASE_DIR) / "fixtures" / "example_import.csv"
        with Moment() as now, self.assertRaises(CommandError):  # the example's bad rows are refused
            call_command(
                "import_exchanges", str(example), "--publish", stdout=io.StringIO(), stderr=io.StringIO()
            )
        published = list(Exchange.objects.values_list("published", flat=True))
        self.assertEqual(len(published), 15)
        self.assertTrue(all(now.holds(moment) for moment in published))

    def test_the_seed(self):
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False) as file:
            file.write("Title,Summary,Exchange Date\nPanda loan,Two pandas arrived.,April 2013\n")
        self.addCleanup(Path(file.name).unlink)
        with Moment() as now:
            call_command("seed_exchanges", "--file", file.name, stdout=io.StringIO())
        self.assertTrue(now.holds(Exchange.objects.get().published))
