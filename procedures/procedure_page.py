"""Wagtail page types of the public website: home, catalogue, procedures."""

from functools import partial

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
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from procedures.blocks import (
    ChannelBlock,
    LegalCitationBlock,
    RequiredDocumentBlock,
    StepBlock,
)
from procedures.choices import ProcedureLevel
from procedures.lookups import FoldedTextField
from procedures.serializers import LegalTextSerializer, UnitSerializer
from procedures.text import fold
from qms.choices import OnlineLevel
from qms.organisation.models import AdministrativeUnit


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


class Sector(models.Model):
    """A field of administrative procedures (lĩnh vực): hộ tịch, chứng thực, ..."""

    name = models.CharField(_("tên lĩnh vực"), max_length=200, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Fill the slug from the folded name ("Hộ tịch" → "ho-tich")."""
        if not self.slug:
            self.slug = slugify(fold(self.name))[:200]
        super().save(*args, **kwargs)


class CatalogueIndexPage(RoutablePageMixin, Page):
    """The public catalogue of administrative procedures (danh mục thủ tục).

    Lists, filters and searches its procedure pages; serves the catalogue as CSV
    and JSON, and the posting board of one field as PDF (see procedures.views).
    """

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["procedures.HomePage"]
    subpage_types = ["procedures.ProcedurePage"]

    class Meta:
        verbose_name = _("danh mục thủ tục")
        verbose_name_plural = _("danh mục thủ tục")

    def get_context(self, request, *args, **kwargs) -> dict:
        """The list with filters, search and pagination (also in previews)."""
        from procedures.views import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(request, self))
        return context

    @path("tai-ve/csv/", name="csv")
    def download_csv(self, request):
        """Open data: the (filtered) catalogue as CSV."""
        from procedures.views import catalogue_csv

        return catalogue_csv(request, self)

    @path("tai-ve/json/", name="json")
    def download_json(self, request):
        """Open data: the (filtered) catalogue as JSON."""
        from procedures.views import catalogue_json

        return catalogue_json(request, self)

    @path("niem-yet/<slug:sector_slug>/", name="board")
    def posting_board(self, request, sector_slug):
        """Posting board: every procedure of one field as one A4 PDF."""
        from procedures.views import posting_board_pdf

        return posting_board_pdf(request, self, sector_slug)


class ProcedureSearchWord(models.Model):
    """One folded word of a live procedure's search text: an inverted index.

    A query word is looked up as a prefix range on the indexed ``word``
    column, on SQLite and PostgreSQL alike, instead of scanning every
    procedure's text. Derived data, rebuilt on every full save of the page.
    """

    page = models.ForeignKey(
        "procedures.ProcedurePage",
        on_delete=models.CASCADE,
        related_name="search_words",
    )
    word = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("từ tìm kiếm")
        verbose_name_plural = _("từ tìm kiếm")
        constraints = [
            models.UniqueConstraint(
                fields=["word", "page"], name="procedure_search_word_unique"
            )
        ]

    def __str__(self) -> str:
        return self.word


def search_words_replace(page_id: int, search_text: str) -> None:
    """Make the word index of one page match its folded ``search_text``."""
    words = {word[:64] for word in search_text.split()}
    ProcedureSearchWord.objects.filter(page_id=page_id).delete()
    ProcedureSearchWord.objects.bulk_create(
        ProcedureSearchWord(page_id=page_id, word=word) for word in sorted(words)
    )


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
    def process_document_in_force(self) -> dict | None:
        """The governing process document and its revision in force (open data)."""
        from procedures.selectors import procedure_process_revision

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
        from procedures.selectors import procedure_process_revision, procedure_versions

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = self.get_parent()
        context["versions"] = partial(procedure_versions, self)
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
        from procedures.views import procedure_print

        return procedure_print(request, self)

    @path("niem-yet/", name="pdf")
    def posting_pdf(self, request):
        """The posting as an A4 PDF."""
        from procedures.views import procedure_pdf

        return procedure_pdf(request, self)
