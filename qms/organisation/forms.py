"""Forms of the organisation app."""

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
