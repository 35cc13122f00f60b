"""Demo website: the district's home page as the site root."""

from django.db import transaction
from wagtail.models import Page, Site

from procedures.models import HomePage

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


@transaction.atomic
def load(*, stdout) -> None:
    """Create the home page once and make it the default site's root."""
    site = Site.objects.get(is_default_site=True)
    if isinstance(site.root_page.specific, HomePage):
        return
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
