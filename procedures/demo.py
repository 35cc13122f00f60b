"""Demo website: the district's home page, the catalogue at /thu-tuc/, procedures.

The procedures come from ``fixtures/procedures.json`` in the import format and
go through the same import service as ``manage.py import_procedures``; then
the downloadable demo forms are made and chosen on them (``demo_forms``).
Idempotent: a second run creates nothing and publishes no new revision.
"""

import json

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from procedures.demo_forms import demo_forms_load
from procedures.models import CatalogueIndexPage, HomePage, ProcedurePage
from procedures.services import procedures_import

HOME_INTRO = (
    "Tra cứu thủ tục hành chính, theo dõi kết quả giải quyết hồ sơ và hệ thống "
    "quản lý chất lượng theo TCVN ISO 9001:2015 của UBND huyện Xuân Trường."
)
HOME_BODY = (
    "<p>Bộ phận Tiếp nhận và Trả kết quả huyện Xuân Trường tiếp nhận hồ sơ "
    "từ thứ Hai đến thứ Sáu, sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ. "
    "Hồ sơ nộp sau 15 giờ được tính từ ngày làm việc tiếp theo.</p>"
    "<p>Người dân có thể nộp hồ sơ trực tiếp, trực tuyến qua Cổng Dịch vụ công "
    "hoặc qua dịch vụ bưu chính công ích.</p>"
)
CATALOGUE_INTRO = (
    "Danh mục thủ tục hành chính cấp huyện và cấp xã đang áp dụng trên địa bàn "
    "huyện Xuân Trường. Gõ tên thủ tục, có dấu hoặc không dấu, hoặc mã thủ tục."
)
FIXTURE = settings.BASE_DIR / "fixtures" / "procedures.json"


@transaction.atomic
def load(*, stdout) -> None:
    """Home page as the site root, the catalogue under it, the demo procedures."""
    home = _home(stdout)
    catalogue = _catalogue(home, stdout)
    items = json.loads(FIXTURE.read_text(encoding="utf-8"))
    known = set(ProcedurePage.objects.values_list("code", flat=True))
    new_items = [item for item in items if item["code"] not in known]
    if new_items:
        report = procedures_import(new_items, publish=True, index=catalogue)
        stdout.write(f"Thủ tục hành chính: {len(report.created)} thủ tục mới")
    demo_forms_load(stdout=stdout)


def _home(stdout) -> HomePage:
    site = Site.objects.get(is_default_site=True)
    if isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    root = Page.get_first_root_node()
    home = HomePage(
        title="UBND huyện Xuân Trường",
        slug="trang-chu",
        intro=HOME_INTRO,
        body=HOME_BODY,
        seo_title="Cổng thông tin một cửa huyện Xuân Trường",
    )
    root.add_child(instance=home)
    home.save_revision(log_action=True).publish()
    old_root = site.root_page
    site.root_page = home
    site.site_name = "UBND huyện Xuân Trường"
    site.save()
    if old_root.specific_class is Page and old_root.depth == 2:
        old_root.delete()  # Wagtail's placeholder "Welcome" page
    stdout.write("Trang chủ: đã tạo")
    return home


def _catalogue(home: HomePage, stdout) -> CatalogueIndexPage:
    existing = CatalogueIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    catalogue = CatalogueIndexPage(
        title="Thủ tục hành chính",
        slug="thu-tuc",
        intro=CATALOGUE_INTRO,
        seo_title="Danh mục thủ tục hành chính",
    )
    home.add_child(instance=catalogue)
    catalogue.save_revision(log_action=True).publish()
    stdout.write("Danh mục thủ tục: đã tạo tại /thu-tuc/")
    return catalogue
