"""Forms of the inspection screens: they parse input, the services decide."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from audits.inspections.choices import C26Item, InspectionMode, ReformArea
from audits.inspections.models import ChecklistTemplate, InspectionPlan, PlanItem
from qms.documents.models import DocumentRevision
from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit
from qms.organisation.people import person_name
from qms.organisation.roles import INSPECTOR
from qms.organisation.scoping import scope_queryset
from qms.organisation.unit_coverage import with_successors
from qms.organisation.unit_fields import (
    UnitChoiceField,
    unit_period_from_data,
    unit_queryset,
)


class DateInput(forms.DateInput):
    """The browser's date picker (a phone shows its own), ISO on the wire."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _year_period(form: forms.Form, plan_year: int | None = None):
    """1 January to 31 December of the form's (or the plan's) year, if known."""
    year = plan_year
    if year is None:
        raw = form.data.get("year") if form.is_bound else form.initial.get("year")
        year = int(raw) if str(raw or "").isdecimal() else None
    if year is None or not 2000 <= year <= 2100:
        return None
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _selected(form: forms.Form, name: str):
    if form.is_bound:
        return form.data.get(form.add_prefix(name))
    return form.initial.get(name)


class PersonChoiceField(forms.ModelChoiceField):
    """People labelled by full name."""

    def label_from_instance(self, obj):
        return person_name(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """People labelled by full name."""

    def label_from_instance(self, obj):
        return person_name(obj)

    def _check_values(self, value):
        # An id past SQLite's INTEGER range would reach the database and fail.
        for pk in value:
            if not str(pk).isdecimal() or len(str(pk)) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


def inspectors():
    """Users who may sit on an inspection team."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=INSPECTOR.group_name)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


class PlanForm(forms.Form):
    """A new annual plan."""

    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    issuing_unit = UnitChoiceField(label=_("Đơn vị ban hành"))
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].configure(
            queryset=unit_queryset(levels=[UnitLevel.PROVINCE, UnitLevel.DISTRICT]),
            period=_year_period(self),
            selected=_selected(self, "issuing_unit"),
        )


class PlanItemForm(forms.Form):
    """A unit added to a plan."""

    unit = UnitChoiceField(label=_("Đơn vị"))
    mode = forms.ChoiceField(label=_("Hình thức"), choices=InspectionMode.choices)
    planned_month = forms.IntegerField(
        label=_("Tháng dự kiến"), min_value=1, max_value=12
    )

    def __init__(self, *args, plan: InspectionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        # The issuing unit's units, and today's units that succeeded them (a
        # plan of 2026 by a district deployment inspects the new communes).
        inside = with_successors(plan.issuing_unit.descendant_ids()) - {
            plan.issuing_unit_id
        }
        self.fields["unit"].configure(
            queryset=AdministrativeUnit.objects.filter(pk__in=inside).exclude(
                plan_items__plan=plan
            ),
            period=_year_period(self, plan.year),
            selected=_selected(self, "unit"),
        )


class PlanItemChangeForm(forms.Form):
    """How and when a planned unit is inspected."""

    mode = forms.ChoiceField(label=_("Hình thức"), choices=InspectionMode.choices)
    planned_month = forms.IntegerField(
        label=_("Tháng dự kiến"), min_value=1, max_value=12
    )


class InspectionForm(forms.Form):
    """An inspection decision: unit, team, dates, scope, checklist."""

    unit = UnitChoiceField(label=_("Đơn vị được kiểm tra"))
    plan_item = forms.ModelChoiceField(
        label=_("Theo kế hoạch"),
        queryset=PlanItem.objects.select_related("unit", "plan"),
        required=False,
    )
    mode = forms.ChoiceField(label=_("Hình thức"), choices=InspectionMode.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    leader = PersonChoiceField(label=_("Trưởng đoàn"), queryset=inspectors())
    members = PeopleChoiceField(
        label=_("Thành viên đoàn"),
        queryset=inspectors(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("Ngày bắt đầu"), widget=DateInput())
    end_date = forms.DateField(label=_("Ngày kết thúc"), widget=DateInput())
    reform_areas = forms.MultipleChoiceField(
        label=_("Lĩnh vực cải cách hành chính"),
        choices=ReformArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    content_items = forms.MultipleChoiceField(
        label=_("Nội dung kiểm tra theo Thông tư 26"),
        choices=C26Item.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    template = forms.ModelChoiceField(
        label=_("Mẫu danh mục kiểm tra"),
        queryset=ChecklistTemplate.objects.filter(active=True),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Querysets evaluated per form, so new inspectors appear at once.
        self.fields["leader"].queryset = inspectors()
        self.fields["members"].queryset = inspectors()
        if "unit" in self.fields:
            self.fields["unit"].configure(
                queryset=unit_queryset(
                    levels=[UnitLevel.COMMUNE, UnitLevel.AGENCY, UnitLevel.DISTRICT]
                ),
                period=unit_period_from_data(self, "start_date", "end_date"),
                selected=_selected(self, "unit"),
            )

    def clean(self):
        data = super().clean()
        if not data.get("reform_areas") and not data.get("content_items"):
            raise forms.ValidationError(
                _("Chọn ít nhất một lĩnh vực hoặc một nội dung kiểm tra.")
            )
        return data


class InspectionEditForm(InspectionForm):
    """Corrections of a decision: the unit and the checklist stay as decided."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit", "plan_item", "mode", "template"):
            del self.fields[name]


class CompleteForm(forms.Form):
    """The inspection record (biên bản): date, conclusion, who signs for the unit."""

    record_date = forms.DateField(label=_("Ngày lập biên bản"), widget=DateInput())
    conclusion = forms.CharField(
        label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 4})
    )
    unit_representative = forms.CharField(
        label=_("Đại diện đơn vị được kiểm tra"), max_length=200, required=False
    )


class ActionForm(forms.Form):
    """A corrective action proposed for a nonconformity."""

    action = forms.CharField(
        label=_("Hành động khắc phục"), widget=forms.Textarea(attrs={"rows": 3})
    )
    root_cause = forms.CharField(
        label=_("Nguyên nhân gốc rễ"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    correction = forms.CharField(
        label=_("Khắc phục tức thời"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    owner = PersonChoiceField(
        label=_("Người chịu trách nhiệm"),
        queryset=get_user_model().objects.none(),
        required=False,
    )
    due_date = forms.DateField(
        label=_("Hạn hoàn thành"),
        widget=DateInput(),
        required=False,
        help_text=_("Để trống: ngày lập biên bản + 2 tháng."),
    )

    def __init__(self, *args, unit: AdministrativeUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(
            unit_memberships__unit=unit
        )


class ReportForm(forms.Form):
    """The owner unit's report on its action."""

    report = forms.CharField(
        label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3})
    )
    root_cause = forms.CharField(
        label=_("Nguyên nhân gốc rễ"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    correction = forms.CharField(
        label=_("Khắc phục tức thời"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    document_revision = forms.ModelChoiceField(
        label=_("Bản sửa đổi tài liệu liên quan"),
        queryset=DocumentRevision.objects.none(),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_revision"].queryset = scope_queryset(
            DocumentRevision.objects.select_related("document"), user
        )


class VerifyForm(forms.Form):
    """An inspector's verification of a reported action."""

    effective = forms.TypedChoiceField(
        label=_("Kết quả xác minh"),
        choices=[("1", _("Có hiệu quả")), ("0", _("Không hiệu quả"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3})
    )
    verified_on = forms.DateField(label=_("Ngày xác minh"), widget=DateInput())
    new_due_date = forms.DateField(
        label=_("Hạn mới (nếu không hiệu quả)"), widget=DateInput(), required=False
    )
