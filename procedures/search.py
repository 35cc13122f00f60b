"""Reads of the procedure catalogue: search, filters, versions, open-data rows."""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from wagtail.models import PageLogEntry

from procedures.choices import ProcedureLevel
from procedures.models import (
    TRACKED_FIELDS,
    CatalogueIndexPage,
    ProcedurePage,
    ProcedureSearchWord,
    Sector,
)
from procedures.text import fold_terms
from qms.choices import OnlineLevel
from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument, DocumentRevision
from qms.documents.selectors import revisions_in_force_on
from qms.organisation.models import AdministrativeUnit

#: How many earlier versions a public page lists at most.
MAX_VERSIONS = 50


def catalogue_procedures(index: CatalogueIndexPage) -> QuerySet[ProcedurePage]:
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
    queryset: QuerySet[ProcedurePage], *, index: CatalogueIndexPage | None = None
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
