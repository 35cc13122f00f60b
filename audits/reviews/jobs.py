"""Background builders of the management review (settings.QMS_JOB_BUILDERS)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from audits.reviews.pdf import management_review_pdf, review_pdf_filename
from audits.reviews.selectors import review_pack_for
from qms.jobs.models import BackgroundJob
from qms.jobs.services import JobRefused, JobResult
from qms.organisation.models import AdministrativeUnit


def review_pack_pdf(job: BackgroundJob, progress) -> JobResult:
    """The pack of ``job.params`` (unit, period) as a PDF, as its requester.

    Permission and scope are checked again here: they may have changed since
    the job was queued.
    """
    user = job.requested_by
    if not user.is_active or not user.has_perm("audits.view_managementreview"):
        raise PermissionDenied
    unit = AdministrativeUnit.objects.filter(pk=job.params.get("unit")).first()
    if unit is None:
        raise JobRefused(_("Đơn vị không còn tồn tại."))
    try:
        progress(10, _("Đang tổng hợp số liệu"))
        pack = review_pack_for(
            user,
            unit,
            datetime.date.fromisoformat(job.params["period_from"]),
            datetime.date.fromisoformat(job.params["period_to"]),
        )
    except Http404:
        raise JobRefused(_("Đơn vị này nằm ngoài phạm vi của bạn.")) from None
    progress(50, _("Đang dựng bản PDF"))
    pdf = management_review_pdf(pack)
    return JobResult(review_pdf_filename(pack), "application/pdf", pdf)
