"""Speed of document control against the issue's targets (not a test).

    DATABASE_URL=sqlite:////work/main/build/bench.sqlite3 \
        .venv/bin/python benchmarks/documents_speed.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qms_bench \
        .venv/bin/python benchmarks/documents_speed.py

Builds (once per database) a document with 1,000 history rows and a register
of 5,000 documents each with an in-force revision, then reports the median of
several runs of: the trace page (target < 300 ms, with its query count) and
``documents_in_force`` (target < 1 s). Uses the test settings (fast hashing).
"""

import datetime
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from qms.documents import services
from qms.documents.choices import DocumentType, RevisionStatus
from qms.documents.models import ControlledDocument, DocumentRevision
from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit
from qms.organisation.roles import APPROVER, DOCUMENT_CONTROLLER, roles_sync

REGISTER_SIZE = 5000
HISTORY_ROWS = 1000


def _user(name, role):
    user, created = get_user_model().objects.get_or_create(username=name)
    if created:
        user.set_password("bench")
        user.save()
    user.groups.add(Group.objects.get(name=role.group_name))
    return user


def setup():
    """Create the data once; return (document with long history, user)."""
    call_command("migrate", verbosity=0)
    roles_sync()
    unit, _ = AdministrativeUnit.objects.get_or_create(
        level=UnitLevel.DISTRICT, code="999", defaults={"name": "Huyện thử"}
    )
    controller = _user("bench_controller", DOCUMENT_CONTROLLER)
    reviewer = _user("bench_reviewer", APPROVER)
    approver = _user("bench_approver", APPROVER)
    long_doc = ControlledDocument.objects.filter(code="BENCH-TRACE").first()
    if long_doc is None:
        long_doc = ControlledDocument.objects.create(
            code="BENCH-TRACE",
            title="Tài liệu có 1.000 dòng lịch sử",
            doc_type=DocumentType.PROCESS,
            owning_unit=unit,
            owner=controller,
        )
        today = datetime.date.today()
        revision = services.revision_create_draft(
            document=long_doc,
            user=controller,
            body="Bắt đầu",
            effective_date=today,
            change_what="a",
            change_where="b",
            change_why="c",
        )
        for n in range(HISTORY_ROWS - 4):
            revision = services.revision_save_draft(
                revision=revision,
                user=controller,
                expected_version=revision.version,
                body=f"Nội dung lần sửa {n}\n" * 5,
            )
        services.revision_submit(revision=revision, user=controller)
        services.revision_review(revision=revision, user=reviewer)
        services.revision_approve(revision=revision, user=approver)
    existing = ControlledDocument.objects.filter(code__startswith="BENCH-R").count()
    if existing < REGISTER_SIZE:
        with transaction.atomic():
            documents = bulk_create_with_history(
                [
                    ControlledDocument(
                        code=f"BENCH-R{n:05d}",
                        title=f"Tài liệu số {n}",
                        doc_type=DocumentType.FORM,
                        owning_unit=unit,
                        owner=controller,
                    )
                    for n in range(existing, REGISTER_SIZE)
                ],
                ControlledDocument,
                batch_size=500,
            )
            documents = ControlledDocument.objects.filter(
                code__startswith="BENCH-R"
            ).exclude(revisions__isnull=False)
            bulk_create_with_history(
                [
                    DocumentRevision(
                        document=doc,
                        issue_number=1,
                        effective_date=datetime.date(2020, 1, 1),
                        body="Nội dung",
                        status=RevisionStatus.IN_FORCE,
                        change_what="a",
                        change_where="b",
                        change_why="c",
                        drafted_by=controller,
                        reviewed_by=reviewer,
                        approved_by=approver,
                        approved_at=datetime.datetime(
                            2019, 12, 20, tzinfo=datetime.UTC
                        ),
                        content_sha256="0" * 64,
                    )
                    for doc in documents
                ],
                DocumentRevision,
                batch_size=500,
            )
    return long_doc, controller


def median_ms(function, runs=7) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main():
    long_doc, controller = setup()
    history_rows = DocumentRevision.history.filter(document_id=long_doc.pk).count()
    client = Client()
    client.force_login(controller)
    trace_url = reverse("qms_documents:trace", args=[long_doc.pk])

    def trace():
        response = client.get(trace_url, HTTP_HOST="127.0.0.1")
        if response.status_code != 200:
            raise SystemExit(f"trace page answered {response.status_code}")

    trace()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        trace()
    trace_ms = median_ms(trace)

    def in_force():
        call_command("documents_in_force", "--on", "2022-09-29", stdout=io.StringIO())

    in_force_ms = median_ms(in_force, runs=5)

    def page(name, **query):
        def get():
            response = client.get(reverse(name), query, HTTP_HOST="127.0.0.1")
            if response.status_code != 200:
                raise SystemExit(f"{name} answered {response.status_code}")

        get()
        return median_ms(get, runs=5)

    dashboard_ms = page("qms_documents:dashboard")
    register_ms = page("qms_documents:in_force", on="2022-09-29")
    engine = connection.vendor
    total = ControlledDocument.objects.count()
    print(f"database: {engine}")
    print(
        f"trace page, {history_rows} revision history rows: median {trace_ms:.0f} ms,"
        f" {len(queries)} queries (target < 300 ms)"
    )
    print(
        f"documents_in_force over {total} documents: median {in_force_ms:.0f} ms"
        " (target < 1000 ms)"
    )
    print(f"dashboard over {total} documents: median {dashboard_ms:.0f} ms")
    print(f"in-force register page (200 per page): median {register_ms:.0f} ms")


if __name__ == "__main__":
    main()
