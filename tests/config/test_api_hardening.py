"""API hardening: no HTTP Basic anywhere, throttles counted in the real Redis."""

import base64

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import PASSWORD, make_user
from tests.throttle_helpers import throttle_rates

pytestmark = pytest.mark.django_db

PUSH = "/api/dossiers/batch/"
BATCH = {
    "dossiers": [
        {
            "dossier_code": "THR-1",
            "procedure_code": "1.001193",
            "unit_code": "14089",
            "channel": "truc_tiep",
            "received_at": "2022-01-05",
            "due_at": "2022-01-07",
        }
    ]
}


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def pusher_user(db):
    user = make_user("phanmem", None, is_superuser=True, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_dossier", "change_dossier"])
    )
    return user


def test_settings_allow_session_and_token_only(settings):
    classes = settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    assert classes == [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ]


def test_basic_with_a_right_password_does_not_log_in_to_the_push_api(pusher_user):
    client = APIClient()
    response = client.post(
        PUSH,
        BATCH,
        format="json",
        HTTP_AUTHORIZATION=_basic(pusher_user.username, PASSWORD),
    )
    assert response.status_code == 401
    # the challenge names what is accepted, never Basic
    assert "Basic" not in response.get("WWW-Authenticate", "")


def test_basic_is_ignored_by_the_schema_and_wagtail_api(client, pusher_user):
    header = _basic(pusher_user.username, PASSWORD)
    wrong = _basic(pusher_user.username, "wrong-password")
    for url in ("/api/schema/", "/api/v2/pages/"):
        right_answer = client.get(url, HTTP_AUTHORIZATION=header)
        wrong_answer = client.get(url, HTTP_AUTHORIZATION=wrong)
        # same answer for a right and a wrong password: nothing to guess with
        assert right_answer.status_code == wrong_answer.status_code == 200
        assert right_answer.content == wrong_answer.content
        assert "_auth_user_id" not in client.session


def test_basic_does_not_open_the_admin(client, pusher_user):
    response = client.get("/admin/", HTTP_AUTHORIZATION=_basic("phanmem", PASSWORD))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_token_still_works_for_existing_clients(pusher_user):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=pusher_user).key}"
    )
    assert client.post(PUSH, BATCH, format="json").status_code == 200


def test_wagtail_api_is_throttled_per_address_in_redis(client, redis_cache):
    with throttle_rates(open_data="3/min"):
        answers = [client.get("/api/v2/pages/").status_code for _ in range(4)]
        other = client.get("/api/v2/pages/", REMOTE_ADDR="10.0.0.9")
        refused = client.get("/api/v2/pages/")
    assert answers == [200, 200, 200, 429]
    assert other.status_code == 200  # another address has its own count
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    detail = refused.json()["detail"]
    assert "Quá nhiều yêu cầu" in detail
    assert "Too many requests" in detail
    # the counter lives in Redis, where every process sees it
    keys = redis_cache._cache.get_client().keys("*throttle_open_data_127.0.0.1")
    assert keys


def test_push_api_is_throttled_per_caller(pusher_user, redis_cache):
    client = APIClient()
    client.force_authenticate(pusher_user)
    with throttle_rates(push="2/min"):
        codes = [client.post(PUSH, BATCH, format="json").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_throttled_message_in_english_for_who_chose_it(client, redis_cache):
    client.cookies["django_language"] = "en"
    with throttle_rates(open_data="1/min"), translation.override("vi"):
        # the middleware activates English for the thread; override restores
        client.get("/api/v2/pages/")
        refused = client.get("/api/v2/pages/")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many requests: retry after")
    assert "Quá nhiều" not in refused.json()["detail"]


def test_wrong_keys_are_throttled_per_address_before_authentication(redis_cache):
    client = APIClient()
    with throttle_rates(push_address="3/min"):
        codes = [
            client.post(
                PUSH, BATCH, format="json", HTTP_AUTHORIZATION=f"Api-Key guess.{i}"
            ).status_code
            for i in range(4)
        ]
        other = client.post(
            PUSH, BATCH, format="json", REMOTE_ADDR="10.9.9.9",
            HTTP_AUTHORIZATION="Api-Key guess.x",
        )  # fmt: skip
    assert codes == [401, 401, 401, 429]
    assert other.status_code == 401


def test_the_schema_is_limited_like_open_data(client, redis_cache):
    with throttle_rates(open_data="2/min"):
        codes = [client.get("/api/schema/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
