"""CONTRIBUTION_RATE is read strictly: a typo stops start-up with a message naming it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import envrate


@pytest.mark.parametrize("value", ["5/h", "20/d", "3/10m", "100/s"])
def test_it_accepts_a_count_per_period(monkeypatch, value):
    monkeypatch.setenv("CONTRIBUTION_RATE", value)
    assert envrate("CONTRIBUTION_RATE", "10/h") == value


def test_it_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("CONTRIBUTION_RATE", raising=False)
    assert envrate("CONTRIBUTION_RATE", "10/h") == "10/h"


@pytest.mark.parametrize("value", ["5 per hour", "5/hour", "h/5", "5"])
def test_it_refuses_anything_else_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("CONTRIBUTION_RATE", value)
    with pytest.raises(ImproperlyConfigured, match="CONTRIBUTION_RATE must be a count per period"):
        envrate("CONTRIBUTION_RATE", "10/h")
