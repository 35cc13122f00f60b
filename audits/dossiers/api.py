"""REST push of dossiers from one-stop software.

``POST /api/dossiers/batch/`` with ``{"dossiers": [...]}``: the same fields,
aliases, date formats and validation as ``import_dossiers``; a batch is
written all or nothing and upserted by dossier code. The caller is either an
integration with an API key (``Authorization: Api-Key <key>``, made in the
admin: audits.dossiers.integration_keys), which may push dossiers of the key's
units only, or a user holding ``audits.add_dossier`` and
``audits.change_dossier`` (token from ``manage.py drf_create_token USERNAME``,
kept for existing clients, or a session); a user scoped to some units may only
push dossiers of those units. Each caller is throttled (qms.throttling).
"""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from audits.dossiers.imports import UnitResolver, record_from_row
from audits.dossiers.integration_keys import IntegrationKeyAuthentication
from audits.dossiers.models import Dossier, IntegrationKey
from audits.dossiers.services import dossiers_upsert
from audits.dossiers.tables import RowError
from qms.organisation.scoping import unit_ids_for
from qms.throttling import PushAddressThrottle, PushThrottle, ThrottledMessageMixin

MAX_BATCH = 5000


def _text_field(help_text: str, required: bool = False) -> serializers.CharField:
    return serializers.CharField(
        required=required, allow_blank=not required, allow_null=not required,
        help_text=help_text,
    )  # fmt: skip


class DossierInSerializer(serializers.Serializer):
    """One dossier as the one-stop software sends it (strings, like the CSV)."""

    dossier_code = _text_field("Mã hồ sơ (duy nhất)", required=True)
    procedure_code = _text_field("Mã thủ tục, ví dụ 1.001193")
    unit_code = _text_field("Mã đơn vị tiếp nhận (mã thống kê)", required=True)
    channel = _text_field(
        "direct | online | postal (truc_tiep | truc_tuyen | buu_chinh)", required=True
    )
    online_level = _text_field("rỗng, partial | full (mot_phan | toan_trinh)")
    received_at = _text_field(
        "YYYY-MM-DD[ HH:MM[:SS]], ISO 8601 hoặc dd/mm/yyyy [HH:MM]; giờ Hà Nội",
        required=True,
    )
    due_at = _text_field("Ngày hẹn trả, cùng định dạng", required=True)
    resolved_at = _text_field("Ngày trả kết quả; rỗng: đang giải quyết")
    status = _text_field("rỗng, withdrawn | returned")


class DossierBatchSerializer(serializers.Serializer):
    """A batch of at most 5,000 dossiers."""

    dossiers = serializers.ListField(
        child=DossierInSerializer(), allow_empty=False, max_length=MAX_BATCH
    )


class CanPushDossiers(permissions.BasePermission):
    """An integration key, or a user allowed to add and change dossiers."""

    def has_permission(self, request, view):
        if isinstance(request.auth, IntegrationKey):
            return True
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.has_perms(["audits.add_dossier", "audits.change_dossier"])
        )


class DossierBatchView(ThrottledMessageMixin, APIView):
    """Validate a whole batch, then upsert it in one transaction."""

    authentication_classes = [
        IntegrationKeyAuthentication,
        TokenAuthentication,
        SessionAuthentication,
    ]
    permission_classes = [CanPushDossiers]
    throttle_classes = [PushThrottle]

    def perform_authentication(self, request):
        # per address first: failed keys are refused by authentication, which
        # DRF runs before its throttles
        address = PushAddressThrottle()
        if not address.allow_request(request, self):
            self.throttled(request, address.wait())
        super().perform_authentication(request)

    @extend_schema(
        summary="Đẩy một lô hồ sơ (upsert theo mã hồ sơ, tất cả hoặc không gì)",
        request=DossierBatchSerializer,
        responses={
            200: inline_serializer(
                "DossierBatchResult",
                {
                    "created": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                },
            ),
            400: inline_serializer(
                "DossierBatchErrors",
                {
                    "errors": serializers.ListField(child=serializers.CharField()),
                    "error_count": serializers.IntegerField(),
                },
            ),
        },
        examples=[
            OpenApiExample(
                "Một hồ sơ",
                request_only=True,
                value={
                    "dossiers": [
                        {
                            "dossier_code": "H40.14089-220105-0001",
                            "procedure_code": "1.001193",
                            "unit_code": "14089",
                            "channel": "truc_tiep",
                            "online_level": "",
                            "received_at": "05/01/2022 08:30",
                            "due_at": "2022-01-05",
                            "resolved_at": "2022-01-05 15:00",
                            "status": "",
                        }
                    ]
                },
            )
        ],
    )
    def post(self, request):
        batch = DossierBatchSerializer(data=request.data)
        if not batch.is_valid():
            return Response(
                {"errors": _flatten(batch.errors), "error_count": 1},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if isinstance(request.auth, IntegrationKey):
            allowed = request.auth.unit_ids()
        else:
            allowed = unit_ids_for(request.user)
        units = UnitResolver(allowed_ids=allowed)
        records, errors = [], []
        for index, item in enumerate(batch.validated_data["dossiers"]):
            try:
                records.append(record_from_row(item, units))
            except RowError as error:
                errors.append(f"dossiers[{index}].{error.column}: {error.message}")
        if allowed is not None and not errors:
            errors = _foreign_codes(records, allowed)
        if errors:
            return Response(
                {"errors": errors[:100], "error_count": len(errors)},
                status=status.HTTP_400_BAD_REQUEST,
            )
        with transaction.atomic():
            counts = dossiers_upsert(records)
        return Response(
            {
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            }
        )


def _foreign_codes(records: list, allowed: set[int]) -> list[str]:
    """A scoped caller may not take over a dossier code another unit holds.

    The upsert matches on the code alone, so without this a commune's software
    could overwrite (and move) a dossier of another commune.
    """
    taken = set(
        Dossier.objects.filter(code__in=[r.code for r in records])
        .exclude(unit_id__in=allowed)
        .values_list("code", flat=True)
    )
    return [
        f"dossiers[{index}].dossier_code: "
        + _("Mã hồ sơ %(code)s đã thuộc một đơn vị ngoài phạm vi của bạn.")
        % {"code": record.code}
        for index, record in enumerate(records)
        if record.code in taken
    ]


def _flatten(errors, prefix: str = "") -> list[str]:
    """DRF's nested error structure as ``path: message`` lines."""
    if isinstance(errors, dict):
        lines = []
        for key, value in errors.items():
            lines += _flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return lines
    if isinstance(errors, list):
        if all(isinstance(e, str) for e in errors):
            # some of DRF's Vietnamese messages start with a space
            return [f"{prefix}: {e.strip()}" for e in errors]
        lines = []
        for index, value in enumerate(errors):
            if value:
                lines += _flatten(value, f"{prefix}[{index}]")
        return lines
    return [f"{prefix}: {str(errors).strip()}"]


def only_push_api(endpoints: list) -> list:
    """drf-spectacular preprocessing hook: describe the push API only.

    Wagtail's own API views are not written for schema generation; without this
    the schema (and ``check --deploy``, which builds it) warns about each one.
    """
    return [
        endpoint for endpoint in endpoints if endpoint[0].startswith("/api/dossiers/")
    ]
