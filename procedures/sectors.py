"""Fields of procedures (lĩnh vực) and the word index of the catalogue search."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from procedures.text import fold


class Sector(models.Model):
    """A field of administrative procedures (lĩnh vực): hộ tịch, chứng thực, ..."""

    name = models.CharField(_("tên lĩnh vực"), max_length=200, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Fill the slug from the folded name ("Hộ tịch" → "ho-tich")."""
        if not self.slug:
            self.slug = slugify(fold(self.name))[:200]
        super().save(*args, **kwargs)


class ProcedureSearchWord(models.Model):
    """One folded word of a live procedure's search text: an inverted index.

    A query word is looked up as a prefix range on the indexed ``word``
    column, on SQLite and PostgreSQL alike, instead of scanning every
    procedure's text. Derived data, rebuilt on every full save of the page.
    """

    page = models.ForeignKey(
        "procedures.ProcedurePage",
        on_delete=models.CASCADE,
        related_name="search_words",
    )
    word = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("từ tìm kiếm")
        verbose_name_plural = _("từ tìm kiếm")
        constraints = [
            models.UniqueConstraint(
                fields=["word", "page"], name="procedure_search_word_unique"
            )
        ]

    def __str__(self) -> str:
        return self.word


def search_words_replace(page_id: int, search_text: str) -> None:
    """Make the word index of one page match its folded ``search_text``."""
    words = {word[:64] for word in search_text.split()}
    ProcedureSearchWord.objects.filter(page_id=page_id).delete()
    ProcedureSearchWord.objects.bulk_create(
        ProcedureSearchWord(page_id=page_id, word=word) for word in sorted(words)
    )
