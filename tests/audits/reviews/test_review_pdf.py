"""Management review (ISO 9001:2015 9.3) as PDF: content, charts, roles, bad input."""

import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from audits.reviews.services import management_review_record, review_action_done
from tests.audits.dossiers.factories import make_dossier
from tests.audits.inspections.helpers import completed_visit_with_ncs
from tests.pdf_helpers import save_pdf_pages

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2022, 7, 1, 9, tzinfo=datetime.UTC)
PERIOD = {"period_from": "2022-01-01", "period_to": "2022-06-30"}


def url(name, *args):
    return reverse(f"audits_reviews:{name}", args=args)


@pytest.fixture
def pack_pdf(django_capture_on_commit_callbacks):
    """``pack_pdf(client, query)``: ask for the pack PDF as a person does.

    The request queues a background job (committed, so it runs: at once in
    tests) and sends to the job's page; its download link gives the PDF.
    Refusals (302 to the dashboard or login, 400, 404) come back as they are.
    """

    def fetch(client, query):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(url("review_pack_pdf"), query)
        if response.status_code != 302 or "/viec-nen/" not in response["Location"]:
            return response
        page = client.get(response["Location"])
        assert page.status_code == 200
        link = re.search(r'href="([^"]*/tai-ve/)"', page.content.decode())
        assert link, page.content.decode()
        return client.get(link.group(1))

    return fetch


def pdf_text(response) -> tuple[str, PdfReader]:
    """The text of every page, whitespace collapsed, and the reader."""
    assert response["Content-Type"] == "application/pdf"
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    response.pdf_bytes = content  # for save_pdf_pages: a stream reads once
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader


def fonts(reader: PdfReader) -> set[str]:
    """The base font names used on the pages."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def period_data(inspector, district, commune):
    """An inspection with two findings, dossiers in March, a previous review."""
    completed_visit_with_ncs(commune, inspector)
    day = datetime.date(2022, 3, 2)
    make_dossier(commune, received=day, due=day, resolved=day)
    make_dossier(commune, received=day, due=day, resolved=day + datetime.timedelta(2))
    previous = management_review_record(
        unit=district,
        period_from=datetime.date(2021, 1, 1),
        period_to=datetime.date(2021, 12, 31),
        meeting_date=datetime.date(2022, 1, 10),
        chair="Chủ tịch UBND huyện",
        minutes="Họp",
        decisions=[
            ("Đào tạo lại bộ phận một cửa", commune, datetime.date(2022, 3, 31))
        ],
        user=inspector,
    )
    review_action_done(
        action=previous.actions.get(),
        done_on=datetime.date(2022, 3, 20),
        result="Đã tập huấn 12 công chức",
        user=inspector,
    )


def test_pack_pdf_has_every_section_with_charts(
    login, inspector, district, period_data, pack_pdf
):
    with time_machine.travel(TODAY, tick=False):
        response = pack_pdf(login(inspector), {"unit": district.pk, **PERIOD})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'inline; filename="xem-xet-lanh-dao-364-20220101-20220630.pdf"'
    )
    text, reader = pdf_text(response)
    save_pdf_pages(response.pdf_bytes, "office-review-pack")
    # Decree 30 heading: issuing body, motto, number, place and date, title
    assert "ỦY BAN NHÂN DÂN HUYỆN XUÂN TRƯỜNG" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: .../BC-UBND" in text
    assert "Xuân Trường, ngày 01 tháng 7 năm 2022" in text
    assert "HỒ SƠ XEM XÉT CỦA LÃNH ĐẠO" in text
    assert "Kỳ xem xét: từ ngày 01/01/2022 đến ngày 30/06/2022" in text
    # closing: recipients and a line for the head to sign by hand
    assert "Nơi nhận: - UBND tỉnh Nam Định; - Lưu: VT." in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH (Ký, ghi rõ họ tên)" in text
    # 1. audit results
    assert "1. Kết quả kiểm tra, đánh giá" in text
    assert "10/03/2022 Thị trấn Xuân Trường 15/QĐ-UBND" in text
    # 2. nonconformities and actions, drawn as bar charts (SVG text is real text)
    assert "2. Điểm không phù hợp và hành động khắc phục" in text
    # chart labels (SVG, sans-serif in a Tinos document): pypdf drops their
    # spaces, the rendered page shows them (build/screenshots/office-review-*)
    compact = text.replace(" ", "")
    assert "Nhẹ1Nặng1" in compact
    assert "Đangthựchiện2" in compact
    assert "Hành động khắc phục quá hạn (tính đến 01/07/2022)" in text
    assert "11/05/2022" in text  # both actions are overdue
    # 3. dossier trend: the bar chart's legend and the monthly table
    assert "3. Xu hướng giải quyết hồ sơ" in text
    assert "Tiếp nhận Đã giải quyết" in text  # chart legend
    assert "03/22" in text  # chart axis label
    assert "Tỷ lệ giải quyết đúng hạn theo tháng" in text
    assert "03/2022 2 2 50,00" in text
    # 4. feedback and complaints, 5. actions from the last review
    assert "4. Ý kiến, phản ánh, kiến nghị" in text
    assert "Chưa có kết quả khảo sát trong kỳ." in text
    assert "5. Việc từ lần xem xét trước" in text
    assert "Đào tạo lại bộ phận một cửa" in text
    assert "Hoàn thành 20/03/2022: Đã tập huấn 12 công chức" in text
    # no meeting recorded for this period: no meeting section
    assert "Kết quả cuộc họp xem xét" not in text
    assert all(
        round(float(page.mediabox.width)) == 595
        and round(float(page.mediabox.height)) == 842
        for page in reader.pages
    )  # A4
    used = fonts(reader)  # the shipped fonts only, never a system fallback
    assert any("Tinos" in name for name in used)  # Decree 30: Times metrics
    assert all("Tinos" in name or "Be-Vietnam-Pro" in name for name in used), used


def test_pack_pdf_without_data_says_so_instead_of_empty_charts(
    login, iso_reviewer, district, pack_pdf
):
    response = pack_pdf(
        login(iso_reviewer),
        {"unit": district.pk, "period_from": "2030-01-01", "period_to": "2030-03-31"},
    )
    assert response.status_code == 200
    text, _reader = pdf_text(response)
    assert "Không có cuộc kiểm tra trong kỳ." in text
    assert "Không có điểm không phù hợp trong kỳ." in text
    assert "Không có hồ sơ trong kỳ." in text
    assert "01/30" not in text  # no empty trend chart (its axis labels)
    assert "Tỷ lệ giải quyết đúng hạn theo tháng" not in text


def test_recorded_review_pdf_adds_the_meeting_and_its_decisions(
    login, inspector, iso_reviewer, district, commune
):
    review = management_review_record(
        unit=district,
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2022, 12, 31),
        meeting_date=datetime.date(2023, 1, 15),
        chair="Chủ tịch UBND huyện",
        minutes="Thống nhất hai quyết định",
        decisions=[
            ("Bổ sung nhân lực bộ phận một cửa", commune, datetime.date(2023, 3, 31))
        ],
        user=inspector,
    )
    page = login(iso_reviewer).get(url("review", review.pk)).content.decode()
    assert url("review_pdf", review.pk) in page
    with time_machine.travel(datetime.datetime(2023, 5, 1, tzinfo=datetime.UTC)):
        response = login(iso_reviewer).get(url("review_pdf", review.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'inline; filename="xem-xet-lanh-dao-364-20220101-20221231.pdf"'
    )
    text, _reader = pdf_text(response)
    # Numbered after the contributed sections (qms.review_inputs).
    assert "Kết quả cuộc họp xem xét" in text
    assert "Ngày họp 15/01/2023" in text
    assert "Chủ trì Chủ tịch UBND huyện" in text
    assert "Xuân Trường, ngày 15 tháng 01 năm 2023" in text  # the meeting's day
    assert "CHỦ TRÌ CUỘC HỌP (Ký, ghi rõ họ tên) Chủ tịch UBND huyện" in text
    assert "Thống nhất hai quyết định" in text
    assert "Bổ sung nhân lực bộ phận một cửa" in text
    assert "Đang thực hiện (quá hạn)" in text


def test_pack_page_links_its_pdf_and_shows_the_same_charts(
    login, iso_reviewer, district, period_data
):
    response = login(iso_reviewer).get(
        url("review_pack"), {"unit": district.pk, **PERIOD}
    )
    page = response.content.decode()
    link = (
        f"{url('review_pack_pdf')}?unit={district.pk}&amp;"
        "period_from=2022-01-01&amp;period_to=2022-06-30"
    )
    assert link in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 5
    for title in (
        "Điểm không phù hợp theo mức độ",
        "Hành động khắc phục theo trạng thái",
        "Hồ sơ tiếp nhận và đã giải quyết theo tháng",
        "Tỷ lệ giải quyết đúng hạn theo tháng",
    ):
        assert f'aria-label="{title}"' in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("inspector", 200),
        ("iso_reviewer", 200),
        ("approver", 200),
        ("commune_officer", 404),  # the district is not their unit
        ("site_editor", 302),  # Wagtail's admin: refused, back to the dashboard
        ("document_controller", 302),
    ],
)
def test_pack_pdf_permissions_follow_the_html_pack(
    request, login, persona, status, district, pack_pdf
):
    user = request.getfixturevalue(persona)
    client = login(user)
    query = {"unit": district.pk, **PERIOD}
    html = client.get(url("review_pack"), query)
    pdf = pack_pdf(client, query)
    assert html.status_code == pdf.status_code == status
    assert (pdf["Content-Type"] == "application/pdf") is (status == 200)
    if status == 302:
        assert pdf["Location"] == html["Location"] == "/admin/"


def test_commune_officer_gets_own_commune_pack_not_another(
    login, commune_officer, commune, other_commune, pack_pdf
):
    client = login(commune_officer)
    own = pack_pdf(client, {"unit": commune.pk, **PERIOD})
    assert own.status_code == 200
    text, _reader = pdf_text(own)
    assert "ỦY BAN NHÂN DÂN THỊ TRẤN XUÂN TRƯỜNG" in text  # the issuing body
    other = pack_pdf(client, {"unit": other_commune.pk, **PERIOD})
    assert other.status_code == 404


def test_recorded_review_pdf_scope(login, inspector, commune_officer, district, client):
    review = management_review_record(
        unit=district,
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2022, 12, 31),
        meeting_date=datetime.date(2023, 1, 15),
        chair="Chủ tịch",
        minutes="Họp",
        user=inspector,
    )
    assert login(commune_officer).get(url("review_pdf", review.pk)).status_code == 404
    assert login(inspector).get(url("review_pdf", review.pk + 1000)).status_code == 404
    client.logout()
    anonymous = client.get(url("review_pdf", review.pk))
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]


def test_anonymous_is_sent_to_login(client, district):
    response = client.get(url("review_pack_pdf"), {"unit": district.pk, **PERIOD})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"period_from": "2022-12-31", "period_to": "2022-01-01"},
            "Từ ngày phải trước đến ngày.",
        ),
        (
            {"period_from": "2020-01-01", "period_to": "2022-12-31"},
            "Kỳ xem xét không quá hai năm.",
        ),
        ({"period_from": "2022-02-30", "period_to": "2022-12-31"}, "Nhập một ngày"),
        ({"period_from": "0001-01-01", "period_to": "2022-12-31"}, "Năm"),
        ({"unit": "x", **PERIOD}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"unit": "99999999999999999999", **PERIOD}, "Hãy chọn một lựa chọn hợp lệ"),
        ({}, "Trường này là bắt buộc"),
    ],
)
def test_bad_period_is_a_clear_message_not_a_500(
    login, inspector, district, query, message
):
    response = login(inspector).get(
        url("review_pack_pdf"), {"unit": district.pk, **query}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Chưa tạo được bản PDF: kiểm tra lại đơn vị và kỳ xem xét." in page
    assert message in page


def test_review_pdf_queries_do_not_grow_with_rows(
    login, inspector, district, commune, other_commune, django_assert_max_num_queries
):
    """Two units' inspections, findings, actions and decisions: no query per row."""
    completed_visit_with_ncs(commune, inspector)
    completed_visit_with_ncs(other_commune, inspector)
    review = management_review_record(
        unit=district,
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2022, 12, 31),
        meeting_date=datetime.date(2023, 1, 15),
        chair="Chủ tịch",
        minutes="Họp",
        decisions=[
            ("Quyết định một", commune, datetime.date(2023, 3, 31)),
            ("Quyết định hai", other_commune, datetime.date(2023, 3, 31)),
        ],
        user=inspector,
    )
    client = login(inspector)
    # 27: the Decree 30 recipients name the unit's superior body
    # +3: the planning sections (objectives, risk actions, opportunities)
    # +5: citizens' feedback (c) 1) and competence gaps (d)) sections
    with django_assert_max_num_queries(35):
        response = client.get(url("review_pdf", review.pk))
    text, _reader = pdf_text(response)
    assert "Xã Xuân Châu" in text and "Quyết định hai" in text
