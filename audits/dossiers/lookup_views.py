"""Public pages: dossier status lookup and the survey after a resolved dossier.

Each lookup or answer counts against the per-address lookup limit
(``QMS_LOOKUPS_PER_MINUTE``, ``qms.ratelimit``, Redis): codes cannot be tried
at will. Never cached: the page cache would answer without counting.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from audits.dossiers.lookup import dossier_public, dossier_rate
from audits.dossiers.lookup_forms import DossierCodeForm, RatingForm
from qms.ratelimit import limit


def _lookup_limit(request) -> None:
    limit(request, "lookup", per_minute=settings.QMS_LOOKUPS_PER_MINUTE)


@never_cache
def dossier_lookup(request):
    """Tra cứu hồ sơ: ``?ma=<code>``; the same answer for unknown and bad codes."""
    form = DossierCodeForm(request.GET or None)
    found, looked_up = None, bool(request.GET.get("ma"))
    if looked_up:
        _lookup_limit(request)
        if form.is_valid():
            found = dossier_public(form.cleaned_data["ma"])
    return render(
        request,
        "audits/dossier_lookup.html",
        {
            "form": form,
            "dossier": found,
            "looked_up": looked_up,
            "thanks": found is not None and request.GET.get("cam-on") == "1",
        },
    )


@never_cache
def dossier_rating(request):
    """Đánh giá sự hài lòng: the short survey of one resolved dossier."""
    source = request.POST if request.method == "POST" else request.GET
    form = RatingForm(source or None)
    _lookup_limit(request)
    dossier = None
    if form.is_bound and form["ma"].value():
        code_form = DossierCodeForm({"ma": form["ma"].value()})
        if code_form.is_valid():
            dossier = dossier_public(code_form.cleaned_data["ma"])
    if dossier is None or not dossier["can_rate"]:
        back = reverse("audits_lookup:dossier")
        query = urlencode({"ma": form["ma"].value() or ""})
        return redirect(f"{back}?{query}")
    if request.method == "POST" and form.is_valid():
        try:
            dossier_rate(
                code=form.cleaned_data["ma"],
                level=form.cleaned_data["level"],
                on_time=form.cleaned_data["on_time"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            query = urlencode({"ma": form.cleaned_data["ma"], "cam-on": 1})
            return redirect(f"{reverse('audits_lookup:dossier')}?{query}")
    elif request.method != "POST":
        form = RatingForm(initial={"ma": dossier["code"]})
    return render(
        request, "audits/dossier_rating.html", {"form": form, "dossier": dossier}
    )
