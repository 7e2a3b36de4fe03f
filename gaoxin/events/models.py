"""Events (活动): conferences, signing ceremonies, advisor appointments, talks and policy
briefings, with their organisers, talks, appointed advisors and registrations. The signings made
at an event are ``investment.Signing`` rows pointing here."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import EventKind, OrganiserRole, RegistrationStatus


class Event(TimeStampedModel, SampleMarkedModel):
    zone = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name="events",
        limit_choices_to={"kind": "zone_committee"},
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    starts_on = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("The park the event is held at or for, if any."),
    )
    description = models.TextField(_("description"), blank=True)
    outcomes = models.TextField(
        _("outcomes"), blank=True, help_text=_("What was released or decided, one per line.")
    )
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("How many took part.")
    )
    is_public = models.BooleanField(_("public"), default=True)
    registration_open = models.BooleanField(_("registration open"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    appointed_advisors = models.ManyToManyField(
        "experts.Expert",
        verbose_name=_("advisors appointed"),
        related_name="appointed_at_events",
        blank=True,
    )
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[appointed_advisors])

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["zone", "starts_on"], name="event_zone_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("The end date cannot be before the date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]


class EventOrganiser(models.Model):
    """A unit behind the event and its role (指导, 主办, 承办, 协办). ``organisation`` when the
    unit is on the platform, its name always."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="organisers"
    )
    role = models.CharField(_("role"), max_length=12, choices=OrganiserRole.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "role", "order"]
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "role", "name"],
                name="event_organiser_once",
                violation_error_message=_("This unit is already listed in that role."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Talk(models.Model):
    """A speaker and the topic they spoke on. ``expert`` when the speaker is in the pool."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="talks"
    )
    speaker = models.CharField(_("speaker"), max_length=60)
    speaker_title = models.CharField(_("speaker's title"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    expert = models.ForeignKey(
        "experts.Expert",
        verbose_name=_("expert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talks",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("talk")
        verbose_name_plural = _("talks")

    def __str__(self) -> str:
        return f"{self.speaker}: {self.topic}"


class Registration(TimeStampedModel):
    """Someone registered for an open event (a logged-in user, or a member of the public with
    a name and phone)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=60)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("email"), blank=True)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "phone"],
                condition=models.Q(status="registered"),
                name="registration_once_per_phone",
                violation_error_message=_("This phone number is already registered for the event."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.event}"
