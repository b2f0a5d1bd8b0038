"""Hypothesis profiles for the fuzz suite (tests/fuzz).

"ci", the default, runs a fixed, repeatable budget: the same examples on every
run (derandomize), no example database written to disk, and no deadline (a
shared CI machine's timing is not the property under test). "deep" explores
further with fresh random examples: choose it with FUZZ_EXAMPLES=<count>
(e.g. FUZZ_EXAMPLES=1000) or HYPOTHESIS_PROFILE=deep (1,000 examples a test).
"""

import os

from hypothesis import HealthCheck, settings

SLOW_INPUTS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=SLOW_INPUTS,
)
settings.register_profile(
    "deep",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES") or 1000),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=SLOW_INPUTS,
)
settings.load_profile(
    "deep" if os.environ.get("FUZZ_EXAMPLES") else os.environ.get("HYPOTHESIS_PROFILE", "ci")
)
