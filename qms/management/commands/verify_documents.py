"""``manage.py verify_documents``: recompute the SHA-256 chain of every revision.

``--mail-on-failure`` is for the timer (deploy/systemd/qms-verify-documents.*):
a mismatch, or a check that cannot run at all, is mailed to ``ADMINS`` through
Django's mail backend, and the command still exits non-zero for the journal.
"""

from django.conf import settings
from django.core.mail import mail_admins
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qms.documents.services import documents_verify, register_head


class Command(BaseCommand):
    """Exit non-zero, naming each revision whose stored content no longer matches."""

    help = "Kiểm tra toàn vẹn (SHA-256) các lần ban hành đã phê duyệt."

    def add_arguments(self, parser):
        parser.add_argument(
            "--mail-on-failure",
            action="store_true",
            help=_("Gửi thư cho quản trị (ADMINS) khi có sai lệch hoặc lỗi."),
        )

    def handle(self, *args, mail_on_failure=False, **options):
        if mail_on_failure and not settings.ADMINS:
            raise CommandError(
                _("--mail-on-failure cần ADMINS (địa chỉ thư của quản trị).")
            )
        try:
            findings = documents_verify()
        except Exception as exc:
            if mail_on_failure:
                mail_admins(
                    _("Không chạy được kiểm tra toàn vẹn tài liệu"),
                    _("verify_documents dừng với lỗi: %(error)r") % {"error": exc},
                )
            raise
        for finding in findings:
            self.stderr.write(f"SAI LỆCH: {finding.label}: {finding.problem}")
        if findings:
            names = ", ".join(sorted({f.label for f in findings}))
            if mail_on_failure:
                lines = [f"- {f.label}: {f.problem}" for f in findings]
                mail_admins(
                    _("Kiểm tra toàn vẹn tài liệu: %(count)d sai lệch")
                    % {"count": len(findings)},
                    "\n".join(
                        [
                            _(
                                "Nội dung đã lưu của các lần ban hành sau không "
                                "còn khớp mã băm SHA-256:"
                            ),
                            *lines,
                            "",
                            _("Xem trang truy vết của từng tài liệu: %(url)s")
                            % {"url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/"},
                        ]
                    ),
                )
            raise CommandError(f"{len(findings)} sai lệch ở: {names}")
        self.stdout.write(self.style.SUCCESS("Toàn vẹn: mọi mã băm đều khớp."))
        # The same head is printed in each signed review pack: compare them.
        head = register_head()
        self.stdout.write(
            _(
                "Đầu chuỗi băm sổ tài liệu: %(digest)s (%(documents)d tài liệu, "
                "%(revisions)d lần ban hành)"
            )
            % {
                "digest": head.digest,
                "documents": head.documents,
                "revisions": head.revisions,
            }
        )
