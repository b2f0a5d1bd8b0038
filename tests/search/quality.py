"""The labelled search set: a fixed corpus (corpus.json) and what each query should find (queries.json).

`load_corpus()` writes the corpus as published exchanges; `score()` runs every
query through the catalogue's own FilterSet, sorted by relevance, and measures
recall at 10 (the share of the expected exchanges among the first ten results,
averaged over the queries) and how often the first result is one of them.
Used by tests/search/test_quality.py and bench/search_quality.py.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
TOP = 10


def corpus():
    return json.loads((HERE / "corpus.json").read_text(encoding="utf-8"))


def queries():
    return json.loads((HERE / "queries.json").read_text(encoding="utf-8"))


def load_corpus():
    from exchanges.models import Exchange

    for record in corpus():
        Exchange.objects.create(
            slug=record["slug"],
            title=record["title"],
            title_zh=record["title_zh"],
            summary=record["summary"],
            participants=record["participants"],
            partners=record["partners"],
            location=record["location"],
            date=datetime.date.fromisoformat(record["date"]),
            government=True,
            status=Exchange.Status.PUBLISHED,
        )


@dataclass
class Result:
    query: str
    expected: list
    found: list

    @property
    def recall(self):
        return len(set(self.expected) & set(self.found[:TOP])) / min(len(self.expected), TOP)

    @property
    def first_right(self):
        return bool(self.found) and self.found[0] in self.expected


def run(query):
    from django.http import QueryDict

    from exchanges.filters import ExchangeFilter
    from exchanges.models import Exchange

    data = QueryDict(mutable=True)
    data.update({"q": query, "sort": "relevance"})
    found = ExchangeFilter(data, queryset=Exchange.objects.published().for_list()).qs
    return list(found.values_list("slug", flat=True)[:TOP])


def score():
    """(recall@10, share of first results right, [Result])."""
    results = [Result(item["q"], item["expected"], run(item["q"])) for item in queries()]
    recall = sum(result.recall for result in results) / len(results)
    first = sum(result.first_right for result in results) / len(results)
    return recall, first, results
