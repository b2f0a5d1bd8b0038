"""Each process of a run split over several (pytest-xdist) chooses its servers' ports from a share of
its own: a port one found free and bound only after a long migration was taken by another meanwhile."""

from .servers import TEST_PORTS, _ports_of_this_process, free_port


def test_the_processes_of_a_run_choose_from_shares_that_never_meet(monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "3")
    shares = []
    for worker in ("gw0", "gw1", "gw2"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        shares.append(set(_ports_of_this_process()))
        assert free_port() in shares[-1]
    assert all(len(share) == 33 for share in shares)
    assert not (shares[0] & shares[1] or shares[1] & shares[2] or shares[0] & shares[2])
    assert set().union(*shares) <= set(TEST_PORTS)


def test_one_process_chooses_from_every_port(monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    assert _ports_of_this_process() == TEST_PORTS
