"""Satisfaction surveys, the nine indicators and the Circular 01/2018 rating."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from audits.dossiers.choices import Rating
from audits.dossiers.models import OneStopEvaluation, SatisfactionSurvey
from audits.dossiers.satisfaction import rating_for

pytestmark = pytest.mark.django_db

HEADER = "ma_don_vi,tu_ngay,den_ngay,so_phieu,hai_long,phan_anh_kien_nghi," + ",".join(
    f"chi_so_{i}" for i in range(1, 10)
)


@pytest.mark.parametrize(
    ("total", "rating"),
    [
        ("18", Rating.EXCELLENT),
        ("15", Rating.EXCELLENT),
        ("14.99", Rating.GOOD),
        ("12", Rating.GOOD),
        ("11.5", Rating.FAIR),
        ("9", Rating.FAIR),
        ("8.99", Rating.AVERAGE),
        ("6", Rating.AVERAGE),
        ("5.99", Rating.WEAK),
        ("0", Rating.WEAK),
    ],
)
def test_rating_thresholds(total, rating):
    assert rating_for(Decimal(total)) == rating


def test_import_surveys_and_indicators(tmp_path, commune, other_commune, capsys):
    path = tmp_path / "khao_sat.csv"
    path.write_text(
        HEADER
        + "\n14089,01/01/2022,31/12/2022,500,485,3,2,2,2,1.5,2,2,2,1.5,2"
        + "\n14092,2022-01-01,2022-12-31,200,150,,1,1,1,1,1,1,1,1,1\n",
        encoding="utf-8",
    )
    call_command("import_satisfaction", str(path))
    out = capsys.readouterr().out
    assert "17.00 / 18 → Xuất sắc" in out
    assert "9.00 / 18 → Khá" in out
    survey = SatisfactionSurvey.objects.get(unit=commune)
    assert survey.satisfaction_rate == Decimal("97.00")
    assert survey.complaints == 3
    evaluation = OneStopEvaluation.objects.get(unit=other_commune)
    assert (evaluation.total, evaluation.rating) == (Decimal("9"), Rating.FAIR)
    call_command("import_satisfaction", str(path))
    assert OneStopEvaluation.objects.count() == 2


def test_bad_rows_write_nothing(tmp_path, capsys):
    path = tmp_path / "khao_sat.csv"
    path.write_text(
        HEADER
        + "\n14089,2022-01-01,2022-12-31,100,120,,2,2,2,2,2,2,2,2,2"
        + "\n14089,2022-01-01,2022-12-31,100,90,,2,2,2,2.5,2,2,2,2,2"
        + "\n14089,2022-01-01,2022-12-31,100,90,,2,2,2,2,,2,2,2,2"
        + "\n14089,2022-01-01,2022-12-31,100,90,,2,2,2,2,2,2,2,2,2\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="3 lỗi"):
        call_command("import_satisfaction", str(path))
    err = capsys.readouterr().err
    assert "row 2, column hai_long:" in err
    assert "row 3, column chi_so_4: điểm phải từ 0 đến 2" in err
    assert "row 4, column chi_so_5: cần đủ chín chỉ số" in err
    assert not SatisfactionSurvey.objects.exists()
    assert not OneStopEvaluation.objects.exists()
