from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    """The public website: home page and procedure catalogue (Wagtail pages)."""

    name = "procedures"
    verbose_name = _("Thủ tục hành chính")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from procedures import signals

        signals.connect()
