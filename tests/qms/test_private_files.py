"""Attachments and evidence never sit where MEDIA_URL would serve them."""

from pathlib import Path

import pytest
from django.conf import settings

from audits.inspections.models import EvidenceFile
from qms.documents.models import RevisionAttachment


@pytest.mark.parametrize("model", [RevisionAttachment, EvidenceFile])
def test_private_files_have_no_public_url(model):
    storage = model._meta.get_field("file").storage
    location = Path(storage.location).resolve()
    assert location == Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    assert Path(settings.MEDIA_ROOT).resolve() not in location.parents
    with pytest.raises(ValueError):
        storage.url("qms/documents/1/evil.html")
