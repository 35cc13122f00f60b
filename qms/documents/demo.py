"""Demo document set of the one-stop office of UBND huyện Xuân Trường (2019–2022).

The content lives in ``fixtures/documents/``, where a documentation clerk can
read and edit it: ``legal_texts.yaml`` (the legal register), one folder per
document with one Markdown file per revision (YAML front matter in the
importer's format, :mod:`qms.documents.importer`), and ``demo_workflow.yaml``
(the one revision sent back before approval, the day an amendment was
recorded). The files are read by the same reader as ``import_documents``.

This module only replays that history through the real workflow on its
historical dates: drafted ten days before approval by ``kiemsoat``, submitted
three days later, reviewed by ``xemxet`` two days before approval, approved by
``pheduyet`` and put in force on the effective date. A revision without an
approval date waits for review. One amendment (Nghị định 107/2021/NĐ-CP) is
left un-absorbed by one process, so the dashboard has work to show.

Idempotent: a document whose code exists is left alone.
"""

import datetime

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from qms.documents import services
from qms.documents.choices import DocumentType, RevisionStatus
from qms.documents.document_files import ParsedDocument, documents_read
from qms.documents.importer import attachments_add, document_from, legal_texts_load
from qms.documents.models import DocumentRevision, LegalText
from qms.organisation.choices import UnitLevel
from qms.organisation.demo import DEMO_PASSWORD
from qms.organisation.models import LEGACY_END, AdministrativeUnit, UnitMembership
from qms.organisation.roles import APPROVER

FIXTURES = settings.BASE_DIR / "fixtures" / "documents"
#: A revision that waits for review is replayed as if approval were due then.
PENDING_AS_OF = datetime.date(2022, 9, 20)
REGISTERED_AT = datetime.date(2019, 2, 15)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _unit(code: str) -> AdministrativeUnit:
    """An agency of the district, or a unit of the 2022 (legacy) structure.

    The demo is set before the 2025 reorganisation, so a commune code means
    the legacy commune even where the current structure reuses the code.
    """
    if "." in code:
        return AdministrativeUnit.objects.get(
            code=code, level=UnitLevel.AGENCY, valid_to__isnull=True
        )
    return AdministrativeUnit.objects.exclude(level=UnitLevel.AGENCY).get(
        code=code, valid_to=LEGACY_END
    )


def _reviewer():
    """A second leader who reviews, so that approval is by a third person."""
    user, created = get_user_model().objects.get_or_create(
        username="xemxet",
        defaults={
            "first_name": "Bình",
            "last_name": "Nguyễn Văn",
            "email": "xemxet@example.gov.vn",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=APPROVER.group_name))
    office = _unit("364.VP")
    if office:
        UnitMembership.objects.get_or_create(
            user=user,
            unit=office,
            defaults={"position": "Chánh Văn phòng HĐND và UBND"},
        )
    return user


def _key(item: ParsedDocument) -> tuple:
    return (str(item.meta["code"]), item.meta["issue"], item.meta.get("revision", 0))


def _approved_on(item: ParsedDocument) -> datetime.date | None:
    return item.signatories[3] if item.signatories else None


def _replay_revision(document, item: ParsedDocument, controller, returned) -> None:
    """Run one revision through the workflow on its historical dates."""
    approved_on = _approved_on(item)
    start = approved_on or PENDING_AS_OF
    drafted = _at(start, 8) - datetime.timedelta(days=10)
    comment, first_body = returned.get(_key(item), ("", ""))
    change = item.meta.get("change") or {}
    effective = item.effective_date
    revision = services.revision_create_draft(
        document=document,
        user=controller,
        body=first_body or item.body,
        issue_number=item.meta["issue"],
        revision_number=item.meta.get("revision", 0),
        effective_date=effective,
        change_what=change["what"],
        change_where=change["where"],
        change_why=change["why"],
        at=drafted,
    )
    attachments_add(item, revision=revision, user=controller, at=drafted)
    submitted = drafted + datetime.timedelta(days=3)
    services.revision_submit(revision=revision, user=controller, at=submitted)
    if comment:
        services.revision_reject(
            revision=revision,
            user=item.signatories[1],
            comment=comment,
            at=submitted + datetime.timedelta(days=1),
        )
        revision.refresh_from_db()
        services.revision_save_draft(
            revision=revision,
            user=controller,
            expected_version=revision.version,
            body=item.body,
            at=submitted + datetime.timedelta(days=2),
        )
        services.revision_submit(
            revision=revision,
            user=controller,
            at=submitted + datetime.timedelta(days=3),
        )
    if approved_on is None:
        return
    _drafter, reviewer, approver, _day = item.signatories
    services.revision_review(
        revision=revision,
        user=reviewer,
        at=_at(start, 8) - datetime.timedelta(days=2),
    )
    services.revision_approve(revision=revision, user=approver, at=_at(start, 10))
    services.revisions_activate_due(today=effective, user=None, at=_at(effective, 7))


def _workflow() -> tuple[dict, list[dict]]:
    """Revisions sent back once (by key) and the recorded legal changes."""
    plan = yaml.safe_load((FIXTURES / "demo_workflow.yaml").read_text("utf-8"))
    returned = {
        (r["code"], r["issue"], r["revision"]): (
            r["comment"],
            (FIXTURES / r["draft"]).read_text(encoding="utf-8"),
        )
        for r in plan.get("returned") or []
    }
    return returned, plan.get("legal_changes") or []


@transaction.atomic
def load(*, stdout) -> None:
    """Legal register, documents and their replayed history; acknowledgements.

    Revisions of all documents are replayed in date order; each legal change of
    ``demo_workflow.yaml`` is recorded before the first revision approved after
    it: processes reissued later clear their flag on coming into force, the
    others keep it.
    """
    user_model = get_user_model()
    controller = user_model.objects.get(username="kiemsoat")
    _reviewer()
    texts = legal_texts_load(FIXTURES / "legal_texts.yaml", user=controller)
    items, report = documents_read(FIXTURES, user=controller, skip_existing=True)
    if report.problems:
        raise ValueError("\n".join(str(p) for p in report.problems))
    returned, legal_changes = _workflow()
    documents = {}
    # Registered top-down (policy, processes, forms: DocumentType's order), then
    # by code; the ids, and so the revision hashes, follow that order.
    hierarchy = list(DocumentType.values)
    for item in sorted(
        items, key=lambda i: (hierarchy.index(document_from(i).doc_type), _key(i))
    ):
        code = str(item.meta["code"])
        if code not in documents:
            document = document_from(item)
            document.owning_unit = _unit(str(item.meta["unit"]))
            document._history_user = controller
            document._change_reason = "Đăng ký tài liệu"
            document._history_date = _at(REGISTERED_AT, 8)
            document.save()
            document.legal_bases.set(item.legal_bases)
            documents[code] = document
    pending = [c for c in legal_changes if texts[c["legal_text"]].amended_by_id is None]
    events = sorted(
        items, key=lambda i: (_approved_on(i) or datetime.date.max, *_key(i))
    )
    for item in events:
        day = _approved_on(item) or datetime.date.max
        for change in [c for c in pending if c["recorded_at"].date() < day]:
            services.legal_text_mark_changed(
                legal_text=texts[change["legal_text"]],
                amended_by=texts[change["amended_by"]],
                user=controller,
                at=timezone.make_aware(change["recorded_at"]),
            )
            pending.remove(change)
        _replay_revision(documents[_key(item)[0]], item, controller, returned)
    services.revisions_activate_due(today=timezone.localdate())
    _acknowledgements()
    stdout.write(
        f"Tài liệu ISO: {len(documents)} tài liệu mới, "
        f"{LegalText.objects.count()} văn bản pháp lý. "
        f"Người xem xét mẫu: xemxet / {DEMO_PASSWORD}"
    )


def _acknowledgements() -> None:
    """Staff of the commune and the office confirm reading what is in force."""
    readers = get_user_model().objects.filter(username__in=["canboxa", "bientap"])
    for reader in readers:
        unit_ids = set(reader.unit_memberships.values_list("unit_id", flat=True))
        for revision in DocumentRevision.objects.filter(
            status=RevisionStatus.IN_FORCE, document__owning_unit_id__in=unit_ids
        ).order_by("document__code")[:3]:
            services.acknowledge_read(revision=revision, user=reader)
