"""Forms of the organisation app."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    """Wagtail's login form with a translated password label.

    Wagtail leaves the password field without a label, so Django shows the raw
    field name ("Password") even in a Vietnamese admin.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mật khẩu")


class TwoFactorCodeForm(forms.Form):
    """A 6-digit code from the authenticator app, or a one-time backup code."""

    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": "",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isascii() or not code.isalnum():
            raise forms.ValidationError(_("Mã chỉ gồm chữ số hoặc chữ cái không dấu."))
        return code


class TotpEnrolForm(TwoFactorCodeForm):
    """The first code from the app, proving it was set up with this secret."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("Nhập 6 chữ số ứng dụng đang hiển thị.")

    def clean_code(self) -> str:
        code = super().clean_code()
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError(_("Mã gồm đúng 6 chữ số."))
        return code
