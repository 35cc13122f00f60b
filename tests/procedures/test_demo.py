"""The demo catalogue: real procedures at /thu-tuc/, loaded idempotently."""

import io
import json

from django.conf import settings
from django.utils.module_loading import import_string

from procedures.demo import FIXTURE
from procedures.models import ProcedurePage
from procedures.services import procedures_validate
from qms.organisation.demo import load


def load_demo() -> str:
    out = io.StringIO()
    for path in ("qms.organisation.demo.load", "procedures.demo.load"):
        import_string(path)(stdout=out)
    return out.getvalue()


def test_fixture_is_valid_import_data(db):
    load(stdout=io.StringIO())  # the agencies the fixture names
    items = procedures_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    levels = {data.level for data in items}
    assert len(items) >= 30
    assert levels == {"district", "commune"}
    codes = {data.code for data in items}
    assert {"1.001193", "1.000894", "1.000656", "2.000815", "2.000884"} <= codes


def test_demo_publishes_the_catalogue_once(client, db):
    assert "procedures.demo.load" in settings.DEMO_LOADERS
    load_demo()
    count = ProcedurePage.objects.live().count()
    assert count >= 30
    assert load_demo().count("thủ tục mới") == 0
    assert ProcedurePage.objects.count() == count
    response = client.get("/thu-tuc/", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    assert response.context["page_obj"].object_list[0].title == "Đăng ký khai sinh"
    assert client.get("/thu-tuc/dang-ky-ket-hon/").status_code == 200
