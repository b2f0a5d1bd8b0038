"""A change made in one process reaches every page the site's other processes serve.

gunicorn's workers each keep their own memory, and commands (an import, the seed) run in
processes of their own. The page cache is kept under a version that a change bumps; in a
process's own memory, the other processes never see that bump and go on serving the pages from
before it. Without a shared cache (REDIS_URL) the page cache is therefore off unless asked for,
and `manage.py check` warns when it is asked for.
"""

import re

import pytest

from .servers import fetch, live_site, run_manage

pytestmark = pytest.mark.postgres

TOTAL = re.compile(r"(\d[\d,]*) exchanges?\b")


def totals(site, times):
    """The total the list shows on each of `times` requests, spread over the workers."""
    found = []
    for _ in range(times):
        response = fetch(site.port, "/exchanges/")
        assert response.status == 200, site.log()
        match = TOTAL.search(response.text)
        found.append(match.group(1) if match else "none")
    return found


def test_without_redis_a_command_beside_the_site_shows_at_once_on_every_worker(tmp_path):
    # The documented environment without REDIS_URL, where each of the three workers would keep
    # its pages in its own memory.
    with live_site(tmp_path, "shared_page_cache", REDIS_URL=None, PAGE_CACHE=None) as site:
        assert set(totals(site, 9)) == {"0"}
        run_manage(site.environment, "seed_exchanges")
        seeded = totals(site, 9)
        assert len(set(seeded)) == 1 and seeded[0] not in {"0", "none"}, seeded
