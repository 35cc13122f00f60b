"""The admin login: Wagtail's view, with ``?next=`` read as a path or not at all.

Wagtail sends a signed-in user on to ``next`` through Django's ``redirect()``,
which first tries the text as a URL *name*: ``?next="`` or ``?next=a:b``
ended in a 500 (``reverse()`` raising ValueError). Only a local path
(``/...``, not ``//host``) is followed here, as a plain redirect; anything
else goes to the dashboard.

Two-factor: when it applies to the person (qms/organisation/two_factor.py),
the right password does not sign them in; it leads to the code step, or to
enrolment when two-factor is required and not set up yet. django-axes sees
every attempt: Django's AuthenticationForm passes ``request`` to
``authenticate()``.
"""

from django.http import HttpResponseRedirect
from django.urls import reverse
from wagtail.admin.views.account import LoginView as WagtailLoginView

from qms.organisation.two_factor import (
    pending_clear,
    pending_start,
    two_factor_applies,
    two_factor_enabled,
)


class LoginView(WagtailLoginView):
    def get_redirect_url(self) -> str:
        url = super().get_redirect_url()
        if url.startswith("/") and not url.startswith(("//", "/\\")):
            return url
        return ""

    def get(self, *args, **kwargs):
        user = self.request.user
        if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
            return HttpResponseRedirect(self.get_success_url())
        return super().get(*args, **kwargs)

    def get_success_url(self) -> str:
        return self.get_redirect_url() or reverse("wagtailadmin_home")

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor_applies(user):
            pending_clear(self.request)
            return super().form_valid(form)
        pending_start(
            self.request,
            user=user,
            backend=user.backend,
            next_url=self.get_success_url(),
            remember=bool(form.cleaned_data.get("remember")),
        )
        step = "qms_2fa_verify" if two_factor_enabled(user) else "qms_2fa_enrol"
        return HttpResponseRedirect(reverse(step))
