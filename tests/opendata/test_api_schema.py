"""The API against its own OpenAPI schema: generated requests never get a 5xx, and every
response matches the schema. The number of examples per operation is bounded so the suite
keeps a fixed budget."""

import datetime
import warnings

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.factories import make_exchange

with warnings.catch_warnings():
    # WhiteNoise notes that STATIC_ROOT is not collected; the API serves no static file.
    warnings.simplefilter("ignore")
    application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture(autouse=True)
def exchanges(db, settings):
    # The requests go through the real WSGI handler, whose request signals would close the
    # test's database connection; Django's test client detaches them in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.API_ANON_RATE = "100000/min"
    make_exchange(title="Sunnylands summit", date=datetime.date(2013, 6, 7), sources=2)
    make_exchange(title="Education pact", type="education", levels=["state"], date=datetime.date(2014, 4, 1))
    make_exchange(title="Trade fair", type="business", government=False, participant_count=300)
    make_exchange(
        title="Unclassified visit",
        type="",
        type_as_recorded="Aviation",
        government=None,
        continuing=None,
        date=datetime.date(1985, 1, 1),
        date_precision="year",
        circa=True,
    )
    make_exchange(title="Withdrawn one").delete()
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_schema_describes_every_collection():
    paths = set(schema.raw_schema["paths"])
    assert {"/api/v1/exchanges/", "/api/v1/exchanges/{slug}/", "/api/v1/withdrawn/"} <= paths


def test_entity_filters_are_declared_repeatable():
    # `?organisation=a&organisation=b` selects the exchanges of either: as an array sent as
    # repeated parameters, the docs page's "Try it out" can send several.
    parameters = {
        parameter["name"]: parameter
        for parameter in schema.raw_schema["paths"]["/api/v1/exchanges/"]["get"]["parameters"]
    }
    for name in ("organisation", "person", "place", "type", "level"):
        declared = parameters[name]
        assert declared["schema"]["type"] == "array", name
        assert declared["schema"]["items"]["type"] == "string", name
        assert (declared["style"], declared["explode"]) == ("form", True), name


def test_page_size_says_its_default_and_its_largest():
    # "Number of results to return per page." said neither: page_size=1000 gave 500 without a word.
    for path in ("/api/v1/exchanges/", "/api/v1/people/", "/api/v1/withdrawn/"):
        (declared,) = [
            parameter
            for parameter in schema.raw_schema["paths"][path]["get"]["parameters"]
            if parameter["name"] == "page_size"
        ]
        # No `maximum`: page_size=501 is answered (with 500), which the schema called invalid.
        assert declared["schema"] == {"type": "integer", "minimum": 1}, path
        assert "50 when absent" in declared["description"], path
        assert "at most 500 (a larger number gives 500)" in declared["description"], path


@schema.parametrize()
@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_schema(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
