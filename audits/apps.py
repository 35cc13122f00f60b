from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    """Inspections, findings, corrective actions and dossier KPIs."""

    name = "audits"
    verbose_name = _("Kiểm tra, đánh giá")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Signals need the models, which exist only once the app is ready.
        from audits import signals  # noqa: PLC0415

        signals.connect()
