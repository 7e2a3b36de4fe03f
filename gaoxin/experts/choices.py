"""Choices of the expert pool: kinds of declared ties, exclusion reasons, sheet states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TieKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    SHAREHOLDING = "shareholding", _("Shareholding")
    FAMILY = "family", _("Family")
    COLLABORATION = "collaboration", _("Collaboration")
    OTHER = "other", _("Other")


class ExclusionReason(models.TextChoices):
    """Why an expert of the pool was left out of a draw (回避), in the order they are tested."""

    INACTIVE = "inactive", _("Inactive")
    FIELD_MISMATCH = "field_mismatch", _("No field in common")
    SAME_ORGANISATION = "same_organisation", _("Same organisation as the applicant")
    DECLARED_TIE = "declared_tie", _("Declared tie with the applicant")
    RECENT_REVIEW = "recent_review", _("Reviewed the same applicant recently")


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("To score")
    SUBMITTED = "submitted", _("Submitted")
