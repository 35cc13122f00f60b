"""Production with S3_BUCKET keeps media and private files in object storage.

No S3 server runs here: this checks what can be checked without one, in a
fresh process as gunicorn would start it: both storages are S3, public media
have plain URLs, private ones only signed URLs that expire.
"""

from tests.config.test_production_settings import GOOD, start

S3 = {
    **GOOD,
    "S3_BUCKET": "qms-media",
    "S3_PRIVATE_BUCKET": "qms-private",
    "S3_ENDPOINT_URL": "https://s3.example.gov.vn",
    "S3_REGION": "hn-1",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "secret-example",
}

CODE = (
    "from django.core.files.storage import storages; "
    "print(storages['default'].url('a/b.png')); "
    "print(storages['private'].url('evidence/x.pdf'))"
)


def test_media_and_private_files_go_to_object_storage():
    result = start(S3, code=CODE)
    assert result.returncode == 0, result.stderr
    public, private = result.stdout.split()
    assert public == "https://s3.example.gov.vn/qms-media/media/a/b.png"
    assert private.startswith("https://s3.example.gov.vn/qms-private/private/evidence/")
    assert "X-Amz-Expires=300" in private
    assert "X-Amz-Signature=" in private


def test_without_a_bucket_files_stay_on_disk():
    result = start(
        GOOD,
        code="from django.conf import settings; "
        "print(settings.STORAGES['private']['BACKEND'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "qms.storage.PrivateFileSystemStorage"
