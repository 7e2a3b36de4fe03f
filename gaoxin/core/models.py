"""Abstract base models every domain model builds on, and the generic import job."""

import uuid
from pathlib import PurePath

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-change times."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class SampleMarkedModel(models.Model):
    """Rows the demo generated where the seed document states nothing (示例数据)."""

    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Generated for the demo; not a real record."),
    )

    class Meta:
        abstract = True


def _import_upload_to(instance: "ImportJob", filename: str) -> str:
    """Stored under a random name (the person's file name is kept in `original_filename`)."""
    suffix = PurePath(filename).suffix.lower()[:10] or ".bin"
    return f"imports/{instance.kind or 'job'}/{uuid.uuid4().hex}{suffix}"


class ImportJob(TimeStampedModel):
    """One uploaded file being imported (Excel in), whatever it imports (`kind`).

    The job runs in the background (django-tasks); its page polls it. Imports are all or
    nothing: a failed job wrote nothing, and `errors` says why, row by row, in the language the
    person used when uploading (`language`). Only the first `ERRORS_STORED` errors are kept;
    `error_count` counts them all.
    """

    ERRORS_STORED = 1000

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="import_jobs",
        help_text=_("Empty when the system ran the import from the command line."),
    )
    original_filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=_import_upload_to, max_length=255, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=16, default="zh-hans")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors found"), default=0)
    details = models.JSONField(_("details"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [
            models.Index(
                fields=["created_by", "kind", "-created_at"], name="import_job_owner_kind"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "succeeded", "failed"]),
                name="import_job_status_valid",
                violation_error_message=_("Unknown import job status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.original_filename}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def errors_not_stored(self) -> int:
        return max(self.error_count - len(self.errors or []), 0)

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.row_count:
            return 0
        return min(int(self.processed_rows * 100 / self.row_count), 99)


class ScheduledRun(models.Model):
    """A nightly job enqueued for one day by ``gaoxin scheduler`` (``core.schedule``): at most
    one per (job, day), so several schedulers, or one restarted, enqueue it once."""

    job = models.CharField(_("job"), max_length=60)
    day = models.DateField(_("day"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-day", "job"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="scheduledrun_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"


class HolidayArrangement(SampleMarkedModel, TimeStampedModel):
    """One year's public holidays and adjusted working days (节假日安排), entered by the security
    administrator from the notice of the General Office of the State Council (国务院办公厅).

    For its year it takes precedence over the ``chinese_calendar`` package (see
    ``gaoxin.core.workdays``). ``holidays`` is a list of ``{"name", "start", "end"}`` (ISO dates,
    both days off), ``adjusted_workdays`` a list of ``{"day", "name"}``: weekend days worked
    instead (调休上班). The services validate both; write only through them.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    document_number = models.CharField(
        _("document number"),
        max_length=60,
        help_text=_("The notice's number, e.g. 国办发明电〔2026〕7号."),
    )
    notice_date = models.DateField(_("notice date"))
    holidays = models.JSONField(_("holidays"), default=list, blank=True)
    adjusted_workdays = models.JSONField(_("adjusted working days"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday arrangement")
        verbose_name_plural = _("holiday arrangements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="holiday_arrangement_year_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            )
        ]

    def __str__(self) -> str:
        return _("Holiday arrangement %(year)s") % {"year": self.year}
