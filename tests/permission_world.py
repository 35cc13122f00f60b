"""Real objects for the permission matrix: one of each kind in the commune
officer's commune (Thị trấn Xuân Trường) and one in another commune (Xã Xuân
Châu), built through the services like the rest of the suite."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Task, Workflow

from audits.dossiers.models import Dossier, IntegrationKey
from audits.feedback.services import feedback_submit
from audits.inspections.models import ChecklistTemplate, EvidenceFile
from audits.inspections.services import plan_create, plan_item_add
from audits.planning.models import QualityObjective, Risk, RiskAction
from audits.reviews.models import ManagementReview, ReviewAction
from procedures.models import CatalogueIndexPage, HomePage
from procedures.sectors import Sector
from qms.calendar import CalendarDay
from qms.competence import services as competence_services
from qms.competence.models import Competence, RoleCompetence
from qms.documents import services as documents
from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument, LegalText
from qms.jobs.models import BackgroundJob
from qms.organisation.models import UnitMembership
from qms.signing.models import SignedRecord, SigningCredential
from tests import hostile_files
from tests.audits.dossiers.factories import make_dossier
from tests.audits.inspections.helpers import completed_visit_with_ncs
from tests.conftest import make_user
from tests.qms.documents.helpers import draft

MISSING = 999_999


def url_patterns() -> list[tuple[str, str | None]]:
    """Every URL pattern of the project as (route text, name), in order."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name

    return list(walk(get_resolver().url_patterns))


def _png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def build_world(*, district, commune, other_commune, document_controller, inspector):
    """Objects by kind: ``{kind: (own commune's pk, other commune's pk)}``."""
    root = Page.get_first_root_node()
    home = HomePage(title="UBND huyện Xuân Trường", slug="trang-chu-ma-tran")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    catalogue = CatalogueIndexPage(title="Thủ tục hành chính", slug="thu-tuc")
    home.add_child(instance=catalogue)
    revision = catalogue.save_revision()
    revision.publish()

    collection = Collection.get_first_root_node()
    document = get_document_model().objects.create(
        title="Biên bản",
        file=ContentFile(hostile_files.real_pdf_bytes(), name="bien-ban.pdf"),
        collection=collection,
    )
    image = get_image_model().objects.create(
        title="Ảnh", file=ContentFile(_png(), name="anh.png"), collection=collection
    )

    legal = LegalText.objects.create(
        number="Nghị định 63/2010/NĐ-CP",
        title="Về kiểm soát thủ tục hành chính",
        issuing_body="Chính phủ",
        issued_on=datetime.date(2010, 6, 8),
        effective_on=datetime.date(2010, 10, 14),
    )
    docs, revisions, attachments = [], [], []
    for unit, code in ((commune, "QT 01/XTT"), (other_commune, "QT 01/XC")):
        doc = ControlledDocument.objects.create(
            code=code,
            title=f"Quy trình {code}",
            doc_type=DocumentType.PROCESS,
            owning_unit=unit,
            owner=document_controller,
        )
        revision_draft = draft(doc, document_controller)
        attachment = documents.attachment_add(
            revision=revision_draft,
            user=document_controller,
            title="BM 01",
            uploaded_file=SimpleUploadedFile("bm01.txt", b"mau 01"),
        )
        docs.append(doc.pk)
        revisions.append(revision_draft.pk)
        attachments.append(attachment.pk)

    inspections, ncs, actions, evidence, memberships = [], [], [], [], []
    dossiers, reviews, review_actions, plan_items = [], [], [], []
    people, trainings, competence = [], [], None
    plan = plan_create(year=2022, issuing_unit=district, user=inspector)
    for unit in (commune, other_commune):
        inspection, found, corrective = completed_visit_with_ncs(unit, inspector)
        inspections.append(inspection.pk)
        ncs.append(found[0].pk)
        actions.append(corrective[0].pk)
        evidence.append(
            EvidenceFile.objects.create(
                answer=inspection.answers.first(),
                file=ContentFile(hostile_files.real_pdf_bytes(), name="bb.pdf"),
                uploaded_by=inspector,
            ).pk
        )
        plan_items.append(
            plan_item_add(
                plan=plan, unit=unit, mode="on_site", planned_month=5, user=inspector
            ).pk
        )
        code = make_dossier(
            unit, received=datetime.date(2022, 3, 1), due=datetime.date(2022, 3, 5)
        )
        dossiers.append(Dossier.objects.get(code=code).pk)
        review = ManagementReview.objects.create(
            unit=unit,
            period_from=datetime.date(2022, 1, 1),
            period_to=datetime.date(2022, 12, 31),
        )
        reviews.append(review.pk)
        review_actions.append(
            ReviewAction.objects.create(
                review=review,
                decision="Bổ sung nhân lực",
                owner_unit=unit,
                due_date=datetime.date(2023, 3, 31),
            ).pk
        )
        member = make_user(f"thanhvien{unit.code}", None, unit)
        memberships.append(UnitMembership.objects.get(user=member).pk)
        people.append(member.pk)
        # competence (qms.competence): a training record with its certificate
        competence = competence or Competence.objects.create(
            code="NV-MC", name="Nghiệp vụ một cửa", validity_months=36
        )
        trainings.append(
            competence_services.training_record_create(
                user=document_controller,
                person=member,
                unit=unit,
                competence=competence,
                course="Nghiệp vụ một cửa",
                provider="Sở Nội vụ",
                completed_on=datetime.date(2025, 5, 10),
                certificate=ContentFile(hostile_files.real_pdf_bytes(), name="cc.pdf"),
            ).pk
        )
    feedback = [
        feedback_submit(
            kind="report",
            unit=unit,
            subject="Chờ lâu",
            content="Phải chờ rất lâu tại bộ phận một cửa.",
            name="Nguyễn Văn An",
            phone="0912345678",
        ).pk
        for unit in (commune, other_commune)
    ]
    calendar_day = CalendarDay.objects.order_by("pk").first()
    job = BackgroundJob.objects.create(
        kind="review_pack_pdf", title="Hồ sơ xem xét", requested_by=inspector
    )
    # an import checked and waiting for the inspector's confirmation (qms/imports)
    import_job = BackgroundJob.objects.create(
        kind="import",
        title="Hồ sơ thủ tục: hoso.csv",
        params={"importer": "ho-so", "file_name": "hoso.csv", "rows": 1},
        requested_by=inspector,
        status="draft",
        summary={"check": {"ok": True, "rows": 1, "errors": [], "error_count": 0}},
    )
    key, _plain = IntegrationKey.objects.create_key(name="k", integration="một cửa")
    key.units.set([commune])
    sector = Sector.objects.create(name="Hộ tịch", slug="ho-tich")
    template = ChecklistTemplate.objects.first()
    workflow = Workflow.objects.first()
    task = Task.objects.first()
    requirement = RoleCompetence.objects.create(
        role="commune_officer", competence=competence
    )

    signed_records = []
    for unit in (commune, other_commune):
        credential = SigningCredential.objects.create(
            label="Chứng thư thử",
            unit=unit,
            file=ContentFile(b"0", name="thu.p12"),
            subject="Thử",
            issuer="CA thử",
            serial="1",
            fingerprint="0" * 64,
            not_before=timezone.now(),
            not_after=timezone.now() + datetime.timedelta(days=365),
            added_by=document_controller,
        )
        signed_records.append(
            SignedRecord.objects.create(
                kind="controlled_copy",
                object_ref=f"documentrevision:{revisions[0]}",
                object_label="Bản thử",
                unit=unit,
                credential=credential,
                certificate_subject="Thử",
                certificate_serial="1",
                signed_by=document_controller,
                signed_at=timezone.now(),
                reason="Thử",
                level="B-B",
                filename="thu.pdf",
                sha256="0" * 64,
                size=1,
            ).pk
        )

    # planning (audits.planning): an objective, a risk and its action per commune
    objectives, risks, risk_actions = [], [], []
    for unit in (commune, other_commune):
        objectives.append(
            QualityObjective.objects.create(
                unit=unit, year=2022, title="Đúng hạn", kind="on_time", target=98
            ).pk
        )
        risk = Risk.objects.create(
            unit=unit,
            process="Tiếp nhận hồ sơ",
            title="Thiếu cán bộ",
            cause="Nghỉ phép",
            consequence="Trễ hạn",
            likelihood=3,
            impact=4,
            identified_on=datetime.date(2022, 1, 10),
        )
        risks.append(risk.pk)
        risk_actions.append(
            RiskAction.objects.create(
                risk=risk, action="Bố trí dự phòng", due_date=datetime.date(2022, 3, 1)
            ).pk
        )

    return {
        "objective": tuple(objectives),
        "risk": tuple(risks),
        "risk_action": tuple(risk_actions),
        "signed_record": tuple(signed_records),
        "page": (catalogue.pk, catalogue.pk),
        "home_page": (home.pk, home.pk),
        "page_revision": (revision.pk, revision.pk),
        "collection": (collection.pk, collection.pk),
        "wagtail_document": (document.pk, document.pk),
        "document_file": (f"{document.pk}/{document.filename}", None),
        "image": (image.pk, image.pk),
        "legal_text": (legal.pk, legal.pk),
        "controlled_document": tuple(docs),
        "revision": tuple(revisions),
        "attachment": tuple(attachments),
        "inspection": tuple(inspections),
        "nonconformity": tuple(ncs),
        "action": tuple(actions),
        "evidence": tuple(evidence),
        "plan": (plan.pk, plan.pk),
        "plan_item": tuple(plan_items),
        "dossier": tuple(dossiers),
        "feedback": tuple(feedback),
        "calendar_day": (calendar_day.pk, calendar_day.pk),
        "review": tuple(reviews),
        "review_action": tuple(review_actions),
        "unit": (commune.pk, other_commune.pk),
        "membership": tuple(memberships),
        "integration_key": (key.pk, key.pk),
        "job": (job.pk, job.pk),
        "import_job": (import_job.pk, import_job.pk),
        "sector": (sector.pk, sector.pk),
        "checklist": (template.pk, template.pk),
        "site": (site.pk, site.pk),
        "user": (document_controller.pk, document_controller.pk),
        "group": (
            document_controller.groups.first().pk,
            document_controller.groups.first().pk,
        ),
        "workflow": (workflow.pk if workflow else MISSING,) * 2,
        "task": (task.pk if task else MISSING,) * 2,
        "person": tuple(people),
        "training_record": tuple(trainings),
        "competence": (competence.pk, competence.pk),
        "role_competence": (requirement.pk, requirement.pk),
    }
