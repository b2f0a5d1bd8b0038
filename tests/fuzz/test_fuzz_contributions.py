"""Whatever is posted to the contribution and suggestion forms: no 5xx, and at most one
pending submission stored, of the right kind, only when the thank-you page follows."""

from hypothesis import event, example, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.factories import form_data, make_exchange

from .inputs import flatten, holds_nul, snapshot, value

FIELDS = list(form_data())
# Fields of a submission that a contributor must never set, and names the form does not know.
FOREIGN = ["kind", "status", "exchange", "published_exchange", "submitter_ip", "decided_by", "reference", "x"]
overrides = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS + FOREIGN), st.text(max_size=10)),
    st.one_of(value, st.lists(value, min_size=2, max_size=3)),
    max_size=6,
)
# Starting sometimes from a complete, valid form reaches the paths that store.
starts = st.sampled_from([{}, form_data()])


class ContributionFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Talks in Beijing")

    def post(self, url, start, changes):
        data = {**start, **changes}
        pairs = flatten(data)
        before = snapshot()
        with self.settings(CONTRIBUTION_RATE="100000/s"):
            response = self.client.post(url, data)
        after = snapshot()
        if holds_nul(pairs):
            self.assertEqual(response.status_code, 400)
        else:
            self.assertIn(response.status_code, {200, 302})
        self.assertEqual(after["Exchange"], before["Exchange"])
        self.assertEqual(after["Source"], before["Source"])
        new = [after["Submission"][pk] for pk in after["Submission"].keys() - before["Submission"].keys()]
        event(f"answered {response.status_code}, stored {len(new)}")
        if response.status_code != 302:
            self.assertEqual(after["Submission"], before["Submission"])
        else:
            self.assertEqual(response["Location"], "/contribute/thanks/")
            self.assertLessEqual(len(new), 1)
            self.assertEqual(
                {pk: after["Submission"][pk] for pk in before["Submission"]}, before["Submission"]
            )
        for row in new:
            self.assertEqual(
                (row["status"], row["decided_by_id"], row["published_exchange_id"]), ("pending", None, None)
            )
        return new

    @given(starts, overrides)
    @example({}, {})
    @example(form_data(), {})
    @example(form_data(), {"participant_number": "-1"})
    @example(form_data(), {"kind": "change", "status": "approved", "exchange": "1"})
    @example(form_data(), {"title": "x" * 301})
    @example(form_data(), {"date": "0001-01-01", "end_date": "9999-12-31"})
    def test_the_contribution_form(self, start, changes):
        for row in self.post("/contribute/", start, changes):
            self.assertEqual((row["kind"], row["exchange_id"]), ("new", None))

    @given(starts, overrides)
    @example(form_data(), {"note": "The date is wrong."})
    @example(form_data(), {"kind": "new", "exchange": "999"})
    def test_the_suggestion_form(self, start, changes):
        for row in self.post(f"/exchanges/{self.exchange.slug}/suggest/", start, changes):
            self.assertEqual((row["kind"], row["exchange_id"]), ("change", self.exchange.pk))
