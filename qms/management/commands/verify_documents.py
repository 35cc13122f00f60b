"""``manage.py verify_documents``: recompute the SHA-256 chain of every revision."""

from django.core.management.base import BaseCommand, CommandError

from qms.documents.services import documents_verify


class Command(BaseCommand):
    """Exit non-zero, naming each revision whose stored content no longer matches."""

    help = "Kiểm tra toàn vẹn (SHA-256) các lần ban hành đã phê duyệt."

    def handle(self, *args, **options):
        findings = documents_verify()
        for finding in findings:
            self.stderr.write(f"SAI LỆCH: {finding.label}: {finding.problem}")
        if findings:
            names = ", ".join(sorted({f.label for f in findings}))
            raise CommandError(f"{len(findings)} sai lệch ở: {names}")
        self.stdout.write(self.style.SUCCESS("Toàn vẹn: mọi mã băm đều khớp."))
