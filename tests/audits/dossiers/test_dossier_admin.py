"""The read-only dossier list in the admin: scope per commune, no writes."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from audits.dossiers.models import Dossier
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date
LIST = "/admin/dossiers/records/"


@pytest.fixture
def two(commune, other_commune):
    mine = make_dossier(
        commune, received=D(2021, 3, 1), due=D(2021, 3, 2), code="MINE-1"
    )
    other = make_dossier(
        other_commune, received=D(2021, 3, 1), due=D(2021, 3, 2), code="OTHER-1"
    )
    return Dossier.objects.get(code=mine), Dossier.objects.get(code=other)


def test_inspector_lists_every_dossier(login, inspector, two):
    html = login(inspector).get(LIST).content.decode()
    assert "MINE-1" in html
    assert "OTHER-1" in html
    # the listing offers its downloads (Wagtail shows them with list_export)
    assert "export=csv" in html and "export=xlsx" in html


def test_commune_officer_sees_and_opens_only_their_dossiers(
    login, commune_officer, two
):
    mine, other = two
    client = login(commune_officer)
    html = client.get(LIST).content.decode()
    assert "MINE-1" in html
    assert "OTHER-1" not in html
    assert client.get(f"{LIST}inspect/{mine.pk}/").status_code == 200
    assert client.get(f"{LIST}inspect/{other.pk}/").status_code == 404


def test_nobody_writes_dossiers_in_the_admin(login, superuser, two):
    mine, _other = two
    client = login(superuser)
    for url in (f"{LIST}new/", f"{LIST}edit/{mine.pk}/", f"{LIST}delete/{mine.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
    page = client.get(f"{LIST}inspect/{mine.pk}/").content.decode()
    assert "Trang thủ tục" in page or "trang thủ tục" in page


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return [line.split(";") for line in body[1:].splitlines()]


def test_csv_export_of_the_list_carries_the_values(
    login, commune_officer, two, django_assert_max_num_queries
):
    """``?export=csv`` used to give one empty line per dossier (no list_export)."""
    mine, _other = two
    client = login(commune_officer)
    with django_assert_max_num_queries(20):
        response = client.get(LIST, {"export": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        header, *rows = _csv_rows(response)
    assert header[:4] == ["Mã hồ sơ", "Mã thủ tục", "Đơn vị tiếp nhận", "Kênh nộp"]
    assert len(rows) == 1  # the other commune's dossier stays out
    row = dict(zip(header, rows[0], strict=True))
    assert row["Mã hồ sơ"] == "MINE-1"
    assert row["Mã thủ tục"] == "1.001193"
    assert mine.unit.name in row["Đơn vị tiếp nhận"]
    assert row["Kênh nộp"] == "Trực tiếp"  # the label, not "direct"
    assert row["Ngày tiếp nhận"] == "01/03/2021 09:00"  # local time, dd/mm/yyyy
    assert row["Ngày hẹn trả"] == "02/03/2021 16:00"
    assert row["Kết quả"] == str(mine.get_outcome_display())


def test_csv_export_of_the_list_in_english(login, inspector, two):
    client = login(inspector)
    client.cookies["django_language"] = "en"
    body = b"".join(client.get(LIST, {"export": "csv"}).streaming_content)
    header, *rows = body.decode("utf-8").lstrip("\ufeff").splitlines()
    assert header.startswith(
        "Dossier code,Procedure code,Receiving unit,Submission channel"
    )
    assert len(rows) == 2
    assert all("01/03/2021 09:00" in row for row in rows), rows
    assert all(",In person," in row for row in rows), rows


def test_xlsx_export_of_the_list_has_one_header_row_and_real_dates(
    login, inspector, two
):
    response = login(inspector).get(LIST, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã hồ sơ", "Mã thủ tục")
    assert {row[0] for row in rows[1:]} == {"MINE-1", "OTHER-1"}
    received = sheet.cell(row=2, column=6)
    assert received.value == datetime.datetime(2021, 3, 1, 9, 0)  # local, naive
    assert received.number_format == "DD/MM/YYYY HH:MM"


def test_a_listing_without_list_export_has_no_empty_export(login, inspector):
    """``?export=csv`` on a listing that names no columns shows the listing
    (Wagtail answered with one empty line per row: the dossier list's bug)."""
    response = login(inspector).get("/admin/document_revisions/", {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
