"""``manage.py add_signing_credential FILE (--user U | --unit CODE) --label L``.

How an operator configures a real certificate: a PKCS#12 export (.p12/.pfx)
of the signer's or the unit's certificate. The passphrase is asked for (or
read from ``QMS_PKCS12_PASSPHRASE``) only to check the file; it is not kept.
"""

import getpass
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from qms.organisation.models import AdministrativeUnit
from qms.signing import services


class Command(BaseCommand):
    """Keep a signer's PKCS#12 file for a user or a unit, its certificate checked."""

    help = "Thêm chứng thư số (tệp PKCS#12) cho một người hoặc một đơn vị."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--user", help="tên đăng nhập của người ký")
        owner.add_argument("--unit", help="mã đơn vị (chứng thư của đơn vị)")
        parser.add_argument("--label", required=True)

    def handle(self, *args, path, user=None, unit=None, label, **options):
        admin = get_user_model().objects.filter(is_superuser=True).first()
        if admin is None:
            raise CommandError("Cần một tài khoản quản trị (createsuperuser).")
        owner_user = owner_unit = None
        if user:
            owner_user = get_user_model().objects.filter(username=user).first()
            if owner_user is None:
                raise CommandError(f"Không có người dùng {user}.")
        else:
            owner_unit = AdministrativeUnit.objects.filter(code=unit).first()
            if owner_unit is None:
                raise CommandError(f"Không có đơn vị mã {unit}.")
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        passphrase = os.environ.get("QMS_PKCS12_PASSPHRASE") or getpass.getpass(
            "Mật khẩu tệp PKCS#12: "
        )
        try:
            with path.open("rb") as handle:
                credential = services.credential_add(
                    upload=File(handle, name=path.name),
                    passphrase=passphrase,
                    label=label,
                    added_by=admin,
                    user=owner_user,
                    unit=owner_unit,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã thêm chứng thư số {credential.subject} "
                f"(hiệu lực đến {credential.not_after:%d/%m/%Y})."
            )
        )
