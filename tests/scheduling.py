"""How a run split over processes (`pytest -n auto`, pytest-xdist) hands out the tests.

pytest-django sorts the tests: Django's TestCases first, the transactional tests after them
(live servers, migrations, real workers). A transactional test ends by emptying every table,
the rows the migrations wrote too (the moderators' group, the content types), so a TestCase
that ran after it on the same database would miss them. Each process has a database of its
own, and this scheduler hands each process its tests in the sorted order, so on every one the
TestCases still run before the transactional tests, as in a run of one process.

A unit of work is a module's tests that stand together in that order (a module of both
kinds is two units), so that a class's setUpTestData and a module's fixtures (a gunicorn, a
replica) are set up once. The modules of a group in SHARED form one unit: they use one outside
service that tests cannot share, and run one after another.
"""

from xdist.scheduler import LoadScopeScheduling

# Modules that use the real Redis (127.0.0.1:6379): one flushes the database another reads.
SHARED = {
    "tests/config/test_cache.py": "redis",
    "tests/production/test_cache_stall.py": "redis",
    "tests/production/test_healthz.py": "redis",
    "tests/production/test_real_server.py": "redis",
    "tests/search/test_synonym_refresh.py": "redis",
}


def units(collection):
    """{test id: its unit of work} for the tests in the order they were sorted."""
    unit_of, run, previous = {}, 0, None
    for test in collection:
        module = test.split("::", 1)[0]
        if module in SHARED:
            unit_of[test] = SHARED[module]
            continue
        if module != previous:
            run, previous = run + 1, module
        unit_of[test] = f"{module} ({run})"
    return unit_of


class InSortedOrder(LoadScopeScheduling):
    def __init__(self, config, log=None):
        super().__init__(config, log)
        # xdist's default hands out the largest units first, which would undo the sorting.
        config.option.loadscopereorder = False
        self.unit_of = None

    def schedule(self):
        if self.unit_of is None:
            # Every process collected the same tests in the same order (xdist checks it).
            self.unit_of = units(next(iter(self.registered_collections.values())))
        super().schedule()

    def _split_scope(self, nodeid):
        return self.unit_of[nodeid]
