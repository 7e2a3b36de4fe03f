"""Choices of the yearly reporting campaigns (年报填报)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The yearly figures a campaign may require: the fields of ``enterprises.YearlyFact``, in the
# order the year form shows them.
FIGURES = (
    "revenue",
    "output_value",
    "rnd_expense",
    "tax_paid",
    "export_value",
    "employees",
    "patents_granted",
)
DEFAULT_FIGURES = ("revenue", "output_value", "rnd_expense", "tax_paid", "employees")


def figure_choices() -> list[tuple[str, str]]:
    """(field name, its label) of each figure, labels from the model."""
    from django.utils.text import capfirst

    from gaoxin.enterprises.models import YearlyFact

    return [
        (name, str(capfirst(YearlyFact._meta.get_field(name).verbose_name))) for name in FIGURES
    ]


def figure_labels(names) -> list[str]:
    labels = dict(figure_choices())
    return [labels.get(name, name) for name in names]


def join_labels(labels) -> str:
    """Labels as one text in the active language: "营业收入、研发费用" / "revenue, R&D expense"."""
    from django.utils.translation import get_language

    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(str(label) for label in labels)


class CampaignStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("campaign status", "Open")
    CLOSED = "closed", _("Closed")


class EntryStatus(models.TextChoices):
    """Where one enterprise stands in a campaign. Verified and pending count as reported."""

    VERIFIED = "verified", _("Reported and verified")
    PENDING = "pending", _("Reported, awaiting verification")
    REJECTED = "rejected", _("Rejected: to be reported again")
    INCOMPLETE = "incomplete", _("Required figures missing")
    NOT_YET = "not_yet", _("Not reported yet")


SUBMITTED_STATUSES = (EntryStatus.VERIFIED, EntryStatus.PENDING)

# The filters of a campaign's table: an entry status, or one of these.
NOT_SUBMITTED = "not_submitted"
OVERDUE = "overdue"
