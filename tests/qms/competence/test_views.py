"""Competence pages: scope, own record, certificates, XLSX, query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qms.competence.models import TrainingRecord
from qms.organisation.roles import COMMUNE_OFFICER
from tests import hostile_files
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(commune_officer, commune, one_stop, requirements, record_for):
    return record_for(
        commune_officer,
        commune,
        one_stop,
        completed=datetime.date(2025, 5, 10),
        certificate=hostile_files.real_pdf("chung-chi.pdf"),
        certificate_number="NV-MC/2025/01",
    )


def test_person_page_shows_trainings_gaps_and_readings(login, inspector, certified):
    response = login(inspector).get(
        reverse("qms_competence:person", args=[certified.person_id])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bồi dưỡng nghiệp vụ" in page
    assert "Chưa có" in page  # KN-GT missing
    assert "NV-MC/2025/01" in page


def test_own_record_without_reader_permission(login, site_editor, commune_officer):
    client = login(site_editor)
    assert client.get(reverse("qms_competence:mine")).status_code == 302
    own = client.get(reverse("qms_competence:person", args=[site_editor.pk]))
    assert own.status_code == 200
    other = client.get(reverse("qms_competence:person", args=[commune_officer.pk]))
    assert other.status_code in (302, 403)
    assert other.status_code == 403 or other["Location"].endswith("/admin/")


def test_other_commune_person_unit_and_certificate_are_404(
    login, commune_officer, other_clerk, other_commune, one_stop, record_for
):
    theirs = record_for(
        other_clerk,
        other_commune,
        one_stop,
        completed=datetime.date(2025, 5, 10),
        certificate=hostile_files.real_pdf("cc.pdf"),
    )
    client = login(commune_officer)
    for url in (
        reverse("qms_competence:person", args=[other_clerk.pk]),
        reverse("qms_competence:unit", args=[other_commune.pk]),
        reverse("qms_competence:certificate", args=[theirs.pk]),
        reverse("training_records:edit", args=[theirs.pk]),
        reverse("training_records:inspect", args=[theirs.pk]),
        reverse("training_records:history", args=[theirs.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_certificate_download_own_and_in_scope(
    login, commune_officer, inspector, certified
):
    url = reverse("qms_competence:certificate", args=[certified.pk])
    response = login(commune_officer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert login(inspector).get(url).status_code == 200


def test_unit_matrix_query_count_and_xlsx(
    login,
    inspector,
    commune,
    certified,
    one_stop,
    record_for,
    django_assert_max_num_queries,
):
    for index in range(6):
        person = make_user(f"canbo{index}", COMMUNE_OFFICER, commune)
        record_for(person, commune, one_stop, completed=datetime.date(2025, 1, 1))
    client = login(inspector)
    url = reverse("qms_competence:unit", args=[commune.pk])
    with django_assert_max_num_queries(18):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("/admin/nang-luc/can-bo/") == 7
    with django_assert_max_num_queries(18):
        assert client.get(reverse("qms_competence:overview")).status_code == 200
    export = client.get(url + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Cán bộ"
    assert len(rows) == 8
    assert rows[0][-1] == "Số thiếu hụt"


def test_admin_form_refuses_bad_certificate_and_writes_nothing(
    login, commune_officer, commune, one_stop
):
    response = login(commune_officer).post(
        reverse("training_records:add"),
        {
            "person": commune_officer.pk,
            "unit": commune.pk,
            "competence": one_stop.pk,
            "course": "Nghiệp vụ một cửa",
            "provider": "Sở Nội vụ",
            "completed_on": "2025-05-10",
            "hours": "16",
            "certificate": io.BytesIO(b"<svg onload=alert(1)>"),
            "certificate_number": "",
            "expires_on": "",
        },
    )
    assert response.status_code == 200
    assert "không được nhận" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_admin_form_records_training_with_reason(
    login, commune_officer, commune, one_stop
):
    upload = hostile_files.real_pdf("chung-chi.pdf")
    response = login(commune_officer).post(
        reverse("training_records:add"),
        {
            "person": commune_officer.pk,
            "unit": commune.pk,
            "competence": one_stop.pk,
            "course": "Nghiệp vụ một cửa",
            "provider": "Sở Nội vụ",
            "completed_on": "2025-05-10",
            "hours": "16",
            "certificate": upload,
            "certificate_number": "01",
            "expires_on": "2025-05-01",
        },
    )
    assert response.status_code == 200  # expiry before completion
    assert "Ngày hết hạn chứng chỉ phải sau" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_training_search_is_accent_free(login, inspector, certified):
    response = login(inspector).get(reverse("training_records:index") + "?q=boi+duong")
    assert "Bồi dưỡng nghiệp vụ" in response.content.decode()
    response = login(inspector).get(reverse("training_records:index") + "?q=xyz")
    assert "Bồi dưỡng nghiệp vụ" not in response.content.decode()
