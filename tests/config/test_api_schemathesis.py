"""Schemathesis drives every operation of /api/schema/ through the WSGI app,
authenticated with an integration key: no answer may be a server error.

Bounded for CI: a few examples per operation, no deadline per example.
"""

import contextlib

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from audits.dossiers.models import IntegrationKey
from tests.throttle_helpers import throttle_rates


@pytest.fixture
def integration_key(db, district):
    key, plain = IntegrationKey.objects.create_key(
        name="schemathesis", integration="kiểm thử"
    )
    key.units.set([district])
    return plain


@contextlib.contextmanager
def _connections_kept_open():
    """The real WSGI handler closes database connections when a request ends;
    in a test that would lose the test's transaction (Django's test client
    disconnects the same signal handlers for the same reason)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


APP = get_wsgi_application()
# Loaded at collection (schemathesis' lazy fixture loader does not run on
# pytest 9); serving the schema reads no database.
with _connections_kept_open():
    schema = schemathesis.openapi.from_wsgi("/api/schema/", APP)


@pytest.fixture
def kept_connections():
    with _connections_kept_open():
        yield


@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_no_operation_answers_a_server_error(case, integration_key, kept_connections):
    with throttle_rates(push="100000/min"):
        response = case.call_and_validate(
            headers={"Authorization": f"Api-Key {integration_key}"},
            checks=[not_a_server_error],
        )
    assert response.status_code < 500


def test_the_schema_lists_the_push_operation():
    operations = [
        f"{operation.method.upper()} {operation.path}"
        for operation in (result.ok() for result in schema.get_all_operations())
    ]
    assert operations == ["POST /api/dossiers/batch/"]
