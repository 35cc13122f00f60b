"""Forms of the document-control admin screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.documents.models import DocumentRevision, LegalText

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RevisionDraftForm(forms.ModelForm):
    """A draft's content and revision log; ``version`` carries the optimistic lock."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1
    )
    # Bounded here: model validation is skipped (see _post_clean) and a
    # smallint overflow would otherwise reach PostgreSQL.
    issue_number = forms.IntegerField(
        label=_("Lần ban hành"), min_value=1, max_value=999
    )
    revision_number = forms.IntegerField(
        label=_("Lần sửa đổi"), min_value=0, max_value=999
    )
    word_file = forms.FileField(
        label=_("Nhập nội dung từ tệp Word (.docx)"),
        required=False,
        help_text=_(
            "Nội dung tệp Word (tiêu đề, danh sách, bảng) thay cho nội dung "
            "bên dưới; sau khi lưu, kiểm tra lại bản xem trước. Tối đa 10 MB, "
            "không nhận tệp có macro."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            }
        ),
    )

    class Meta:
        model = DocumentRevision
        fields = [
            "issue_number",
            "revision_number",
            "effective_date",
            "change_what",
            "change_where",
            "change_why",
            "body",
        ]
        widgets = {
            "effective_date": DATE_INPUT,
            "change_what": forms.Textarea(attrs={"rows": 2}),
            "change_why": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(
                attrs={"rows": 24, "class": "qms-editor__source", "spellcheck": "true"}
            ),
        }

    field_order = [
        "issue_number",
        "revision_number",
        "effective_date",
        "change_what",
        "change_where",
        "change_why",
        "word_file",
        "body",
    ]

    def _post_clean(self):
        # The services validate uniqueness and state; skip model validation,
        # which would need the document and drafter the form does not carry.
        pass


class BodyPreviewForm(forms.Form):
    """The text of the editor, for its live preview (``BodyPreviewView``)."""

    body = forms.CharField(required=False, max_length=500_000, strip=False)


class RejectForm(forms.Form):
    """Why the reviewer or approver sends the draft back."""

    comment = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ObsoleteForm(forms.Form):
    """Withdraw the revision in force."""

    reason = forms.CharField(label=_("Lý do hủy bỏ"), max_length=500)
    on = forms.DateField(label=_("Hết hiệu lực từ ngày"), widget=DATE_INPUT)


class ReviewForm(forms.Form):
    """A periodic review that found the document still suitable."""

    note = forms.CharField(label=_("Kết luận xem xét"), max_length=400)
    on = forms.DateField(label=_("Ngày xem xét"), widget=DATE_INPUT)


class AttachmentForm(forms.Form):
    """A form template or other file attached to a draft."""

    title = forms.CharField(label=_("Tên tệp"), max_length=200)
    file = forms.FileField(label=_("Tệp"))


class DayForm(forms.Form):
    """A day for "in force on date"."""

    on = forms.DateField(label=_("Ngày"), widget=DATE_INPUT)


class DiffForm(forms.Form):
    """Two revisions of the same document to compare."""

    a = forms.ModelChoiceField(queryset=DocumentRevision.objects.none(), label=_("Từ"))
    b = forms.ModelChoiceField(queryset=DocumentRevision.objects.none(), label=_("Đến"))

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        revisions = document.revisions.order_by("issue_number", "revision_number")
        for name in ("a", "b"):
            self.fields[name].queryset = revisions
            self.fields[name].label_from_instance = lambda r: (
                f"{r.label} ({r.get_status_display()})"
            )


class LegalChangeForm(forms.Form):
    """Record that a legal text was amended or replaced by another."""

    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            ("amended", _("Được sửa đổi, bổ sung")),
            ("replaced", _("Bị thay thế")),
        ],
    )
    new_text = forms.ModelChoiceField(
        queryset=LegalText.objects.all(), label=_("Bởi văn bản")
    )
