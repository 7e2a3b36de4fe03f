"""Choices of the first-set catalog."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportMode(models.TextChoices):
    """How the policy supports an entry (P7): by units (台(套)数) or by batches (批次数)."""

    UNITS = "units", _("By units (台(套)数)")
    BATCHES = "batches", _("By batches (批次数)")


class Direction(models.TextChoices):
    """Which way an indicator is better: higher (≥, e.g. payload) or lower (≤, e.g. error)."""

    AT_LEAST = ">=", _("at least (≥)")
    AT_MOST = "<=", _("at most (≤)")


DIRECTION_SIGNS = {Direction.AT_LEAST: "≥", Direction.AT_MOST: "≤"}
"""How a direction is printed next to a threshold."""
