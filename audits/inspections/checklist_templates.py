"""The checklist templates shipped with the system.

Three templates: an ISO 9001:2015 internal audit (items carry a clause), the
Circular 26/2014/TT-BKHCN inspection (items carry a content item and the
clause it rests on) and the seven administrative-reform areas (Decision
876/QĐ-BNV). ``checklist_templates_ensure`` writes them once; running it again
changes nothing, so the demo and the tests can both call it.
"""

from django.db import transaction

from audits.inspections.choices import C26Item, ChecklistKind, ReformArea
from audits.inspections.models import ChecklistItem, ChecklistTemplate

#: code -> (name, kind, [(text, iso_clause, c26_item, reform_area)])
TEMPLATES: dict[str, tuple[str, str, list[tuple[str, str, str, str]]]] = {
    "ISO-NB": (
        "Đánh giá nội bộ HTQLCL theo TCVN ISO 9001:2015",
        ChecklistKind.ISO_AUDIT,
        [
            (
                "Đơn vị đã xác định bối cảnh, các bên quan tâm và phạm vi "
                "HTQLCL bao gồm mọi thủ tục hành chính chưa?",
                "4.3",
                "",
                "",
            ),
            (
                "Lãnh đạo đã ban hành và phổ biến chính sách, mục tiêu chất "
                "lượng; phân công trách nhiệm rõ ràng?",
                "5.2",
                "",
                "",
            ),
            (
                "Rủi ro và cơ hội đã được xác định, có biện pháp xử lý?",
                "6.1",
                "",
                "",
            ),
            (
                "Mục tiêu chất lượng năm có chỉ tiêu đo được và được theo dõi?",
                "6.2",
                "",
                "",
            ),
            (
                "Tài liệu đang áp dụng là bản có hiệu lực, có kiểm soát; tài "
                "liệu lỗi thời được đánh dấu?",
                "7.5",
                "",
                "",
            ),
            (
                "Hồ sơ giải quyết TTHC được lưu đủ thành phần, đúng thời hạn lưu?",
                "7.5.3",
                "",
                "",
            ),
            (
                "Hồ sơ được giải quyết theo đúng quy trình, có phiếu kiểm soát "
                "quá trình (mẫu 05)?",
                "8.5.1",
                "",
                "",
            ),
            (
                "Kết quả giải quyết trả đúng hẹn; trường hợp trễ hạn có phiếu "
                "xin lỗi và hẹn lại (mẫu 04)?",
                "8.7",
                "",
                "",
            ),
            (
                "Sự hài lòng của tổ chức, cá nhân được khảo sát, theo dõi?",
                "9.1.2",
                "",
                "",
            ),
            ("Đánh giá nội bộ được thực hiện ít nhất một lần/năm?", "9.2", "", ""),
            ("Xem xét của lãnh đạo được thực hiện và lập hồ sơ?", "9.3", "", ""),
            (
                "Điểm không phù hợp được phân tích nguyên nhân và có hành động "
                "khắc phục được xác minh hiệu quả?",
                "10.2",
                "",
                "",
            ),
        ],
    ),
    "TT26": (
        "Kiểm tra việc áp dụng HTQLCL theo Thông tư 26/2014/TT-BKHCN",
        ChecklistKind.C26,
        [
            (
                "Phạm vi áp dụng HTQLCL bao gồm tất cả các thủ tục hành chính "
                "thuộc thẩm quyền giải quyết?",
                "4.3",
                C26Item.SCOPE,
                "",
            ),
            (
                "Tài liệu của HTQLCL đã được phổ biến đến cán bộ, công chức liên quan?",
                "7.5.3",
                C26Item.DISSEMINATION,
                "",
            ),
            (
                "Quy trình giải quyết TTHC được áp dụng đúng trong thực tế "
                "(kiểm tra xác suất hồ sơ)?",
                "8.5.1",
                C26Item.PROCESSES,
                "",
            ),
            (
                "Đánh giá nội bộ đã được thực hiện theo kế hoạch?",
                "9.2",
                C26Item.INTERNAL_AUDIT,
                "",
            ),
            (
                "Xem xét của lãnh đạo đã được thực hiện?",
                "9.3",
                C26Item.MANAGEMENT_REVIEW,
                "",
            ),
            (
                "Hành động khắc phục đã được thực hiện và báo cáo trong 2 tháng?",
                "10.2",
                C26Item.CORRECTIVE_ACTION,
                "",
            ),
            (
                "Phản ánh, kiến nghị của tổ chức, cá nhân được tiếp nhận và "
                "giải quyết?",
                "9.1.2",
                C26Item.COMPLAINTS,
                "",
            ),
            (
                "Có hoạt động cải tiến HTQLCL?",
                "10.3",
                C26Item.IMPROVEMENT,
                "",
            ),
            (
                "Văn bản pháp luật mới được cập nhật vào quy trình trong 3 tháng?",
                "7.5.2",
                C26Item.LEGAL_UPDATE,
                "",
            ),
            (
                "Đã công bố HTQLCL phù hợp TCVN ISO 9001 và công bố lại khi "
                "thay đổi phạm vi?",
                "",
                C26Item.ANNOUNCEMENT,
                "",
            ),
        ],
    ),
    "CCHC-7": (
        "Kiểm tra công tác cải cách hành chính (7 lĩnh vực)",
        ChecklistKind.REFORM,
        [
            (
                "Có kế hoạch CCHC năm, được triển khai và báo cáo đúng hạn?",
                "",
                "",
                ReformArea.DIRECTION,
            ),
            (
                "Văn bản quy phạm pháp luật do đơn vị ban hành được rà soát, kiểm tra?",
                "",
                "",
                ReformArea.INSTITUTIONS,
            ),
            (
                "Thủ tục hành chính được niêm yết công khai đầy đủ, đúng quy định?",
                "",
                C26Item.PROCESSES,
                ReformArea.PROCEDURES,
            ),
            (
                "Cơ cấu tổ chức, vị trí việc làm đúng quy định?",
                "",
                "",
                ReformArea.ORGANISATION,
            ),
            (
                "Kỷ luật, kỷ cương hành chính; văn hóa công vụ được thực hiện?",
                "",
                "",
                ReformArea.CIVIL_SERVICE,
            ),
            (
                "Cơ chế tự chủ tài chính, công khai tài chính được thực hiện?",
                "",
                "",
                ReformArea.PUBLIC_FINANCE,
            ),
            (
                "Dịch vụ công trực tuyến được cung cấp, hồ sơ được số hóa?",
                "",
                "",
                ReformArea.E_GOVERNMENT,
            ),
        ],
    ),
}


@transaction.atomic
def checklist_templates_ensure() -> int:
    """Create the shipped templates that are missing; return how many were made."""
    created = 0
    for code, (name, kind, items) in TEMPLATES.items():
        if ChecklistTemplate.objects.filter(code=code).exists():
            continue
        template = ChecklistTemplate(code=code, name=name, kind=kind)
        template._change_reason = "Mẫu danh mục kiểm tra đi kèm hệ thống"
        template.save()
        for order, (text, clause, c26_item, area) in enumerate(items, start=1):
            item = ChecklistItem(
                template=template,
                order=order,
                text=text,
                iso_clause=clause,
                c26_item=c26_item,
                reform_area=area,
            )
            item._change_reason = "Mẫu danh mục kiểm tra đi kèm hệ thống"
            item.save()
        created += 1
    return created
