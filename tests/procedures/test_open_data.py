"""Open data: Wagtail API v2 and the CSV/JSON downloads."""

import csv
import io
import json

import pytest
from django.conf import settings

from procedures.models import ProcedurePage
from procedures.services import procedures_import
from tests.procedures.conftest import item


@pytest.fixture
def procedures(publish, agency, catalogue):
    publish(
        item(agency="364.TP", level="district"),
        item(code="1.000894", name="Đăng ký kết hôn", online_level="partial"),
    )
    procedures_import([item(code="DRAFT.1", name="Bản nháp")], index=catalogue)


def test_api_lists_procedures_with_structured_fields_anonymously(client, procedures):
    response = client.get(
        "/api/v2/pages/", {"type": "procedures.ProcedurePage", "fields": "*"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 2  # the draft is not published
    birth = next(p for p in data["items"] if p["code"] == "1.001193")
    assert birth["title"] == "Đăng ký khai sinh"
    assert birth["field"] == "Hộ tịch"
    assert birth["level"] == "district"
    assert birth["online_level"] == "full"
    assert birth["implementing_agency"] == {
        "code": "364.TP",
        "name": "Phòng Tư pháp huyện Xuân Trường",
    }
    assert [s["value"] for s in birth["steps"]] == item()["steps"]
    channels = [s["value"] for s in birth["channels"]]
    assert channels[0]["channel"] == "direct"
    assert channels[1]["processing_days"] == 0.5
    assert birth["documents"][1]["value"]["template_url"] == (
        "https://example.gov.vn/m.docx"
    )
    assert birth["last_published_at"]


def test_api_filters_by_code_and_detail(client, procedures):
    response = client.get(
        "/api/v2/pages/",
        {"type": "procedures.ProcedurePage", "code": "1.000894", "fields": "code"},
    )
    items = response.json()["items"]
    assert [p["code"] for p in items] == ["1.000894"]
    detail = client.get(f"/api/v2/pages/{items[0]['id']}/").json()
    assert detail["title"] == "Đăng ký kết hôn"
    draft = ProcedurePage.objects.get(code="DRAFT.1")
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_csv_download(client, procedures):
    response = client.get("/thu-tuc/tai-ve/csv/", {"q": "ket hon"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))
    assert [r["Mã thủ tục"] for r in rows] == ["1.000894"]
    assert rows[0]["Tên thủ tục"] == "Đăng ký kết hôn"
    assert rows[0]["Địa chỉ trang"].endswith("/thu-tuc/dang-ky-ket-hon/")
    assert rows[0]["Liên thông"] in ("Có", "Không")
    assert rows[0]["Cấp thực hiện"].startswith("Cấp ")
    day, month, year = rows[0]["Ngày công bố"].split("/")
    assert len(day) == 2 and len(month) == 2 and len(year) == 4


def test_csv_headers_in_english(client, procedures):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/thu-tuc/tai-ve/csv/").content.decode("utf-8")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    client.get("/thu-tuc/tai-ve/json/")  # leave Vietnamese active in the thread
    header = body.lstrip("\ufeff").splitlines()[0]
    assert header.startswith("Procedure code,")
    assert "Mã thủ tục" not in header


def test_csv_neutralises_formulas(client, publish):
    publish(item(name='=HYPERLINK("http://x")'))
    body = client.get("/thu-tuc/tai-ve/csv/").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_json_download_is_in_import_format(client, procedures):
    response = client.get("/thu-tuc/tai-ve/json/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] == 2
    birth = next(p for p in data["items"] if p["code"] == "1.001193")
    assert birth["agency"] == "364.TP"
    assert birth["channels"][0]["channel"] == "direct"
    assert birth["level_label"] == "Cấp huyện"
    assert birth["documents"][0]["name"] == "Tờ khai đăng ký khai sinh"
    assert birth["legal_basis"] == item()["legal_basis"]


def test_json_download_imports_back(client, procedures, catalogue):
    items = json.loads(client.get("/thu-tuc/tai-ve/json/").content)["items"]
    keys = set(item())
    report = procedures_import(
        [{k: v for k, v in p.items() if k in keys | {"fees"}} for p in items],
        dry_run=True,
        index=catalogue,
    )
    assert sorted(report.updated) == ["1.000894", "1.001193"]
