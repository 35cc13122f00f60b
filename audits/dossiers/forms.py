"""Forms of the dossier dashboards: a period and a unit."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.organisation.models import AdministrativeUnit
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
    unit = forms.ModelChoiceField(
        label=_("Đơn vị (và các đơn vị trực thuộc)"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("Tất cả đơn vị được xem"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("Từ ngày phải trước hoặc bằng đến ngày."))
            if end - start > datetime.timedelta(days=MAX_PERIOD_DAYS):
                raise forms.ValidationError(_("Kỳ báo cáo dài nhất 5 năm."))
        return data
