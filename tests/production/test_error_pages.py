"""Friendly 404, 500 and 503 pages, in the site's look, never a traceback."""

from unittest import mock

from django.db import InterfaceError, OperationalError
from django.test import Client, TestCase

from config.errors import server_error


class ErrorPageTests(TestCase):
    def setUp(self):
        # As in production: an exception becomes the error page, not a test failure.
        self.client = Client(raise_request_exception=False)

    def failing_detail(self, error):
        with mock.patch("exchanges.views.withdrawn", side_effect=error):
            return self.client.get("/exchanges/any-exchange/")

    def test_a_missing_page_gets_the_404_page_with_a_search_box(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
        self.assertContains(response, "We cannot find that page", status_code=404)
        self.assertContains(response, 'action="/exchanges/"', status_code=404)
        self.assertContains(response, "Exchange Database", status_code=404)  # the site's header

    def test_a_form_sent_in_a_charset_other_than_utf8_gets_the_400_page(self):
        # Django refuses such a form as it is read; its 400 page then checked the CSRF token, which
        # reads the form again, and a browser holding the site's CSRF cookie got the 500 page.
        self.client = Client(raise_request_exception=False, enforce_csrf_checks=True)
        self.client.get("/contribute/")  # the CSRF cookie
        self.assertIn("csrftoken", self.client.cookies)
        for path in ["/contribute/", "/about/", "/admin/login/"]:
            with self.subTest(path=path):
                response = self.client.post(
                    path, b"title=x", content_type="application/x-www-form-urlencoded; charset=utf-16"
                )
                self.assertContains(response, "We cannot read that request", status_code=400)

    def test_a_bug_gets_the_500_page(self):
        response = self.failing_detail(RuntimeError("a bug"))
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Something went wrong on our side", status_code=500)
        self.assertNotContains(response, "a bug", status_code=500)
        self.assertNotContains(response, "Traceback", status_code=500)

    def test_an_unreachable_database_gets_the_503_page(self):
        for error in [OperationalError("server closed the connection"), InterfaceError("connection closed")]:
            with self.subTest(error=type(error).__name__):
                response = self.failing_detail(error)
                self.assertEqual(response.status_code, 503)
                self.assertContains(response, "The database is out of reach for a moment", status_code=503)
                self.assertNotContains(response, "closed", status_code=503)
                self.assertEqual(response.headers["Retry-After"], "30")
                self.assertEqual(response.headers["Cache-Control"], "no-store")
                self.assertIn("Content-Security-Policy", response.headers)

    def test_error_pages_render_without_the_request_or_the_database(self):
        with self.assertNumQueries(0):
            response = server_error(request=None)
        self.assertEqual(response.status_code, 500)
        self.assertIn(b"Something went wrong on our side", response.content)
        self.assertIn(b'href="/exchanges/"', response.content)
