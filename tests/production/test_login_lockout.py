"""The admin login cannot be guessed at: django-axes locks a username out, from one address,
after AXES_FAILURE_LIMIT wrong passwords, and `manage.py axes_reset_username` lifts it."""

from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, TestCase, override_settings

LOGIN = "/admin/login/?next=/admin/"


@override_settings(AXES_FAILURE_LIMIT=3)
class LockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        User.objects.create_user("editor", "editor@example.org", "right-password", is_staff=True)

    def attempt(self, password, client=None, username="editor"):
        return (client or self.client).post(LOGIN, {"username": username, "password": password})

    def lock_out(self):
        for _ in range(2):
            self.assertEqual(self.attempt("wrong").status_code, 200)
        return self.attempt("wrong")

    def test_a_handful_of_wrong_passwords_lock_the_username_out_with_a_clear_page(self):
        response = self.lock_out()
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many wrong passwords", status_code=429)
        self.assertContains(response, "Please try again in 30 minutes.", status_code=429)
        self.assertEqual(response["Retry-After"], "1800")
        # Even the right password is refused while the lock holds.
        locked = self.attempt("right-password")
        self.assertEqual(locked.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_lock_is_for_that_username_from_that_address_only(self):
        self.lock_out()
        other_address = Client(REMOTE_ADDR="192.0.2.44")
        self.assertEqual(self.attempt("right-password", other_address).status_code, 302)
        User.objects.create_user("other", password="other-password", is_staff=True)
        self.assertEqual(self.attempt("other-password", username="other").status_code, 302)

    @override_settings(TRUSTED_PROXIES=["10.0.0.1"])
    def test_behind_the_proxy_each_client_is_locked_out_on_its_own(self):
        via_proxy = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
        for _ in range(3):
            self.attempt("wrong", via_proxy)
        self.assertEqual(self.attempt("right-password", via_proxy).status_code, 429)
        another_client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
        self.assertEqual(self.attempt("right-password", another_client).status_code, 302)

    def test_the_management_command_lifts_the_lockout(self):
        self.lock_out()
        call_command("axes_reset_username", "editor", stdout=StringIO())
        self.assertEqual(self.attempt("right-password").status_code, 302)

    def test_a_right_password_before_the_limit_starts_the_count_again(self):
        for _ in range(2):
            self.attempt("wrong")
        self.assertEqual(self.attempt("right-password").status_code, 302)
        self.client.logout()
        for _ in range(2):
            self.assertEqual(self.attempt("wrong").status_code, 200)


class LockoutSettingsTests(TestCase):
    def test_the_defaults_are_five_failures_and_thirty_minutes(self):
        from config.settings import AXES_COOLOFF_TIME, AXES_FAILURE_LIMIT

        self.assertEqual(AXES_FAILURE_LIMIT, 5)
        self.assertEqual(AXES_COOLOFF_TIME.total_seconds(), 1800)
