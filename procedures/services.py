"""Writes of the procedure catalogue: the JSON import.

``procedures_import`` validates the whole file first; any error writes nothing.
A procedure whose code already exists gets a new page revision, never a second
page. New revisions are submitted to the page's moderation workflow (an
approver publishes them), or published at once when ``publish`` is set (demo).
"""

import decimal
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from wagtail.models import Revision

from procedures.choices import ProcedureLevel
from procedures.models import CatalogueIndexPage, ProcedurePage, Sector
from procedures.text import fold
from qms.choices import Channel, OnlineLevel
from qms.documents.models import LegalText
from qms.organisation.models import AdministrativeUnit

REQUIRED_KEYS = {"code", "name", "field", "level"}
OPTIONAL_KEYS = {
    "agency",
    "online_url",
    "online_level",
    "interconnected",
    "steps",
    "channels",
    "documents",
    "applicants",
    "result",
    "requirements",
    "legal_basis",
    "fees",
}
CHANNEL_KEYS = {"channel", "processing_time", "processing_days", "fee"}
DOCUMENT_KEYS = {"name", "copies", "template", "note"}


class ProcedureImportError(Exception):
    """The file has errors; nothing was written. ``errors`` lists them all."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ProcedureData:
    """One validated item of the import file."""

    number: int
    code: str
    name: str
    sector_name: str
    level: str
    agency: AdministrativeUnit | None
    online_level: str
    interconnected: bool
    steps: list[str]
    online_url: str
    channels: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    applicants: str
    result: str
    requirements: str
    fees: str
    legal_basis: list[str]


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    new_sectors: list[str] = field(default_factory=list)
    published: bool = False
    submitted: bool = False
    dry_run: bool = False


class _Item:
    """Collects the errors of one item as ``item N (code): field: message``."""

    def __init__(self, number: int, raw: Any, errors: list[str]) -> None:
        self.number = number
        self.raw = raw if isinstance(raw, dict) else {}
        code = self.raw.get("code")
        self.label = code.strip() if isinstance(code, str) and code.strip() else "?"
        self.errors = errors

    def error(self, key: str, message: str) -> None:
        self.errors.append(f"item {self.number} ({self.label}): {key}: {message}")

    def text(self, key: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.error(key, "bắt buộc")
            return ""
        if not isinstance(value, str):
            self.error(key, "phải là chuỗi")
            return ""
        value = value.strip()
        if required and not value:
            self.error(key, "không được để trống")
        if max_length and len(value) > max_length:
            self.error(key, f"dài quá {max_length} ký tự")
        return value

    def choice(self, key: str, allowed: list[str], default: str | None) -> str:
        value = self.raw.get(key, default)
        if value not in allowed:
            self.error(key, f"phải là một trong {', '.join(allowed)}")
            return default or ""
        return value

    def text_list(self, key: str) -> list[str]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            self.error(key, "phải là danh sách")
            return []
        found = []
        for position, entry in enumerate(value, start=1):
            if not isinstance(entry, str) or not entry.strip():
                self.error(f"{key}[{position}]", "phải là chuỗi khác rỗng")
            else:
                found.append(entry.strip())
        return found

    def objects(self, key: str, keys: set[str]) -> list[dict[str, Any]]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            self.error(key, "phải là danh sách")
            return []
        found = []
        for position, entry in enumerate(value, start=1):
            if not isinstance(entry, dict):
                self.error(f"{key}[{position}]", "phải là đối tượng")
                continue
            unknown = sorted(set(entry) - keys)
            if unknown:
                self.error(f"{key}[{position}]", f"khóa lạ: {', '.join(unknown)}")
            found.append(entry)
        return found


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _channels(item: _Item) -> list[dict[str, Any]]:
    channels = []
    for position, raw in enumerate(item.objects("channels", CHANNEL_KEYS), start=1):
        where = f"channels[{position}]"
        channel = raw.get("channel")
        if channel not in Channel.values:
            item.error(f"{where}.channel", f"phải là một trong {', '.join(Channel)}")
        time = raw.get("processing_time")
        if not isinstance(time, str) or not time.strip():
            item.error(f"{where}.processing_time", "bắt buộc, là chuỗi")
            time = ""
        days = raw.get("processing_days")
        if days is not None and (not _is_number(days) or days < 0):
            item.error(f"{where}.processing_days", "phải là số không âm hoặc null")
            days = None
        fee = raw.get("fee", "")
        if not isinstance(fee, str):
            item.error(f"{where}.fee", "phải là chuỗi")
            fee = ""
        channels.append(
            {
                "channel": channel,
                "processing_time": time.strip(),
                "processing_days": (
                    decimal.Decimal(str(days)) if days is not None else None
                ),
                "fee": fee.strip(),
            }
        )
    return channels


def _documents(item: _Item) -> list[dict[str, Any]]:
    documents = []
    for position, raw in enumerate(item.objects("documents", DOCUMENT_KEYS), start=1):
        where = f"documents[{position}]"
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            item.error(f"{where}.name", "bắt buộc, là chuỗi")
            name = ""
        copies = raw.get("copies", 1)
        if not isinstance(copies, int) or isinstance(copies, bool) or copies < 0:
            item.error(f"{where}.copies", "phải là số nguyên không âm")
            copies = 1
        template = raw.get("template") or ""
        if not isinstance(template, str) or (
            template and not template.startswith(("http://", "https://", "/"))
        ):
            item.error(f"{where}.template", "phải là liên kết http(s) hoặc đường dẫn /")
            template = ""
        note = raw.get("note") or ""
        if not isinstance(note, str):
            item.error(f"{where}.note", "phải là chuỗi")
            note = ""
        documents.append(
            {
                "name": name.strip(),
                "copies": copies,
                "template": None,
                "template_url": template,
                "note": note.strip(),
            }
        )
    return documents


def _online_url(item: _Item) -> str:
    """The portal page for online submission: an http(s) address, or ""."""
    url = item.text("online_url", max_length=500)
    if url and not re.match(r"https?://[^\s/]+\.[^\s]+$", url):
        item.error(
            "online_url",
            "phải là địa chỉ http(s)://, ví dụ https://dichvucong.gov.vn/...",
        )
        return ""
    return url


def _agency(item: _Item, code: str) -> AdministrativeUnit | None:
    """The unit with ``code``: the one in force if legacy and current share it."""
    if not code:
        return None
    units = list(AdministrativeUnit.objects.filter(code=code))
    current = [unit for unit in units if unit.valid_to is None]
    candidates = current or units
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        item.error("agency", f"không có đơn vị mã {code}")
    else:
        item.error("agency", f"mã {code} trùng nhiều đơn vị")
    return None


def procedures_read(path: Path) -> Any:
    """The items of a JSON import file; ``ProcedureImportError`` if unreadable.

    Shared by ``manage.py import_procedures`` and the import screen, so both
    say the same thing about the same file.
    """
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ProcedureImportError([f"file: không đọc được tệp: {error}"]) from error
    except UnicodeDecodeError as error:
        raise ProcedureImportError(
            [f"file: tệp không phải UTF-8 (byte {error.start})"]
        ) from error
    except ValueError as error:
        raise ProcedureImportError([f"file: JSON không hợp lệ: {error}"]) from error


def procedures_validate(items: Any) -> list[ProcedureData]:
    """Check the whole import file; raise ``ProcedureImportError`` with every error."""
    if not isinstance(items, list):
        raise ProcedureImportError(["file: phải là một danh sách JSON các thủ tục"])
    errors: list[str] = []
    seen: dict[str, int] = {}
    valid: list[ProcedureData] = []
    for number, raw in enumerate(items, start=1):
        item = _Item(number, raw, errors)
        if not isinstance(raw, dict):
            item.error("item", "phải là đối tượng JSON")
            continue
        unknown = sorted(set(raw) - REQUIRED_KEYS - OPTIONAL_KEYS)
        if unknown:
            item.error("item", f"khóa lạ: {', '.join(unknown)}")
        code = item.text("code", required=True, max_length=64)
        if code in seen:
            item.error("code", f"trùng với item {seen[code]}")
        elif code:
            seen[code] = number
        interconnected = raw.get("interconnected", False)
        if not isinstance(interconnected, bool):
            item.error("interconnected", "phải là true hoặc false")
            interconnected = False
        valid.append(
            ProcedureData(
                number=number,
                code=code,
                name=item.text("name", required=True, max_length=255),
                sector_name=item.text("field", required=True, max_length=200),
                level=item.choice("level", ProcedureLevel.values, None),
                agency=_agency(item, item.text("agency", max_length=32)),
                online_level=item.choice(
                    "online_level", OnlineLevel.values, OnlineLevel.NONE
                ),
                interconnected=interconnected,
                steps=item.text_list("steps"),
                online_url=_online_url(item),
                channels=_channels(item),
                documents=_documents(item),
                applicants=item.text("applicants"),
                result=item.text("result"),
                requirements=item.text("requirements"),
                fees=item.text("fees"),
                legal_basis=item.text_list("legal_basis"),
            )
        )
    if errors:
        raise ProcedureImportError(errors)
    return valid


def _stream(
    block_type: str, values: list[Any], previous: Any = None
) -> list[dict[str, Any]]:
    """Raw StreamField data; block ids of ``previous`` are kept by position.

    Stable ids let the admin's revision comparison show an unchanged step as
    unchanged instead of deleted and re-added.
    """
    ids = [block.id for block in previous or []]
    return [
        {
            "type": block_type,
            "value": value,
            "id": ids[position] if position < len(ids) else str(uuid.uuid4()),
        }
        for position, value in enumerate(values)
    ]


_SYMBOL = re.compile(r"\d+/\d{4}/[\w-]+")


def _legal_key(number: str) -> str:
    """Folded symbol of a legal text: "Luật Hộ tịch 60/2014/QH13" → "60 2014 qh13"."""
    symbol = _SYMBOL.search(number)
    return f" {fold(symbol.group(0) if symbol else number)} "


def _legal(
    citations: list[str], register: list[LegalText]
) -> tuple[list[LegalText], list[str]]:
    """Split citations into texts of the legal register and free-text ones.

    A citation belongs to a registered text when it contains that text's
    symbol (số, ký hiệu), whatever words surround it.
    """
    keys = [(_legal_key(text.number), text) for text in register]
    texts: list[LegalText] = []
    rest: list[str] = []
    for citation in citations:
        folded = f" {fold(citation)} "
        match = next((text for key, text in keys if key in folded), None)
        if match is None:
            rest.append(citation)
        elif match not in texts:
            texts.append(match)
    return texts, rest


def _apply(page: ProcedurePage, data: ProcedureData, sector: Sector) -> None:
    page.title = data.name
    page.draft_title = data.name
    page.code = data.code
    page.sector = sector
    page.level = data.level
    page.implementing_agency = data.agency
    page.online_level = data.online_level
    page.interconnected = data.interconnected
    page.online_url = data.online_url
    page.steps = _stream("step", data.steps, page.steps)
    page.channels = _stream("channel", data.channels, page.channels)
    page.documents = _stream("document", data.documents, page.documents)
    page.applicants = data.applicants
    page.result = data.result
    page.requirements = data.requirements
    page.fees = data.fees
    page.change_note = "Cập nhật từ tệp nhập danh mục"


def _catalogue() -> CatalogueIndexPage:
    index = CatalogueIndexPage.objects.order_by("path").first()
    if index is None:
        raise ProcedureImportError(["catalogue: chưa có trang danh mục thủ tục"])
    return index


@transaction.atomic
def procedures_import(
    items: Any,
    *,
    user=None,
    dry_run: bool = False,
    publish: bool = False,
    index: CatalogueIndexPage | None = None,
) -> ImportReport:
    """Create or revise one procedure page per item, all or nothing.

    Matching is by national code: an existing page gets a new revision (logged
    as an edit), a new code a new page under the catalogue. Without
    ``publish`` the revisions go to the page's moderation workflow, so an
    approver publishes them; with it they are published at once.
    """
    valid = procedures_validate(items)
    index = index or _catalogue()
    report = ImportReport(dry_run=dry_run, published=publish)
    existing = {
        page.code: page
        for page in ProcedurePage.objects.filter(code__in=[d.code for d in valid])
    }
    if publish and user is not None:
        _check_may_publish(user, index, valid, existing)
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    register = list(LegalText.objects.all())
    for data in valid:
        slug = slugify(fold(data.sector_name))[:200]
        if slug not in sectors:
            sectors[slug] = Sector(name=data.sector_name, slug=slug)
            report.new_sectors.append(data.sector_name)
        (report.updated if data.code in existing else report.created).append(data.code)
    if dry_run:
        return report
    for data in valid:
        sector = sectors[slugify(fold(data.sector_name))[:200]]
        if sector.pk is None:
            sector.save()
        page = existing.get(data.code)
        if page is None:
            page = ProcedurePage(live=False, slug=_free_slug(index, data))
            _apply(page, data, sector)
            index.add_child(instance=page)
        else:
            page = page.get_latest_revision_as_object()
            _apply(page, data, sector)
        texts, citations = _legal(data.legal_basis, register)
        page.legal_texts.set(texts)
        page.legal_basis = _stream("citation", citations, page.legal_basis)
        revision = page.save_revision(user=user, log_action=True, changed=True)
        if publish:
            revision.publish(user=user)
        else:
            report.submitted = _submit(page, revision, user) or report.submitted
    return report


def _check_may_publish(
    user, index: CatalogueIndexPage, valid: list[ProcedureData], existing: dict
) -> None:
    """Refuse ``publish`` for a person who may not publish, before any write.

    Wagtail checks the publisher's page rights only when it publishes, deep in
    the loop (``PublishPagePermissionError``: a traceback, and pages already
    added in the transaction). A site editor drafts; an approver publishes.
    Without a user (the demo loader) there is nobody to check.
    """
    errors = []
    if not index.permissions_for_user(user).can_publish_subpage():
        errors.append(
            f"publish: {user.get_username()} không có quyền công bố trang thủ tục; "
            "bỏ --publish để trình lãnh đạo phê duyệt, hoặc nhập bằng người "
            "có quyền công bố"
        )
    else:
        for data in valid:
            page = existing.get(data.code)
            if page is not None and not page.permissions_for_user(user).can_publish():
                errors.append(
                    f"item {data.number} ({data.code}): publish: "
                    f"{user.get_username()} không có quyền công bố trang này"
                )
    if errors:
        raise ProcedureImportError(errors)


def _free_slug(index: CatalogueIndexPage, data: ProcedureData) -> str:
    """``dang-ky-khai-sinh``, or with the code appended if a sibling has it."""
    base = slugify(fold(data.name))[:200] or slugify(data.code.replace(".", "-"))
    taken = index.get_children().filter(Q(slug=base)).exists()
    return f"{base}-{slugify(data.code.replace('.', '-'))}"[:255] if taken else base


def _submit(page: ProcedurePage, revision: Revision, user) -> bool:
    """Start the page's moderation workflow on ``revision``; False without one."""
    workflow = page.get_workflow()
    if workflow is None:
        return False
    in_progress = page.current_workflow_state
    if in_progress is not None:
        in_progress.cancel(user=user)
    workflow.start(page, user)
    return True
