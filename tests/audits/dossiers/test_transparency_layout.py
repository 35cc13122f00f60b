"""The public transparency page's layout data: cards, grouped table, phone charts.

The browser checks (no sideways scrolling, rates on screen) are in
tests/e2e/test_public_citizen.py; these pin what the templates are given.
"""

import datetime
import re

import pytest
from django.utils import translation
from wagtail.models import Site

from audits.dossiers.dashboard import dashboard_data
from audits.dossiers.transparency import UNKNOWN, phone_charts, transparency_rows
from qms import charts
from qms.organisation.models import DeploymentSettings
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def figures(district, commune, other_commune):
    deployment = DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    deployment.operating_unit = district
    deployment.save()
    for _ in range(3):
        make_dossier(
            commune, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 4)
        )
    make_dossier(
        other_commune, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 9)
    )
    return district


def _data(district):
    return dashboard_data(
        date_from=D(2021, 1, 1), date_to=D(2021, 12, 31), unit=district, unit_ids=None
    )


def test_rows_are_display_text_with_the_total_apart(figures):
    with translation.override("vi"):
        rows = transparency_rows(_data(figures)["report"])
    assert rows["total"]["is_total"] is True
    assert rows["total"]["received"] == "4"
    assert rows["total"]["on_time_rate"] == "75,00"  # 3 of 4 resolved in time
    assert not any(row["is_total"] for row in rows["units"])
    assert rows["titles"]["on_time_rate"] == "Tỷ lệ đúng hạn (%)"
    with translation.override("en"):
        english = transparency_rows(_data(figures)["report"])
    assert english["total"]["on_time_rate"] == "75.00"


def test_an_unknown_figure_reads_as_a_dash(figures):
    report = _data(figures)["report"]
    report.total["online_rate"] = None
    assert transparency_rows(report)["total"]["online_rate"] == UNKNOWN


def test_phone_charts_are_drawn_at_the_phone_width(figures):
    drawn = phone_charts(_data(figures))
    for svg in drawn.values():
        assert f'viewBox="0 0 {charts.PHONE_WIDTH} ' in svg
    # names above their bars, never cut at the left edge
    assert 'text-anchor="end">Thị trấn' not in drawn["ranking_svg_phone"]
    assert ">Thị trấn Xuân Trường</text>" in drawn["ranking_svg_phone"]
    # one channel per line: three legend rows
    legend_rows = set(
        re.findall(r'<rect x="0" y="(\d+)" width="10"', drawn["channel_svg_phone"])
    )
    assert len(legend_rows) == 3


def test_wide_charts_are_unchanged(figures):
    data = _data(figures)
    assert 'viewBox="0 0 640 ' in data["ranking_svg"]
    assert 'text-anchor="end">Thị trấn Xuân Trường</text>' in data["ranking_svg"]


def test_public_page_query_count_is_bounded(
    client, figures, django_assert_max_num_queries
):
    client.get("/cong-khai/", {"year": "2021"})
    # 26: the period-coverage notice of the chosen unit (unit_coverage) reads once;
    # 31: the citizens' feedback block counts the chosen unit, the units below it
    # and their successors (descendants, the succession walk, one count)
    with django_assert_max_num_queries(31):
        response = client.get("/cong-khai/", {"year": "2021", "unit": figures.pk})
    html = response.content.decode()
    cards = html.count('<article class="f06-card')
    table_rows = len(
        re.findall(r"<tr( class=\"f06-total\")?>\s*<th scope=\"row\">", html)
    )
    assert cards == table_rows >= 3  # a card and a row per unit, and the total
