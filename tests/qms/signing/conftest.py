"""Demo certificates installed through the service, for signing tests."""

import pytest
from django.core.files import File

from qms.signing import services
from qms.signing.demo_certificates import (
    DEMO_PASSPHRASE,
    DEMO_SIGNER_FILE,
    DEMO_UNIT_FILE,
)


def add_credential(owner_user=None, *, unit=None, added_by, path=DEMO_SIGNER_FILE):
    with path.open("rb") as handle:
        return services.credential_add(
            upload=File(handle, name="thu.p12"),
            passphrase=DEMO_PASSPHRASE,
            label="Chứng thư thử",
            added_by=added_by,
            user=owner_user,
            unit=unit,
        )


@pytest.fixture
def approver_credential(approver, superuser):
    return add_credential(approver, added_by=superuser)


@pytest.fixture
def commune_credential(commune, superuser):
    return add_credential(unit=commune, added_by=superuser, path=DEMO_UNIT_FILE)
