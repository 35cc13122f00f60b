"""The procedure page: one administrative procedure, and its reads.

The page is its own view (routes for the print page and the posting PDF); the
reads it and the catalogue need (process document in force, published
versions, the open-data row) live beside it.
"""

import datetime
import json
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageLogEntry
from wagtail.search import index

from procedures import exports
from procedures.blocks import (
    ChannelBlock,
    LegalCitationBlock,
    RequiredDocumentBlock,
    StepBlock,
)
from procedures.choices import ProcedureLevel
from procedures.lookups import FoldedTextField
from procedures.sectors import Sector, search_words_replace
from procedures.serializers import LegalTextSerializer, UnitSerializer
from procedures.text import fold
from qms.choices import OnlineLevel
from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument, DocumentRevision
from qms.documents.selectors import revisions_in_force_on
from qms.organisation.models import AdministrativeUnit

#: How many earlier versions a public page lists at most.
MAX_VERSIONS = 50

#: Implementing agency shown when a procedure names no unit (any commune's UBND).
_AGENCY_BY_LEVEL = {
    ProcedureLevel.COMMUNE: _("Ủy ban nhân dân cấp xã"),
    ProcedureLevel.DISTRICT: _("Ủy ban nhân dân cấp huyện"),
    ProcedureLevel.PROVINCE: _("Ủy ban nhân dân cấp tỉnh"),
}

#: Fields shown in the public version list, in the order they appear on the page.
TRACKED_FIELDS = {
    "title": _("tên thủ tục"),
    "code": _("mã thủ tục"),
    "sector": _("lĩnh vực"),
    "level": _("cấp thực hiện"),
    "implementing_agency": _("cơ quan thực hiện"),
    "coordinating_agencies": _("cơ quan phối hợp"),
    "steps": _("trình tự thực hiện"),
    "channels": _("cách thức, thời hạn, phí"),
    "documents": _("thành phần hồ sơ"),
    "applicants": _("đối tượng thực hiện"),
    "result": _("kết quả"),
    "requirements": _("yêu cầu, điều kiện"),
    "fees": _("phí, lệ phí"),
    "legal_texts": _("căn cứ pháp lý"),
    "legal_basis": _("căn cứ pháp lý khác"),
    "process_document": _("quy trình ISO"),
    "online_level": _("mức độ dịch vụ công trực tuyến"),
    "online_url": _("địa chỉ nộp hồ sơ trực tuyến"),
    "interconnected": _("liên thông"),
}


class ProcedurePage(RoutablePageMixin, Page):
    """One administrative procedure with every component of Decree 63/2010 Art. 8.

    Structured data, not one rich-text blob: the catalogue filters on it, the
    posting PDF lays it out, the API publishes it. ``search_name`` and
    ``search_text`` hold accent-folded copies for Vietnamese search; they are
    refreshed on every full save, which is what publishing a revision does, so
    they always describe the live version.
    """

    code = models.CharField(
        _("mã thủ tục"),
        max_length=64,
        help_text=_("Mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193."),
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    level = models.CharField(
        _("cấp thực hiện"), max_length=16, choices=ProcedureLevel.choices
    )
    implementing_agency = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("cơ quan thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    coordinating_agencies = ParentalManyToManyField(
        AdministrativeUnit,
        verbose_name=_("cơ quan phối hợp"),
        blank=True,
        related_name="+",
    )
    steps = StreamField(
        [("step", StepBlock())], verbose_name=_("trình tự thực hiện"), blank=True
    )
    channels = StreamField(
        [("channel", ChannelBlock())],
        verbose_name=_("cách thức thực hiện"),
        blank=True,
    )
    documents = StreamField(
        [("document", RequiredDocumentBlock())],
        verbose_name=_("thành phần hồ sơ"),
        blank=True,
    )
    applicants = models.TextField(_("đối tượng thực hiện"), blank=True)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    fees = models.TextField(
        _("phí, lệ phí và miễn giảm"),
        blank=True,
        help_text=_("Mức thu chung và các trường hợp miễn, giảm."),
    )
    legal_texts = ParentalManyToManyField(
        "qms.LegalText",
        verbose_name=_("căn cứ pháp lý trong danh mục văn bản"),
        blank=True,
        related_name="procedures",
    )
    legal_basis = StreamField(
        [("citation", LegalCitationBlock())],
        verbose_name=_("căn cứ pháp lý khác"),
        blank=True,
        help_text=_("Chỉ ghi các văn bản chưa có trong danh mục văn bản pháp lý."),
    )
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=16,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
    )
    interconnected = models.BooleanField(_("thủ tục liên thông"), default=False)
    online_url = models.URLField(
        _("địa chỉ nộp hồ sơ trực tuyến"),
        max_length=500,
        blank=True,
        help_text=_(
            "Trang của thủ tục trên Cổng Dịch vụ công quốc gia "
            "(dichvucong.gov.vn) hoặc cổng dịch vụ công của tỉnh, nơi người dân "
            "nộp hồ sơ trực tuyến. Để trống nếu thủ tục chưa nộp trực tuyến được."
        ),
    )
    process_document = models.ForeignKey(
        "qms.ControlledDocument",
        verbose_name=_("quy trình ISO áp dụng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedure_pages",
        help_text=_("Trang công khai luôn dẫn tới lần ban hành đang hiệu lực."),
    )
    change_note = models.CharField(
        _("nội dung thay đổi"),
        max_length=255,
        blank=True,
        help_text=_(
            "Công khai trong danh sách phiên bản, ví dụ: Cập nhật lệ phí "
            "theo Thông tư 85/2019/TT-BTC."
        ),
    )
    search_name = FoldedTextField(editable=False, default="")
    search_text = FoldedTextField(editable=False, default="")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("level")]),
                FieldPanel("sector"),
                FieldPanel("implementing_agency"),
                FieldPanel("coordinating_agencies"),
                FieldRowPanel(
                    [FieldPanel("online_level"), FieldPanel("interconnected")]
                ),
                FieldPanel("online_url"),
            ],
            heading=_("Thông tin chung"),
        ),
        FieldPanel("steps"),
        FieldPanel("channels"),
        FieldPanel("documents"),
        FieldPanel("applicants"),
        FieldPanel("result"),
        FieldPanel("requirements"),
        FieldPanel("fees"),
        FieldPanel("legal_texts"),
        FieldPanel("legal_basis"),
        FieldPanel("process_document"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "Ghi ngắn gọn nội dung thay đổi của phiên bản này; "
                        "người dân thấy nó trong danh sách phiên bản."
                    )
                ),
                FieldPanel("change_note"),
            ],
            heading=_("Phiên bản"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.AutocompleteField("search_text"),
        index.FilterField("level"),
        index.FilterField("online_level"),
    ]
    api_fields = [
        APIField("code"),
        APIField("field", serializer=serializers.CharField(source="sector.name")),
        APIField("level"),
        APIField("implementing_agency", serializer=UnitSerializer()),
        APIField("agency_label"),
        APIField("coordinating_agencies", serializer=UnitSerializer(many=True)),
        APIField("steps"),
        APIField("channels"),
        APIField("documents"),
        APIField("applicants"),
        APIField("result"),
        APIField("requirements"),
        APIField("fees"),
        APIField("legal_texts", serializer=LegalTextSerializer(many=True)),
        APIField("legal_basis"),
        APIField("online_level"),
        APIField("online_url"),
        APIField("interconnected"),
        APIField("process_document_in_force"),
        APIField("last_published_at"),
    ]
    parent_page_types = ["procedures.CatalogueIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="procedure_code_unique",
                violation_error_message=_("Đã có một thủ tục với mã này."),
            )
        ]

    def clean(self) -> None:
        """Refuse a code that another procedure already uses (no 500 on save)."""
        super().clean()
        self.code = (self.code or "").strip()
        clash = ProcedurePage.objects.filter(code=self.code).exclude(pk=self.pk)
        if self.code and clash.exists():
            raise ValidationError({"code": _("Đã có một thủ tục với mã này.")})

    def save(self, *args, **kwargs):
        """Refresh the folded search columns on every full save.

        Every path that changes what the public sees (admin publish, import,
        scheduled publishing, revert) ends in a full save, so the columns
        follow the live version; draft saves only touch a few columns.
        """
        full_save = kwargs.get("update_fields") is None
        if full_save:
            # Padded with spaces so that " word" matches at a word start only.
            self.search_name = f" {fold(self.title)} "
            self.search_text = self.build_search_text()
        super().save(*args, **kwargs)
        if full_save:
            search_words_replace(self.pk, self.search_text)

    def build_search_text(self) -> str:
        """Folded words a citizen might type: code, name, field, agency, texts.

        Steps are left out on purpose: every procedure's steps say "nộp hồ sơ",
        so they would only add noise to results and cost to every search.
        """
        parts = [
            self.code,
            self.title,
            self.sector.name if self.sector_id else "",
            self.implementing_agency.name if self.implementing_agency_id else "",
            self.applicants,
            self.result,
        ]
        parts.extend(
            str(block.value.get("name", ""))
            for block in self.documents
            if hasattr(block.value, "get")
        )
        return f" {fold(' '.join(parts))} "

    @property
    def agency_label(self) -> str:
        """Implementing agency's name, or the level's generic one ("UBND cấp xã")."""
        if self.implementing_agency_id:
            return self.implementing_agency.name
        return str(_AGENCY_BY_LEVEL.get(self.level, "—"))

    @property
    def online_portal(self) -> str:
        """The host of ``online_url`` as the page names it ("dichvucong.gov.vn")."""
        if not self.online_url:
            return ""
        return (urlsplit(self.online_url).hostname or "").removeprefix("www.")

    @property
    def downloadable_forms(self) -> list[dict[str, Any]]:
        """Forms (mẫu đơn, tờ khai) of the dossier a citizen can download.

        One entry per required document with a template file or link:
        ``name``, ``url``, ``document`` (the Wagtail document, or None for an
        outside link) and ``extension`` (upper case, "" when unknown).
        """
        forms = []
        for block in self.documents:
            value = block.value
            document = value.get("template")
            url = document.url if document else value.get("template_url") or ""
            if not url:
                continue
            if document:
                extension = document.file_extension
            else:
                last = urlsplit(url).path.rsplit("/", 1)[-1]
                extension = last.rpartition(".")[2] if "." in last else ""
            forms.append(
                {
                    "name": value.get("name", ""),
                    "url": url,
                    "document": document,
                    "extension": extension.upper(),
                }
            )
        return forms

    @property
    def process_document_in_force(self) -> dict | None:
        """The governing process document and its revision in force (open data)."""
        document, revision = procedure_process_revision(self)
        if document is None:
            return None
        return {
            "code": document.code,
            "title": document.title,
            "revision": revision.label if revision else None,
            "effective_date": (
                revision.effective_date.isoformat() if revision else None
            ),
        }

    def get_context(self, request, *args, **kwargs) -> dict:
        """The page, its catalogue, and lazily its versions and process document.

        ``versions`` and ``process`` are only computed when the template's
        cached fragment (keyed by the live revision and the day) is rebuilt.
        """
        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = self.get_parent()
        # lazy, not a callable: the template reads it twice ({% if %}, {% for %})
        # and a callable would run the query each time
        context["versions"] = SimpleLazyObject(partial(procedure_versions, self))
        context["process"] = SimpleLazyObject(
            lambda: dict(
                zip(
                    ("document", "revision"),
                    procedure_process_revision(self),
                    strict=True,
                )
            )
        )
        context["today"] = timezone.localdate().isoformat()
        return context

    @path("ban-in/", name="print")
    def print_view(self, request):
        """Print-friendly page for the posting (niêm yết)."""
        return exports.posting_html(request, [self], title=self.title)

    @path("niem-yet/", name="pdf")
    def posting_pdf(self, request):
        """The posting as an A4 PDF."""
        filename = f"niem-yet-{slugify(self.code)}.pdf"
        return exports.posting_pdf(request, [self], title=self.title, filename=filename)


def procedure_process_revision(
    page: ProcedurePage, *, day: datetime.date | None = None
) -> tuple[ControlledDocument | None, DocumentRevision | None]:
    """The QMS process document governing ``page`` and its revision in force.

    The page's own link wins; without it, a process document that lists the
    procedure's national code. The revision is the approved one whose
    effective period covers ``day`` (today in Asia/Ho_Chi_Minh by default).
    """
    day = day or timezone.localdate()
    document = page.process_document
    if document is None and page.code:
        candidates = ControlledDocument.objects.filter(
            doc_type=DocumentType.PROCESS, procedure_codes__contains=page.code
        )
        document = next(
            (d for d in candidates if page.code in d.procedure_code_list()), None
        )
    if document is None:
        return None, None
    revision = revisions_in_force_on(day).filter(document=document).first()
    return document, revision


@dataclass
class ProcedureVersion:
    """One published version of a procedure, as the public sees it."""

    published_at: datetime.datetime
    changes: list[str] = field(default_factory=list)
    note: str = ""
    first: bool = False


def _comparable(value: Any) -> Any:
    """A revision value without block ids, so equal content compares equal."""
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if k != "id"}
    return value


def procedure_versions(page: ProcedurePage) -> list[ProcedureVersion]:
    """Published versions of ``page``, newest first, with the fields each changed.

    Reads Wagtail's own publish log entries and their revisions (one query):
    the trail an ISO reviewer also sees in the admin. Names of editors are not
    shown to the public.
    """
    entries = list(
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .select_related("revision")
        .order_by("-timestamp", "-pk")[: MAX_VERSIONS + 1]
    )
    entries.reverse()
    versions: list[ProcedureVersion] = []
    previous: dict | None = None
    for position, entry in enumerate(entries):
        content = entry.revision.content if entry.revision else {}
        version = ProcedureVersion(
            published_at=entry.timestamp, note=str(content.get("change_note", ""))
        )
        if previous is None:
            version.first = position == 0 and len(entries) <= MAX_VERSIONS
        else:
            version.changes = [
                str(label)
                for name, label in TRACKED_FIELDS.items()
                if _comparable(content.get(name)) != _comparable(previous.get(name))
            ]
        previous = content
        versions.append(version)
    if len(entries) > MAX_VERSIONS:
        versions = versions[1:]
    versions.reverse()
    return versions


def procedure_row(page: ProcedurePage) -> dict[str, Any]:
    """Plain data of one procedure for CSV, JSON and the import format."""
    channels = [
        {
            "channel": block.value["channel"],
            "processing_time": block.value["processing_time"],
            "processing_days": (
                float(block.value["processing_days"])
                if block.value["processing_days"] is not None
                else None
            ),
            "fee": block.value["fee"],
        }
        for block in page.channels
    ]
    documents = [
        {
            "name": block.value["name"],
            "copies": block.value["copies"],
            "template": block.value["template_url"]
            or (block.value["template"].url if block.value["template"] else ""),
            "note": block.value["note"],
        }
        for block in page.documents
    ]
    agency = page.implementing_agency
    return {
        "code": page.code,
        "name": page.title,
        "field": page.sector.name,
        "level": page.level,
        "level_label": str(ProcedureLevel(page.level).label),
        "agency": agency.code if agency else "",
        "agency_name": agency.name if agency else "",
        "online_level": page.online_level,
        "online_level_label": str(OnlineLevel(page.online_level).label),
        "interconnected": page.interconnected,
        "online_url": page.online_url,
        "steps": [str(block.value) for block in page.steps],
        "channels": channels,
        "documents": documents,
        "applicants": page.applicants,
        "result": page.result,
        "requirements": page.requirements,
        "fees": page.fees,
        "legal_basis": [str(block.value) for block in page.legal_basis],
        "url": page.full_url,
        "last_published_at": (
            page.last_published_at.isoformat() if page.last_published_at else None
        ),
    }
