"""Services for resident enterprises (服务): the advisor pool, service requests routed to an
advisor, regular consultations (定期咨询) as bookable slots, seminars (专题研讨) with a waiting
list, resource matching (资源对接), and the advisor tasks that signals in an enterprise's file
create. An advisor is a person of the expert pool (``experts.Expert``): person, organisation,
account and declared ties (回避) are the expert's, shared with the review machinery's draw."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import (
    CounterpartKind,
    MatchStatus,
    RequestStatus,
    SeatStatus,
    SeminarStatus,
    SignalAction,
    SignalKind,
    SlotStatus,
    TaskStatus,
    Urgency,
)

MONEY = {"max_digits": 16, "decimal_places": 2}


def _zone_fk(related_name: str):
    return models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"kind": "zone_committee"},
    )


def _user_fk(verbose_name, related_name="+"):
    return models.ForeignKey(
        "accounts.User",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
    )


class ServiceDomain(models.Model):
    """A domain of service. The three broad ones (技术转化, 合规运营, 资本对接) have no parent;
    finer ones (医疗器械注册合规, 供应链协同优化) name the broad one they belong to."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broad domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service domain")
        verbose_name_plural = _("service domains")

    def __str__(self) -> str:
        """The name in the interface's language: the English name on English pages when there
        is one, else the Chinese name."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class Advisor(TimeStampedModel, SampleMarkedModel):
    """An advisor appointed by a zone, for a term, in some domains, with the number of open
    requests they take at most (``max_load``) and whether they are available now."""

    zone = _zone_fk("advisors")
    expert = models.OneToOneField(
        "experts.Expert",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="advisor",
    )
    domains = models.ManyToManyField(ServiceDomain, verbose_name=_("domains"), related_name="+")
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    available = models.BooleanField(_("available"), default=True)
    unavailable_until = models.DateField(
        _("unavailable until"),
        null=True,
        blank=True,
        help_text=_("Leave empty when available; set with a reason for an absence."),
    )
    unavailable_reason = models.CharField(_("why unavailable"), max_length=200, blank=True)
    max_load = models.PositiveSmallIntegerField(
        _("open requests at most"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    appointed_at = models.ForeignKey(
        "events.Event",
        verbose_name=_("appointed at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords(m2m_fields=[domains])

    class Meta:
        ordering = ["zone", "expert__name"]
        verbose_name = _("advisor")
        verbose_name_plural = _("advisors")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="advisor_term_ordered",
                violation_error_message=_("The term cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return str(self.expert)


class ServiceSettings(models.Model):
    """A zone's service settings: the first response deadline in working days."""

    zone = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.CASCADE,
        related_name="service_settings",
    )
    first_response_days = models.PositiveSmallIntegerField(
        _("first response within (working days)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    urgent_first_response_days = models.PositiveSmallIntegerField(
        _("first response to an urgent request within (working days)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    class Meta:
        verbose_name = _("service settings")
        verbose_name_plural = _("service settings")

    def __str__(self) -> str:
        return str(self.zone)


class ServiceRequest(TimeStampedModel, SampleMarkedModel):
    """An enterprise's request for help, routed to an advisor (``routing_reason`` says why)."""

    zone = _zone_fk("service_requests")
    number = models.CharField(_("number"), max_length=20, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    domain = models.ForeignKey(
        ServiceDomain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    advisor = models.ForeignKey(
        Advisor,
        verbose_name=_("advisor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    routing_reason = models.TextField(_("why this advisor"), blank=True)
    respond_by = models.DateField(_("first response due"), null=True, blank=True)
    responded_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    task = models.ForeignKey(
        "services.AdvisorTask",
        verbose_name=_("from task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    created_by = _user_fk(_("asked by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        indexes = [
            models.Index(fields=["zone", "status"], name="servicerequest_zone_status"),
            models.Index(fields=["advisor", "status"], name="servicerequest_advisor_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="servicerequest_rating_range",
                violation_error_message=_("The rating is 1 to 5 stars."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Assignment(models.Model):
    """One routing of a request to an advisor: by the router (``assigned_by`` empty) or an
    official, with the reason and the candidates' scores; ended when declined or reassigned."""

    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("service request"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    advisor = models.ForeignKey(
        Advisor, verbose_name=_("advisor"), on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_at = models.DateTimeField(_("assigned at"))
    assigned_by = _user_fk(_("assigned by"))
    reason = models.TextField(_("reason"))
    # [{"advisor": id, "name": str, "score": "…", "match": …, "load": …, "rating": …,
    #   "excluded": "" | why}] — every advisor considered
    candidates = models.JSONField(_("candidates"), default=list)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True)

    class Meta:
        ordering = ["request", "assigned_at", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.request} → {self.advisor}"


class ConsultationSeries(TimeStampedModel, SampleMarkedModel):
    """Regular consultation hours of an advisor (定期咨询): every week on ``weekday`` at
    ``start_time`` for ``minutes``, from ``first_date`` to ``last_date``; its slots are rows."""

    zone = _zone_fk("consultation_series")
    advisor = models.ForeignKey(
        Advisor,
        verbose_name=_("advisor"),
        on_delete=models.PROTECT,
        related_name="consultation_series",
    )
    domain = models.ForeignKey(
        ServiceDomain,
        verbose_name=_("domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), validators=[MaxValueValidator(6)], help_text=_("0 is Monday.")
    )
    start_time = models.TimeField(_("start time"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    location = models.CharField(_("where"), max_length=200)
    first_date = models.DateField(_("from"))
    last_date = models.DateField(_("until"))
    created_by = _user_fk(_("created by"))

    class Meta:
        ordering = ["advisor", "weekday", "start_time"]
        verbose_name = _("consultation hours")
        verbose_name_plural = _("consultation hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_date__gte=models.F("first_date")),
                name="consultationseries_ordered",
                violation_error_message=_("'Until' cannot be before 'from'."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.advisor} · {self.location}"


class ConsultationSlot(TimeStampedModel):
    """One consultation slot an enterprise books (at most one enterprise per slot)."""

    series = models.ForeignKey(
        ConsultationSeries,
        verbose_name=_("consultation hours"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="slots",
    )
    advisor = models.ForeignKey(
        Advisor, verbose_name=_("advisor"), on_delete=models.PROTECT, related_name="slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("where"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=SlotStatus.choices, default=SlotStatus.OPEN
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    booked_by = _user_fk(_("booked by (user)"))
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["starts_at", "advisor"]
        verbose_name = _("consultation slot")
        verbose_name_plural = _("consultation slots")
        constraints = [
            models.UniqueConstraint(
                fields=["advisor", "starts_at"],
                name="slot_once_per_advisor_time",
                violation_error_message=_("The advisor already has a slot at this time."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_start",
                violation_error_message=_("A slot must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.advisor} {self.starts_at:%Y-%m-%d %H:%M}"


class Seminar(TimeStampedModel, SampleMarkedModel):
    """A seminar (专题研讨) with its capacity; registrations beyond it wait in line."""

    zone = _zone_fk("seminars")
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seminars",
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=300)
    domain = models.ForeignKey(
        ServiceDomain,
        verbose_name=_("domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SeminarStatus.choices, default=SeminarStatus.PLANNED
    )
    created_by = _user_fk(_("created by"))

    class Meta:
        ordering = ["-starts_at", "title"]
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")

    def __str__(self) -> str:
        return self.title


class SeminarSpeaker(models.Model):
    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField(_("speaker"), max_length=60)
    title = models.CharField(_("speaker's title"), max_length=200, blank=True)
    advisor = models.ForeignKey(
        Advisor,
        verbose_name=_("advisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talks",
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["seminar", "order", "id"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name


class SeminarSeat(TimeStampedModel):
    """A registration for a seminar: a seat (registered) or a place on the waiting list, in the
    order of ``created_at``. A cancelled seat moves the first waiting one up (``promoted_at``)."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="seats"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seminar_seats",
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seminar_seats",
    )
    name = models.CharField(_("name"), max_length=60)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    status = models.CharField(
        _("status"), max_length=12, choices=SeatStatus.choices, default=SeatStatus.REGISTERED
    )
    promoted_at = models.DateTimeField(_("moved up at"), null=True, blank=True)

    class Meta:
        ordering = ["seminar", "created_at", "id"]
        verbose_name = _("seminar registration")
        verbose_name_plural = _("seminar registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["seminar", "phone"],
                condition=models.Q(status__in=["registered", "waiting"]),
                name="seminarseat_once_per_phone",
                violation_error_message=_(
                    "This phone number is already registered for the seminar."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.seminar}"


class ResourceMatch(TimeStampedModel, SampleMarkedModel):
    """A link made between an enterprise and a counterpart (investor, bank, institute,
    supplier …), followed up until it succeeds or not. ``amount`` is what the enterprise
    reports (financing raised, an order); it is an estimate and no decision reads it."""

    zone = _zone_fk("resource_matches")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="resource_matches",
    )
    kind = models.CharField(_("counterpart type"), max_length=12, choices=CounterpartKind.choices)
    counterpart_name = models.CharField(_("counterpart"), max_length=200)
    counterpart_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("counterpart enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matched_as_counterpart",
    )
    counterpart_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("counterpart organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matched_as_counterpart",
    )
    need = models.TextField(_("what the enterprise needs"))
    advisor = models.ForeignKey(
        Advisor,
        verbose_name=_("advisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matches",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    amount = models.DecimalField(
        _("reported amount (yuan)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = _user_fk(_("created by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resource match")
        verbose_name_plural = _("resource matches")

    def __str__(self) -> str:
        return f"{self.enterprise} ↔ {self.counterpart_name}"


class MatchFollowUp(models.Model):
    match = models.ForeignKey(
        ResourceMatch,
        verbose_name=_("resource match"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("note"))
    created_by = _user_fk(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["match", "-happened_on", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.note[:40]


class SignalRule(models.Model):
    """How a zone answers one kind of signal: on or off, a task for an advisor of ``domain``
    or only a notification, and its parameters (``params``: {"days": 90} for an expiring
    qualification, {"max_gap": "1"} for a near miss, in the calculator's unit)."""

    zone = _zone_fk("signal_rules")
    kind = models.CharField(_("signal"), max_length=16, choices=SignalKind.choices)
    enabled = models.BooleanField(_("on"), default=True)
    action = models.CharField(
        _("what it does"), max_length=8, choices=SignalAction.choices, default=SignalAction.TASK
    )
    domain = models.ForeignKey(
        ServiceDomain,
        verbose_name=_("advisor domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    updated_by = _user_fk(_("changed by"))
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["zone", "kind"]
        verbose_name = _("signal rule")
        verbose_name_plural = _("signal rules")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "kind"],
                name="signalrule_once_per_zone",
                violation_error_message=_("The zone already has a rule for this signal."),
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class AdvisorTask(TimeStampedModel):
    """Work a signal created for an advisor (or for the zone's officials when no advisor of the
    domain can take it). ``dedupe_key`` makes the same signal never create a second task."""

    zone = _zone_fk("advisor_tasks")
    kind = models.CharField(_("signal"), max_length=16, choices=SignalKind.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="advisor_tasks",
    )
    advisor = models.ForeignKey(
        Advisor,
        verbose_name=_("advisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    dedupe_key = models.CharField(_("signal key"), max_length=120, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["status", "due_on", "-created_at"]
        verbose_name = _("advisor task")
        verbose_name_plural = _("advisor tasks")
        indexes = [models.Index(fields=["advisor", "status"], name="advisortask_advisor_status")]

    def __str__(self) -> str:
        return self.title
