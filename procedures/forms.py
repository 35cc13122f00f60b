"""The catalogue's search and filter form (GET, never fails the request)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.choices import ProcedureLevel
from procedures.sectors import Sector
from qms.choices import OnlineLevel
from qms.organisation.models import AdministrativeUnit


class CatalogueFilterForm(forms.Form):
    """Search words and filters; an invalid value is ignored, not a 500."""

    q = forms.CharField(label=_("Tìm thủ tục"), max_length=200, required=False)
    linh_vuc = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    cap = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        required=False,
        choices=[("", _("Tất cả các cấp")), *ProcedureLevel.choices],
    )
    co_quan = forms.ChoiceField(label=_("Cơ quan thực hiện"), required=False)
    truc_tuyen = forms.ChoiceField(
        label=_("Dịch vụ công trực tuyến"),
        required=False,
        choices=[("", _("Tất cả")), *OnlineLevel.choices],
    )

    def __init__(
        self,
        data,
        *,
        sectors: list[Sector],
        agencies: list[AdministrativeUnit],
    ) -> None:
        super().__init__(data)
        self._sectors = {sector.slug: sector for sector in sectors}
        self._agencies = {str(agency.pk): agency for agency in agencies}
        self.fields["linh_vuc"].choices = [
            ("", _("Tất cả lĩnh vực")),
            *((sector.slug, sector.name) for sector in sectors),
        ]
        self.fields["co_quan"].choices = [
            ("", _("Tất cả cơ quan")),
            *((str(agency.pk), agency.name) for agency in agencies),
        ]

    def filters(self) -> dict:
        """Keyword arguments for ``procedures_filter`` from the valid fields."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "sector": self._sectors.get(data.get("linh_vuc") or ""),
            "level": data.get("cap") or "",
            "agency": self._agencies.get(data.get("co_quan") or ""),
            "online_level": data.get("truc_tuyen") or "",
        }

    def selects(self) -> list[dict]:
        """The four filters as plain data for the template (name, label,
        choices, current value)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return [
            {
                "name": name,
                "label": self.fields[name].label,
                "choices": self.fields[name].choices,
                "value": data.get(name) or "",
            }
            for name in ("linh_vuc", "cap", "co_quan", "truc_tuyen")
        ]

    def query(self) -> str:
        """The search words, or "" when missing or too long."""
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("q") or ""
