"""Reads of the procedure catalogue: live procedures, filters, search, options."""

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from wagtail.models import Page as WagtailPage

from procedures.procedure_page import ProcedurePage
from procedures.sectors import ProcedureSearchWord, Sector
from procedures.text import fold_terms
from qms.organisation.models import AdministrativeUnit


def catalogue_procedures(index: WagtailPage) -> QuerySet[ProcedurePage]:
    """Live, public procedures of one catalogue, with what a list row needs."""
    # Children of ``index`` by a path range rather than Wagtail's child_of():
    # treebeard paths of children are the parent's path plus one 4-character
    # step, and a range uses the path index on SQLite too (a LIKE does not).
    step = ProcedurePage.steplen
    return (
        ProcedurePage.objects.live()
        .public()
        .filter(
            depth=index.depth + 1,
            path__gte=index.path + "0" * step,
            path__lte=index.path + "Z" * step,
        )
        .select_related("sector", "implementing_agency")
    )


def procedures_filter(
    queryset: QuerySet[ProcedurePage],
    *,
    sector: Sector | None = None,
    level: str = "",
    agency: AdministrativeUnit | None = None,
    online_level: str = "",
) -> QuerySet[ProcedurePage]:
    """Narrow ``queryset`` by field, level, implementing agency and online level."""
    if sector is not None:
        queryset = queryset.filter(sector=sector)
    if level:
        queryset = queryset.filter(level=level)
    if agency is not None:
        queryset = queryset.filter(implementing_agency=agency)
    if online_level:
        queryset = queryset.filter(online_level=online_level)
    return queryset


def procedures_search(
    queryset: QuerySet[ProcedurePage], query: str
) -> QuerySet[ProcedurePage]:
    """Procedures whose folded text has every word of ``query``, best first.

    Ignores diacritics and case on every database: both sides are folded with
    anyascii. A query word matches the start of a word: "ket" finds "kết hôn",
    "hon" does not find "khôn". Rank: the code or the exact name, then
    names starting with the query, names containing it as a phrase, names
    containing every word, and last procedures that mention the words elsewhere.
    Without a query, the catalogue is in name order.
    """
    terms = fold_terms(query)
    if not terms:
        return queryset.order_by("search_name", "pk")
    # One index range query per word, intersected here: planners of both
    # databases otherwise probe the word index once per page (PostgreSQL
    # took 90 ms for 2,000 procedures that way).
    found: set[int] | None = None
    for term in terms:
        pages = set(_pages_with_word_prefix(term))
        found = pages if found is None else found & pages
        if not found:
            break
    queryset = queryset.filter(pk__in=sorted(found or ()))
    phrase = " ".join(terms)
    all_in_name = Q()
    for term in terms:
        all_in_name &= Q(search_name__has=f" {term}")
    rank = Case(
        When(Q(code__iexact=query.strip()) | Q(search_name=f" {phrase} "), then=0),
        When(search_name__startswith=f" {phrase}", then=1),
        When(search_name__has=f" {phrase}", then=2),
        When(all_in_name, then=3),
        default=Value(4),
        output_field=IntegerField(),
    )
    return queryset.annotate(rank=rank).order_by("rank", "search_name", "pk")


#: Filter options change only when a procedure is published, unpublished or
#: deleted, or a field renamed: cached under a version those events bump
#: (procedures.signals), with a short expiry for other server processes.
OPTIONS_TTL = 300
VERSION_KEY = "procedures:catalogue-version"


def catalogue_version() -> int:
    """A number that changes whenever the public catalogue's content changes."""
    return cache.get_or_set(VERSION_KEY, 1, None)


def catalogue_version_bump() -> None:
    """Invalidate cached catalogue data (filter options)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


#: Columns a list row never shows: not read for the rows of a page.
LIST_DEFERRED = (
    "search_text",
    "search_name",
    "steps",
    "channels",
    "documents",
    "legal_basis",
    "requirements",
    "applicants",
    "result",
    "fees",
    "change_note",
)


def procedures_page(
    queryset: QuerySet[ProcedurePage], number: str | int | None, per_page: int
) -> Page:
    """One page of ``queryset`` (ranked), as a paginator page of procedures.

    Ranks and sorts only primary keys, all of them in one query (they are
    small, and the count comes with them instead of a second scan), then
    reads the rows of that page by key: sorting whole rows of every match
    cost three times as much.
    """
    ranked = list(queryset.values_list("pk", flat=True))
    page = Paginator(ranked, per_page).get_page(number)
    keys = list(page.object_list)
    rows = (
        ProcedurePage.objects.filter(pk__in=keys)
        .select_related("sector", "implementing_agency")
        .defer(*LIST_DEFERRED)
        .in_bulk()
    )
    page.object_list = [rows[key] for key in keys if key in rows]
    return page


def _pages_with_word_prefix(term: str) -> QuerySet:
    """Ids of pages with a word starting with ``term`` (an index range scan)."""
    upper = term[:-1] + chr(ord(term[-1]) + 1)
    return ProcedureSearchWord.objects.filter(
        word__gte=term, word__lt=upper, word__startswith=term
    ).values_list("page_id", flat=True)


def catalogue_filter_options(
    queryset: QuerySet[ProcedurePage], *, index: WagtailPage | None = None
) -> tuple[list[Sector], list[AdministrativeUnit]]:
    """Fields and agencies that have at least one procedure in ``queryset``.

    With ``index``, the answer is cached per catalogue and catalogue version.
    """
    if index is not None:
        key = f"procedures:options:{index.pk}:{catalogue_version()}"
        cached = cache.get(key)
        if cached is None:
            cached = catalogue_filter_options(queryset)
            cache.set(key, cached, OPTIONS_TTL)
        return cached
    pairs = set(queryset.order_by().values_list("sector_id", "implementing_agency_id"))
    sectors = list(Sector.objects.filter(pk__in={sector for sector, _ in pairs}))
    agencies = list(
        AdministrativeUnit.objects.filter(
            pk__in={agency for _, agency in pairs if agency}
        ).order_by("name")
    )
    return sectors, agencies
