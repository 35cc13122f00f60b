"""Bulk import of an existing document set: Markdown files with YAML front matter.

Everything is read and validated first; problems are reported per file and
field; only when there is none are documents and revisions written, in one
transaction, through the workflow services (so the three-person rule, the
change log and the hash chain hold for imported revisions too). Any error while
writing rolls everything back.

Front matter::

    ---
    code: QT 02/HT-TP
    title: Quy trình đăng ký khai sinh
    type: process            # or the Vietnamese label "Quy trình"
    issue: 1
    revision: 0              # optional, default 0
    effective_date: 2022-01-15
    legal_bases: [Nghị định 63/2010/NĐ-CP]   # numbers already in the register
    procedure_codes: [1.001193]               # optional
    unit: 364.TP                              # optional, else --unit
    owner: kiemsoat                           # optional, else --user
    change: {what: ..., where: ..., why: ...} # optional for issue 1 revision 0
    drafted_by: kiemsoat                      # the three signatories: when all
    reviewed_by: pheduyet                     # three are given the revision is
    approved_by: xemxet                       # imported approved on approved_on
    approved_on: 2022-01-10
    ---
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from qms.documents import services
from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument, LegalText
from qms.organisation.models import AdministrativeUnit

REQUIRED = ("code", "title", "type", "issue", "effective_date")
KNOWN = set(REQUIRED) | {
    "revision",
    "legal_bases",
    "procedure_codes",
    "unit",
    "owner",
    "change",
    "drafted_by",
    "reviewed_by",
    "approved_by",
    "approved_on",
}


@dataclass(frozen=True)
class ImportProblem:
    """One problem: which file, which field, what is wrong."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class ParsedDocument:
    """A validated file, ready to write."""

    file: str
    meta: dict
    body: str
    legal_bases: list = field(default_factory=list)
    unit: AdministrativeUnit | None = None
    owner: object = None
    signatories: tuple | None = None


@dataclass
class ImportReport:
    """What an import found and, if nothing was wrong, what it wrote."""

    problems: list[ImportProblem] = field(default_factory=list)
    created_documents: int = 0
    created_revisions: int = 0


def _read_sources(path: Path) -> list[tuple[str, str]]:
    """(name, text) of every ``.md`` file in a folder or a zip."""
    if path.is_dir():
        return [
            (str(p.relative_to(path)), p.read_text(encoding="utf-8"))
            for p in sorted(path.rglob("*.md"))
        ]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return [
                (name, archive.read(name).decode("utf-8"))
                for name in sorted(archive.namelist())
                if name.endswith(".md") and not name.startswith("__MACOSX")
            ]
    raise ValueError(f"{path}: không phải thư mục hoặc tệp zip")


def _split_front_matter(text: str) -> tuple[str, str] | None:
    stream = io.StringIO(text.lstrip("\ufeff"))
    if stream.readline().strip() != "---":
        return None
    header = []
    for line in stream:
        if line.strip() == "---":
            return "".join(header), stream.read()
        header.append(line)
    return None


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
    return None


def _doc_type(value) -> str | None:
    for choice_value, label in DocumentType.choices:
        if str(value).strip().lower() in (choice_value, str(label).lower()):
            return choice_value
    return None


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(",") if v.strip()]


class _Validator:
    def __init__(self, *, default_unit, default_owner):
        self.default_unit = default_unit
        self.default_owner = default_owner
        self.legal = {t.number: t for t in LegalText.objects.all()}
        self.users = {u.username: u for u in get_user_model().objects.all()}
        self.existing = {
            d.code: d for d in ControlledDocument.objects.prefetch_related("revisions")
        }
        self.seen: dict[tuple, str] = {}

    def parse(self, name: str, text: str, problems: list[ImportProblem]):
        def problem(field_name: str, message: str) -> None:
            problems.append(ImportProblem(name, field_name, message))

        split = _split_front_matter(text)
        if split is None:
            problem("front matter", "thiếu phần đầu YAML giữa hai dòng ---")
            return None
        try:
            meta = yaml.safe_load(split[0]) or {}
        except yaml.YAMLError as error:
            problem("front matter", f"YAML không hợp lệ: {error}")
            return None
        if not isinstance(meta, dict):
            problem("front matter", "phần đầu phải là các cặp khóa: giá trị")
            return None
        count = len(problems)
        for key in REQUIRED:
            if meta.get(key) in (None, ""):
                problem(key, "bắt buộc")
        for key in sorted(set(meta) - KNOWN):
            problem(key, "trường không được hỗ trợ")
        parsed = ParsedDocument(name, meta, split[1].strip() + "\n")
        if not parsed.body.strip():
            problem("nội dung", "trống")
        if meta.get("type") and not _doc_type(meta["type"]):
            problem("type", f"loại không hợp lệ: {meta['type']!r}")
        for key in ("issue", "revision"):
            value = meta.get(key, 0 if key == "revision" else None)
            if value is not None and (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not (1 if key == "issue" else 0) <= value <= 999
            ):
                problem(key, "phải là số nguyên (lần ban hành 1–999, sửa đổi 0–999)")
        effective = _as_date(meta.get("effective_date"))
        if meta.get("effective_date") and effective is None:
            problem("effective_date", "ngày không hợp lệ (YYYY-MM-DD)")
        for number in _as_list(meta.get("legal_bases")):
            if number in self.legal:
                parsed.legal_bases.append(self.legal[number])
            else:
                problem("legal_bases", f"chưa có trong danh mục: {number}")
        unit_code = meta.get("unit")
        if unit_code:
            parsed.unit = (
                AdministrativeUnit.objects.filter(code=str(unit_code))
                .order_by(F("valid_to").desc(nulls_first=True))
                .first()
            )
            if parsed.unit is None:
                problem("unit", f"không có đơn vị mã {unit_code}")
        else:
            parsed.unit = self.default_unit
            if parsed.unit is None and str(meta.get("code")) not in self.existing:
                problem("unit", "không có, và không có --unit")
        parsed.owner = self._user(meta.get("owner"), "owner", problem)
        parsed.owner = parsed.owner or self.default_owner
        names = [meta.get(k) for k in ("drafted_by", "reviewed_by", "approved_by")]
        if any(names):
            people = [
                self._user(meta.get(k), k, problem)
                for k in ("drafted_by", "reviewed_by", "approved_by")
            ]
            approved_on = _as_date(meta.get("approved_on"))
            if not all(names):
                problem("approved_by", "cần đủ người soạn thảo, xem xét, phê duyệt")
            elif len(set(names)) < 3:
                problem("approved_by", "ba người ký phải khác nhau")
            if approved_on is None:
                problem("approved_on", "bắt buộc khi có người phê duyệt")
            elif effective and effective < approved_on:
                problem("effective_date", "không được trước ngày phê duyệt")
            parsed.signatories = (*people, approved_on)
        change = meta.get("change") or {}
        first = meta.get("issue") == 1 and not meta.get("revision")
        if not isinstance(change, dict) or (
            not first and not all(change.get(k) for k in ("what", "where", "why"))
        ):
            problem("change", "cần what, where, why (nhật ký sửa đổi)")
        key = (str(meta.get("code")), meta.get("issue"), meta.get("revision", 0))
        if key in self.seen:
            problem("code", f"trùng lần ban hành với {self.seen[key]}")
        self.seen[key] = name
        existing = self.existing.get(str(meta.get("code")))
        if existing and any(
            (r.issue_number, r.revision_number) == key[1:]
            for r in existing.revisions.all()
        ):
            problem("issue", "lần ban hành này đã có trong hệ thống")
        return parsed if len(problems) == count else None

    def _user(self, username, field_name, problem):
        if not username:
            return None
        user = self.users.get(str(username))
        if user is None:
            problem(field_name, f"không có người dùng {username}")
        return user


def documents_import(
    path: Path,
    *,
    user,
    default_unit: AdministrativeUnit | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Validate every file, then (if all are valid) write them in one transaction."""
    report = ImportReport()
    try:
        sources = _read_sources(Path(path))
    except (OSError, ValueError, zipfile.BadZipFile, UnicodeDecodeError) as error:
        report.problems.append(ImportProblem(str(path), "tệp", str(error)))
        return report
    if not sources:
        report.problems.append(ImportProblem(str(path), "tệp", "không có tệp .md"))
        return report
    validator = _Validator(default_unit=default_unit, default_owner=user)
    parsed = []
    for name, text in sources:
        item = validator.parse(name, text, report.problems)
        if item:
            parsed.append(item)
    if report.problems or dry_run:
        return report
    # Older issues first, so each new revision supersedes the previous one.
    parsed.sort(
        key=lambda p: (
            str(p.meta["code"]),
            p.meta["issue"],
            p.meta.get("revision", 0),
        )
    )
    current_file = ""
    try:
        with transaction.atomic():
            for item in parsed:
                current_file = item.file
                _write(item, user=user, report=report)
            current_file = str(path)
            services.revisions_activate_due(today=timezone.localdate(), user=user)
    except (ValidationError, PermissionDenied) as error:
        messages = getattr(error, "message_dict", None) or {
            "ghi": list(getattr(error, "messages", [str(error)]))
        }
        for field_name, texts in messages.items():
            for text in texts:
                report.problems.append(ImportProblem(current_file, field_name, text))
        report.created_documents = report.created_revisions = 0
    return report


def _write(item: ParsedDocument, *, user, report: ImportReport) -> None:
    meta = item.meta
    document = ControlledDocument.objects.filter(code=str(meta["code"])).first()
    if document is None:
        document = ControlledDocument(
            code=str(meta["code"]),
            title=str(meta["title"]),
            doc_type=_doc_type(meta["type"]),
            owning_unit=item.unit,
            owner=item.owner,
            procedure_codes=", ".join(_as_list(meta.get("procedure_codes"))),
        )
        document._change_reason = f"Nhập từ {item.file}"
        document._history_user = user
        document.full_clean()
        document.save()
        report.created_documents += 1
    if item.legal_bases:
        document.legal_bases.add(*item.legal_bases)
    change = meta.get("change") or {}
    drafter = item.signatories[0] if item.signatories else user
    approved_on = item.signatories[3] if item.signatories else None
    at = (
        timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(8)))
        if approved_on
        else None
    )
    revision = services.revision_create_draft(
        document=document,
        user=drafter,
        body=item.body,
        issue_number=meta["issue"],
        revision_number=meta.get("revision", 0),
        effective_date=_as_date(meta["effective_date"]),
        change_what=change.get("what") or "Ban hành lần đầu",
        change_where=change.get("where") or "Toàn bộ tài liệu",
        change_why=change.get("why") or f"Nhập từ bộ tài liệu hiện có ({item.file})",
        at=at,
    )
    report.created_revisions += 1
    if item.signatories:
        drafter, reviewer, approver, _day = item.signatories
        services.revision_submit(revision=revision, user=drafter, at=at)
        services.revision_review(revision=revision, user=reviewer, at=at)
        services.revision_approve(revision=revision, user=approver, at=at)
