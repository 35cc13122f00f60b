"""Admin screens of the checklist template editor, under /admin/inspections/checklists/.

Anyone who may view templates sees the list and each template with its trail;
creating, editing and copying need the model permissions (inspectors hold them,
audits.role_grants). A refused rule comes back as a message on the same screen.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from audits.inspections import checklist_selectors as selectors
from audits.inspections import checklist_services as services
from audits.inspections.checklist_forms import (
    ItemFormSet,
    NewItemFormSet,
    TemplateCopyForm,
    TemplateCreateForm,
    TemplateEditForm,
    item_initial,
)
from audits.inspections.models import ChecklistTemplate
from qms.organisation.scoping import sees_all_units
from qms.permissions import refusal_messages, require_perm

NS = "audits_inspections"
ADD = "audits.add_checklisttemplate"
CHANGE = "audits.change_checklisttemplate"


def _template(pk: int) -> ChecklistTemplate:
    try:
        return selectors.checklist_template_detail(pk)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


def _render(request, name: str, title: str, **context) -> TemplateResponse:
    context.update(page_title=title, header_icon="list-ol")
    return TemplateResponse(request, f"audits/inspections/{name}", context)


def checklist_index(request):
    """Every template: kind, questions, whether in use; links to edit and copy."""
    require_perm(request.user, "audits.view_checklisttemplate")
    return _render(
        request,
        "checklist_index.html",
        _("Mẫu danh mục kiểm tra"),
        templates=selectors.checklist_templates_overview(),
        can_add=request.user.has_perm(ADD),
        can_change=request.user.has_perm(CHANGE),
        sees_all=sees_all_units(request.user),
    )


def checklist_create(request):
    """A new template and its questions."""
    require_perm(request.user, ADD)
    form = TemplateCreateForm(request.POST or None)
    formset = NewItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            template = services.checklist_template_create(
                **form.cleaned_data, items=formset.entries(), user=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            messages.success(
                request, _("Đã lập mẫu %(code)s.") % {"code": template.code}
            )
            return redirect(f"{NS}:checklist", pk=template.pk)
    return _render(
        request,
        "checklist_form.html",
        _("Lập mẫu danh mục kiểm tra"),
        form=form,
        formset=formset,
    )


def checklist_edit(request, pk: int):
    """A template: read only without the change permission; otherwise its
    name, kind, active flag and, while no inspection used it, its questions."""
    require_perm(request.user, "audits.view_checklisttemplate")
    template = _template(pk)
    can_change = request.user.has_perm(CHANGE)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    used = template.use_count
    data = request.POST or None
    initial = {"name": template.name, "kind": template.kind, "active": template.active}
    form = TemplateEditForm(data, initial=initial)
    # A used template's questions are shown, not offered for editing; a crafted
    # POST that carries them anyway meets the service's refusal.
    edits_items = not used or (data is not None and "items-TOTAL_FORMS" in data)
    formset = ItemFormSet(data, prefix="items", initial=item_initial(template))
    valid = form.is_valid() and (not edits_items or formset.is_valid())
    if request.method == "POST" and valid:
        try:
            services.checklist_template_update(
                template=template,
                **form.cleaned_data,
                items=formset.entries() if edits_items else None,
                user=request.user,
            )
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("Đã lưu mẫu %(name)s.") % {"name": template})
            return redirect(f"{NS}:checklist", pk=template.pk)
    return _render(
        request,
        "checklist_form.html",
        str(template),
        checklist=template,
        form=form if can_change else None,
        formset=formset if can_change and not used else None,
        used_message=services.used_template_message(used) if used else "",
        can_copy=request.user.has_perm(ADD),
        sees_all=sees_all_units(request.user),
        history=selectors.checklist_template_history(template),
    )


def checklist_copy(request, pk: int):
    """A new template starting from this one's questions."""
    require_perm(request.user, ADD)
    source = _template(pk)
    form = TemplateCopyForm(
        request.POST or None,
        initial={
            "code": f"{source.code}-2"[:32],
            "name": _("%(name)s (bản mới)") % {"name": source.name},
            "retire_source": bool(source.use_count),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.checklist_template_copy(
                source=source, **form.cleaned_data, user=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            messages.success(
                request,
                _("Đã sao chép thành mẫu %(code)s; có thể sửa câu hỏi.")
                % {"code": copy.code},
            )
            return redirect(f"{NS}:checklist", pk=copy.pk)
    return _render(
        request,
        "checklist_copy.html",
        _("Sao chép mẫu %(code)s") % {"code": source.code},
        source=source,
        form=form,
    )
