"""Bookkeeping for imports: which external identifier maps to which row, and each run's report."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExternalId(models.Model):
    """Maps an identifier of a source system (OneRoster sourcedId, Ed-Fi unique id, a college's
    section number, a CDS code) to a row here, so re-running an import updates instead of
    duplicating."""

    system = models.CharField(max_length=40, help_text="oneroster, edfi, cde, college:<code>, ...")
    model = models.CharField(max_length=60, help_text="app_label.model of the row")
    external_id = models.CharField(max_length=255)
    object_pk = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["system", "model", "external_id"], name="external_id_unique"
            )
        ]
        indexes = [models.Index(fields=["model", "object_pk"])]

    def __str__(self) -> str:
        return f"{self.system}:{self.model}:{self.external_id} -> {self.object_pk}"


class ImportStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    DRY_RUN = "dry_run", "Dry run (nothing written)"
    REJECTED = "rejected", "Rejected (nothing written)"


class ImportRun(models.Model):
    format = models.CharField(max_length=40)
    source = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of the input files")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    lenient = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.format} {self.source} ({self.status})"
