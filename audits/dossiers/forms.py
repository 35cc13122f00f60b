"""Forms of the dossier dashboards: a period and a unit."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.organisation.unit_fields import UnitChoiceField, unit_period_from_data
from qms.validators import validate_plausible_date

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MAX_PERIOD_DAYS = 366 * 5


class DossierPeriodForm(forms.Form):
    """From, to (dates in Asia/Ho_Chi_Minh) and a unit among ``units``."""

    date_from = forms.DateField(
        label=_("Từ ngày"),
        validators=[validate_plausible_date],
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Đến ngày"),
        validators=[validate_plausible_date],
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị (và các đơn vị trực thuộc)"),
        required=False,
        empty_label=_("Tất cả đơn vị được xem"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The picker shows legacy units only for a period that starts before
        # 01/07/2025: it reads the period before the form is validated.
        selected = (
            self.data.get(self.add_prefix("unit"))
            if self.is_bound
            else self.initial.get("unit")
        )
        self.fields["unit"].configure(
            queryset=units,
            period=unit_period_from_data(self, "date_from", "date_to"),
            selected=selected,
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("Từ ngày phải trước hoặc bằng đến ngày."))
            if end - start > datetime.timedelta(days=MAX_PERIOD_DAYS):
                raise forms.ValidationError(_("Kỳ báo cáo dài nhất 5 năm."))
        return data
