"""StreamField blocks of a procedure page: steps, channels, documents, legal bases.

Kept in the page row as JSON, so rendering a procedure costs no extra query per
component, and every component travels with the page's revisions.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from qms.choices import Channel


class StepBlock(blocks.TextBlock):
    """One step of the procedure (trình tự thực hiện), in order."""

    class Meta:
        icon = "list-ol"
        label = _("Bước")


class ChannelBlock(blocks.StructBlock):
    """A way of submitting the dossier, with its processing time and fee."""

    channel = blocks.ChoiceBlock(choices=Channel.choices, label=_("cách thức"))
    processing_time = blocks.CharBlock(
        label=_("thời hạn giải quyết"),
        help_text=_("Ví dụ: Trong ngày; 05 ngày làm việc."),
    )
    processing_days = blocks.DecimalBlock(
        required=False,
        min_value=0,
        decimal_places=1,
        label=_("số ngày làm việc"),
        help_text=_("Để trống nếu giải quyết trong ngày hoặc không tính theo ngày."),
    )
    fee = blocks.CharBlock(required=False, label=_("phí, lệ phí"))

    class Meta:
        icon = "mail"
        label = _("Cách thức thực hiện")


class RequiredDocumentBlock(blocks.StructBlock):
    """One item of the dossier (thành phần hồ sơ)."""

    name = blocks.CharBlock(label=_("tên giấy tờ"))
    copies = blocks.IntegerBlock(min_value=0, default=1, label=_("số lượng bản"))
    template = DocumentChooserBlock(required=False, label=_("mẫu đơn, tờ khai (tệp)"))
    template_url = blocks.URLBlock(
        required=False, label=_("mẫu đơn, tờ khai (liên kết)")
    )
    note = blocks.CharBlock(required=False, label=_("ghi chú"))

    class Meta:
        icon = "doc-full"
        label = _("Giấy tờ")


class LegalCitationBlock(blocks.CharBlock):
    """A legal basis cited as text, when it is not (yet) in the legal register."""

    class Meta:
        icon = "openquote"
        label = _("Căn cứ pháp lý (ghi văn bản)")
