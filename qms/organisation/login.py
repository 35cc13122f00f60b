"""The admin login: Wagtail's view, with ``?next=`` read as a path or not at all.

Wagtail sends a signed-in user on to ``next`` through Django's ``redirect()``,
which first tries the text as a URL *name*: ``?next="`` or ``?next=a:b``
ended in a 500 (``reverse()`` raising ValueError). Only a local path
(``/...``, not ``//host``) is followed here, as a plain redirect; anything
else goes to the dashboard.
"""

from django.http import HttpResponseRedirect
from django.urls import reverse
from wagtail.admin.views.account import LoginView as WagtailLoginView


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
