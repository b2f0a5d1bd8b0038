"""The API's times (`modified_after`, `published_after`, `withdrawn_after`, and the entities'
`modified_after` and `withdrawn_after`): a date, or a date and time with or without an offset, as a
sync client writes them (RFC 3339, Python's isoformat(), JavaScript's toISOString()). Anything else
gets 400 naming the parameter with an example, where Python's lenient reading took a run of digits
("11111111" as 1111-11-11), a week ("2024-W01") or an hour alone ("2024-01-01T10") as some moment."""

import datetime
from urllib.parse import quote

from django.test import TestCase, override_settings

from exchanges.models import Exchange
from opendata.models import Withdrawal
from tests.entities.factories import make_organisation
from tests.factories import make_exchange

UTC = datetime.UTC
CHANGED = datetime.datetime(2024, 1, 1, 2, 0, tzinfo=UTC)

PARAMETERS = [
    "/api/v1/exchanges/?modified_after=",
    "/api/v1/exchanges/?published_after=",
    "/api/v1/withdrawn/?withdrawn_after=",
    "/api/v1/organisations/?modified_after=",
    "/api/v1/people/?modified_after=",
    "/api/v1/places/?modified_after=",
    "/api/v1/withdrawn/organisations/?withdrawn_after=",
    "/api/v1/withdrawn/people/?withdrawn_after=",
    "/api/v1/withdrawn/places/?withdrawn_after=",
]

NONSENSE = [
    "1" * 30,
    "11111111",
    "2024",
    "2024-01",
    "20240101",
    "2024-W01",
    "2024-W01-1",
    "2024-001",
    "2024-01-01T10",
    "2024-01-01T1000",
    "20240101T100000Z",
    "2024-01-01T10:00:00,5Z",
    "2024-01-01Z",
    "2024-1-1",
    "2024-01-01T10:00:00+08:00:00",
    "2024-01-01T10:00:00+24:00",
    "2024-02-30",
    "2024-01-01T24:00",
    "2024-01-01T10:00:00.1234567890Z",
    "yesterday",
]


# Every parameter asked every nonsense value: more requests than a client may make in a minute.
@override_settings(API_ANON_RATE="1000/min")
class TimeParameterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.changed = make_exchange(title="Changed at two")
        make_exchange(title="Changed long before")
        make_organisation("Ministry of Education")
        Withdrawal.objects.create(slug="gone")
        Exchange.objects.update(updated=datetime.datetime(2020, 1, 1, tzinfo=UTC))
        Exchange.objects.filter(pk=cls.changed.pk).update(updated=CHANGED)

    def changed_after(self, stamp):
        response = self.client.get(f"/api/v1/exchanges/?modified_after={quote(stamp)}")
        self.assertEqual(response.status_code, 200, (stamp, response.content))
        return [record["title"] for record in response.json()["results"]]

    def test_nonsense_gets_400_naming_the_parameter_with_an_example(self):
        for start in PARAMETERS:
            name = start.split("?")[1].rstrip("=")
            for stamp in NONSENSE:
                with self.subTest(start=start, stamp=stamp):
                    response = self.client.get(start + quote(stamp))
                    self.assertEqual(response.status_code, 400, response.content)
                    [message] = response.json()[name]
                    self.assertIn("2026-12-01T00:00:00Z", message)

    def test_a_date_is_midnight_utc(self):
        self.assertEqual(self.changed_after("2024-01-01"), ["Changed at two"])
        self.assertEqual(self.changed_after("2024-01-02"), [])

    def test_a_date_and_time_is_read_to_the_microsecond_with_its_offset_or_as_utc(self):
        for stamp in [
            "2024-01-01T02:00:00Z",
            "2024-01-01T02:00Z",
            "2024-01-01T02:00",
            "2024-01-01 02:00:00",
            "2024-01-01t02:00:00z",
            "2024-01-01T02:00:00.000Z",
            "2024-01-01T02:00:00.000000000Z",
            "2024-01-01T10:00:00+08:00",
            "2024-01-01T10:00:00+0800",
            "2024-01-01T10:00:00+08",
            "2024-01-01T10:00:00 08:00",
            "2023-12-31T21:00:00-05:00",
            "2024-01-01T02:00:00+00:00",
        ]:
            with self.subTest(stamp):
                self.assertEqual(self.changed_after(stamp), ["Changed at two"])
        for stamp in ["2024-01-01T02:00:00.000001Z", "2024-01-01T10:00:01+08:00", "2023-12-31T21:01-05:00"]:
            with self.subTest(stamp):
                self.assertEqual(self.changed_after(stamp), [])

    def test_every_time_parameter_takes_the_same_forms(self):
        for start in PARAMETERS:
            for stamp in ["2024-01-01", "2024-01-01T10:00:00.5+08:00", "2024-01-01T02:00:00Z"]:
                with self.subTest(start=start, stamp=stamp):
                    self.assertEqual(self.client.get(start + quote(stamp)).status_code, 200)
