"""Two moderators deciding the same submission at the same moment, through gunicorn on PostgreSQL.

As it failed in use: two logged-in browsers (HTTP clients with their own
sessions) open the same pending submission, then press their buttons at the
same instant (a barrier releases both requests together), on the submission's
page, in the changelist's action menu, or one of each; twenty rounds, mixing
approve/approve and approve/reject. Every round must end with exactly one
decision, a catalogue that matches it, and the second moderator told that the
submission was already decided.
"""

import json
import threading

import pytest

from .servers import Browser, live_site, run_manage

pytestmark = pytest.mark.postgres

ROUNDS = 20
PASSWORD = "a-long-test-password"

# Run inside the site's own environment: two moderators and a pending submission per
# round, printed with the form data their change page posts.
SET_UP = f"""
import datetime
import json
from tests.factories import make_moderator, make_submission
from tests.contributions.helpers import change_form_data
for name in ("ana", "ben"):
    moderator = make_moderator(name, f"{{name}}@example.org")
    moderator.set_password({PASSWORD!r})
    moderator.save()
rounds = []
for number in range({ROUNDS}):
    # A year apart: rounds alike in title and date would be possible duplicates of each other, which
    # the queue's bulk approval leaves pending.
    submission = make_submission(title=f"Round {{number}} forum", date=datetime.date(1990 + number, 6, 1))
    form = change_form_data(submission)
    rounds.append({{"pk": submission.pk, "form": form}})
print(json.dumps(rounds))
"""

# Who presses what, round by round: (ana's way, ana's decision), (ben's way, ben's decision).
PLANS = [
    (("page", "approve"), ("page", "approve")),
    (("page", "approve"), ("page", "reject")),
    (("page", "approve"), ("menu", "approve")),
    (("menu", "approve"), ("page", "reject")),
    (("menu", "approve"), ("menu", "reject")),
]


def press(browser, way, decision, submission):
    """What a moderator's click sends; returns the page they land on."""
    pk = submission["pk"]
    if way == "page":
        # The reason is typed only to reject: with a reason for rejection, "Save and approve" decides nothing.
        button, typed = {
            "approve": ("_approve", {}),
            "reject": ("_reject", {"rejection_reason": "No source."}),
        }[decision]
        return browser.post(
            f"/admin/contributions/submission/{pk}/change/", {**submission["form"], **typed, button: "1"}
        )
    data = {"action": f"{decision}_selected", "_selected_action": [pk], "index": "0"}
    if decision == "reject":
        data.update(apply="1", reason="No source.")
    return browser.post("/admin/contributions/submission/?status=all", data)


def moderate(barrier, pages, name, browser, way, decision, submission):
    barrier.wait(timeout=10)
    pages[name] = press(browser, way, decision, submission)


def decide_at_once(site, browsers, number, submission):
    """One round: both moderators have the submission's page open (loaded before either decides),
    then press their buttons of PLANS at the same instant. Returns the one who decided; the other
    must have been told it was already decided, neither shown an error."""
    plan = PLANS[number % len(PLANS)]
    for browser in browsers.values():
        assert browser.get(f"/admin/contributions/submission/{submission['pk']}/change/").status == 200
    barrier = threading.Barrier(2)
    pages = {}
    threads = [
        threading.Thread(target=moderate, args=(barrier, pages, name, browser, *way, submission))
        for (name, browser), way in zip(browsers.items(), plan, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for name, page in pages.items():
        assert page.status == 200, f"round {number}, {name}: {page.status}\n{site.log()}"
    told = [name for name, page in pages.items() if "Already decided" in page.text]
    decided = [name for name, page in pages.items() if "submission is now" in page.text]
    assert len(pages) == 2 and len(told) == 1 and len(decided) == 1, (
        f"round {number} {plan}: told {told}, decided {decided}"
    )
    return decided[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("moderation"), "moderation") as running:
        yield running


def test_two_moderators_at_the_same_moment_take_one_decision_every_time(site):
    output = run_manage(site.environment, "shell", "--no-imports", "-c", SET_UP).stdout
    rounds = json.loads(output.strip().splitlines()[-1])
    ana, ben = Browser(site), Browser(site)
    ana.log_in("ana", PASSWORD)
    ben.log_in("ben", PASSWORD)
    browsers = {"ana": ana, "ben": ben}
    outcomes = []
    for number, submission in enumerate(rounds):
        winner = decide_at_once(site, browsers, number, submission)
        outcomes.append((submission, PLANS[number % len(PLANS)], winner))

    with site.connect() as connection:
        for submission, plan, winner in outcomes:
            status, published_id = connection.execute(
                "SELECT status, published_exchange_id FROM contributions_submission WHERE id = %s",
                [submission["pk"]],
            ).fetchone()
            exchanges = connection.execute(
                "SELECT id, status FROM exchanges_exchange WHERE title = %s", [submission["form"]["title"]]
            ).fetchall()
            expected = dict(zip(("ana", "ben"), plan, strict=True))[winner][1]
            if expected == "approve":
                assert status == "approved", (submission, plan, winner)
                assert exchanges == [(published_id, "published")], (submission, plan, exchanges)
            else:
                assert status == "rejected", (submission, plan, winner)
                assert exchanges == [], (submission, plan, exchanges)
        decisions = connection.execute(
            "SELECT count(*) FROM contributions_emaildelivery WHERE kind = 'decision'"
        ).fetchone()[0]
    assert decisions == ROUNDS, "one decision email per submission"
