"""Demo certificates (CHỈ DÙNG THỬ): the approver's own and the district office's.

``pheduyet`` (Phó Chủ tịch UBND huyện) signs with a personal certificate; the
members of 364.VP (the ISO secretary ``kiemsoat``) with the office's. Both
were issued by the self-made demo CA in ``fixtures/signing`` and open with
``DEMO_PASSPHRASE``; they prove nothing about anybody. Idempotent.
"""

from django.contrib.auth import get_user_model
from django.core.files import File

from qms.organisation.models import AdministrativeUnit
from qms.signing import services
from qms.signing.demo_certificates import (
    DEMO_PASSPHRASE,
    DEMO_SIGNER_FILE,
    DEMO_UNIT_FILE,
)
from qms.signing.models import SigningCredential

OFFICE_CODE = "364.VP"


def load(*, stdout) -> None:
    """Add the two demo certificates once (skipped when their owners are missing)."""
    admin = get_user_model().objects.filter(is_superuser=True).first()
    approver = get_user_model().objects.filter(username="pheduyet").first()
    office = AdministrativeUnit.objects.filter(code=OFFICE_CODE).first()
    if admin is None:
        return
    if approver and not SigningCredential.objects.filter(user=approver).exists():
        with DEMO_SIGNER_FILE.open("rb") as handle:
            services.credential_add(
                upload=File(handle, name="pheduyet-demo.p12"),
                passphrase=DEMO_PASSPHRASE,
                label="Chứng thư số thử nghiệm của Phạm Đức Minh (chỉ dùng thử)",
                added_by=admin,
                user=approver,
            )
    if office and not SigningCredential.objects.filter(unit=office).exists():
        with DEMO_UNIT_FILE.open("rb") as handle:
            services.credential_add(
                upload=File(handle, name="van-phong-demo.p12"),
                passphrase=DEMO_PASSPHRASE,
                label="Chứng thư số thử nghiệm của Văn phòng (chỉ dùng thử)",
                added_by=admin,
                unit=office,
            )
        stdout.write(
            "Chứng thư số thử nghiệm (chỉ dùng thử): pheduyet và Văn phòng "
            f"{OFFICE_CODE}, mật khẩu {DEMO_PASSPHRASE}"
        )
