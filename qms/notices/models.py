"""A notice mail recorded once per event and recipient."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SentNotice(models.Model):
    """One mail for one event to one address, as it was rendered and sent.

    ``key`` names the event (``revision:12:submitted:3``,
    ``reminders:2026-03-02``); the unique (key, email) pair is what keeps a
    re-run of a timer or a retried task from mailing anyone twice.
    """

    key = models.CharField(_("sự kiện"), max_length=200)
    email = models.EmailField(_("thư điện tử"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("ngôn ngữ"), max_length=10)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body_text = models.TextField(_("nội dung"))
    body_html = models.TextField(_("nội dung HTML"), blank=True)
    created_at = models.DateTimeField(_("lúc ghi nhận"), auto_now_add=True)
    sent_at = models.DateTimeField(_("lúc gửi"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư thông báo")
        verbose_name_plural = _("thư thông báo")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "email"],
                name="sent_notice_once_per_event_and_address",
                violation_error_message=_("Thư này đã được gửi cho người nhận."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.email}"
