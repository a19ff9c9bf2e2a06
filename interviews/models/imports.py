"""An advisor's CSV import of alumni mentors: checked first, then applied at once."""

from django.conf import settings
from django.db import models

from ..enums import ImportStatus


class MentorImport(models.Model):
    """One uploaded file. The text is kept between the preview and the confirmation,
    so that what is imported is exactly what was previewed."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    source_text = models.TextField()
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    row_count = models.PositiveIntegerField(default=0)
    error_row_count = models.PositiveIntegerField(default=0)
    # Progress of the import itself, shown while a large file is applied.
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.file_name}"
