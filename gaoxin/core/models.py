"""Abstract base models every domain model builds on."""

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
