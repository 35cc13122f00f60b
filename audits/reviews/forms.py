"""Forms of the management review: the period, the meeting, an action done."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.inspections.forms import DateInput
from qms.organisation.unit_fields import (
    TERRITORIAL_LEVELS,
    UnitChoiceField,
    unit_period_from_data,
    unit_queryset,
)
from qms.validators import validate_plausible_date


class ReviewPeriodForm(forms.Form):
    """Which unit and period a management review covers."""

    unit = UnitChoiceField(label=_("Đơn vị"))
    period_from = forms.DateField(
        label=_("Từ ngày"), widget=DateInput(), validators=[validate_plausible_date]
    )
    period_to = forms.DateField(
        label=_("Đến ngày"), widget=DateInput(), validators=[validate_plausible_date]
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.configure(
            queryset=unit_queryset(user=user, levels=TERRITORIAL_LEVELS),
            period=unit_period_from_data(self, "period_from", "period_to"),
            selected=self.data.get("unit") if self.is_bound else None,
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            raise forms.ValidationError(_("Từ ngày phải trước đến ngày."))
        if start and end and (end - start).days > 731:
            raise forms.ValidationError(_("Kỳ xem xét không quá hai năm."))
        return data


class ReviewMeetingForm(forms.Form):
    """The meeting of a management review."""

    meeting_date = forms.DateField(label=_("Ngày họp"), widget=DateInput())
    chair = forms.CharField(label=_("Chủ trì"), max_length=200)
    minutes = forms.CharField(
        label=_("Nội dung, kết luận cuộc họp"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class DecisionForm(forms.Form):
    """One decision of the meeting, tracked as an action."""

    decision = forms.CharField(
        label=_("Quyết định"), widget=forms.Textarea(attrs={"rows": 2})
    )
    owner_unit = UnitChoiceField(label=_("Đơn vị thực hiện"))
    due_date = forms.DateField(label=_("Hạn hoàn thành"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].configure(
            queryset=unit_queryset(levels=None),
            selected=self.data.get(self.add_prefix("owner_unit"))
            if self.is_bound
            else None,
        )


DecisionFormSet = forms.formset_factory(DecisionForm, extra=3, max_num=20)


class ReviewActionDoneForm(forms.Form):
    """A management-review action reported done."""

    done_on = forms.DateField(label=_("Hoàn thành ngày"), widget=DateInput())
    result = forms.CharField(
        label=_("Kết quả"), widget=forms.Textarea(attrs={"rows": 2})
    )
