"""Who issues and who signs: a unit's administrative documents (Decree 30/2020).

Builds the ``qms.pdf.OfficialDocument`` that the PDF templates lay out, from
the unit model and the deployment settings, so that no template hard-codes an
organisation: the issuing body ("ỦY BAN NHÂN DÂN / HUYỆN XUÂN TRƯỜNG"), its
superior body, the place ("Xuân Trường"), the symbol ("BC-UBND") and the
signature block of the unit's head when the unit records one.
"""

import datetime
import re

from wagtail.models import Site

from qms.organisation.choices import UnitLevel
from qms.organisation.models import (
    AdministrativeUnit,
    DeploymentSettings,
    organisation_name,
)
from qms.organisation.people import person_name
from qms.pdf import OfficialDocument, Signer

PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"
_COMMITTEE_SUFFIX = re.compile(r"\s+(UBND|ỦY BAN NHÂN DÂN)(\s.*)?$")
_COMMITTEE_LEVELS = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)


def is_committee(unit: AdministrativeUnit) -> bool:
    """A province, district or commune: its body is a People's Committee."""
    return unit.level in _COMMITTEE_LEVELS


def _full_name(unit: AdministrativeUnit) -> str:
    """ "Huyện Xuân Trường": the name with its type, whatever the data holds."""
    name = unit.name.strip()
    kind = (unit.unit_type or "").strip()
    if kind and not name.lower().startswith(kind.lower()):
        return f"{kind.capitalize()} {name}"
    return name


def issuing_body(unit: AdministrativeUnit) -> str:
    """The body as it heads its documents, in capitals, on two lines for a UBND."""
    if is_committee(unit):
        return f"{PEOPLES_COMMITTEE}\n{_full_name(unit).upper()}"
    return unit.name.upper()


def body_short_name(unit: AdministrativeUnit) -> str:
    """The body on one line, as a superior body is written: "UBND TỈNH NAM ĐỊNH"."""
    if is_committee(unit):
        return f"UBND {_full_name(unit).upper()}"
    return unit.name.upper()


def body_symbol(unit: AdministrativeUnit) -> str:
    """The body's abbreviation in numbers: "UBND", or the agency's initials."""
    if is_committee(unit):
        return "UBND"
    return "".join(word[0] for word in unit.name.split() if word).upper()


def place_name(unit: AdministrativeUnit | None) -> str:
    """Where the body sits, as Decree 30 writes it before the date.

    The proper name of the administrative unit ("Xuân Trường", not "Huyện
    Xuân Trường"), except a unit named by a number ("Phường 15"). An agency
    takes the place of the unit it belongs to.
    """
    while unit is not None and not is_committee(unit):
        unit = unit.parent
    if unit is None:
        return ""
    short = (unit.short_name or "").strip()
    if not short:
        kind = (unit.unit_type or "").strip()
        short = unit.name
        if kind and unit.name.lower().startswith(kind.lower() + " "):
            short = unit.name[len(kind) + 1 :]
    return _full_name(unit) if short.isdigit() else short


def head_signer(unit: AdministrativeUnit) -> Signer:
    """The unit's head (a membership marked head), or a line to sign by hand.

    A People's Committee signs collectively: "TM. ỦY BAN NHÂN DÂN" above the
    position, with "KT. CHỦ TỊCH" between when a deputy signs.
    """
    head = (
        unit.memberships.filter(is_head=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    position = head.position.strip().upper() if head and head.position else ""
    if is_committee(unit):
        # "Phó Chủ tịch UBND huyện" → "PHÓ CHỦ TỊCH": the body is above it
        position = _COMMITTEE_SUFFIX.sub("", position)
        position = position or "CHỦ TỊCH"
        authority = f"TM. {PEOPLES_COMMITTEE}"
        if position.startswith("PHÓ "):
            authority += "\nKT. CHỦ TỊCH"
    else:
        position = position or "THỦ TRƯỞNG ĐƠN VỊ"
        authority = ""
    name = person_name(head.user, nobody="") if head else ""
    return Signer(position=position, name=name, authority=authority)


def unit_document(
    unit: AdministrativeUnit,
    *,
    kind: str,
    summary: str = "",
    document_type: str = "BC",
    date: datetime.date | None = None,
    signers: tuple[Signer, ...] | None = None,
    recipients: tuple[str, ...] | None = None,
) -> OfficialDocument:
    """A document issued by ``unit`` (a report "BC", a record "BB", ...)."""
    parent = unit.parent if not is_committee(unit) else None
    return OfficialDocument(
        issuing_body=issuing_body(unit),
        parent_body=body_short_name(parent) if parent else "",
        kind=kind,
        summary=summary,
        symbol=f"{document_type}-{body_symbol(unit)}",
        place=place_name(unit),
        date=date,
        signers=signers if signers is not None else (head_signer(unit),),
        recipients=recipients if recipients is not None else default_recipients(unit),
    )


def default_recipients(unit: AdministrativeUnit) -> tuple[str, ...]:
    """ "- UBND tỉnh ...;" for the superior body when there is one, then the archive."""
    superior = unit.parent
    lines = [f"{recipient_name(superior)};"] if superior is not None else []
    lines.append("Lưu: VT.")
    return tuple(lines)


def recipient_name(unit: AdministrativeUnit) -> str:
    """The body as a line of "Nơi nhận": "UBND huyện Xuân Trường"."""
    if is_committee(unit):
        full = _full_name(unit)
        return f"UBND {full[:1].lower()}{full[1:]}"
    return unit.name


def deployment_unit(request=None) -> AdministrativeUnit | None:
    """The unit that runs this deployment (its settings), if configured."""
    site = (Site.find_for_request(request) if request else None) or (
        Site.objects.filter(is_default_site=True).first()
    )
    unit_id = site and DeploymentSettings.for_site(site).operating_unit_id
    if not unit_id:
        return None
    return AdministrativeUnit.objects.select_related("parent").get(pk=unit_id)


def deployment_document(request=None, **kwargs) -> OfficialDocument:
    """A document issued by the deployment's operating unit.

    Without one configured, the organisation name of the settings heads the
    document and a line is left to sign by hand.
    """
    unit = deployment_unit(request)
    if unit is not None:
        return unit_document(unit, **kwargs)
    document_type = kwargs.pop("document_type", "BC")
    signers = kwargs.pop("signers", None) or (Signer(position="THỦ TRƯỞNG ĐƠN VỊ"),)
    recipients = kwargs.pop("recipients", None) or ("Lưu: VT.",)
    return OfficialDocument(
        issuing_body=organisation_name(request).upper(),
        symbol=document_type,
        signers=signers,
        recipients=recipients,
        **kwargs,
    )
