"""Admin dashboard and public transparency page: permissions, scope, exports."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Site

from audits.dossiers.satisfaction import evaluation_record, survey_record
from audits.dossiers.services import LOCAL_TZ
from qms.organisation.models import DeploymentSettings, UnitMembership
from tests.audits.dossiers.factories import make_dossier
from tests.pdf_helpers import pdf_text, save_pdf_pages
from tests.throttle_helpers import throttle_rates

pytestmark = pytest.mark.django_db

D = datetime.date
DASHBOARD = "/admin/dossiers/dashboard/"
PERIOD = {"date_from": "2021-01-01", "date_to": "2021-12-31"}


@pytest.fixture
def dossiers(district, commune, other_commune):
    make_dossier(
        commune, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 4)
    )
    make_dossier(
        other_commune, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 9)
    )
    make_dossier(
        other_commune, received=D(2021, 4, 1), due=D(2021, 4, 5), channel="online"
    )


def test_admin_menu_url_is_registered():
    assert reverse("audits_dossier_dashboard") == DASHBOARD


def test_anonymous_is_sent_to_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_role_without_the_permission_is_refused(login, site_editor, dossiers):
    # Wagtail turns PermissionDenied into a redirect to the admin home
    response = login(site_editor).get(DASHBOARD, {**PERIOD, "export": "csv"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("persona", ["inspector", "iso_reviewer"])
def test_readers_of_all_units_see_every_commune(request, login, dossiers, persona):
    user = request.getfixturevalue(persona)
    response = login(user).get(DASHBOARD, PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thị trấn Xuân Trường" in html
    assert "Xã Xuân Châu" in html
    assert "<svg" in html


def test_commune_officer_sees_only_their_commune(
    login, commune_officer, other_commune, dossiers
):
    client = login(commune_officer)
    html = client.get(DASHBOARD, PERIOD).content.decode()
    assert "Thị trấn Xuân Trường" in html
    assert "Xã Xuân Châu" not in html
    # asking for the other commune by id does not widen the scope
    html = client.get(DASHBOARD, {**PERIOD, "unit": other_commune.pk}).content.decode()
    assert "Xã Xuân Châu" not in html.split("<select")[-1].split("</select>")[-1]
    response = client.get(
        DASHBOARD, {**PERIOD, "unit": other_commune.pk, "export": "csv"}
    )
    text = response.content.decode("utf-8-sig")
    assert "14092" not in text
    assert "14089" in text


def test_exports(login, inspector, dossiers):
    client = login(inspector)
    csv_response = client.get(DASHBOARD, {**PERIOD, "export": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mã đơn vị;Tên đơn vị;Kỳ trước chuyển sang;")
    assert lines[-1].startswith(";Tổng cộng;")
    xlsx = client.get(DASHBOARD, {**PERIOD, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert any(row[1] == "Tổng cộng" for row in sheet.iter_rows(values_only=True))
    pdf = client.get(DASHBOARD, {**PERIOD, "export": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_bad_period_shows_errors_not_a_500(login, inspector):
    client = login(inspector)
    response = client.get(
        DASHBOARD, {"date_from": "2021-12-31", "date_to": "2021-01-01"}
    )
    assert response.status_code == 200
    assert "Từ ngày phải trước" in response.content.decode()
    assert client.get(DASHBOARD, {"date_from": "xx", "unit": "abc"}).status_code == 200


def test_dashboard_query_count_does_not_grow_with_units(
    login, inspector, dossiers, django_assert_max_num_queries
):
    client = login(inspector)
    with django_assert_max_num_queries(40):
        client.get(DASHBOARD, PERIOD)


@pytest.fixture
def published(district):
    settings = DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.operating_unit = district
    settings.save()
    return district


def test_public_page_without_a_published_unit(client):
    response = client.get("/cong-khai/")
    assert response.status_code == 200
    assert "chưa công bố" in response.content.decode()


def test_public_page_shows_the_published_units(client, published, dossiers):
    response = client.get("/cong-khai/", {"year": "2021"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Công khai kết quả giải quyết hồ sơ" in html
    assert "Xã Xuân Châu" in html
    assert "TOTAL" in html or "Tổng cộng" in html
    assert "<svg" in html


def test_public_page_never_leaves_the_published_tree(client, published, dossiers):
    outside = published.parent.children.exclude(pk=published.pk).first()
    make_dossier(outside, received=D(2021, 3, 1), due=D(2021, 3, 2))
    response = client.get("/cong-khai/", {"year": "2021", "unit": outside.pk})
    assert response.status_code == 200
    assert outside.name not in response.content.decode().split("</select>")[-1]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_public_exports(client, published, dossiers, fmt):
    response = client.get("/cong-khai/", {"year": "2021", "export": fmt})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "99999"},
        {"year": "²"},
        {"unit": "x"},
        {"date_from": "9999-12-01", "date_to": "9999-12-31"},
        {"date_from": "9999-12-01", "date_to": "9999-12-31", "export": "pdf"},
        {"date_from": "0001-01-01", "date_to": "0001-12-31"},
    ],
)
def test_public_page_bad_input_is_not_a_500(client, published, query):
    assert client.get("/cong-khai/", query).status_code == 200


def test_far_future_period_is_refused_on_the_dashboard(login, inspector):
    response = login(inspector).get(
        DASHBOARD, {"date_from": "9999-12-01", "date_to": "9999-12-31"}
    )
    assert response.status_code == 200
    assert "Năm phải nằm trong khoảng" in response.content.decode()


def test_dashboard_shows_survey_results_and_ratings(
    login, inspector, commune, dossiers
):
    common = {
        "unit_id": commune.pk,
        "period_from": D(2021, 1, 1),
        "period_to": D(2021, 12, 31),
    }
    survey_record(**common, respondents=200, satisfied=190)
    evaluation_record(**common, scores=[Decimal(2)] * 7 + [Decimal(1)] * 2)
    html = login(inspector).get(DASHBOARD, PERIOD).content.decode()
    assert "95.00" in html or "95,00" in html
    assert "Xuất sắc" in html


def test_public_exports_are_throttled_per_address(client, published, redis_cache):
    with throttle_rates(open_data="1/min"):
        first = client.get("/cong-khai/", {"year": "2021", "export": "csv"})
        second = client.get("/cong-khai/", {"year": "2021", "export": "xlsx"})
        page = client.get("/cong-khai/", {"year": "2021"})
    assert first.status_code == 200
    assert second.status_code == 429
    assert second["Retry-After"]
    # the page itself is not limited (it is cached, and citizens read it)
    assert page.status_code == 200


def test_form06_pdf_carries_the_decree_30_heading_and_signature(
    login, inspector, published, dossiers
):
    """Left the issuing body, right the motto, number, place and date, title,
    then recipients and the head's signature block (Decree 30/2020 Annex I)."""
    chair = get_user_model().objects.create_user(
        "chutich", first_name="Văn An", last_name="Lê"
    )
    UnitMembership.objects.create(
        user=chair, unit=published, position="Chủ tịch", is_head=True
    )
    with time_machine.travel(datetime.datetime(2026, 12, 7, 10, tzinfo=LOCAL_TZ)):
        pdf = login(inspector).get(DASHBOARD, {**PERIOD, "export": "pdf"}).content
    save_pdf_pages(pdf, "office-form06")
    text = pdf_text(pdf)
    # a UBND heads its documents alone: no superior body above it
    assert "UBND TỈNH NAM ĐỊNH" not in text
    for part in (
        "ỦY BAN NHÂN DÂN HUYỆN XUÂN TRƯỜNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: .../BC-UBND",
        "Xuân Trường, ngày 07 tháng 12 năm 2026",
        "BÁO CÁO",
        "Tình hình, kết quả giải quyết thủ tục hành chính",
        "Nơi nhận:",
        "- UBND tỉnh Nam Định;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "(Ký, ghi rõ họ tên)",
        "Lê Văn An",
    ):
        assert part in text, part
    assert text.index("CỘNG HÒA") < text.index("BÁO CÁO") < text.index("Nơi nhận")
    assert "Tổng cộng" in text and "TOTAL" not in text  # a word, not a code


def test_form06_pdf_without_a_head_leaves_a_line_to_sign(
    login, inspector, published, dossiers
):
    response = login(inspector).get(DASHBOARD, {**PERIOD, "export": "pdf"})
    text = pdf_text(response.content)
    assert "CHỦ TỊCH (Ký, ghi rõ họ tên)" in text
    assert "Lê Văn An" not in text
