"""Reading a document set from files, without writing: the file format.

Markdown files with YAML front matter (see ``qms.documents.importer`` for the
fields) in a folder or a zip, and ``legal_texts.yaml``. Every problem is
collected per file and field; ``qms.documents.importer`` writes only when
there is none.
"""

import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from django.contrib.auth import get_user_model
from django.db.models import F

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
    "attachments",
}
LEGAL_REQUIRED = ("number", "title", "issuing_body", "issued_on", "effective_on")
LEGAL_KNOWN = {*LEGAL_REQUIRED, "amended_by"}


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
    effective_date: datetime.date | None = None
    #: (title, file name, content) of each file listed under ``attachments``.
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import found and, if nothing was wrong, what it wrote."""

    problems: list[ImportProblem] = field(default_factory=list)
    created_documents: int = 0
    created_revisions: int = 0
    #: Files left alone because their document is already in the register.
    skipped: list[str] = field(default_factory=list)


def _is_document(name: str) -> bool:
    """A ``.md`` file outside any ``_``-named folder (``__MACOSX`` included)."""
    parts = PurePosixPath(name).parts
    return name.endswith(".md") and not any(p.startswith("_") for p in parts)


def _read_sources(
    path: Path,
) -> tuple[list[tuple[str, str]], Callable[[str], bytes]]:
    """(name, text) of every document in a folder or a zip, and a file reader.

    The reader returns the bytes of another file of the set by its name (for
    attachments); it raises OSError or KeyError when there is none.
    """
    if path.is_dir():
        sources = [
            (p.relative_to(path).as_posix(), p.read_text(encoding="utf-8"))
            for p in sorted(path.rglob("*.md"))
        ]
        return [s for s in sources if _is_document(s[0])], (
            lambda name: (path / name).read_bytes()
        )
    if zipfile.is_zipfile(path):

        def read(name: str) -> bytes:
            with zipfile.ZipFile(path) as archive:
                return archive.read(name)

        with zipfile.ZipFile(path) as archive:
            return [
                (name, archive.read(name).decode("utf-8"))
                for name in sorted(archive.namelist())
                if _is_document(name)
            ], read
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


def as_date(value) -> datetime.date | None:
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


def doc_type_of(value) -> str | None:
    for choice_value, label in DocumentType.choices:
        if str(value).strip().lower() in (choice_value, str(label).lower()):
            return choice_value
    return None


def as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(",") if v.strip()]


class _Validator:
    def __init__(self, *, default_unit, default_owner, skip_existing=False):
        self.default_unit = default_unit
        self.default_owner = default_owner
        self.skip_existing = skip_existing
        self.legal = {t.number: t for t in LegalText.objects.all()}
        self.users = {u.username: u for u in get_user_model().objects.all()}
        self.existing = {
            d.code: d for d in ControlledDocument.objects.prefetch_related("revisions")
        }
        self.seen: dict[tuple, str] = {}

    def parse(
        self,
        name: str,
        text: str,
        problems: list[ImportProblem],
        read: Callable[[str], bytes],
        skipped: list[str],
    ):
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
        if self.skip_existing and str(meta.get("code")) in self.existing:
            skipped.append(name)
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
        if meta.get("type") and not doc_type_of(meta["type"]):
            problem("type", f"loại không hợp lệ: {meta['type']!r}")
        for key in ("issue", "revision"):
            value = meta.get(key, 0 if key == "revision" else None)
            if value is not None and (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not (1 if key == "issue" else 0) <= value <= 999
            ):
                problem(key, "phải là số nguyên (lần ban hành 1–999, sửa đổi 0–999)")
        effective = parsed.effective_date = as_date(meta.get("effective_date"))
        if meta.get("effective_date") and effective is None:
            problem("effective_date", "ngày không hợp lệ (YYYY-MM-DD)")
        for number in as_list(meta.get("legal_bases")):
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
            approved_on = as_date(meta.get("approved_on"))
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
        parsed.attachments = _attachments(name, meta.get("attachments"), read, problem)
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


def _attachments(name: str, value, read, problem) -> list[tuple[str, str, bytes]]:
    """(title, file name, content) of the files listed, relative to ``name``."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(
        isinstance(v, dict) and v.get("title") and v.get("file") for v in value
    ):
        problem("attachments", "mỗi tệp đính kèm cần title và file")
        return []
    found = []
    for item in value:
        relative = PurePosixPath(name).parent / str(item["file"])
        if ".." in relative.parts:
            problem("attachments", f"tệp phải nằm trong bộ tài liệu: {item['file']}")
            continue
        try:
            content = read(relative.as_posix())
        except (OSError, KeyError):
            problem("attachments", f"không có tệp {item['file']}")
            continue
        found.append((str(item["title"]), relative.name, content))
    return found


def documents_read(
    path: Path,
    *,
    user,
    default_unit: AdministrativeUnit | None = None,
    skip_existing: bool = False,
) -> tuple[list[ParsedDocument], ImportReport]:
    """Read and validate a folder or zip; write nothing.

    Returns the valid documents, oldest issue first per code, and a report of
    the problems. With ``skip_existing`` a file whose document code is already
    in the register is left out (listed in ``report.skipped``), not an error:
    ``load_demo`` relies on it to stay idempotent.
    """
    report = ImportReport()
    try:
        sources, read = _read_sources(Path(path))
    except (OSError, ValueError, zipfile.BadZipFile, UnicodeDecodeError) as error:
        report.problems.append(ImportProblem(str(path), "tệp", str(error)))
        return [], report
    if not sources:
        report.problems.append(ImportProblem(str(path), "tệp", "không có tệp .md"))
        return [], report
    validator = _Validator(
        default_unit=default_unit, default_owner=user, skip_existing=skip_existing
    )
    parsed = []
    for name, text in sources:
        item = validator.parse(name, text, report.problems, read, report.skipped)
        if item:
            parsed.append(item)
    # Older issues first, so each new revision supersedes the previous one.
    parsed.sort(
        key=lambda p: (
            str(p.meta["code"]),
            p.meta["issue"],
            p.meta.get("revision", 0),
        )
    )
    return parsed, report


def legal_texts_read(path: Path) -> list[dict]:
    """The entries of a ``legal_texts.yaml``, checked; ValueError names each fault.

    Dates become ``datetime.date``; ``amended_by`` must be a number of the file.
    """
    try:
        entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: {error}") from error
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError(f"{path}: phải là danh sách các văn bản (number, title, ...)")
    numbers = {str(e.get("number")) for e in entries}
    faults = []
    for index, entry in enumerate(entries, 1):
        where = f"{path}: mục {index} ({entry.get('number', '?')})"
        faults += [
            f"{where}: {k}: bắt buộc" for k in LEGAL_REQUIRED if not entry.get(k)
        ]
        faults += [
            f"{where}: {k}: trường không được hỗ trợ"
            for k in sorted(set(entry) - LEGAL_KNOWN)
        ]
        for key in ("issued_on", "effective_on"):
            if entry.get(key):
                entry[key] = as_date(entry[key])
                if entry[key] is None:
                    faults.append(f"{where}: {key}: ngày không hợp lệ (YYYY-MM-DD)")
        amended_by = entry.get("amended_by")
        if amended_by and str(amended_by) not in numbers:
            faults.append(f"{where}: amended_by: chưa có trong danh mục: {amended_by}")
    if faults:
        raise ValueError("\n".join(faults))
    return entries
