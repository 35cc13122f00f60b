"""load_units against the real vietnamadminunits and vietnam-provinces packages."""

import pytest
from django.core.management import CommandError, call_command

from qms.organisation.choices import UnitLevel
from qms.organisation.models import LEGACY_END, REFORM_DATE, AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_xuan_truong_is_legacy_district_364(district):
    assert district.name == "Huyện Xuân Trường"
    assert district.parent.code == "36"
    assert district.valid_to == LEGACY_END
    communes = district.children.filter(level=UnitLevel.COMMUNE)
    assert communes.count() == 14  # after the 2024 mergers
    assert communes.filter(code="14089", name="Thị trấn Xuân Trường").exists()


def test_tay_ninh_legacy_has_9_districts_and_94_communes(capsys):
    call_command("load_units", province=["72"], structure="legacy")
    province = AdministrativeUnit.objects.get(
        code="72", level=UnitLevel.PROVINCE, valid_to=LEGACY_END
    )
    districts = province.children.filter(level=UnitLevel.DISTRICT)
    assert districts.count() == 9
    assert (
        AdministrativeUnit.objects.filter(
            parent__in=districts, level=UnitLevel.COMMUNE
        ).count()
        == 94
    )
    out = capsys.readouterr().out
    assert "Đã tạo 9 huyện (trước 2025)" in out
    assert "Đã tạo 94 xã (trước 2025)" in out


def test_second_run_creates_nothing(capsys):
    before = AdministrativeUnit.objects.count()
    links_before = AdministrativeUnit.successors.through.objects.count()
    call_command("load_units", province=["36"])
    assert AdministrativeUnit.objects.count() == before
    assert AdministrativeUnit.successors.through.objects.count() == links_before
    assert "Không có gì mới" in capsys.readouterr().out


def test_current_structure_and_successors(commune, district):
    # Nam Định merged into Ninh Bình (37) on 1/7/2025.
    province = AdministrativeUnit.objects.get(
        code="37", level=UnitLevel.PROVINCE, valid_to__isnull=True
    )
    assert province.valid_from == REFORM_DATE
    assert province.children.count() == 129
    assert province.children.filter(unit_type="đặc khu").count() == 0
    # Thị trấn Xuân Trường became Xã Xuân Trường (which kept code 14089).
    successors = list(commune.successors.all())
    assert [(s.code, s.name) for s in successors] == [("14089", "Xã Xuân Trường")]
    assert successors[0].valid_to is None
    assert {s.name for s in district.successors.all()} == {
        "Xã Xuân Trường",
        "Xã Xuân Hồng",
        "Xã Xuân Giang",
        "Xã Xuân Hưng",
    }
    assert commune.parent.parent.successors.get() == province


def test_valid_on_picks_the_unit_of_the_day(commune):
    on_2022 = AdministrativeUnit.objects.valid_on(REFORM_DATE.replace(year=2022))
    on_2026 = AdministrativeUnit.objects.valid_on(REFORM_DATE.replace(year=2026))
    assert on_2022.get(code="14089", level=UnitLevel.COMMUNE) == commune
    assert on_2026.get(code="14089", level=UnitLevel.COMMUNE).name == "Xã Xuân Trường"


def test_structure_current_only_loads_todays_units():
    call_command("load_units", province=["72"], structure="current")
    province = AdministrativeUnit.objects.get(
        code="80", level=UnitLevel.PROVINCE, valid_to__isnull=True
    )
    assert province.name == "Tỉnh Tây Ninh"
    assert not AdministrativeUnit.objects.filter(
        code="72", level=UnitLevel.PROVINCE
    ).exists()


def test_unknown_province_is_refused_and_writes_nothing():
    before = AdministrativeUnit.objects.count()
    with pytest.raises(CommandError, match="Không có tỉnh mã 99"):
        call_command("load_units", province=["99"])
    assert AdministrativeUnit.objects.count() == before


def test_bad_structure_is_refused():
    with pytest.raises(CommandError):
        call_command("load_units", province=["36"], structure="three")
