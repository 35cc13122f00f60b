"""``verify_documents --mail-on-failure`` when the check cannot run at all.

No database access is allowed in this module (pytest-django refuses it with a
real exception), which stands for a database that is down at night.
"""

import io

import pytest
from django.core import mail
from django.core.management import call_command


def test_a_check_that_cannot_run_is_mailed_and_still_fails(settings):
    settings.ADMINS = [("Quản trị", "it@example.gov.vn")]
    with pytest.raises(RuntimeError, match="Database access not allowed"):
        call_command(
            "verify_documents",
            "--mail-on-failure",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    [message] = mail.outbox
    assert message.subject.endswith("Không chạy được kiểm tra toàn vẹn tài liệu")
    assert "Database access not allowed" in message.body
