"""Fixtures of the catalogue tests: a site with a catalogue, procedure items."""

import copy

import pytest
from django.core.cache import cache
from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowTask

from procedures.models import CatalogueIndexPage, HomePage
from procedures.services import procedures_import
from qms import page_cache
from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit
from qms.organisation.page_permissions import WORKFLOW_NAME

BASE_ITEM = {
    "code": "1.001193",
    "name": "Đăng ký khai sinh",
    "field": "Hộ tịch",
    "level": "commune",
    "online_level": "full",
    "interconnected": False,
    "steps": ["Nộp hồ sơ tại Bộ phận một cửa.", "Công chức tư pháp - hộ tịch ghi Sổ."],
    "channels": [
        {
            "channel": "direct",
            "processing_time": "Trong ngày",
            "processing_days": None,
            "fee": "Miễn lệ phí",
        },
        {
            "channel": "online",
            "processing_time": "Trong ngày",
            "processing_days": 0.5,
            "fee": "Miễn lệ phí",
        },
    ],
    "documents": [
        {"name": "Tờ khai đăng ký khai sinh", "copies": 1, "template": ""},
        {
            "name": "Giấy chứng sinh",
            "copies": 1,
            "template": "https://example.gov.vn/m.docx",
        },
    ],
    "applicants": "Cha, mẹ của trẻ.",
    "result": "Giấy khai sinh.",
    "requirements": "Trong 60 ngày kể từ ngày sinh.",
    "legal_basis": ["Luật Hộ tịch số 60/2014/QH13", "Nghị định 123/2015/NĐ-CP"],
}


def item(**overrides) -> dict:
    """One valid import item, with ``overrides`` applied."""
    data = copy.deepcopy(BASE_ITEM)
    data.update(overrides)
    return data


@pytest.fixture
def catalogue(db, approval_workflow) -> CatalogueIndexPage:
    """A home page as the default site's root and the catalogue at /thu-tuc/."""
    root = Page.get_first_root_node()
    home = HomePage(title="UBND huyện Xuân Trường", slug="trang-chu")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    index = CatalogueIndexPage(title="Thủ tục hành chính", slug="thu-tuc")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def agency(db, district) -> AdministrativeUnit:
    """Phòng Tư pháp huyện Xuân Trường (364.TP)."""
    unit, _created = AdministrativeUnit.objects.get_or_create(
        level=UnitLevel.AGENCY,
        code="364.TP",
        valid_to=None,
        defaults={"name": "Phòng Tư pháp huyện Xuân Trường", "parent": district},
    )
    return unit


@pytest.fixture
def publish(catalogue):
    """``publish(*items)`` imports and publishes procedures into the catalogue."""

    def _publish(*items):
        return procedures_import(list(items), publish=True, index=catalogue)

    return _publish


@pytest.fixture
def approval_workflow(db):
    """The public-page workflow with its approval task (as role sync makes it).

    Kept explicit so that these tests state what they rely on: submissions
    wait for an approver instead of publishing at once.
    """
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.get(name="Lãnh đạo phê duyệt nội dung")
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    return workflow


@pytest.fixture(autouse=True)
def _empty_cache():
    """Procedure pages cache fragments by page and revision id; ids repeat
    between tests after rollbacks, so every test starts with an empty cache."""
    cache.clear()
    page_cache.forget_generations()
    yield
    cache.clear()
    page_cache.forget_generations()
