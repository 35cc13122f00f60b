"""What the public transparency page shows of a Form 06 report, ready to lay out.

The admin dashboard prints Form 06 as the one wide table of the circular; the
public page is read on phones, so it gets the same figures per unit as cards
(phone, tablet) and as a grouped table that fits a desktop screen, plus charts
drawn at a phone's width. Figures are formatted here once, in the active
language's number format (21.526 and 97,03 in Vietnamese).
"""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from audits.dossiers.kpi import (
    COLUMN_TITLES,
    FORM06_COLUMNS,
    TOTAL_CODE,
    Form06Report,
)
from audits.dossiers.kpi_export import display_cell
from qms import charts

#: Shown for a figure the report does not know (imported totals without it).
UNKNOWN = "–"


def _figures(row: dict) -> dict:
    values = {key: display_cell(row[key]) or UNKNOWN for key in FORM06_COLUMNS}
    values["is_total"] = row["unit_code"] == TOTAL_CODE
    return values


def transparency_rows(report: Form06Report) -> dict:
    """``{"total": figures, "units": [figures, ...], "titles": ...}``.

    ``figures`` maps each Form 06 column key to its display text ("–" when
    unknown) and ``is_total`` to whether it is the TOTAL row; ``titles`` maps
    the keys to the column titles of the other Form 06 renderings.
    """
    return {
        "titles": {key: str(title) for key, title in COLUMN_TITLES.items()},
        "total": _figures(report.total),
        "units": [_figures(row) for row in report.rows],
    }


def phone_charts(data: dict) -> dict[str, SafeString]:
    """The dashboard's three charts redrawn at a phone's width.

    ``data`` is what ``dashboard_data`` returned (months, channels, ranking).
    Same titles and figures as the wide charts; only the layout differs.
    """
    width = charts.PHONE_WIDTH
    return {
        "trend_svg_phone": charts.monthly_trend_svg(
            data["months"],
            title=_("Hồ sơ tiếp nhận và đã giải quyết theo tháng"),
            labels=(_("Tiếp nhận"), _("Đã giải quyết")),
            width=width,
        ),
        "channel_svg_phone": charts.channel_mix_svg(
            data["channels"], title=_("Cơ cấu kênh tiếp nhận"), width=width
        ),
        "ranking_svg_phone": charts.ranking_svg(
            [(row["unit_name"], row["on_time_rate"]) for row in data["ranking"]],
            title=_("Xếp hạng xã theo tỷ lệ giải quyết đúng hạn"),
            width=width,
        ),
    }
