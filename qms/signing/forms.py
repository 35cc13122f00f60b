"""Forms of signing: the signing form (passphrase each time), adding a certificate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.organisation.models import AdministrativeUnit
from qms.organisation.unit_fields import UnitChoiceField
from qms.signing.selectors import credentials_for


class SignForm(forms.Form):
    """Which certificate, its passphrase (never kept), the reason and place."""

    credential = forms.ModelChoiceField(
        label=_("Chứng thư số"), queryset=None, empty_label=None
    )
    passphrase = forms.CharField(
        label=_("Mật khẩu chứng thư số"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Không được lưu lại: nhập mỗi lần ký, như mã PIN của USB token."),
    )
    reason = forms.CharField(label=_("Lý do ký"), max_length=200)
    location = forms.CharField(label=_("Nơi ký"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credential"].queryset = credentials_for(user)


class CredentialForm(forms.Form):
    """A PKCS#12 file, opened once with its passphrase to check it.

    A person's own, or (``for_units=True``: administrators) a unit's
    organisation certificate, which then serves the unit's members.
    """

    label = forms.CharField(label=_("Tên gọi"), max_length=200)
    pkcs12 = forms.FileField(
        label=_("Tệp chứng thư số (.p12, .pfx)"),
        help_text=_("Xuất từ phần mềm của tổ chức cung cấp dịch vụ chứng thực."),
    )
    passphrase = forms.CharField(
        label=_("Mật khẩu của tệp"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Chỉ dùng để kiểm tra tệp, không được lưu lại."),
    )

    def __init__(self, *args, for_units: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_units:
            self.fields["unit"] = UnitChoiceField(
                AdministrativeUnit.objects.all(),
                label=_("Của đơn vị"),
                required=False,
                legacy="hide",
                empty_label=_("— Của tôi (chứng thư cá nhân) —"),
                help_text=_(
                    "Chứng thư số của tổ chức: mọi thành viên của đơn vị ký được "
                    "bằng chứng thư này (mỗi lần ký vẫn cần mật khẩu)."
                ),
            )
