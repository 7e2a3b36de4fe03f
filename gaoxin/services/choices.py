"""Choices of the services app: advisors, service requests, consultations, seminars, resource
matching and the signals that create advisor tasks."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class RequestStatus(models.TextChoices):
    """new (no advisor could be chosen) → assigned → accepted → scheduled → completed → rated;
    cancelled from any open state."""

    NEW = "new", _("Waiting for an advisor")
    ASSIGNED = "assigned", _("Assigned")
    ACCEPTED = "accepted", _("Accepted")
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Completed")
    RATED = "rated", _("Rated")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_REQUEST_STATES = (
    RequestStatus.NEW,
    RequestStatus.ASSIGNED,
    RequestStatus.ACCEPTED,
    RequestStatus.SCHEDULED,
)
# The states that count towards an advisor's current load.
LOAD_STATES = (RequestStatus.ASSIGNED, RequestStatus.ACCEPTED, RequestStatus.SCHEDULED)


class SlotStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("slot status", "Open")
    BOOKED = "booked", _("Booked")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class SeminarStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Registration open")
    CLOSED = "closed", _("Registration closed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class SeatStatus(models.TextChoices):
    """A seminar registration: a seat, or a place on the waiting list."""

    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


class CounterpartKind(models.TextChoices):
    INVESTOR = "investor", _("Investor")
    BANK = "bank", _("Bank")
    INSTITUTE = "institute", _("Research institute")
    SUPPLIER = "supplier", _("Supplier")
    CUSTOMER = "customer", _("Customer")
    OTHER = "other", _("Other")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONTACTED = "contacted", _("Introduced")
    NEGOTIATING = "negotiating", _("In talks")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Did not work out")


class SignalKind(models.TextChoices):
    """Events in an enterprise's file that create work for advisors."""

    STAGE_PILOT = "stage_pilot", _("Enterprise moved to pilot")
    QUALIFICATION_EXPIRING = "qual_expiring", _("Qualification expiring")
    POLICY_NEAR_MISS = "near_miss", _("Near miss on a policy")
    FIRSTSET_AT_RISK = "fs_at_risk", _("First-set money at risk of going unused")


class SignalAction(models.TextChoices):
    TASK = "task", _("Create an advisor task")
    NOTIFY = "notify", _("Notify the enterprise only")


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Open")
    DONE = "done", _("Done")
    DISMISSED = "dismissed", _("Dismissed")
