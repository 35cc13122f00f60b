"""Forms of the checklist template editor: the template, its questions, a copy."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from audits.inspections.checklist_services import ISO_CLAUSE, MAX_ITEMS, ItemEntry
from audits.inspections.choices import C26Item, ChecklistKind, ReformArea
from audits.inspections.models import ChecklistTemplate

CODE_HELP = _("Chữ in hoa, số, dấu gạch ngang; ví dụ ISO-NB-2025.")


class TemplateCodeField(forms.CharField):
    """A short template code, stored upper case; unique among templates."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Mã mẫu"),
            max_length=32,
            help_text=CODE_HELP,
            validators=[
                RegexValidator(
                    r"^[A-Z0-9][A-Z0-9._-]*$",
                    _("Mã chỉ gồm chữ không dấu, số, dấu chấm và gạch ngang."),
                )
            ],
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value).upper()

    def validate(self, value):
        super().validate(value)
        if ChecklistTemplate.objects.filter(code__iexact=value).exists():
            raise forms.ValidationError(_("Mã mẫu này đã được dùng."))


def _name_field() -> forms.CharField:
    return forms.CharField(label=_("Tên mẫu"), max_length=300)


def _kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Loại"), choices=ChecklistKind.choices)


def _active_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Đang dùng"),
        required=False,
        initial=True,
        help_text=_("Chỉ mẫu đang dùng mới được chọn khi ra quyết định kiểm tra."),
    )


class TemplateCreateForm(forms.Form):
    """A new template: code, name, kind, active."""

    code = TemplateCodeField()
    name = _name_field()
    kind = _kind_field()
    active = _active_field()


class TemplateEditForm(forms.Form):
    """Name, kind and active flag of a template, and why it changes."""

    name = _name_field()
    kind = _kind_field()
    active = _active_field()
    reason = forms.CharField(
        label=_("Lý do sửa"),
        max_length=500,
        help_text=_("Ghi vào lịch sử của mẫu (ai, khi nào, vì sao)."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TemplateCopyForm(forms.Form):
    """Code and name of the copy; optionally retire the source."""

    code = TemplateCodeField()
    name = _name_field()
    retire_source = forms.BooleanField(
        label=_("Ngừng dùng mẫu gốc"),
        required=False,
        help_text=_(
            "Mẫu gốc không còn được chọn khi ra quyết định kiểm tra mới; các "
            "cuộc kiểm tra đã dùng mẫu gốc giữ nguyên."
        ),
    )


class ItemForm(forms.Form):
    """One question: its text and what it checks."""

    item_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Nội dung kiểm tra"), widget=forms.Textarea(attrs={"rows": 3})
    )
    iso_clause = forms.CharField(
        label=_("Điều khoản ISO 9001:2015"),
        max_length=16,
        required=False,
        help_text=_("Ví dụ 7.5.3"),
        widget=forms.TextInput(attrs={"size": 8}),
    )
    c26_item = forms.ChoiceField(
        label=_("Nội dung theo Thông tư 26"),
        choices=[("", "—"), *C26Item.choices],
        required=False,
    )
    reform_area = forms.ChoiceField(
        label=_("Lĩnh vực cải cách hành chính"),
        choices=[("", "—"), *ReformArea.choices],
        required=False,
    )

    #: A new card left blank is no question: its order alone is not a change.
    CONTENT_FIELDS = ("text", "iso_clause", "c26_item", "reform_area")

    def has_changed(self):
        return any(name in self.changed_data for name in self.CONTENT_FIELDS)

    def clean_iso_clause(self):
        value = self.cleaned_data["iso_clause"].strip()
        if value and not ISO_CLAUSE.fullmatch(value):
            raise forms.ValidationError(
                _("Ghi dạng 7.5 hoặc 7.5.3 (từ điều 4 đến điều 10).")
            )
        return value

    def clean(self):
        data = super().clean()
        if data.get("text") and not (
            data.get("iso_clause") or data.get("c26_item") or data.get("reform_area")
        ):
            raise forms.ValidationError(
                _(
                    "Câu hỏi phải gắn với một điều khoản ISO 9001:2015, một nội "
                    "dung của Thông tư 26 hoặc một lĩnh vực cải cách hành chính."
                )
            )
        return data


class BaseItemFormSet(forms.BaseFormSet):
    """The questions in the order the editor arranged them."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The editor's move buttons renumber the order; nobody types it.
        form.fields["ORDER"].widget = forms.HiddenInput()

    def _kept_forms(self) -> list[forms.Form]:
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not self._should_delete_form(form)
        ]
        kept.sort(
            key=lambda pair: (
                pair[1].cleaned_data.get("ORDER") is None,
                pair[1].cleaned_data.get("ORDER") or 0,
                pair[0],
            )
        )
        return [form for _index, form in kept]

    def clean(self):
        if any(self.errors):
            return
        if not self._kept_forms():
            raise forms.ValidationError(_("Mẫu phải có ít nhất một câu hỏi."))

    def entries(self) -> list[ItemEntry]:
        """The kept questions, ordered, as the services take them."""
        return [
            ItemEntry(
                text=form.cleaned_data["text"],
                iso_clause=form.cleaned_data["iso_clause"],
                c26_item=form.cleaned_data["c26_item"],
                reform_area=form.cleaned_data["reform_area"],
                item_id=form.cleaned_data.get("item_id"),
            )
            for form in self._kept_forms()
        ]


def _item_formset(extra: int) -> type[BaseItemFormSet]:
    return forms.formset_factory(
        ItemForm,
        formset=BaseItemFormSet,
        extra=extra,
        can_order=True,
        can_delete=True,
        max_num=MAX_ITEMS,
        validate_max=True,
        absolute_max=MAX_ITEMS,
    )


#: The questions of an existing template; more are added with the editor's button.
ItemFormSet = _item_formset(extra=0)
#: A new template starts with one blank question.
NewItemFormSet = _item_formset(extra=1)


def item_initial(template: ChecklistTemplate) -> list[dict]:
    """The formset's initial rows: the template's questions in order."""
    return [
        {
            "item_id": item.pk,
            "text": item.text,
            "iso_clause": item.iso_clause,
            "c26_item": item.c26_item,
            "reform_area": item.reform_area,
            "ORDER": item.order,
        }
        for item in template.items.order_by("order")
    ]
