"""The public quality-system page: policy in full, register in force, nothing else."""

import datetime
import re

import pytest
import time_machine
from wagtail.models import Site

from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument
from qms.organisation.models import DeploymentSettings
from tests.qms.documents.helpers import approved, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(district, document_controller, approver, second_approver):
    """A policy and a process in force under district 364, plus a draft and a record."""
    agency_unit = district
    DeploymentSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"operating_unit": district},
    )
    docs = {}
    with time_machine.travel(datetime.datetime(2022, 3, 1, 9, tzinfo=datetime.UTC)):
        for code, doc_type, body in [
            (
                "CSMT 01",
                DocumentType.POLICY,
                "Cam kết **phục vụ** <script>x()</script>",
            ),
            ("QT 01/TP", DocumentType.PROCESS, "Quy trình"),
            ("HS 01", DocumentType.RECORD, "Sổ nội bộ"),
        ]:
            doc = ControlledDocument.objects.create(
                code=code,
                title=f"Tài liệu {code}",
                doc_type=doc_type,
                owning_unit=agency_unit,
                owner=document_controller,
            )
            approved(doc, document_controller, approver, second_approver, body=body)
            docs[code] = doc
        draft(docs["QT 01/TP"], document_controller, body="Dự thảo chưa duyệt")
    return docs


def test_policy_and_register_are_public(
    client, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = client.get("/he-thong-chat-luong/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<strong>phục vụ</strong>" in body
    assert "<script>" not in body
    assert "QT 01/TP" in body
    assert "HS 01" not in body  # internal records stay internal
    assert "Dự thảo chưa duyệt" not in body


def test_other_units_documents_are_not_listed(client, published, other_commune):
    ControlledDocument.objects.filter(code="QT 01/TP").update(owning_unit=other_commune)
    DeploymentSettings.objects.filter(
        site=Site.objects.get(is_default_site=True)
    ).update(operating_unit=published["CSMT 01"].owning_unit.children.first())
    body = client.get("/he-thong-chat-luong/").content.decode()
    assert "QT 01/TP" not in body


def test_empty_register_says_so(client):
    response = client.get("/he-thong-chat-luong/")
    assert response.status_code == 200
    assert "Chưa có tài liệu nào đang hiệu lực" in response.content.decode()


def test_rows_carry_anchors_for_procedure_pages(client, published):
    body = client.get("/he-thong-chat-luong/").content.decode()
    assert f'id="doc-{published["QT 01/TP"].pk}"' in body


def test_each_listed_document_opens_its_text_in_force(
    client, published, django_assert_max_num_queries
):
    """Issue 12: the register's rows open the revision in force, read-only."""
    body = client.get("/he-thong-chat-luong/").content.decode()
    process = published["QT 01/TP"]
    url = f"/he-thong-chat-luong/tai-lieu/{process.pk}/"
    assert f'href="{url}"' in body
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<p>Quy trình</p>" in page  # the body in force, rendered
    assert "Dự thảo chưa duyệt" not in page  # never the draft in progress
    assert "Sửa dự thảo" not in page and "/admin/" not in page
    policy = client.get(f"/he-thong-chat-luong/tai-lieu/{published['CSMT 01'].pk}/")
    assert "<script>" not in policy.content.decode()


def test_unlisted_documents_do_not_open(client, published, other_commune):
    record = published["HS 01"]  # internal record: not listed, not opened
    assert client.get(f"/he-thong-chat-luong/tai-lieu/{record.pk}/").status_code == 404
    assert client.get("/he-thong-chat-luong/tai-lieu/999999/").status_code == 404
    # A document with only a draft has nothing in force to show.
    lone = ControlledDocument.objects.create(
        code="QT 99/TP",
        title="Chỉ có dự thảo",
        doc_type=DocumentType.PROCESS,
        owning_unit=published["QT 01/TP"].owning_unit,
        owner=published["QT 01/TP"].owner,
    )
    draft(lone, published["QT 01/TP"].owner, body="Bí mật dự thảo")
    assert client.get(f"/he-thong-chat-luong/tai-lieu/{lone.pk}/").status_code == 404
    # Outside the deployment's operating unit: 404, like the register.
    process = published["QT 01/TP"]
    # Saved as the admin saves them (the site settings a process remembers are
    # dropped by the save signal: qms/page_serving.py).
    process.owning_unit = other_commune
    process.save()
    deployment = DeploymentSettings.objects.get(
        site=Site.objects.get(is_default_site=True)
    )
    deployment.operating_unit = published["CSMT 01"].owning_unit.children.first()
    deployment.save()
    assert client.get(f"/he-thong-chat-luong/tai-lieu/{process.pk}/").status_code == 404


def test_a_superseded_revision_is_not_shown(
    client, published, document_controller, approver, second_approver
):
    process = published["QT 01/TP"]
    process.revisions.filter(status="draft").delete()
    with time_machine.travel(datetime.datetime(2022, 4, 1, 9, tzinfo=datetime.UTC)):
        approved(
            process,
            document_controller,
            approver,
            second_approver,
            body="Quy trình sửa đổi lần 1",
        )
    page = client.get(f"/he-thong-chat-luong/tai-lieu/{process.pk}/").content.decode()
    assert "Quy trình sửa đổi lần 1" in page
    assert "<p>Quy trình</p>" not in page


def test_document_page_keeps_the_content_security_policy(client, published):
    response = client.get(f"/he-thong-chat-luong/tai-lieu/{published['QT 01/TP'].pk}/")
    policy = response["Content-Security-Policy"]
    html = response.content.decode()
    nonce = re.search(r'<style nonce="([^"]+)">', html).group(1)
    assert f"'nonce-{nonce}'" in policy
    assert "<script" not in html.split("<main")[1].split("</main>")[0]
    assert not re.findall(r"<[a-z]+\s[^>]*\son[a-z]+=", html)
