"""A run split over processes hands each process its tests in pytest-django's order (tests/scheduling.py)."""

from types import SimpleNamespace

from tests.scheduling import SHARED, InSortedOrder, units

REDIS_MODULE, OTHER_REDIS_MODULE = list(SHARED)[:2]

# As pytest-django sorts them: TestCases and tests with a database, then transactional tests,
# then tests without a database. The largest unit, b.py's live-server tests, is not the first.
COLLECTION = [
    "tests/a.py::ReadTests::test_one",
    "tests/a.py::ReadTests::test_two",
    "tests/a.py::WriteTests::test_one",
    "tests/b.py::test_with_db[1::2]",
    f"{REDIS_MODULE}::test_with_db",
    "tests/c.py::test_with_db",
    "tests/b.py::LiveTests::test_one",
    "tests/b.py::LiveTests::test_two",
    "tests/b.py::LiveTests::test_three",
    "tests/b.py::LiveTests::test_four",
    "tests/c.py::test_live",
    f"{OTHER_REDIS_MODULE}::test_without_db",
    "tests/d.py::test_without_db",
]


class Worker:
    def __init__(self, name):
        self.gateway = SimpleNamespace(id=name)
        self.received, self.shutting_down = [], False

    def send_runtest_some(self, indices):
        self.received.extend(indices)

    def shutdown(self):
        self.shutting_down = True


def run(collection, workers=2):
    """Every test handed out and completed, first come first served: what each worker ran, in order."""
    config = SimpleNamespace(
        option=SimpleNamespace(loadscopereorder=True), getvalue=lambda name: ["popen"] * workers
    )
    scheduler = InSortedOrder(config)
    nodes = [Worker(f"gw{number}") for number in range(workers)]
    for node in nodes:
        scheduler.add_node(node)
        scheduler.add_node_collection(node, collection)
    scheduler.schedule()
    done = {node: 0 for node in nodes}
    while any(done[node] < len(node.received) for node in nodes):
        for node in nodes:
            if done[node] < len(node.received):
                scheduler.mark_test_complete(node, node.received[done[node]])
                done[node] += 1
    return [[collection[index] for index in node.received] for node in nodes]


def test_each_worker_runs_its_tests_in_the_sorted_order():
    # A unit stands where its first test does; the shared service's modules run together there.
    unit_of = units(COLLECTION)
    first = {}
    for position, test in enumerate(COLLECTION):
        first.setdefault(unit_of[test], position)
    ran = run(COLLECTION)
    assert sorted(sum(ran, [])) == sorted(COLLECTION)
    assert all(ran)
    for tests in ran:
        assert tests == sorted(tests, key=lambda test: (first[unit_of[test]], COLLECTION.index(test)))
    outside_groups = [[test for test in tests if test.split("::")[0] not in SHARED] for tests in ran]
    for tests in outside_groups:
        assert tests == sorted(tests, key=COLLECTION.index)


def test_a_module_s_tests_that_stand_together_are_one_unit_and_a_shared_service_one_for_all():
    unit_of = units(COLLECTION)
    assert unit_of["tests/a.py::ReadTests::test_one"] == unit_of["tests/a.py::WriteTests::test_one"]
    assert unit_of["tests/b.py::test_with_db[1::2]"] != unit_of["tests/b.py::LiveTests::test_one"]
    assert len({unit_of[test] for test in COLLECTION if "LiveTests" in test}) == 1
    assert unit_of["tests/c.py::test_with_db"] != unit_of["tests/c.py::test_live"]
    assert unit_of[f"{REDIS_MODULE}::test_with_db"] == unit_of[f"{OTHER_REDIS_MODULE}::test_without_db"]
    ran = run(COLLECTION)
    owner = {test: number for number, tests in enumerate(ran) for test in tests}
    for test in COLLECTION:
        assert owner[test] == next(owner[other] for other in COLLECTION if unit_of[other] == unit_of[test])


def test_the_largest_unit_is_not_moved_first():
    # xdist's own default would start with b.py's live-server tests, the largest unit.
    first_handed_out = [tests[0] for tests in run(COLLECTION)]
    assert "tests/b.py::LiveTests::test_one" not in first_handed_out
