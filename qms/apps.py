from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class QmsConfig(AppConfig):
    """The organisation (units, people, roles) and document control."""

    name = "qms"
    verbose_name = _("Hệ thống quản lý chất lượng")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The receiver's module imports models: only once the registry is ready.
        from qms import signals  # noqa: PLC0415
        from qms.organisation.page_permissions import (  # noqa: PLC0415
            sync_roles_after_migrate,
        )

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="qms-sync-roles")
        signals.connect()
        from qms.organisation.unit_fields import (  # noqa: PLC0415
            register_unit_picker,
        )

        register_unit_picker()
