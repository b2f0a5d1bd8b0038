"""Strict readers for environment variables, shared by the settings and the gunicorn config.

A malformed value stops start-up with a message that names the variable,
instead of being guessed at.
"""

import ipaddress
import os
import re

from django.core.exceptions import ImproperlyConfigured


def envstr(name, default=""):
    return os.environ.get(name, default)


def envbool(name, default=False):
    """Only "true" and "false" (any case) are accepted; anything else is a typo."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() == "true":
        return True
    if value.lower() == "false":
        return False
    raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {value!r}.")


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def envlist(name, default=""):
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def envrate(name, default):
    """A rate as django-ratelimit reads it: a count per period, e.g. "5/h", "20/d", "3/10m"."""
    value = envstr(name, default)
    if not re.fullmatch(r"[0-9]+/[0-9]*[smhd]", value):
        raise ImproperlyConfigured(
            f"{name} must be a count per period such as '5/h', '20/d' or '3/10m', not {value!r}."
        )
    return value


def envnetworks(name, default=""):
    """A comma-separated list of IP addresses or networks (CIDR), each checked."""
    values = envlist(name, default)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as '10.0.0.5' or '172.16.0.0/12', "
                f"not {value!r}."
            ) from None
    return values
