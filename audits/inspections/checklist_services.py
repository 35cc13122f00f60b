"""Writes on checklist templates: create, edit, copy (the template editor).

A template already used by an inspection keeps its questions exactly as they
were: every visit made from it holds one answer per question (``VisitAnswer``
points at the question), and the inspection record prints the question's text
and clause. Changing or removing a question would change what recorded answers
mean, so it is refused; the name, the kind and the active flag may still
change. To revise the questions, copy the template (optionally retiring the
original in the same step) and edit the copy: the copy's history names its
source. Rules refused raise ``ValidationError`` in Vietnamese; nothing is
written then.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audits.inspections.models import ChecklistItem, ChecklistTemplate, VisitAnswer
from qms.history import save_with_history
from qms.permissions import require_perm

#: The requirement clauses of ISO 9001:2015 are 4 to 10: "7.5", "7.5.3", "8.5.1".
ISO_CLAUSE = re.compile(r"(?:[4-9]|10)(?:\.[1-9][0-9]?){0,3}")
#: Above any real order: questions being renumbered park here for a moment.
_PARKING_OFFSET = 10_000
#: More questions than any real checklist; keeps the parking orders in range.
MAX_ITEMS = 300


@dataclass(frozen=True)
class ItemEntry:
    """One question as the editor submits it; ``item_id`` is None for a new one."""

    text: str
    iso_clause: str = ""
    c26_item: str = ""
    reform_area: str = ""
    item_id: int | None = None

    def content(self) -> tuple[str, str, str, str]:
        return (self.text, self.iso_clause, self.c26_item, self.reform_area)


def checklist_template_use_count(template: ChecklistTemplate) -> int:
    """How many inspections were decided with ``template``."""
    return template.inspections.count()


def _in_use(template: ChecklistTemplate) -> int:
    """Inspections of the template, or 1 if any answer cites one of its items."""
    used = checklist_template_use_count(template)
    if not used and VisitAnswer.objects.filter(item__template=template).exists():
        used = 1
    return used


def used_template_message(count: int) -> str:
    """Why the questions of a used template cannot change."""
    return ngettext(
        "Mẫu này đã được dùng cho %(n)d cuộc kiểm tra: câu hỏi của mẫu được giữ "
        "nguyên để kết quả đã ghi không bị sai lệch. Muốn sửa câu hỏi, hãy sao "
        "chép thành mẫu mới (có thể ngừng dùng mẫu này cùng lúc).",
        "Mẫu này đã được dùng cho %(n)d cuộc kiểm tra: câu hỏi của mẫu được giữ "
        "nguyên để kết quả đã ghi không bị sai lệch. Muốn sửa câu hỏi, hãy sao "
        "chép thành mẫu mới (có thể ngừng dùng mẫu này cùng lúc).",
        count,
    ) % {"n": count}


def _check_entries(entries: Sequence[ItemEntry]) -> None:
    if not entries:
        raise ValidationError(_("Mẫu phải có ít nhất một câu hỏi."))
    if len(entries) > MAX_ITEMS:
        raise ValidationError(
            _("Mẫu có tối đa %(n)d câu hỏi.") % {"n": MAX_ITEMS},
        )
    for position, entry in enumerate(entries, start=1):
        if not entry.text.strip():
            raise ValidationError(
                _("Câu hỏi %(n)d chưa có nội dung.") % {"n": position}
            )
        if entry.iso_clause and not ISO_CLAUSE.fullmatch(entry.iso_clause):
            raise ValidationError(
                _(
                    "Câu hỏi %(n)d: điều khoản ISO 9001:2015 ghi dạng 7.5 hoặc "
                    "7.5.3 (từ điều 4 đến điều 10)."
                )
                % {"n": position}
            )
        if not (entry.iso_clause or entry.c26_item or entry.reform_area):
            raise ValidationError(
                _(
                    "Câu hỏi %(n)d phải gắn với một điều khoản ISO 9001:2015, "
                    "một nội dung của Thông tư 26 hoặc một lĩnh vực cải cách "
                    "hành chính."
                )
                % {"n": position}
            )


def _write_items(
    template: ChecklistTemplate, entries: Sequence[ItemEntry], reason: str, user
) -> None:
    """Make the template's questions exactly ``entries``, in that order.

    Only questions that change are saved, so the history shows real edits.
    """
    existing = {item.pk: item for item in template.items.all()}
    wanted_ids = [entry.item_id for entry in entries if entry.item_id is not None]
    if len(set(wanted_ids)) != len(wanted_ids) or not set(wanted_ids) <= set(existing):
        raise ValidationError(
            _("Danh sách câu hỏi đã thay đổi trong lúc bạn sửa. Hãy tải lại trang.")
        )
    for pk in set(existing) - set(wanted_ids):
        item = existing.pop(pk)
        item._change_reason = reason
        item._history_user = user
        item.delete()
    moving = [
        entry.item_id
        for order, entry in enumerate(entries, start=1)
        if entry.item_id is not None and existing[entry.item_id].order != order
    ]
    if moving:
        # Two questions swapping places would break the unique (template, order)
        # for a moment; park the moving ones out of the way first. This
        # intermediate state never leaves the transaction, and each question's
        # save below writes its history with the final order.
        ChecklistItem.objects.filter(pk__in=moving).update(
            order=F("order") + _PARKING_OFFSET
        )
        for pk in moving:
            existing[pk].order += _PARKING_OFFSET
    for order, entry in enumerate(entries, start=1):
        if entry.item_id is None:
            item = ChecklistItem(template=template, order=order)
        else:
            item = existing[entry.item_id]
            if item.order == order and entry.content() == (
                item.text,
                item.iso_clause,
                item.c26_item,
                item.reform_area,
            ):
                continue
            item.order = order
        item.text = entry.text.strip()
        item.iso_clause = entry.iso_clause
        item.c26_item = entry.c26_item
        item.reform_area = entry.reform_area
        save_with_history(item, user=user, reason=reason)


def _items_unchanged(template: ChecklistTemplate, entries: Sequence[ItemEntry]) -> bool:
    current = [
        (item.pk, item.text, item.iso_clause, item.c26_item, item.reform_area)
        for item in template.items.order_by("order")
    ]
    wanted = [(entry.item_id, *entry.content()) for entry in entries]
    return current == wanted


def _save_template(template: ChecklistTemplate, reason: str, user) -> None:
    try:
        with transaction.atomic():
            save_with_history(template, user=user, reason=reason)
    except IntegrityError as clash:
        # Two people creating the same code at the same moment.
        raise ValidationError(_("Mã mẫu này đã được dùng.")) from clash


@transaction.atomic
def checklist_template_create(
    *,
    code: str,
    name: str,
    kind: str,
    active: bool = True,
    items: Sequence[ItemEntry],
    user,
    reason: str = "",
) -> ChecklistTemplate:
    """A new template with its questions, numbered in the order given."""
    require_perm(user, "audits.add_checklisttemplate", "audits.add_checklistitem")
    _check_entries(items)
    reason = reason or _("Lập mẫu danh mục kiểm tra")
    template = ChecklistTemplate(
        code=code.strip(), name=name.strip(), kind=kind, active=active
    )
    _save_template(template, reason, user)
    _write_items(template, [ItemEntry(*e.content()) for e in items], reason, user)
    return template


@transaction.atomic
def checklist_template_update(
    *,
    template: ChecklistTemplate,
    name: str,
    kind: str,
    active: bool,
    items: Sequence[ItemEntry] | None,
    reason: str,
    user,
) -> ChecklistTemplate:
    """Edit a template; ``items=None`` leaves its questions as they are.

    Questions of a template already used by an inspection cannot change
    (module docstring). Every edit writes a history row on the template with
    ``reason``, so its trail shows who changed what and why.
    """
    require_perm(user, "audits.change_checklisttemplate")
    if not reason.strip():
        raise ValidationError(_("Ghi lý do sửa mẫu để lưu vào lịch sử."))
    # Lock the row: an inspection decided on this template meanwhile waits.
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if items is not None and not _items_unchanged(template, items):
        require_perm(
            user,
            "audits.add_checklistitem",
            "audits.change_checklistitem",
            "audits.delete_checklistitem",
        )
        used = _in_use(template)
        if used:
            raise ValidationError(used_template_message(used))
        _check_entries(items)
        _write_items(template, items, reason.strip(), user)
    template.name = name.strip()
    template.kind = kind
    template.active = active
    _save_template(template, reason.strip(), user)
    return template


@transaction.atomic
def checklist_template_copy(
    *,
    source: ChecklistTemplate,
    code: str,
    name: str,
    retire_source: bool = False,
    user,
) -> ChecklistTemplate:
    """A new, active template with ``source``'s kind and questions.

    With ``retire_source`` the source stops being offered for new
    inspections: this is how a used template gets a revised version.
    """
    reason = _("Sao chép từ mẫu %(code)s") % {"code": source.code}
    entries = [
        ItemEntry(item.text, item.iso_clause, item.c26_item, item.reform_area)
        for item in source.items.order_by("order")
    ]
    copy = checklist_template_create(
        code=code, name=name, kind=source.kind, items=entries, user=user, reason=reason
    )
    if retire_source and source.active:
        require_perm(user, "audits.change_checklisttemplate")
        source.active = False
        save_with_history(
            source,
            user=user,
            reason=_("Ngừng dùng, thay bằng mẫu %(code)s") % {"code": copy.code},
        )
    return copy
