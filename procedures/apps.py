from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    """The public website: home page and procedure catalogue (Wagtail pages)."""

    name = "procedures"
    verbose_name = _("Thủ tục hành chính")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Signals need the models, which exist only once the app is ready.
        from procedures import signals  # noqa: PLC0415

        signals.connect()
