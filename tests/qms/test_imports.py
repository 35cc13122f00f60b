"""Imports from the browser (qms/imports): upload, dry run, confirm, job, result.

The screens call the commands' services; these tests walk the screens as the
personas do, with the real background-job runner (django-tasks' immediate
backend runs the job when the confirmation commits).
"""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audits.dossiers.importers import DOSSIERS
from audits.dossiers.models import Dossier, DossierTotal, SatisfactionSurvey
from procedures.models import ProcedurePage
from qms.documents.models import ControlledDocument
from qms.jobs.models import BackgroundJob, JobStatus
from qms.jobs.services import job_run
from qms.organisation.models import UnitMembership
from tests.procedures.conftest import approval_workflow, catalogue, item  # noqa: F401

pytestmark = pytest.mark.django_db

HEADER = "ma_ho_so,ma_thu_tuc,ma_don_vi,kenh_nop,ngay_tiep_nhan,ngay_hen_tra"
GOOD = [
    HEADER,
    "H15.50.05.13-210105-0001,1.001193,14089,truc_tiep,05/01/2021,05/01/2021",
    "H15.50.05.13-210105-0002,1.000894,14089,truc_tuyen,05/01/2021,08/01/2021",
]


def csv_file(lines, name="hoso.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), "text/csv")


def upload_url(kind="ho-so"):
    return reverse("qms_imports:upload", args=[kind])


def upload(client, upload_file, kind="ho-so", **fields):
    return client.post(upload_url(kind), {"file": upload_file, **fields})


def job_of(response) -> BackgroundJob:
    pk = response["Location"].rstrip("/").split("/")[-1]
    return BackgroundJob.objects.get(pk=pk)


def denied(response) -> bool:
    """Refused: 403, or Wagtail's redirect to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def confirm(client, job, captured):
    url = reverse("qms_imports:confirm", args=[job.params["importer"], job.pk])
    with captured(execute=True):
        return client.post(url)


def test_a_refused_file_then_a_corrected_one_imported_with_progress_and_result(
    login, commune_officer, django_capture_on_commit_callbacks
):
    client = login(commune_officer)
    bad = [
        HEADER,
        "B1,,14089,fax,05/01/2021,06/01/2021",
        "B2,,14089,truc_tiep,05/01/2021,04/01/2021",
    ]
    response = upload(client, csv_file(bad))
    assert response.status_code == 302
    refused = job_of(response)
    page = client.get(response["Location"]).content.decode()
    assert "Tệp bị từ chối: 2 lỗi" in page
    assert "row 2, column kenh_nop: giá trị không hợp lệ" in page
    assert "row 3, column ngay_hen_tra: ngày hẹn trả trước ngày tiếp nhận" in page
    assert "Xác nhận nhập" not in page
    assert "Tải lại tệp đã sửa" in page
    # a refused check cannot be confirmed by a crafted POST
    assert denied(confirm(client, refused, django_capture_on_commit_callbacks))
    assert not Dossier.objects.exists()

    response = upload(client, csv_file(GOOD))
    job = job_of(response)
    assert job.status == JobStatus.DRAFT
    assert job.source  # kept privately until the job runs
    page = client.get(response["Location"]).content.decode()
    assert "không có lỗi" in page
    assert "Xác nhận nhập" in page
    assert not Dossier.objects.exists()  # a dry run writes nothing

    response = confirm(client, job, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("qms_jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.DONE, 100)
    assert not job.source  # the upload is deleted once used
    result = client.get(response["Location"]).content.decode()
    assert "Hồ sơ mới" in result
    assert "Xem danh sách hồ sơ" in result
    assert job.summary["counts"][:2] == [["Dòng dữ liệu", 2], ["Hồ sơ mới", 2]]
    assert Dossier.objects.filter(unit__code="14089").count() == 2
    # confirming again does not import twice
    confirm(client, job, django_capture_on_commit_callbacks)
    assert BackgroundJob.objects.get(pk=job.pk).finished_at == job.finished_at


def test_the_progress_page_shows_a_progress_bar_fed_by_the_job(login, commune_officer):
    client = login(commune_officer)
    job = job_of(upload(client, csv_file(GOOD)))
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=37, message="Đang ghi hồ sơ"
    )
    response = client.get(reverse("qms_jobs:detail", args=[job.pk]))
    page = response.content.decode()
    assert '<progress id="qms-job-progress" max="100" value="37"' in page
    assert "Đang ghi hồ sơ" in page
    assert response["Refresh"] == "2"


def test_a_row_of_another_commune_is_a_located_error(login, commune_officer):
    client = login(commune_officer)
    lines = [*GOOD, "X1,,14092,truc_tiep,05/01/2021,06/01/2021"]
    page = client.get(upload(client, csv_file(lines))["Location"]).content.decode()
    assert (
        "row 4, column ma_don_vi: không có quyền với đơn vị mã 14092 (ngoài phạm vi"
        in page
    )
    assert "Xác nhận nhập" not in page


def test_a_provincial_inspector_imports_for_any_commune(
    login, inspector, django_capture_on_commit_callbacks
):
    client = login(inspector)
    lines = [*GOOD, "X1,,14092,truc_tiep,05/01/2021,06/01/2021"]
    job = job_of(upload(client, csv_file(lines)))
    confirm(client, job, django_capture_on_commit_callbacks)
    assert Dossier.objects.filter(unit__code="14092").count() == 1


def test_a_code_repeated_with_other_content_names_both_rows(login, commune_officer):
    client = login(commune_officer)
    lines = [*GOOD, GOOD[1].replace("05/01/2021,05/01/2021", "05/01/2021,07/01/2021")]
    page = client.get(upload(client, csv_file(lines))["Location"]).content.decode()
    assert (
        "row 4, column ma_ho_so: mã hồ sơ H15.50.05.13-210105-0001 đã có ở dòng 2 "
        "với nội dung khác" in page
    )


def test_the_file_is_checked_again_when_the_job_runs(
    login, commune_officer, commune, other_commune, django_capture_on_commit_callbacks
):
    client = login(commune_officer)
    job = job_of(upload(client, csv_file(GOOD)))
    # the officer moves to another commune between the check and the import
    UnitMembership.objects.filter(user=commune_officer).update(unit=other_commune)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    page = client.get(reverse("qms_jobs:detail", args=[job.pk])).content.decode()
    assert "không còn hợp lệ" in page
    assert (
        "row 2, column ma_don_vi: không có quyền với đơn vị mã 14089 (ngoài phạm vi"
        in page
    )
    assert not Dossier.objects.exists()


def test_a_permission_taken_away_before_the_job_runs_fails_it(login, commune_officer):
    client = login(commune_officer)
    job = job_of(upload(client, csv_file(GOOD)))
    BackgroundJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    commune_officer.groups.clear()
    assert job_run(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.message == "Bạn không có quyền thực hiện việc này."
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("hoso.pdf", b"%PDF-1.4 x", "chỉ nhận CSV, XLSX"),
        ("hoso.csv", b"", "rỗng"),
        ("hoso.csv", b"MZ\x90\x00binary", "chương trình chạy được"),
        ("hoso.xlsx", b"ma_ho_so,ma_don_vi\n", "không phải là tệp XLSX thật"),
        ("hoso.csv", b"<html><script>alert(1)</script>", "mã trang web"),
    ],
    ids=["wrong-type", "empty", "executable", "renamed", "markup"],
)
def test_bad_files_are_refused_on_the_upload_form(
    login, commune_officer, name, content, message
):
    client = login(commune_officer)
    response = upload(client, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_wrong_columns_and_a_header_only_file_are_reported(login, commune_officer):
    client = login(commune_officer)
    page = client.get(
        upload(client, csv_file(["ma,ten", "1,2"]))["Location"]
    ).content.decode()
    assert "row 1: thiếu cột dossier_code (ma_ho_so)" in page
    assert "Xác nhận nhập" not in page
    page = client.get(upload(client, csv_file([HEADER]))["Location"]).content.decode()
    assert "0 dòng dữ liệu" in page


def test_an_oversized_file_is_refused(login, commune_officer, monkeypatch):
    monkeypatch.setattr(DOSSIERS, "max_bytes", 100)
    response = upload(login(commune_officer), csv_file(GOOD))
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()


def test_no_file_at_all(login, commune_officer):
    response = login(commune_officer).post(upload_url(), {})
    assert response.status_code == 400


def test_a_report_is_its_owners_only(login, commune_officer, inspector, client):
    own = login(commune_officer)
    job = job_of(upload(own, csv_file(GOOD)))
    report = reverse("qms_imports:report", args=["ho-so", job.pk])
    confirm_url = reverse("qms_imports:confirm", args=["ho-so", job.pk])
    other = login(inspector)
    assert other.get(report).status_code == 404
    assert other.post(confirm_url).status_code == 404
    assert other.get(confirm_url).status_code == 405
    # the same job under another importer's URL is not found either
    wrong_kind = reverse("qms_imports:report", args=["so-lieu-tong-hop", job.pk])
    assert other.get(wrong_kind).status_code == 404
    assert BackgroundJob.objects.get(pk=job.pk).status == JobStatus.DRAFT


def test_who_sees_which_import(login, commune_officer, site_editor, iso_reviewer):
    officer = login(commune_officer)
    page = officer.get(reverse("qms_imports:index")).content.decode()
    assert "Hồ sơ thủ tục" in page
    assert "Đơn vị hành chính" not in page
    assert denied(officer.get(upload_url("don-vi")))
    assert denied(officer.get(upload_url("thu-tuc")))
    assert officer.get(upload_url("khong-co")).status_code == 404
    # the sidebar is JSON in the page: the items are found by their URLs
    menu = officer.get(reverse("wagtailadmin_home")).content.decode()
    assert upload_url("ho-so") in menu
    assert upload_url("don-vi") not in menu
    assert denied(login(site_editor).get(upload_url("ho-so")))
    reviewer = login(iso_reviewer)
    assert denied(reviewer.get(reverse("qms_imports:index")))
    menu = reviewer.get(reverse("wagtailadmin_home")).content.decode()
    assert "/admin/nhap-du-lieu/" not in menu


def test_totals_screen(login, inspector, django_capture_on_commit_callbacks):
    client = login(inspector)
    lines = [
        "ma_don_vi,tu_ngay,den_ngay,tiep_nhan_moi,truoc_han_va_dung_han,qua_han",
        "14089,01/01/2021,31/12/2021,100,90,5",
        "14089,01/01/2021,31/12/2020,100,90,5",
    ]
    page = client.get(upload(client, csv_file(lines), "so-lieu-tong-hop")["Location"])
    assert "row 3, column den_ngay: đến ngày trước từ ngày" in page.content.decode()
    job = job_of(upload(client, csv_file(lines[:2]), "so-lieu-tong-hop"))
    page = client.get(reverse("qms_imports:report", args=["so-lieu-tong-hop", job.pk]))
    assert "Không khớp" in page.content.decode()
    confirm(client, job, django_capture_on_commit_callbacks)
    assert BackgroundJob.objects.get(pk=job.pk).status == JobStatus.DONE
    assert DossierTotal.objects.filter(unit__code="14089").count() == 1


def test_totals_of_another_commune_are_refused(login, commune_officer):
    client = login(commune_officer)
    lines = [
        "ma_don_vi,tu_ngay,den_ngay,tiep_nhan_moi",
        "14092,01/01/2021,31/12/2021,1",
    ]
    page = client.get(upload(client, csv_file(lines), "so-lieu-tong-hop")["Location"])
    assert (
        "row 2, column ma_don_vi: không có quyền với đơn vị mã 14092"
        in page.content.decode()
    )


def test_satisfaction_screen(
    login, commune_officer, django_capture_on_commit_callbacks
):
    client = login(commune_officer)
    lines = [
        "ma_don_vi,tu_ngay,den_ngay,so_phieu,hai_long",
        "14089,01/01/2022,30/06/2022,200,190",
    ]
    job = job_of(upload(client, csv_file(lines), "khao-sat"))
    assert job.summary["check"]["ok"]
    confirm(client, job, django_capture_on_commit_callbacks)
    assert SatisfactionSurvey.objects.get(unit__code="14089").satisfied == 190
    bad = [lines[0], "14089,01/01/2022,30/06/2022,200,290"]
    page = client.get(upload(client, csv_file(bad), "khao-sat")["Location"])
    assert "row 2, column hai_long: số hài lòng lớn hơn số phiếu" in (
        page.content.decode()
    )


@pytest.mark.usefixtures("catalogue")
def test_procedures_screen_submits_for_approval(
    login, site_editor, django_capture_on_commit_callbacks
):
    client = login(site_editor)
    data = json.dumps([item(code="1.001193")], ensure_ascii=False).encode()
    job = job_of(upload(client, SimpleUploadedFile("tt.json", data), "thu-tuc"))
    assert job.summary["check"]["ok"], job.summary
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    page = ProcedurePage.objects.get(code="1.001193")
    assert not page.live
    bad = json.dumps([{"code": "1.1"}]).encode()
    report = upload(client, SimpleUploadedFile("tt.json", bad), "thu-tuc")
    text = client.get(report["Location"]).content.decode()
    assert "item 1 (1.1): name: bắt buộc" in text
    broken = upload(client, SimpleUploadedFile("tt.json", b"[{"), "thu-tuc")
    assert "file: JSON không hợp lệ" in client.get(broken["Location"]).content.decode()


def _zip(files: dict[str, str]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return SimpleUploadedFile("bo-tai-lieu.zip", buffer.getvalue())


def test_documents_screen(
    login, document_controller, district, django_capture_on_commit_callbacks
):
    client = login(document_controller)
    doc = (
        "---\ncode: QT 09/TEST\ntitle: Quy trình thử\ntype: process\nissue: 1\n"
        "effective_date: 2022-01-15\nunit: 364\n---\n# Mục đích\n\nThử.\n"
    )
    job = job_of(upload(client, _zip({"qt09.md": doc}), "tai-lieu"))
    assert job.summary["check"]["ok"], job.summary
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.summary
    assert ControlledDocument.objects.filter(code="QT 09/TEST").exists()
    bad = _zip({"qt10.md": doc.replace("title: Quy trình thử\n", "")})
    text = client.get(upload(client, bad, "tai-lieu")["Location"]).content.decode()
    assert "qt10.md: title:" in text
    assert "test-private-media" not in text  # no server path in a message


def test_units_screen_is_for_superusers_and_reports_a_dry_run(
    login, superuser, inspector, django_capture_on_commit_callbacks
):
    assert denied(login(inspector).get(upload_url("don-vi")))
    client = login(superuser)
    response = client.post(
        upload_url("don-vi"), {"provinces": "36", "structure": "both"}
    )
    job = job_of(response)
    page = client.get(response["Location"]).content.decode()
    assert "không có lỗi" in page  # province 36 is loaded already: nothing new
    confirm(client, job, django_capture_on_commit_callbacks)
    assert BackgroundJob.objects.get(pk=job.pk).status == JobStatus.DONE
    response = client.post(
        upload_url("don-vi"), {"provinces": "x", "structure": "both"}
    )
    assert response.status_code == 400
    assert "2 chữ số" in response.content.decode()
    response = client.post(
        upload_url("don-vi"), {"provinces": "99", "structure": "both"}
    )
    assert "Không có tỉnh mã 99" in client.get(response["Location"]).content.decode()


def test_prune_removes_an_unconfirmed_upload_after_a_day(login, commune_officer):
    job = job_of(upload(login(commune_officer), csv_file(GOOD)))
    stored = job.source.path
    call_command("prune_background_jobs", stdout=io.StringIO())
    assert BackgroundJob.objects.filter(pk=job.pk).exists()
    later = timezone.now() + datetime.timedelta(days=1, hours=1)
    with time_machine.travel(later):
        call_command("prune_background_jobs", stdout=io.StringIO())
    assert not BackgroundJob.objects.filter(pk=job.pk).exists()
    import os  # noqa: PLC0415

    assert not os.path.exists(stored)


#: (import, persona, a valid file name) of every file-based screen.
SCREENS = [
    ("ho-so", "commune_officer", "hoso.csv"),
    ("so-lieu-tong-hop", "inspector", "tong-hop.csv"),
    ("khao-sat", "commune_officer", "khao-sat.xlsx"),
    ("thu-tuc", "site_editor", "thu-tuc.json"),
    ("tai-lieu", "document_controller", "tai-lieu.zip"),
]


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(("kind", "persona", "name"), SCREENS)
def test_every_screen_refuses_a_wrong_type_an_empty_and_an_oversized_file(
    request, login, monkeypatch, kind, persona, name
):
    from qms.imports.registry import importer_for  # noqa: PLC0415

    client = login(request.getfixturevalue(persona))
    assert client.get(upload_url(kind)).status_code == 200
    wrong = upload(client, SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4"), kind)
    assert wrong.status_code == 400
    assert "không được nhận" in wrong.content.decode()
    empty = upload(client, SimpleUploadedFile(name, b""), kind)
    assert empty.status_code == 400
    assert "rỗng" in empty.content.decode()
    monkeypatch.setattr(importer_for(kind), "max_bytes", 4)
    big = upload(client, SimpleUploadedFile(name, b"12345"), kind)
    assert big.status_code == 400
    assert "quá lớn" in big.content.decode()
    assert not BackgroundJob.objects.exists()


@pytest.mark.parametrize(
    ("kind", "persona", "header", "missing"),
    [
        ("so-lieu-tong-hop", "inspector", "ma,tu,den", "unit_code (ma_don_vi)"),
        ("khao-sat", "commune_officer", "ma_don_vi,tu_ngay", "period_to"),
    ],
)
def test_wrong_columns_are_named_on_the_table_screens(
    request, login, kind, persona, header, missing
):
    client = login(request.getfixturevalue(persona))
    response = upload(client, csv_file([header, "1,2,3"]), kind)
    page = client.get(response["Location"]).content.decode()
    assert f"row 1: thiếu cột {missing}" in page
    assert "Xác nhận nhập" not in page


def test_the_index_and_report_pages_take_few_queries(
    login, commune_officer, django_assert_max_num_queries
):
    client = login(commune_officer)
    job = job_of(upload(client, csv_file(GOOD)))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("qms_imports:index")).status_code == 200
    with django_assert_max_num_queries(20):
        report = reverse("qms_imports:report", args=["ho-so", job.pk])
        assert client.get(report).status_code == 200
    with django_assert_max_num_queries(20):
        detail = reverse("qms_jobs:detail", args=[job.pk])
        assert client.get(detail).status_code == 200


def test_a_word_file_renamed_xlsx_is_reported_not_a_crash(login, commune_officer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    client = login(commune_officer)
    response = upload(client, SimpleUploadedFile("hoso.xlsx", buffer.getvalue()))
    page = client.get(response["Location"]).content.decode()
    assert "không đọc được tệp XLSX" in page
    assert "Xác nhận nhập" not in page
