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


class DeclarationStatus(models.TextChoices):
    """An equipment declaration (装备申报): a draft the enterprise edits; declared once it is part
    of a submitted qualification request; verified by the qualification's decision (the values
    the enterprise typed become trusted only then); rejected when the request is rejected."""

    DRAFT = "draft", _("Draft")
    DECLARED = "declared", _("Declared")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class QualificationStatus(models.TextChoices):
    """A qualification (资格): qualified until its window ends (then shown as expired, a date
    fact, not a state), or revoked (fraud, a false declaration)."""

    QUALIFIED = "qualified", _("Qualified")
    REVOKED = "revoked", _("Revoked")


class InsuranceStatus(models.TextChoices):
    """An insurance policy (保单) the enterprise registered: its figures are declared until an
    official checks them against the policy and the proof of payment (verified) or refuses them."""

    REGISTERED = "registered", _("Registered (not yet verified)")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class CapEntryKind(models.TextChoices):
    """A movement of a qualification's premium-subsidy cap (保费补助额度)."""

    ALLOCATE = "allocate", _("Allocation")
    RELEASE = "release", _("Release")
    CLAWBACK = "clawback", _("Claw-back")


class ProposalKind(models.TextChoices):
    """A proposal for the next Catalog edition (目录修订建议)."""

    NEW_ENTRY = "new_entry", _("New entry")
    CHANGE_INDICATOR = "change_indicator", _("Changed indicator")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    COLLECTED = "collected", _("Collected for the next edition")
    DECLINED = "declined", _("Declined")
