"""Forms of the public dossier lookup and the survey after a dossier."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.dossiers.choices import SatisfactionLevel
from audits.dossiers.lookup import CODE_PATTERN, normalise_dossier_code


class DossierCodeForm(forms.Form):
    """The code printed on the receipt slip (giấy tiếp nhận và hẹn trả kết quả)."""

    ma = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=80,
        help_text=_("In trên giấy tiếp nhận và hẹn trả kết quả."),
    )

    def clean_ma(self) -> str:
        code = normalise_dossier_code(self.cleaned_data["ma"])
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(
                _(
                    "Mã hồ sơ chỉ gồm chữ, số, dấu chấm và gạch ngang, "
                    "ví dụ H40.14089-261201-0001."
                )
            )
        return code


class RatingForm(DossierCodeForm):
    """The short survey: overall satisfaction, result on time, a comment."""

    ma = forms.CharField(widget=forms.HiddenInput, max_length=80)
    level = forms.ChoiceField(
        label=_("Bạn có hài lòng với việc giải quyết hồ sơ?"),
        choices=SatisfactionLevel.choices,
        widget=forms.RadioSelect,
    )
    on_time = forms.TypedChoiceField(
        label=_("Bạn có nhận kết quả đúng ngày hẹn?"),
        choices=[("yes", _("Có")), ("no", _("Không"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    comment = forms.CharField(
        label=_("Góp ý thêm (không bắt buộc)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Không ghi họ tên, số điện thoại vào góp ý."),
    )
