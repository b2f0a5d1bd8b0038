"""The labelled duplicate pairs (duplicate_pairs.json) and their scorer.

The published catalogue is the search test corpus (tests/search/corpus.json),
linked to its entities, with the aliases the file lists (other spellings a
moderator would record); a few pending submissions stand beside it. Each labelled submission is stored
as pending, its hints computed, then removed, so labelled submissions never
hint each other. A true duplicate must be hinted; any other hint is false.
Used by tests/contributions/test_duplicate_quality.py and bench/search_duplicates.py.
"""

import datetime
import json
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


def labelled():
    return json.loads((HERE / "duplicate_pairs.json").read_text(encoding="utf-8"))


def _submission(values):
    from tests.factories import make_submission

    values = dict(values)
    for name in ("date", "end_date"):
        if values.get(name):
            text = values[name]
            values[name] = datetime.date.fromisoformat(text if len(text) > 7 else (text + "-01-01")[:10])
    return make_submission(**values)


def load():
    """The catalogue, linked to its entities as publishing links it, the aliases moderators
    recorded, and the pending submissions: {"pending:N": submission}."""
    from django.db.models import Max

    from entities.models import ENTITY_MODELS
    from exchanges.links import link_entities
    from exchanges.models import Exchange
    from tests.search.quality import load_corpus

    # Only the corpus's: bench/search_duplicates.py may have generated others, linked already.
    last = Exchange.objects.aggregate(last=Max("pk"))["last"] or 0
    load_corpus()
    for exchange in Exchange.objects.filter(pk__gt=last):
        link_entities(exchange)
    for kind, aliases in labelled().get("aliases", {}).items():
        model = ENTITY_MODELS[kind]
        for name, spellings in aliases.items():
            entity = model.objects.get(name=name)
            for spelling in spellings:
                entity.aliases.create(name=spelling)
    return {f"pending:{number}": _submission(values) for number, values in enumerate(labelled()["pending"])}


@dataclass
class Outcome:
    title: str
    kind: str
    expected: str
    hinted: list
    reasons: list
    seconds: float  # what computing the hints took

    @property
    def found(self):
        return self.expected is None or self.expected in self.hinted

    @property
    def false_hints(self):
        return [key for key in self.hinted if key != self.expected]


def score(pending):
    """(share of true duplicates hinted, false hints per submission, [Outcome])."""
    from contributions.duplicates import hints

    outcomes = []
    names = {submission.pk: key for key, submission in pending.items()}
    for pair in labelled()["pairs"]:
        submission = _submission(pair["submission"])
        started = time.perf_counter()
        found = hints(submission)
        seconds = time.perf_counter() - started
        keys = [
            names.get(hint.other.pk, f"submission:{hint.other.pk}") if hint.is_submission else hint.other.slug
            for hint in found
        ]
        outcomes.append(
            Outcome(
                submission.title, pair["kind"], pair["duplicate_of"], keys, [h.why for h in found], seconds
            )
        )
        submission.delete()
    duplicates = [outcome for outcome in outcomes if outcome.expected]
    recall = sum(outcome.found for outcome in duplicates) / len(duplicates)
    false_rate = sum(len(outcome.false_hints) for outcome in outcomes) / len(outcomes)
    return recall, false_rate, outcomes
