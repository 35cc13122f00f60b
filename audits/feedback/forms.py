"""Forms of citizen feedback: the public form, the code lookup, the staff answer."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.feedback.choices import FeedbackKind, FeedbackStatus, Verdict
from audits.feedback.services import CODE_ALPHABET, CODE_LENGTH, normalise_code
from procedures.models import ProcedurePage
from qms.organisation.models import AdministrativeUnit

#: 0xxxxxxxxx or +84xxxxxxxxx, dots, dashes and spaces allowed between digits.
_PHONE = re.compile(r"^(?:\+84|0)\d{9,10}$")
_CODE = re.compile(rf"^PAKN-\d{{4}}-[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


class _UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class _ProcedureField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.code})" if obj.code else obj.title


class FeedbackForm(forms.Form):
    """What a citizen fills in; ``website`` is a trap left empty by people."""

    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=FeedbackKind.choices,
        initial=FeedbackKind.REPORT,
        widget=forms.RadioSelect,
    )
    procedure = _ProcedureField(
        label=_("Về thủ tục hành chính"),
        queryset=ProcedurePage.objects.none(),
        required=False,
        empty_label=_("— Không về một thủ tục cụ thể —"),
    )
    unit = _UnitField(
        label=_("Đơn vị"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("— Đơn vị thực hiện thủ tục —"),
        help_text=_("Nơi bạn làm thủ tục. Để trống nếu đã chọn thủ tục."),
    )
    subject = forms.CharField(label=_("Tiêu đề"), min_length=5, max_length=200)
    content = forms.CharField(
        label=_("Nội dung"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Nêu rõ sự việc, thời gian, địa điểm. Tối đa 5.000 ký tự."),
    )
    name = forms.CharField(label=_("Họ và tên"), max_length=100)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent_publish = forms.BooleanField(
        label=_(
            "Tôi đồng ý công khai nội dung và câu trả lời trên trang này "
            "(không công khai họ tên, số điện thoại, thư điện tử)."
        ),
        required=False,
    )
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["procedure"].queryset = (
            ProcedurePage.objects.live()
            .only("pk", "title", "code", "implementing_agency_id")
            .order_by("title")
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s.\-]", "", self.cleaned_data["phone"])
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Số điện thoại không đúng, ví dụ 0912 345 678.")
            )
        return phone

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Không gửi được phản ánh."))
        return ""

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")) and not (
            self.has_error("phone") or self.has_error("email")
        ):
            self.add_error(
                "phone", _("Ghi số điện thoại hoặc thư điện tử để đơn vị liên hệ.")
            )
        procedure, unit = data.get("procedure"), data.get("unit")
        if unit is None and procedure is not None:
            unit = procedure.implementing_agency
        if unit is None and not self.has_error("unit"):
            self.add_error(
                "unit", _("Chọn đơn vị tiếp nhận (thủ tục này không ghi đơn vị).")
            )
        data["unit"] = unit
        return data


class CodeForm(forms.Form):
    """The tracking code typed by the citizen."""

    ma = forms.CharField(label=_("Mã theo dõi"), max_length=40)

    def clean_ma(self) -> str:
        code = normalise_code(self.cleaned_data["ma"])
        if not _CODE.match(code):
            raise forms.ValidationError(
                _("Mã theo dõi có dạng PAKN-2612-7F3K9Q. Kiểm tra lại mã.")
            )
        return code


class AnswerForm(forms.Form):
    """The unit's answer and whether the feedback was justified."""

    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    verdict = forms.ChoiceField(
        label=_("Đánh giá phản ánh"), choices=Verdict.choices, widget=forms.RadioSelect
    )


class StaffFilterForm(forms.Form):
    """Filters of the staff list."""

    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", _("Tất cả")), *FeedbackStatus.choices],
        required=False,
    )
    unit = _UnitField(
        label=_("Đơn vị"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("Tất cả đơn vị"),
    )
    overdue = forms.BooleanField(label=_("Chỉ quá hạn"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
