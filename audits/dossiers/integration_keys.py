"""Per-integration API keys for the push API: authentication and admin screens.

An integration (one-stop software) sends ``Authorization: Api-Key <key>``. The
key names the units it may push for (and every unit below them); revoked or
expired keys are refused with 401. The admin screens (Settings → Khóa API tích
hợp) are for superusers, or a user granted the model permissions who sees
every unit; the key is shown once, on the page that answers its creation, and
only its hash is stored. Keys are never deleted: revoke them (the history
keeps who did what).
"""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.forms import modelform_factory
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework_api_key.permissions import KeyParser
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from audits.dossiers.models import IntegrationKey
from qms.organisation.scoping import sees_all_units


class IntegrationKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <key>``: ``request.auth`` is the key, no user."""

    keyword = "Api-Key"

    def authenticate(self, request):
        key = KeyParser().get(request)
        if not key:
            return None
        try:
            api_key = IntegrationKey.objects.get_from_key(key.strip())
        except IntegrationKey.DoesNotExist as error:
            raise exceptions.AuthenticationFailed(
                _("Khóa API không đúng hoặc đã bị thu hồi.")
            ) from error
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed(_("Khóa API đã hết hạn."))
        # usage, not a change: no history row (the field is excluded from it)
        IntegrationKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
        return (AnonymousUser(), api_key)

    def authenticate_header(self, request) -> str:
        return self.keyword


class IntegrationKeyScheme(OpenApiAuthenticationExtension):
    """The key as an OpenAPI security scheme (drf-spectacular)."""

    target_class = IntegrationKeyAuthentication
    name = "IntegrationKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Api-Key <khóa> (Settings → Khóa API tích hợp)",
        }


class IntegrationKeyPolicy(ModelPermissionPolicy):
    """Model permissions, only for users who see every unit; nobody deletes."""

    def user_has_permission(self, user, action):
        if action == "delete" or not sees_all_units(user):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


INTEGRATION_KEY_POLICY = IntegrationKeyPolicy(IntegrationKey)


class IntegrationKeyForm(WagtailAdminModelForm):
    """Name, integration, units, expiry; revocation cannot be undone."""

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk
            and self.instance._initial_revoked
            and not cleaned.get("revoked", True)
        ):
            self.add_error(
                "revoked", _("Khóa đã thu hồi không dùng lại được: hãy tạo khóa mới.")
            )
        return cleaned


class IntegrationKeyCreateView(generic.CreateView):
    """Makes the key, stores its hash, and shows the key this once."""

    def save_instance(self):
        instance = self.form.instance
        self.plain_key = IntegrationKey.objects.assign_key(instance)
        instance.created_by = self.request.user
        instance._change_reason = _("Tạo khóa API")
        return super().save_instance()

    def save_action(self):
        response = TemplateResponse(
            self.request,
            "audits/integration_key_created.html",
            {
                "key": self.plain_key,
                "object": self.object,
                "header_title": _("Khóa API đã tạo"),
                "index_url": self.get_success_url(),
            },
        )
        # the key must not stay in any cache between here and the browser
        response["Cache-Control"] = "no-store"
        return response


class IntegrationKeyViewSet(ModelViewSet):
    """Settings → Khóa API tích hợp: make, inspect and revoke keys."""

    model = IntegrationKey
    icon = "key"
    menu_label = gettext_lazy("Khóa API tích hợp")
    add_to_settings_menu = True
    url_prefix = "integration-keys"
    add_view_class = IntegrationKeyCreateView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "name",
        "integration",
        "prefix",
        "created",
        "expiry_date",
        "last_used_at",
        "revoked",
    ]
    list_filter = ["revoked"]
    search_fields = ["name", "integration", "prefix"]
    inspect_view_fields = [
        "name",
        "integration",
        "prefix",
        "units",
        "created",
        "created_by",
        "expiry_date",
        "last_used_at",
        "revoked",
    ]

    @property
    def permission_policy(self):
        return INTEGRATION_KEY_POLICY

    def get_form_class(self, for_update=False):
        fields = ["name", "integration", "units", "expiry_date"]
        if for_update:
            fields.append("revoked")
        return modelform_factory(
            IntegrationKey,
            form=IntegrationKeyForm,
            fields=fields,
            widgets={"units": forms.SelectMultiple(attrs={"size": 12})},
        )
