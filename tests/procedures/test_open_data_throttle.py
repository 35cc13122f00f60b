"""The catalogue's CSV and JSON downloads share the open-data rate per address."""

import pytest

from tests.throttle_helpers import throttle_rates

pytestmark = pytest.mark.django_db


def test_catalogue_downloads_are_throttled_per_address(client, catalogue, redis_cache):
    with throttle_rates(open_data="2/min"):
        codes = [
            client.get("/thu-tuc/tai-ve/csv/").status_code,
            client.get("/thu-tuc/tai-ve/json/").status_code,
            client.get("/thu-tuc/tai-ve/json/").status_code,
        ]
        other = client.get("/thu-tuc/tai-ve/csv/", REMOTE_ADDR="10.1.2.3")
        refused = client.get("/thu-tuc/tai-ve/csv/")
        # the catalogue page itself is not an open-data download
        page = client.get("/thu-tuc/")
    assert codes == [200, 200, 429]
    assert other.status_code == 200
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Quá nhiều yêu cầu" in refused.json()["detail"]
    assert page.status_code == 200
