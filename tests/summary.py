"""Lines said once at the end of a run, such as which tests were deselected and why.

They are written where the tests are collected. In a run split over processes
(`pytest -n auto`) that is each worker, while the main process prints the summary: each
worker hands its lines over when it finishes (xdist's workeroutput), and the same line
from two workers is said once.
"""

import pytest

_lines = pytest.StashKey[list]()


def say_at_the_end(config, line):
    lines = config.stash.setdefault(_lines, [])
    if line not in lines:
        lines.append(line)
    handed_over = getattr(config, "workeroutput", None)  # set only in a worker
    if handed_over is not None:
        handed_over["summary_lines"] = list(lines)


def take_from_worker(config, worker):
    for line in getattr(worker, "workeroutput", {}).get("summary_lines", []):
        say_at_the_end(config, line)


def lines(config):
    return config.stash.get(_lines, [])
