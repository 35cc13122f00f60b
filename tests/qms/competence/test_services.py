"""Training records: checks, history, computed expiry, nothing half-written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qms.competence import services
from qms.competence.models import TrainingRecord
from tests import hostile_files

pytestmark = pytest.mark.django_db


def test_record_with_certificate_is_stored_privately_with_history(
    commune_officer, commune, one_stop, record_for
):
    record = record_for(
        commune_officer,
        commune,
        one_stop,
        completed=datetime.date(2025, 5, 10),
        certificate=hostile_files.real_pdf("chung-chi.pdf"),
    )
    assert record.certificate.name.startswith(f"competence/{commune_officer.pk}/")
    with pytest.raises(ValueError, match="Private files have no URL"):
        record.certificate.url  # noqa: B018
    # expiry computed from the competence's 36 months
    assert record.expires_on == datetime.date(2028, 5, 10)
    history = record.history.get()
    assert history.history_change_reason.startswith("Ghi nhận đào tạo")
    assert history.history_user.username == "controller"


def test_html_renamed_pdf_is_refused_and_nothing_saved(
    commune_officer, commune, one_stop, record_for
):
    fake = SimpleUploadedFile("chung-chi.pdf", b"<html><script>alert(1)</script>")
    with pytest.raises(ValidationError) as error:
        record_for(
            commune_officer,
            commune,
            one_stop,
            completed=datetime.date(2025, 5, 10),
            certificate=fake,
        )
    assert "certificate" in error.value.message_dict
    assert "chung-chi.pdf" in " ".join(error.value.message_dict["certificate"])
    assert not TrainingRecord.objects.exists()


def test_wrong_extension_refused(commune_officer, commune, one_stop, record_for):
    with pytest.raises(ValidationError) as error:
        record_for(
            commune_officer,
            commune,
            one_stop,
            completed=datetime.date(2025, 5, 10),
            certificate=SimpleUploadedFile("chung-chi.exe", b"MZ\x90\x00"),
        )
    assert "certificate" in error.value.message_dict


def test_expiry_before_completion_names_the_field(
    commune_officer, commune, one_stop, record_for
):
    with pytest.raises(ValidationError) as error:
        record_for(
            commune_officer,
            commune,
            one_stop,
            completed=datetime.date(2025, 5, 10),
            expires=datetime.date(2025, 5, 9),
        )
    assert "expires_on" in error.value.message_dict
    assert not TrainingRecord.objects.exists()


def test_person_must_belong_to_the_unit(
    commune_officer, other_commune, one_stop, record_for
):
    with pytest.raises(ValidationError) as error:
        record_for(
            commune_officer,
            other_commune,
            one_stop,
            completed=datetime.date(2025, 5, 10),
        )
    assert "unit" in error.value.message_dict


def test_officer_cannot_record_for_another_commune(
    commune_officer, other_clerk, other_commune, one_stop
):
    with pytest.raises(PermissionDenied):
        services.training_record_create(
            user=commune_officer,
            person=other_clerk,
            unit=other_commune,
            competence=one_stop,
            course="Nghiệp vụ",
            provider="Sở Nội vụ",
            completed_on=datetime.date(2025, 5, 10),
        )
    assert not TrainingRecord.objects.exists()


def test_reader_without_write_permission_refused(
    inspector, commune_officer, commune, one_stop
):
    with pytest.raises(PermissionDenied):
        services.training_record_create(
            user=inspector,
            person=commune_officer,
            unit=commune,
            competence=one_stop,
            course="Nghiệp vụ",
            provider="Sở Nội vụ",
            completed_on=datetime.date(2025, 5, 10),
        )
