"""The public site's pages: the home page and the catalogue of procedures.

The catalogue page is its own view (routes on the page, as in Wagtail's
bakerydemo): the list with filters and search, the open-data downloads and the
posting board of one field.
"""

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from procedures import exports
from procedures.forms import CatalogueFilterForm
from procedures.procedure_page import ProcedurePage, procedure_row
from procedures.search import (
    catalogue_filter_options,
    catalogue_procedures,
    procedures_filter,
    procedures_page,
    procedures_search,
)
from procedures.sectors import Sector
from qms.throttling import throttle_response

PAGE_SIZE = 20
#: Open-data downloads are capped so that one request stays cheap.
MAX_DOWNLOAD = 5000


class HomePage(Page):
    """The home page of the unit's public website (trang chủ)."""

    intro = models.TextField(
        gettext_lazy("giới thiệu"),
        blank=True,
        help_text=gettext_lazy(
            "Một hai câu dưới tiêu đề: đơn vị làm gì cho người dân."
        ),
    )
    body = RichTextField(gettext_lazy("nội dung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = gettext_lazy("trang chủ")
        verbose_name_plural = gettext_lazy("trang chủ")

    def route(self, request, path_components):
        """Wagtail's routing; a child only passed through is read lazily.

        Below a child (``/thu-tuc/<procedure>/``) the child only routes on, so
        its own fields are deferred (``specific_deferred``: no query for its
        specific row; a field read later loads then). The page served itself
        is read whole, as Wagtail does.
        """
        if len(path_components) < 2:
            return super().route(request, path_components)
        try:
            child = self.get_children().get(slug=path_components[0])
        except Page.DoesNotExist as error:
            raise Http404 from error
        child._cached_parent_obj = self  # as Wagtail's Page.route does
        return child.specific_deferred.route(request, path_components[1:])


class CatalogueIndexPage(RoutablePageMixin, Page):
    """The public catalogue of administrative procedures (danh mục thủ tục).

    Lists, filters and searches its procedure pages; serves the catalogue as CSV
    and JSON, and the posting board of one field as PDF.
    """

    intro = models.TextField(gettext_lazy("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["procedures.HomePage"]
    subpage_types = ["procedures.ProcedurePage"]

    class Meta:
        verbose_name = gettext_lazy("danh mục thủ tục")
        verbose_name_plural = gettext_lazy("danh mục thủ tục")

    def route(self, request, path_components):
        """Wagtail's routing, reading a procedure child in one query.

        The catalogue's own routes come first, as in ``RoutablePageMixin``.
        Wagtail then reads a child as a Page, its content type and its
        specific row; a procedure child is read here as a ProcedurePage at
        once, with the field, agency and process document its page shows
        (issue 11: an uncached procedure page in at most 10 queries). Any
        other child, or none, goes Wagtail's way.
        """
        if path_components and not (self.live and self._own_route(path_components)):
            try:
                child = (
                    ProcedurePage.objects.child_of(self)
                    .select_related("sector", "implementing_agency", "process_document")
                    .get(slug=path_components[0])
                )
            except ProcedurePage.DoesNotExist:
                pass
            else:
                child._cached_parent_obj = self  # as Wagtail's Page.route does
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def _own_route(self, path_components: list[str]) -> bool:
        """Whether one of the catalogue's routes answers this path."""
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    def _filtered(self, request: HttpRequest):
        """The filter form and the matching procedures, ranked."""
        base = catalogue_procedures(self)
        sectors, agencies = catalogue_filter_options(base, index=self)
        form = CatalogueFilterForm(request.GET, sectors=sectors, agencies=agencies)
        queryset = procedures_filter(base, **form.filters())
        return form, procedures_search(queryset, form.query())

    def _subpage_url(self, base_url: str, name: str, *args) -> str:
        return base_url + self.reverse_subpage(name, args=args).lstrip("/")

    def get_context(self, request, *args, **kwargs) -> dict:
        """The list with filters, search and pagination (also in previews)."""
        context = super().get_context(request, *args, **kwargs)
        form, queryset = self._filtered(request)
        page_obj = procedures_page(queryset, request.GET.get("trang"), PAGE_SIZE)
        params = request.GET.copy()
        params.pop("trang", None)
        base_url = self.get_url(request) or ""
        context.update(
            catalogue=self,
            catalogue_path=base_url,
            selects=form.selects(),
            csv_url=self._subpage_url(base_url, "csv"),
            json_url=self._subpage_url(base_url, "json"),
            boards=[
                (name, self._subpage_url(base_url, "board", slug))
                for slug, name in form.fields["linh_vuc"].choices
                if slug
            ],
            form=form,
            query=form.query(),
            page_obj=page_obj,
            result_count=page_obj.paginator.count,
            filtered=any(form.filters().values()) or bool(form.query()),
            filters_used=any(form.filters().values()),
            chosen_sector=form.filters()["sector"],
            querystring=params.urlencode(),
        )
        return context

    @path("tai-ve/csv/", name="csv")
    def download_csv(self, request: HttpRequest) -> HttpResponse:
        """Open data: the (filtered) catalogue as CSV."""
        if refused := throttle_response(request):
            return refused
        _form, queryset = self._filtered(request)
        return exports.catalogue_csv(
            procedure_row(page) for page in queryset[:MAX_DOWNLOAD]
        )

    @path("tai-ve/json/", name="json")
    def download_json(self, request: HttpRequest) -> HttpResponse:
        """Open data: the (filtered) catalogue as JSON."""
        if refused := throttle_response(request):
            return refused
        _form, queryset = self._filtered(request)
        return exports.catalogue_json(
            [procedure_row(page) for page in queryset[:MAX_DOWNLOAD]]
        )

    @path("niem-yet/<slug:sector_slug>/", name="board")
    def posting_board(self, request: HttpRequest, sector_slug: str) -> HttpResponse:
        """Posting board: every live procedure of one field as one A4 PDF."""
        sector = get_object_or_404(Sector, slug=sector_slug)
        procedures = list(
            catalogue_procedures(self)
            .filter(sector=sector)
            .prefetch_related("legal_texts")
            .order_by("search_name")
        )
        if not procedures:
            raise Http404
        return exports.posting_pdf(
            request,
            procedures,
            title=_("Lĩnh vực %(name)s") % {"name": sector.name},
            filename=f"niem-yet-{sector.slug}.pdf",
        )
