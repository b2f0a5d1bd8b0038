"""Test data built in code: small functions with sensible defaults."""

import datetime
import itertools

from exchanges.links import link_entities
from exchanges.models import Exchange, Source

_counter = itertools.count(1)


def make_exchange(sources=1, **fields):
    """A published national diplomatic exchange unless told otherwise."""
    number = next(_counter)
    values = {
        "title": f"Exchange number {number}",
        "summary": "Officials met to talk.",
        "government": True,
        "type": Exchange.Type.DIPLOMATIC,
        "levels": [Exchange.Level.NATIONAL],
        "date": datetime.date(2020, 1, 1),
        "continuing": False,
        "status": Exchange.Status.PUBLISHED,
    }
    values.update(fields)
    if not values["government"] and "levels" not in fields:
        values["levels"] = []
    exchange = Exchange.objects.create(**values)
    # Linked to the entities its texts name, as publishing links it.
    link_entities(exchange)
    for position in range(sources):
        Source.objects.create(
            exchange=exchange,
            citation=f"Source {position + 1}",
            url="https://example.org/",
            position=position,
        )
    return exchange


def submission_values(**fields):
    """What a contributor would send for a new exchange: valid unless told otherwise."""
    from contributions.models import Submission

    values = {
        "kind": Submission.Kind.NEW,
        "title": "Governors' forum in Houston",
        "summary": "Governors and provincial leaders met to discuss trade.",
        "government": True,
        "type": Exchange.Type.BUSINESS,
        "levels": [Exchange.Level.STATE],
        "partners": "National Governors Association\nChinese People's Association for Friendship",
        "date": datetime.date(2019, 5, 20),
        "date_precision": Exchange.Precision.DAY,
        "sources": "Houston Chronicle, May 21, 2019 https://example.org/forum",
        "contributor_name": "Jane Doe",
        "contributor_email": "jane@example.org",
    }
    values.update(fields)
    return values


def make_submission(**fields):
    from contributions.models import Submission

    return Submission.objects.create(**submission_values(**fields))


def make_moderator(username="moderator", email="moderator@example.org", **fields):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, email, "password", is_staff=True, **fields)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def form_data(**fields):
    """The contribution form as a browser posts it: every field, as text."""
    values = {
        "title": "Governors' forum in Houston",
        "summary": "Governors and provincial leaders met to discuss trade.",
        "outcomes": "",
        "government": "True",
        "type": "business",
        "levels": "state",
        "partners": "National Governors Association\r\nChinese People's Association for Friendship",
        "sponsors": "",
        "participants": "",
        "participant_number": "",
        "date": "2019-05-20",
        "continuing": "False",
        "location": "Houston, Texas",
        "sources": "Houston Chronicle, May 21, 2019 https://example.org/forum",
        "notes": "",
        "contributor_name": "Jane Doe",
        "contributor_email": "jane@example.org",
        "note": "",
        "homepage": "",
    }
    values.update(fields)
    return values
