"""Staff searches in the admin that ignore tone marks, like the public catalogue.

Wagtail's generic index views search models that are not in a search index
with ``icontains`` on ``search_fields``: "chung thuc" found nothing in
"Chứng thực bản sao". ``FoldedSearchIndexMixin`` folds the query
(``qms.folding``) and matches every word at the start of a word of the
record's folded ``search_text`` column, on SQLite and PostgreSQL alike; the
view's ``search_fields`` keep matching as typed (``icontains``), for fields
that are not folded (a username, a revision's note).
"""

from django.db.models import Q

from qms.folding import fold_terms


class FoldedSearchIndexMixin:
    """For a Wagtail ``IndexView``: search the folded columns at
    ``folded_search_fields`` (``("search_text",)``,
    ``("unit__search_text", "search_text")``): each word of the query must
    start a word of at least one of them."""

    folded_search_fields: tuple[str, ...] = ("search_text",)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query
        folded = Q()
        terms = fold_terms(query)
        for term in terms:
            anywhere = Q()
            for field in self.folded_search_fields:
                anywhere |= Q(**{f"{field}__has": f" {term}"})
            folded &= anywhere
        typed = Q()
        for field in self.search_fields or []:
            typed |= Q(**{f"{field}__icontains": query})
        if not terms:
            return queryset.filter(typed) if typed else queryset.none()
        return queryset.filter(folded | typed) if typed else queryset.filter(folded)
