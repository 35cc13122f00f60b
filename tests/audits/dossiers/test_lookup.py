"""Dossier status lookup and the online survey after a dossier."""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from audits.dossiers.models import Dossier, DossierRating
from audits.dossiers.satisfaction import satisfaction_figures, survey_record
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db
day = datetime.date
LOOKUP = "/tra-cuu-ho-so/"
RATE = "/tra-cuu-ho-so/danh-gia/"


@pytest.fixture
def resolved(commune):
    return make_dossier(
        commune,
        received=day(2026, 3, 2),
        due=day(2026, 3, 6),
        resolved=day(2026, 3, 5),
        code="H40.14089-260302-0001",
    )


def test_lookup_shows_status_and_nothing_personal(client, resolved, commune):
    response = client.get(f"{LOOKUP}?ma=h40.14089-260302-0001")
    assert response.status_code == 200
    text = response.text
    assert commune.name in text and "02/03/2026" in text and "06/03/2026" in text
    assert "Đã có kết quả" in text and "Đánh giá sự hài lòng" in text
    assert (
        response["Cache-Control"].startswith("max-age=0")
        or "no-cache" in response["Cache-Control"]
    )


def test_unknown_and_bad_codes(client, resolved):

    client.get(LOOKUP)  # site settings cached
    with CaptureQueriesContext(connection) as unknown_queries:
        unknown = client.get(f"{LOOKUP}?ma=H40.14089-260302-9999")
    assert "Không tìm thấy hồ sơ" in unknown.text
    with CaptureQueriesContext(connection) as known_queries:
        client.get(f"{LOOKUP}?ma=H40.14089-260302-0001")
    # the same work for an unknown code: timing does not tell codes apart
    assert len(unknown_queries) == len(known_queries)
    bad = client.get(f"{LOOKUP}?ma=<script>")
    assert "Mã hồ sơ chỉ gồm chữ" in bad.text


def test_lookup_is_rate_limited_in_redis(redis_cache, client, settings):
    settings.QMS_LOOKUPS_PER_MINUTE = 2
    assert client.get(f"{LOOKUP}?ma=X-1-2").status_code == 200
    assert client.get(f"{LOOKUP}?ma=X-1-3").status_code == 200
    assert client.get(f"{LOOKUP}?ma=X-1-4").status_code == 429


def test_rating_once_and_counted_with_imported_surveys(client, resolved, commune):
    survey_record(
        unit_id=commune.pk,
        period_from=day(2026, 1, 1),
        period_to=day(2026, 12, 31),
        respondents=10,
        satisfied=8,
    )
    form = client.get(f"{RATE}?ma={resolved}")
    assert form.status_code == 200
    response = client.post(RATE, {"ma": resolved, "level": "very", "on_time": "yes"})
    assert response.status_code == 302 and "cam-on=1" in response["Location"]
    rating = DossierRating.objects.get()
    assert rating.on_time is True and rating.dossier.code == resolved
    figures = satisfaction_figures(
        unit_ids=[commune.pk],
        period_from=day(2000, 1, 1),
        period_to=day(2100, 12, 31),
    )
    assert figures["respondents"] == 11 and figures["satisfied"] == 9
    assert figures["online"] == 1
    # a second answer is refused: the page sends back to the lookup
    again = client.post(RATE, {"ma": resolved, "level": "unsatisfied"})
    assert again.status_code == 302 and "danh-gia" not in again["Location"]
    assert DossierRating.objects.count() == 1


def test_unsatisfied_answers_lower_the_rate(client, resolved, commune):
    response = client.post(RATE, {"ma": resolved, "level": "unsatisfied"})
    assert response.status_code == 302, response.context["form"].errors
    figures = satisfaction_figures(
        unit_ids=[commune.pk], period_from=day(2000, 1, 1), period_to=day(2100, 1, 1)
    )
    assert figures["respondents"] == 1 and figures["satisfied"] == 0
    assert figures["rate"] == 0


def test_the_database_refuses_a_second_rating(resolved):

    dossier = Dossier.objects.get(code=resolved)
    DossierRating.objects.create(
        dossier=dossier, level="very", answered_on=day(2026, 3, 9)
    )
    with pytest.raises(IntegrityError):
        DossierRating.objects.create(
            dossier=dossier, level="satisfied", answered_on=day(2026, 3, 9)
        )


def test_a_pending_dossier_cannot_be_rated(client, commune):
    code = make_dossier(commune, received=day(2026, 3, 2), due=day(2026, 3, 6))
    assert "Đánh giá sự hài lòng" not in client.get(f"{LOOKUP}?ma={code}").text
    response = client.post(RATE, {"ma": code, "level": "very"})
    assert response.status_code == 302
    assert not DossierRating.objects.exists()


@pytest.mark.parametrize(
    "data", [{"level": "khac"}, {"level": ""}, {"level": "very", "comment": "x" * 1001}]
)
def test_bad_survey_input(client, resolved, data):
    response = client.post(RATE, {"ma": resolved, **data})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not DossierRating.objects.exists()
