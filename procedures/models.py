"""Wagtail page types of the public website."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The home page of the unit's public website (trang chủ)."""

    intro = models.TextField(
        _("giới thiệu"),
        blank=True,
        help_text=_("Một hai câu dưới tiêu đề: đơn vị làm gì cho người dân."),
    )
    body = RichTextField(_("nội dung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("trang chủ")
        verbose_name_plural = _("trang chủ")
