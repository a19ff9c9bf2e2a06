"""Managed lists, so that filters and dashboards group cleanly (never free text)."""

from django.db import models


class TaxonomyItem(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # Retired items stay on the profiles that use them but are no longer offered.
    is_active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Major(TaxonomyItem):
    class Meta(TaxonomyItem.Meta):
        pass


class Industry(TaxonomyItem):
    class Meta(TaxonomyItem.Meta):
        verbose_name_plural = "industries"
