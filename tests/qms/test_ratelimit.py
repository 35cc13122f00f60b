"""The client address behind proxies and the per-minute limit (real Redis)."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from qms.ratelimit import RateLimited, client_ip, limit


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "9.9.9.9", "10.0.0.1"),  # no proxy trusted: a client's header is ignored
        (1, "9.9.9.9", "9.9.9.9"),
        (1, "6.6.6.6, 9.9.9.9", "9.9.9.9"),  # a forged left part is not believed
        (2, "6.6.6.6, 9.9.9.9, 10.0.0.2", "9.9.9.9"),
        (2, "9.9.9.9", "10.0.0.1"),  # fewer hops than proxies: the socket's
    ],
)
def test_client_ip(settings, proxies, forwarded, expected):
    settings.QMS_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_ip(request) == expected


def test_limit_counts_per_address_and_scope(settings):
    cache.clear()
    one = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    two = RequestFactory().get("/", REMOTE_ADDR="192.0.2.2")
    limit(one, "t", per_minute=2)
    limit(one, "t", per_minute=2)
    with pytest.raises(RateLimited) as refused:
        limit(one, "t", per_minute=2)
    assert 0 < refused.value.retry_after <= 60
    limit(two, "t", per_minute=2)
    limit(one, "other", per_minute=2)
