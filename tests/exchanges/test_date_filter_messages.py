"""The catalogue's date filters name an impossible month or day, wherever the filter is read:
the list page, the API, the downloads and the feed share one date reader (exchanges/dates.py)."""

from django.test import TestCase

# What was typed, and what each reader of the filter says of it.
CASES = [
    ("2014-13", "13 is not a month: months are numbered 1 to 12."),
    ("2014-00", "0 is not a month: months are numbered 1 to 12."),
    ("13/2014", "13 is not a month: months are numbered 1 to 12."),
    ("2014-02-30", "February 2014 has no day 30."),
]


class DateFilterMessageTests(TestCase):
    def test_the_list_page_names_the_mistake(self):
        for typed, message in CASES:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"date_after": typed})
                self.assertContains(response, "could not be used and was ignored")
                self.assertContains(response, message)
                self.assertNotContains(response, "ends before it begins")

    def test_the_api_answers_400_naming_the_mistake(self):
        for typed, message in CASES:
            with self.subTest(typed=typed):
                response = self.client.get("/api/v1/exchanges/", {"date_after": typed})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["date_after"], [message])

    def test_the_downloads_and_the_feed_answer_400_naming_the_mistake(self):
        for url in ["/exchanges.csv", "/exchanges.json", "/exchanges/feed/"]:
            for typed, message in CASES:
                with self.subTest(url=url, typed=typed):
                    response = self.client.get(url, {"date_before": typed})
                    self.assertContains(response, message, status_code=400)
