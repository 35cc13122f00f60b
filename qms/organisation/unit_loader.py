"""Load administrative units from the PyPI packages that carry the official data.

``vietnamadminunits`` holds the legacy three-tier structure (63 provinces with
their districts) and the 2025 old-to-new mapping; ``vietnam-provinces`` holds
today's 34 provinces and 3,321 communes with the codes of Decision 19/2025.
The two packages disagree on about a hundred current codes, so current units
always take the code from ``vietnam-provinces`` and are matched to the mapping
by name key.
"""

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from anyascii import anyascii
from django.db import transaction
from vietnam_provinces import Province, ProvinceCode, Ward

from qms.organisation.choices import UnitLevel
from qms.organisation.models import LEGACY_END, REFORM_DATE, AdministrativeUnit

LEGACY_SOURCE = "vietnamadminunits"
CURRENT_SOURCE = "vietnam-provinces"
STRUCTURES = ("legacy", "current", "both")


class UnitLoadError(ValueError):
    """A province code that neither package knows."""


@dataclass
class LoadReport:
    """What ``units_load`` created, per level and structure, and the links it added."""

    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    successor_links: int = 0
    provinces: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.created.values()) + self.successor_links


def _clean(name: str | None) -> str:
    """Collapse the stray double spaces some package names carry."""
    return " ".join((name or "").split())


def _key(text: str) -> str:
    """Fold a name into the packages' key form: Xã Xuân Hồng → xaxuanhong."""
    return "".join(ch for ch in anyascii(text).lower() if ch.isalnum())


def _legacy_db() -> sqlite3.Connection:
    path = resources.files("vietnamadminunits") / "data" / "dataset.db"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _converter() -> dict:
    path = resources.files("vietnamadminunits") / "data" / "converter_2025.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _legacy_rows(province_code: str) -> list[sqlite3.Row]:
    with _legacy_db() as conn:
        return conn.execute(
            "SELECT * FROM admin_units_legacy WHERE provinceCode = ? "
            "ORDER BY districtCode, wardCode",
            (province_code,),
        ).fetchall()


def _current_province_codes(legacy_code: str, converter: dict) -> list[str]:
    """Today's province(s) that succeed legacy province ``legacy_code``."""
    rows = _legacy_rows(legacy_code)
    codes = set()
    if rows:
        old_key = rows[0]["provinceKey"]
        new_keys = [
            k for k, olds in converter["DICT_PROVINCE"].items() if old_key in olds
        ]
        with _legacy_db() as conn:
            for new_key in new_keys:
                row = conn.execute(
                    "SELECT provinceCode FROM admin_units "
                    "WHERE provinceKey = ? LIMIT 1",
                    (new_key,),
                ).fetchone()
                if row:
                    codes.add(row["provinceCode"])
    try:
        Province.from_code(ProvinceCode(int(legacy_code)))
        codes.add(legacy_code)
    except ValueError:
        pass
    return sorted(codes)


def _unit_type(name: str, candidates: tuple[str, ...]) -> str:
    lowered = name.lower()
    for candidate in candidates:
        if lowered.startswith(candidate):
            return candidate
    return ""


_PROVINCE_TYPES = ("thành phố", "tỉnh")


class _Loader:
    """One run of ``units_load``: caches existing units so a rerun creates nothing."""

    def __init__(self, report: LoadReport) -> None:
        self.report = report
        self.converter = _converter()
        self.existing: dict[tuple, AdministrativeUnit] = {
            (u.level, u.code, u.valid_to): u
            for u in AdministrativeUnit.objects.filter(
                source__in=[LEGACY_SOURCE, CURRENT_SOURCE]
            )
        }

    def ensure(
        self, *, level: str, code: str, valid_to, **fields
    ) -> AdministrativeUnit:
        key = (level, code, valid_to)
        unit = self.existing.get(key)
        if unit is None:
            unit = AdministrativeUnit.objects.create(
                level=level, code=code, valid_to=valid_to, **fields
            )
            self.existing[key] = unit
            structure = "legacy" if valid_to else "current"
            self.report.created[f"{structure}:{level}"] += 1
        return unit

    def legacy(self, province_code: str) -> dict[str, AdministrativeUnit]:
        """Create the legacy province, districts, communes; return communes by key."""
        rows = _legacy_rows(province_code)
        if not rows:
            raise UnitLoadError(
                f"Không có tỉnh mã {province_code} trong dữ liệu trước 2025 "
                "(vietnamadminunits)."
            )
        first = rows[0]
        common = {"valid_to": LEGACY_END, "source": LEGACY_SOURCE}
        province = self.ensure(
            level=UnitLevel.PROVINCE,
            code=province_code,
            name=_clean(first["province"]),
            short_name=_clean(first["provinceShort"]),
            unit_type=_unit_type(first["province"], _PROVINCE_TYPES),
            **common,
        )
        self.report.provinces.append(
            f"{province_code} {first['province']} (trước 2025)"
        )
        districts: dict[str, AdministrativeUnit] = {}
        communes: dict[str, AdministrativeUnit] = {}
        for row in rows:
            district = districts.get(row["districtCode"])
            if district is None:
                district = self.ensure(
                    level=UnitLevel.DISTRICT,
                    code=row["districtCode"],
                    name=_clean(row["district"]),
                    short_name=_clean(row["districtShort"]),
                    unit_type=(row["districtType"] or "").lower(),
                    parent=province,
                    **common,
                )
                districts[row["districtCode"]] = district
            if not row["wardCode"]:
                continue  # island districts without communes
            old_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
            communes[old_key] = self.ensure(
                level=UnitLevel.COMMUNE,
                code=row["wardCode"],
                name=_clean(row["ward"]),
                short_name=_clean(row["wardShort"]),
                unit_type=(row["wardType"] or "").lower(),
                parent=district,
                **common,
            )
        return communes

    def current(self, province_code: str) -> dict[tuple[str, str], AdministrativeUnit]:
        """Create today's province and communes, keyed by (province key, key)."""
        province_data = Province.from_code(ProvinceCode(int(province_code)))
        full_name = (
            f"{province_data.division_type.value.capitalize()} {province_data.name}"
        )
        common = {"valid_to": None, "valid_from": REFORM_DATE, "source": CURRENT_SOURCE}
        province = self.ensure(
            level=UnitLevel.PROVINCE,
            code=province_code,
            name=full_name,
            short_name=province_data.name,
            unit_type=province_data.division_type.value,
            **common,
        )
        self.report.provinces.append(f"{province_code} {full_name} (từ 01/07/2025)")
        province_key = _key(full_name)
        communes = {}
        for ward in Ward.iter_by_province(ProvinceCode(int(province_code))):
            name = _clean(ward.name)
            prefix = ward.division_type.value
            unit = self.ensure(
                level=UnitLevel.COMMUNE,
                code=f"{int(ward.code):05d}",
                name=name,
                short_name=name[len(prefix) :].strip()
                if name.lower().startswith(prefix)
                else name,
                unit_type=ward.division_type.value,
                parent=province,
                **common,
            )
            communes[(province_key, _key(name))] = unit
        return communes

    def link(self, legacy: dict[str, AdministrativeUnit]) -> None:
        """Add successors from the 2025 mapping wherever both ends are loaded."""
        current_by_key = {
            (_key(u.parent.name) if u.parent else "", _key(u.name)): u
            for u in AdministrativeUnit.objects.current()
            .filter(level=UnitLevel.COMMUNE, source=CURRENT_SOURCE)
            .select_related("parent")
        }
        if not current_by_key or not legacy:
            return
        # new ward key per old key, from both halves of the converter
        targets: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for new_province, wards in self.converter[
            "DICT_PROVINCE_WARD_NO_DIVIDED"
        ].items():
            for new_ward, old_keys in wards.items():
                for old_key in old_keys:
                    if old_key in legacy:
                        targets[old_key].add((new_province, new_ward))
        for new_province, divided in self.converter[
            "DICT_PROVINCE_WARD_DIVIDED"
        ].items():
            for old_key, new_wards in divided.items():
                if old_key in legacy:
                    for ward in new_wards:
                        targets[old_key].add((new_province, ward["newWardKey"]))
        names = self._current_names()
        through = AdministrativeUnit.successors.through
        wanted = set()
        district_links = set()
        province_links = set()
        for old_key, new_keys in targets.items():
            old = legacy[old_key]
            for pkey, wkey in new_keys:
                new = current_by_key.get((pkey, _key(names.get((pkey, wkey), wkey))))
                if new is None:
                    continue
                wanted.add((old.pk, new.pk))
                district_links.add((old.parent_id, new.pk))
                province_links.add((old.parent.parent_id, new.parent_id))
        wanted |= district_links | province_links
        have = set(
            through.objects.filter(
                from_administrativeunit_id__in={a for a, _ in wanted}
            ).values_list("from_administrativeunit_id", "to_administrativeunit_id")
        )
        missing = wanted - have
        through.objects.bulk_create(
            [
                through(from_administrativeunit_id=a, to_administrativeunit_id=b)
                for a, b in sorted(missing)
            ]
        )
        self.report.successor_links += len(missing)

    @staticmethod
    def _current_names() -> dict[tuple[str, str], str]:
        """The package's own name for each new ward key (its key may be stale)."""
        with _legacy_db() as conn:
            rows = conn.execute("SELECT provinceKey, wardKey, ward FROM admin_units")
            return {(r["provinceKey"], r["wardKey"]): r["ward"] for r in rows}


@transaction.atomic
def units_load(*, provinces: list[str], structure: str = "both") -> LoadReport:
    """Load the units of ``provinces`` (legacy codes such as ``"36"``).

    ``structure`` is ``legacy`` (province, districts, communes before 1/7/2025),
    ``current`` (today's province or provinces that succeed it, with their
    communes) or ``both``, which also links old units to their successors.
    Running it again creates nothing.
    """
    if structure not in STRUCTURES:
        raise UnitLoadError(f"structure phải là một trong {', '.join(STRUCTURES)}.")
    report = LoadReport()
    loader = _Loader(report)
    for raw in provinces:
        code = f"{int(raw):02d}" if raw.isdigit() else raw
        current_codes = _current_province_codes(code, loader.converter)
        if not current_codes and not _legacy_rows(code):
            raise UnitLoadError(f"Không có tỉnh mã {code} trong dữ liệu.")
        legacy = loader.legacy(code) if structure in ("legacy", "both") else {}
        if structure in ("current", "both"):
            for current_code in current_codes:
                loader.current(current_code)
        if not legacy:
            legacy = _existing_legacy_by_key(code)
        loader.link(legacy)
    return report


def _existing_legacy_by_key(province_code: str) -> dict[str, AdministrativeUnit]:
    """Legacy communes already in the database, keyed like the converter."""
    rows = _legacy_rows(province_code)
    by_code = {
        u.code: u
        for u in AdministrativeUnit.objects.filter(
            level=UnitLevel.COMMUNE, valid_to=LEGACY_END, source=LEGACY_SOURCE
        ).select_related("parent")
    }
    found = {}
    for row in rows:
        unit = by_code.get(row["wardCode"] or "")
        if unit:
            found[f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"] = unit
    return found
