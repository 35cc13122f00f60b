"""One document's history: the trace page and the diff of two revisions."""

from django.utils import timezone
from django.utils.translation import gettext as _

from qms.documents import services
from qms.documents.forms import DayForm, DiffForm, ReviewForm
from qms.documents.selectors import document_timeline, revision_diff
from qms.documents.views.base import _Base, _parse_day


class DocumentTraceView(_Base):
    """Everything an ISO reviewer asks about one document, on one page."""

    template_name = "qms/documents/trace.html"

    def get_page_title(self):
        return self.document.code

    def get_page_subtitle(self):
        return self.document.title

    def get(self, request, pk):
        self.document = self.get_document(pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.document
        revisions = list(
            document.revisions.select_related(
                "drafted_by", "reviewed_by", "approved_by"
            ).order_by("-issue_number", "-revision_number")
        )
        day = _parse_day(self.request.GET.get("on"))
        in_force = None
        if day:
            in_force = next((r for r in revisions if r.in_force_on(day)), None)
        user = self.request.user
        context.update(
            document=document,
            revisions=revisions,
            legal_bases=list(document.legal_bases.all()),
            timeline=document_timeline(document),
            diff_form=DiffForm(document=document),
            day_form=DayForm(initial={"on": day or timezone.localdate()}),
            day=day,
            in_force=in_force,
            review_form=ReviewForm(initial={"on": timezone.localdate()}),
            can_record_review=user.has_perm("qms.change_controlleddocument")
            or user.has_perm(services.PERM_REVIEW),
            can_draft=user.has_perm("qms.add_documentrevision")
            and not any(r.status in services.IN_PROGRESS for r in revisions),
        )
        return context


class DocumentDiffView(_Base):
    """Word-level comparison of two revisions of one document, and metadata.

    ``?b=<id>`` alone compares that revision with the one before it (the
    link under a revision's content); no choice at all, the newest two.
    """

    template_name = "qms/documents/diff.html"

    def get_page_title(self):
        return _("So sánh lần ban hành")

    def get_page_subtitle(self):
        return self.document.code

    def get(self, request, pk):
        self.document = self.get_document(pk)
        data = request.GET.copy()
        if "a" not in data:
            data.update(self._with_previous(data.get("b")))
        self.form = DiffForm(data if data else None, document=self.document)
        return super().get(request, pk=pk)

    def _with_previous(self, b: str | None) -> dict:
        """Without ``a``: ``b`` (or the newest) against the revision before it."""
        numbers = list(
            self.document.revisions.order_by(
                "-issue_number", "-revision_number"
            ).values_list("pk", flat=True)
        )
        if b is None:
            return {"a": numbers[1], "b": numbers[0]} if len(numbers) > 1 else {}
        if b.isdigit() and int(b) in numbers[:-1]:
            return {"a": numbers[numbers.index(int(b)) + 1]}
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(document=self.document, form=self.form)
        if self.form.is_valid():
            old, new = self.form.cleaned_data["a"], self.form.cleaned_data["b"]
            context.update(old=old, new=new, diff=revision_diff(old, new))
        return context
