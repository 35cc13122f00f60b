"""One unit picker for every form and filter: units as people think of them.

``UnitChoiceField`` is a ``ModelChoiceField`` whose ``<select>`` shows

- by default the units of the deployment's province (``DeploymentSettings``'s
  operating unit, walked up to its province, with the provinces before and
  after the 2025 reorganisation), limited to what the reader may see;
- today's structure first: provinces in one group, communes grouped under
  their parent (``<optgroup>``), in Vietnamese alphabetical order;
- units of the structure before 01/07/2025 only when the period chosen starts
  before that date (``configure(period=...)``), or, in a form without a
  period, in groups labelled "Đơn vị trước 01/07/2025" after today's units;
- no repeated labels: the code is added where names repeat; date ranges are
  shown on legacy units only.

Validation accepts any unit of the field's queryset (legacy ones included), so
a legacy unit chosen with a later period is not an error: the report explains
that the unit does not cover the period (``qms.organisation.unit_coverage``).
The choices cost one query, whatever the number of units.

Used by the dossier dashboard and transparency filters, the inspection and
management-review forms, and every admin model form with a unit foreign key
(``register_form_field_override`` in ``qms.organisation.wagtail_hooks``).
Filtersets can reuse it: ``UnitChoiceField`` as a django-filter
``ModelChoiceFilter``'s ``field_class``, ``unit_filter_q`` for the lookup.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable

import django_filters
from anyascii import anyascii
from django import forms
from django.db import models
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIteratorValue
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.models import Site

from qms.organisation.choices import UnitLevel
from qms.organisation.models import (
    REFORM_DATE,
    AdministrativeUnit,
    DeploymentSettings,
)
from qms.organisation.scoping import scope_queryset

#: Levels a report or a plan is about; agencies are added where a form needs them.
TERRITORIAL_LEVELS = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)

LEGACY_GROUP = _("Đơn vị trước 01/07/2025")


def _sort_key(text: str) -> str:
    """Vietnamese-friendly order: "Đ" among the Ds, tone marks ignored."""
    return anyascii(text).lower()


def period_label(unit: AdministrativeUnit) -> str:
    """``01/01/2010–30/06/2025``, ``đến 30/06/2025`` or ``từ 01/07/2025``."""
    start = f"{unit.valid_from:%d/%m/%Y}" if unit.valid_from else ""
    end = f"{unit.valid_to:%d/%m/%Y}" if unit.valid_to else ""
    if start and end:
        return f"{start}–{end}"
    if end:
        return str(_("đến %(date)s") % {"date": end})
    if start:
        return str(_("từ %(date)s") % {"date": start})
    return ""


def is_legacy(unit: AdministrativeUnit) -> bool:
    """A unit that ended (before or on 30/06/2025, or any ended unit)."""
    return unit.valid_to is not None


def deployment_province_ids(operating_unit: AdministrativeUnit | None) -> set[int]:
    """The deployment's province, before and after 2025 (ids); empty without one.

    The operating unit is walked up to its top unit; that province's
    successors (a legacy deployment) or predecessors (a current one) join it,
    so both structures of the same territory are offered.
    """
    if operating_unit is None:
        return set()
    top = operating_unit
    seen = set()
    while top.parent_id is not None and top.pk not in seen:
        seen.add(top.pk)
        top = top.parent
    ids = {top.pk}
    through = AdministrativeUnit.successors.through
    ids |= set(
        through.objects.filter(from_administrativeunit_id=top.pk).values_list(
            "to_administrativeunit_id", flat=True
        )
    )
    ids |= set(
        through.objects.filter(to_administrativeunit_id=top.pk).values_list(
            "from_administrativeunit_id", flat=True
        )
    )
    return ids


def operating_unit_of(site=None) -> AdministrativeUnit | None:
    """The operating unit of ``site`` (default: the default site), if set."""
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return DeploymentSettings.for_site(site).operating_unit if site else None


def deployment_units(operating_unit: AdministrativeUnit | None) -> QuerySet:
    """Units of the deployment's province(s) and everything below them.

    A deployment without an operating unit offers every unit.
    """
    provinces = deployment_province_ids(operating_unit)
    if not provinces:
        return AdministrativeUnit.objects.all()
    ids = set(provinces)
    frontier = set(provinces)
    while frontier:
        frontier = (
            set(
                AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list(
                    "pk", flat=True
                )
            )
            - ids
        )
        ids |= frontier
    return AdministrativeUnit.objects.filter(pk__in=ids)


def unit_queryset(
    *,
    user=None,
    levels: Iterable[str] | None = TERRITORIAL_LEVELS,
    base: QuerySet | None = None,
) -> QuerySet:
    """The units a picker offers: ``base`` (default the deployment's province),
    at ``levels``, within ``user``'s scope when a user is given."""
    queryset = base if base is not None else deployment_units(operating_unit_of())
    if levels is not None:
        queryset = queryset.filter(level__in=list(levels))
    if user is not None:
        queryset = scope_queryset(queryset, user)
    return queryset


class GroupedUnitIterator(BaseChoiceIterator):
    """Choices as ``(group label, [(value, label), ...])`` for ``<optgroup>``.

    One query (units with their parents); visibility, grouping, labels and
    order are worked out in Python over that one list.
    """

    def __init__(self, field: "UnitChoiceField") -> None:
        self.field = field

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        yield from field.grouped_choices()

    def __len__(self):
        return len(list(iter(self)))

    def __bool__(self):
        return True


class UnitSelect(forms.Select):
    """A ``<select>`` that tells its field which unit is selected, so that a
    unit hidden by default (legacy, outside the deployment) still shows when
    a record or the query string holds it."""

    def optgroups(self, name, value, attrs=None):
        field = getattr(self.choices, "field", None)
        chosen = [v for v in value or [] if str(v or "").isdecimal()]
        if field is not None and chosen:
            field.selected_pk = int(chosen[0])
        return super().optgroups(name, value, attrs)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit, chosen among today's units grouped under their parent.

    ``configure(period=(start, end), selected=pk)`` says which period the form
    is about (legacy units appear when it starts before 01/07/2025) and which
    unit is selected (always shown, even when hidden otherwise).
    ``legacy="group"`` (the default) shows legacy units in their own groups
    when no period is given; ``legacy="hide"`` never shows them without a
    period that needs them.
    """

    iterator = GroupedUnitIterator
    widget = UnitSelect

    def __init__(self, queryset=None, *, legacy: str = "group", **kwargs) -> None:
        if queryset is None:
            queryset = AdministrativeUnit.objects.none()
        kwargs.setdefault("empty_label", _("— Chọn đơn vị —"))
        self.legacy = legacy
        self.period: tuple[datetime.date, datetime.date] | None = None
        self.selected_pk: int | None = None
        super().__init__(queryset, **kwargs)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.period = self.period
        result.selected_pk = self.selected_pk
        return result

    def configure(
        self,
        *,
        queryset: QuerySet | None = None,
        period: tuple[datetime.date, datetime.date] | None = None,
        selected=None,
    ) -> None:
        """Set the units, the period the form is about, and the selected unit."""
        if queryset is not None:
            self.queryset = queryset
        self.period = period
        pk = getattr(selected, "pk", selected)
        self.selected_pk = int(pk) if str(pk or "").isdecimal() else None

    def _within(self) -> set[int] | None:
        """Ids the choices are limited to (``None``: the whole queryset)."""
        return None

    def shows_legacy(self) -> bool:
        """True when the period starts before 01/07/2025 (legacy units cover it)."""
        return self.period is not None and self.period[0] < REFORM_DATE

    def _visible(self, unit: AdministrativeUnit) -> bool:
        if unit.pk == self.selected_pk or not is_legacy(unit):
            return True
        if self.period is None:
            return self.legacy == "group"
        start, end = self.period
        return (unit.valid_to is None or unit.valid_to >= start) and (
            unit.valid_from is None or unit.valid_from <= end
        )

    def _value(self, unit: AdministrativeUnit) -> ModelChoiceIteratorValue:
        return ModelChoiceIteratorValue(self.prepare_value(unit), unit)

    def label_from_instance(self, obj) -> str:
        if is_legacy(obj):
            return f"{obj.name} ({period_label(obj)})"
        return obj.name

    def grouped_choices(self) -> list[tuple[str, list]]:
        """The ``<optgroup>`` list: today's units, then (or first, for a
        period wholly before 01/07/2025) the legacy ones."""
        within = self._within()
        units = [
            unit
            for unit in self.queryset.select_related("parent").order_by()
            if self._visible(unit)
            and (within is None or unit.pk in within or unit.pk == self.selected_pk)
        ]
        names = Counter(unit.name for unit in units)
        labels = {}
        for unit in units:
            details = [unit.code] if names[unit.name] > 1 else []
            if is_legacy(unit):
                details.append(period_label(unit))
            details = [detail for detail in details if detail]
            labels[unit.pk] = (
                f"{unit.name} ({', '.join(details)})" if details else unit.name
            )
        sections: dict[bool, dict[str, list]] = {False: {}, True: {}}
        order: dict[bool, list[tuple]] = defaultdict(list)
        for unit in units:
            legacy = is_legacy(unit)
            parent = unit.parent
            # provinces and districts head the groups; communes and agencies
            # sit under their parent
            if parent is None or unit.level in (UnitLevel.PROVINCE, UnitLevel.DISTRICT):
                group = (
                    f"{LEGACY_GROUP} · {_('tỉnh, huyện')}"
                    if legacy
                    else _("Tỉnh, thành phố")
                )
                key = (0, "")
            else:
                name = parent.name
                group = f"{LEGACY_GROUP} · {name}" if legacy else name
                key = (1, _sort_key(name))
            group = str(group)
            if group not in sections[legacy]:
                sections[legacy][group] = []
                order[legacy].append((key, group))
            sections[legacy][group].append(unit)
        legacy_first = self.period is not None and self.period[1] < REFORM_DATE
        result = []
        for legacy in (True, False) if legacy_first else (False, True):
            for _key, group in sorted(order[legacy]):
                members = sorted(
                    sections[legacy][group],
                    key=lambda u: (
                        u.level != UnitLevel.PROVINCE,
                        u.level != UnitLevel.DISTRICT,
                        _sort_key(u.name),
                        u.code,
                    ),
                )
                result.append(
                    (
                        group,
                        [(self._value(u), labels[u.pk]) for u in members],
                    )
                )
        return result


class AdminUnitChoiceField(UnitChoiceField):
    """The picker of admin model forms (every foreign key to a unit).

    A model form's queryset is every unit (a record may point anywhere), so
    the choices are limited to the deployment's province, plus the unit
    already chosen; legacy units in their own groups. The admin's create and
    edit views narrow the queryset to the user's scope
    (``qms.organisation.admin_scoping``).
    """

    def _within(self) -> set[int] | None:
        operating = operating_unit_of()
        if operating is None:
            return None
        return set(deployment_units(operating).values_list("pk", flat=True))


def register_unit_picker() -> None:
    """Every admin model form (snippets, viewsets, pages, settings) picks a
    unit with ``AdminUnitChoiceField``. Called from ``QmsConfig.ready`` so it
    is in place before any admin form class is built."""
    register_form_field_override(
        models.ForeignKey,
        to=AdministrativeUnit,
        override={"form_class": AdminUnitChoiceField},
    )


def unit_formfield(db_field, **kwargs):
    """``db_field``'s form field, the shared picker for a foreign key to a unit.

    For the ``formfield_for_dbfield`` of model viewsets built from
    ``form_fields`` (Wagtail builds those with a plain ``modelform_factory``,
    without the override registry).
    """
    if (
        isinstance(db_field, models.ForeignKey)
        and db_field.related_model is AdministrativeUnit
    ):
        kwargs.setdefault("form_class", AdminUnitChoiceField)
    return db_field.formfield(**kwargs)


def scope_unit_fields(form: forms.BaseForm, user) -> None:
    """Limit every unit picker of ``form`` to the units ``user`` may see."""
    for field in form.fields.values():
        if isinstance(field, UnitChoiceField):
            field.queryset = scope_queryset(field.queryset, user)


def unit_period_from_data(
    form: forms.Form, start_name: str, end_name: str
) -> tuple[datetime.date, datetime.date] | None:
    """The period a bound (or initial) form is about, before it is validated.

    The picker needs it to decide which units to show; bad dates give ``None``
    (the form's own validation reports them).
    """
    values = []
    for name in (start_name, end_name):
        field = form.fields[name]
        raw = form.data.get(form.add_prefix(name)) if form.is_bound else None
        if raw in (None, ""):
            raw = form.initial.get(name, field.initial)
        try:
            value = field.clean(raw)
        except forms.ValidationError:
            return None
        if not isinstance(value, datetime.date):
            return None
        values.append(value)
    start, end = values
    return (start, end) if start <= end else None


def unit_filter_q(unit: AdministrativeUnit, field: str = "unit") -> Q:
    """``Q`` for records of ``unit`` and every unit below it (filtersets)."""
    return Q(**{f"{field}__in": unit.descendant_ids()})


class UnitFilter(django_filters.ModelChoiceFilter):
    """A filterset's unit filter: the shared picker, the unit and units below.

    The choices are the deployment's units within the requesting user's scope;
    ``period`` may be set on the field (``configure``) by a filterset that has
    one. Usage: ``unit = UnitFilter(field_name="unit", label=_("Đơn vị"))``.
    """

    field_class = UnitChoiceField

    def __init__(self, *args, levels=TERRITORIAL_LEVELS, **kwargs) -> None:
        kwargs.setdefault(
            "queryset",
            lambda request: unit_queryset(
                user=getattr(request, "user", None), levels=levels
            ),
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(unit_filter_q(value, self.field_name)).distinct()
