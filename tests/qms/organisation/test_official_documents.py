"""Decree 30/2020/NĐ-CP parts of a unit's documents: bodies, place, date, signer."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit, UnitMembership
from qms.organisation.official import (
    body_short_name,
    head_signer,
    issuing_body,
    place_name,
    recipient_name,
    unit_document,
)
from qms.pdf import OfficialDocument, place_and_date, render_pdf
from tests.pdf_helpers import pdf_text, save_pdf_pages

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 12, 7), "Xuân Trường, ngày 07 tháng 12 năm 2026"),
        (D(2026, 3, 15), "Xuân Trường, ngày 15 tháng 3 năm 2026"),
        (D(2026, 1, 5), "Xuân Trường, ngày 05 tháng 01 năm 2026"),
        (D(2026, 2, 28), "Xuân Trường, ngày 28 tháng 02 năm 2026"),
        (None, "Xuân Trường, ngày ... tháng ... năm ..."),
    ],
)
def test_place_and_date_as_decree_30_writes_them(day, expected):
    """Leading zero for days below 10 and for months 1 and 2 only."""
    assert place_and_date("Xuân Trường", day) == expected


def test_number_line_leaves_the_number_to_the_clerks_office():
    document = OfficialDocument(issuing_body="X", kind="BÁO CÁO", symbol="BC-UBND")
    assert document.number_line() == "Số: .../BC-UBND"
    numbered = OfficialDocument(
        issuing_body="X", kind="BÁO CÁO", symbol="BC-UBND", number="15"
    )
    assert numbered.number_line() == "Số: 15/BC-UBND"


@pytest.mark.django_db
def test_bodies_and_places_come_from_the_unit_model(district, commune):
    assert issuing_body(district) == "ỦY BAN NHÂN DÂN\nHUYỆN XUÂN TRƯỜNG"
    assert issuing_body(commune) == "ỦY BAN NHÂN DÂN\nTHỊ TRẤN XUÂN TRƯỜNG"
    assert body_short_name(district.parent) == "UBND TỈNH NAM ĐỊNH"
    assert recipient_name(district.parent) == "UBND tỉnh Nam Định"
    assert place_name(district) == "Xuân Trường"
    numbered = AdministrativeUnit.objects.create(
        code="99001", name="Phường 15", level=UnitLevel.COMMUNE, unit_type="phường"
    )
    assert place_name(numbered) == "Phường 15"  # a number is not a place name
    agency = AdministrativeUnit.objects.create(
        code="364.TP",
        name="Phòng Tư pháp",
        level=UnitLevel.AGENCY,
        parent=district,
    )
    document = unit_document(agency, kind="BÁO CÁO")
    assert document.parent_body == "UBND HUYỆN XUÂN TRƯỜNG"
    assert document.issuing_body == "PHÒNG TƯ PHÁP"
    assert document.symbol == "BC-PTP"
    assert document.place == "Xuân Trường"  # where its UBND sits
    assert document.recipients == ("UBND huyện Xuân Trường;", "Lưu: VT.")


@pytest.mark.django_db
def test_the_head_signs_for_the_committee_or_a_line_is_left(district):
    blank = head_signer(district)
    assert (blank.authority, blank.position, blank.name) == (
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "",
    )
    deputy = get_user_model().objects.create_user(
        "pct", first_name="Thị Hoa", last_name="Nguyễn"
    )
    UnitMembership.objects.create(
        user=deputy, unit=district, position="Phó Chủ tịch UBND huyện", is_head=True
    )
    signer = head_signer(district)
    assert signer.authority == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    assert signer.position == "PHÓ CHỦ TỊCH"
    assert signer.name == "Nguyễn Thị Hoa"


@pytest.mark.django_db
def test_shared_heading_and_closing_render_in_order(district):
    """The includes every administrative PDF uses, on a bare template."""
    document = unit_document(
        district, kind="BÁO CÁO", summary="Về việc thử", date=D(2026, 12, 7)
    )
    pdf = render_pdf("qms/pdf/official_sample.html", {"official": document})
    save_pdf_pages(pdf, "office-heading-sample")
    text = pdf_text(pdf)
    expected = [  # left block, right block; then number left, date right
        "ỦY BAN NHÂN DÂN HUYỆN XUÂN TRƯỜNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: .../BC-UBND",
        "Xuân Trường, ngày 07 tháng 12 năm 2026",
        "BÁO CÁO",
        "Về việc thử",
        "Nơi nhận:",
        "- UBND tỉnh Nam Định;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "(Ký, ghi rõ họ tên)",
    ]
    position = 0
    for part in expected:
        found = text.find(part, position)
        assert found >= 0, (part, text)
        position = found
