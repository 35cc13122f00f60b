"""The shared unit picker: choices, groups, labels, legacy units, scope, queries."""

import datetime
from collections import Counter

import pytest
from anyascii import anyascii
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from audits.dossiers.forms import DossierPeriodForm
from audits.inspections.forms import PlanItemForm
from audits.inspections.services.plans import plan_create
from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit, DeploymentSettings
from qms.organisation.unit_fields import (
    LEGACY_GROUP,
    AdminUnitChoiceField,
    UnitChoiceField,
    deployment_units,
    scope_unit_fields,
    unit_queryset,
)

pytestmark = pytest.mark.django_db

D = datetime.date
PAST = (D(2021, 1, 1), D(2021, 12, 31))
NOW = (D(2026, 1, 1), D(2026, 12, 31))


@pytest.fixture
def deployed(district):
    """The demo deployment: the legacy district of Xuân Trường runs the system."""
    deployment = DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    deployment.operating_unit = district
    deployment.save()
    return district


def picker(queryset, period=None, selected=None, **kwargs) -> UnitChoiceField:
    field = UnitChoiceField(required=False, **kwargs)
    field.configure(queryset=queryset, period=period, selected=selected)
    return field


def options(field) -> list[tuple[str, str, str]]:
    """(group, value, label) of every option but the empty one."""
    rows = []
    for group, members in field.choices:
        if group == "":
            continue
        for value, label in members:
            rows.append((group, str(value), label))
    return rows


def current_province():
    return AdministrativeUnit.objects.get(
        level=UnitLevel.PROVINCE, valid_to__isnull=True
    )


def test_today_the_deployment_offers_its_current_province_grouped(deployed):
    field = picker(unit_queryset(), period=NOW)
    rows = options(field)
    province = current_province()
    communes = province.children.filter(valid_to__isnull=True).count()
    # the current province, then its communes in one group under its name
    assert len(rows) == 1 + communes
    groups = Counter(group for group, _v, _l in rows)
    assert groups == {"Tỉnh, thành phố": 1, province.name: communes}
    # no legacy unit, no date, no repeated label
    labels = [label for _g, _v, label in rows]
    assert not any("30/06/2025" in label for label in labels)
    assert len(labels) == len(set(labels))
    assert len({value for _g, value, _l in rows}) == len(rows)


def test_communes_are_in_vietnamese_alphabetical_order(deployed):
    rows = options(picker(unit_queryset(), period=NOW))
    names = [label for group, _v, label in rows if group != "Tỉnh, thành phố"]
    assert names == sorted(names, key=lambda name: anyascii(name).lower())
    # "Đ" sorts among the Ds, not after "Y" as code points would have it
    assert names != sorted(names)


def test_a_past_period_adds_the_legacy_units_first_with_their_dates(deployed, commune):
    field = picker(unit_queryset(), period=PAST)
    rows = options(field)
    legacy = [row for row in rows if row[0].startswith(str(LEGACY_GROUP))]
    legacy_count = AdministrativeUnit.objects.filter(
        valid_to__isnull=False,
        level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE],
    ).count()
    assert len(legacy) == legacy_count
    # the period is wholly before 01/07/2025: the legacy units come first
    assert rows[0][0] == f"{LEGACY_GROUP} · tỉnh, huyện"
    assert rows[0][2] == "Tỉnh Nam Định (đến 30/06/2025)"
    # every legacy label has its date range, no current one has
    assert all("30/06/2025" in label for _g, _v, label in legacy)
    assert not any(
        "30/06/2025" in label for row in rows if row not in legacy for label in [row[2]]
    )
    # communes of Huyện Xuân Trường are grouped under their district
    group = f"{LEGACY_GROUP} · Huyện Xuân Trường"
    mine = [label for g, v, label in rows if g == group]
    assert any(label.startswith("Thị trấn Xuân Trường") for label in mine)
    labels = [label for _g, _v, label in rows]
    assert len(labels) == len(set(labels))


def test_a_period_from_the_reform_on_hides_legacy_units_but_the_selected_one(
    deployed, commune
):
    rows = options(picker(unit_queryset(), period=NOW, selected=commune.pk))
    legacy_values = [v for g, v, _l in rows if "30/06/2025" in _l]
    assert legacy_values == [str(commune.pk)]


def test_without_a_period_legacy_units_sit_in_clearly_labelled_groups(deployed):
    rows = options(picker(unit_queryset()))
    groups = [g for g, _v, _l in rows]
    first_legacy = next(i for i, g in enumerate(groups) if "trước 01/07/2025" in g)
    # today's units first, every later group says it is before the reform
    assert all("trước 01/07/2025" not in g for g in groups[:first_legacy])
    assert all("trước 01/07/2025" in g for g in groups[first_legacy:])


def test_repeated_names_show_their_code(deployed):
    rows = options(picker(unit_queryset(), period=PAST))
    names = Counter(
        AdministrativeUnit.objects.filter(
            pk__in=[int(v) for _g, v, _l in rows]
        ).values_list("name", flat=True)
    )
    repeated = [name for name, n in names.items() if n > 1]
    assert repeated, "the data has names used twice (old and new communes)"
    for name in repeated:
        for unit in AdministrativeUnit.objects.filter(name=name):
            label = {v: label for _g, v, label in rows}.get(str(unit.pk))
            if label:
                assert f"({unit.code}" in label


def test_a_commune_officer_only_sees_their_units(
    deployed, commune_officer, commune, other_commune
):
    units = unit_queryset(user=commune_officer)
    values = {v for _g, v, _l in options(picker(units, period=PAST))}
    assert values == {str(commune.pk)}
    # and a value outside the scope does not validate
    field = picker(units, period=PAST)
    with pytest.raises(Exception, match="hợp lệ|valid"):
        field.clean(str(other_commune.pk))


def test_a_legacy_unit_still_validates_with_a_later_period(deployed, commune):
    field = picker(unit_queryset(), period=NOW)
    assert field.clean(str(commune.pk)) == commune


def test_without_an_operating_unit_every_unit_is_offered():
    assert deployment_units(None).count() == AdministrativeUnit.objects.count()


def test_the_picker_costs_one_query_whatever_the_number_of_units(deployed):
    field = picker(unit_queryset(), period=PAST)
    with CaptureQueriesContext(connection) as many:
        assert len(options(field)) > 200
    small = picker(unit_queryset().filter(level=UnitLevel.PROVINCE), period=PAST)
    with CaptureQueriesContext(connection) as few:
        assert len(options(small)) < 5
    assert len(many) == len(few) == 1


def test_the_dashboard_form_reads_its_period_for_the_picker(deployed, commune):
    units = unit_queryset()
    past = DossierPeriodForm(
        {"date_from": "2021-01-01", "date_to": "2021-12-31"}, units=units
    )
    assert str(commune.pk) in {v for _g, v, _l in options(past.fields["unit"])}
    now = DossierPeriodForm(
        {"date_from": "2026-01-01", "date_to": "2026-12-31"}, units=units
    )
    assert str(commune.pk) not in {v for _g, v, _l in options(now.fields["unit"])}
    # the form instances do not share their configuration
    assert past.fields["unit"].period != now.fields["unit"].period


def test_admin_model_forms_use_the_grouped_picker(
    login, superuser, deployed, django_assert_max_num_queries
):
    client = login(superuser)
    with django_assert_max_num_queries(60):
        page = client.get(reverse("controlled_documents:add")).content.decode()
    select = page.split('name="owning_unit"')[1].split("</select>")[0]
    assert '<optgroup label="Tỉnh Ninh Bình">' in select
    assert f'<optgroup label="{LEGACY_GROUP} · Huyện Xuân Trường">' in select
    # only the deployment's province: no unit of another province
    assert select.count("<option") == 1 + deployment_units(deployed).count()


def test_admin_unit_pickers_are_scoped_for_a_commune_officer(
    commune_officer, commune, other_commune, deployed
):
    class Form(forms.Form):
        unit = AdminUnitChoiceField(queryset=AdministrativeUnit.objects.all())

    form = Form()
    scope_unit_fields(form, commune_officer)
    values = {v for _g, v, _l in options(form.fields["unit"])}
    assert str(commune.pk) in values
    assert str(other_commune.pk) not in values


@pytest.mark.parametrize("year", [2022, 2026])
def test_plan_items_follow_the_plan_year(district, commune, inspector, year):
    plan = plan_create(year=year, issuing_unit=district, user=inspector)
    values = {v for _g, v, _l in options(PlanItemForm(plan=plan).fields["unit"])}
    new_commune = commune.successors.get()
    if year == 2022:
        assert str(commune.pk) in values
        assert str(new_commune.pk) in values  # today's units are always offered
    else:
        assert str(commune.pk) not in values
        assert str(new_commune.pk) in values
    assert str(district.pk) not in values


def test_a_chosen_unit_outside_the_default_choices_still_shows_selected(deployed):
    elsewhere = AdministrativeUnit.objects.create(
        level=UnitLevel.PROVINCE, code="99", name="Tỉnh Ngoài Tỉnh"
    )

    class Form(forms.Form):
        unit = AdminUnitChoiceField(queryset=AdministrativeUnit.objects.all())

    assert "Tỉnh Ngoài Tỉnh" not in str(Form()["unit"])
    html = str(Form(initial={"unit": elsewhere.pk})["unit"])
    assert f'<option value="{elsewhere.pk}" selected>Tỉnh Ngoài Tỉnh</option>' in html


def test_the_deployment_settings_form_uses_the_grouped_picker(
    login, superuser, deployed
):
    site = Site.objects.get(is_default_site=True)
    page = login(superuser).get(
        reverse("wagtailsettings:edit", args=["qms", "deploymentsettings", site.pk])
    )
    assert page.status_code == 200
    select = page.content.decode().split('name="operating_unit"')[1]
    select = select.split("</select>")[0]
    assert '<optgroup label="Tỉnh Ninh Bình">' in select
    assert "Huyện Xuân Trường (đến 30/06/2025)</option>" in select
