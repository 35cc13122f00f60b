"""Choices of inspection records: reform areas, Circular 26 items, grades, statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReformArea(models.TextChoices):
    """The seven areas of administrative-reform inspections (Decision 876/QĐ-BNV)."""

    DIRECTION = "direction", _("Chỉ đạo, điều hành cải cách hành chính")
    INSTITUTIONS = "institutions", _("Cải cách thể chế")
    PROCEDURES = "procedures", _("Cải cách thủ tục hành chính")
    ORGANISATION = "organisation", _("Cải cách tổ chức bộ máy")
    CIVIL_SERVICE = "civil_service", _("Cải cách chế độ công vụ")
    PUBLIC_FINANCE = "public_finance", _("Cải cách tài chính công")
    E_GOVERNMENT = "e_government", _("Xây dựng chính quyền điện tử, chính quyền số")


class C26Item(models.TextChoices):
    """Content items of an inspection under Circular 26/2014/TT-BKHCN Art. 35."""

    SCOPE = "scope", _("Phạm vi áp dụng bao gồm mọi thủ tục hành chính")
    DISSEMINATION = "dissemination", _("Phổ biến tài liệu của hệ thống")
    PROCESSES = "processes", _("Áp dụng quy trình trong thực tế")
    INTERNAL_AUDIT = "internal_audit", _("Đánh giá nội bộ")
    MANAGEMENT_REVIEW = "management_review", _("Xem xét của lãnh đạo")
    CORRECTIVE_ACTION = "corrective_action", _("Hành động khắc phục")
    COMPLAINTS = "complaints", _("Giải quyết phản ánh, kiến nghị")
    IMPROVEMENT = "improvement", _("Cải tiến hệ thống")
    LEGAL_UPDATE = "legal_update", _("Cập nhật văn bản pháp luật trong 3 tháng")
    ANNOUNCEMENT = "announcement", _("Công bố hệ thống phù hợp TCVN ISO 9001")


class InspectionMode(models.TextChoices):
    """How a planned unit is inspected."""

    ON_SITE = "on_site", _("Kiểm tra trực tiếp")
    ON_FILE = "on_file", _("Kiểm tra qua hồ sơ, báo cáo")


class InspectionStatus(models.TextChoices):
    """Where an inspection stands."""

    PLANNED = "planned", _("Đã ra quyết định")
    IN_PROGRESS = "in_progress", _("Đang kiểm tra")
    COMPLETED = "completed", _("Đã lập biên bản")


class AnswerResult(models.TextChoices):
    """How a checklist item was found during a visit."""

    CONFORMS = "conforms", _("Phù hợp")
    OBSERVATION = "observation", _("Khuyến nghị (cơ hội cải tiến)")
    MINOR = "minor", _("Không phù hợp nhẹ")
    MAJOR = "major", _("Không phù hợp nặng")
    NOT_APPLICABLE = "not_applicable", _("Không áp dụng")


class Grade(models.TextChoices):
    """Grade of a nonconformity."""

    MINOR = "minor", _("Nhẹ")
    MAJOR = "major", _("Nặng")


class NonconformityStatus(models.TextChoices):
    """A nonconformity is open until every action is verified effective."""

    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


class ActionStatus(models.TextChoices):
    """Life of a corrective action."""

    OPEN = "open", _("Đang thực hiện")
    REPORTED = "reported", _("Đơn vị đã báo cáo")
    EFFECTIVE = "effective", _("Đã xác minh có hiệu quả")


class ChecklistKind(models.TextChoices):
    """What a checklist template is for."""

    ISO_AUDIT = "iso_audit", _("Đánh giá nội bộ ISO 9001:2015")
    C26 = "c26", _("Kiểm tra theo Thông tư 26/2014/TT-BKHCN")
    REFORM = "reform", _("Kiểm tra cải cách hành chính (7 lĩnh vực)")
