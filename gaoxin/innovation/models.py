"""Industry research institutes (产业研究院), their members, and their projects moving through
stage gates (研发 → 中试 → 成果转化 → 孵化) with the outputs they produce: patents, standards,
training and incubated firms (which become enterprises of the registry)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import (
    InstituteLevel,
    MemberRole,
    PatentKind,
    PatentStatus,
    ProjectStage,
    StandardLevel,
    StandardStatus,
)

MONEY = {"max_digits": 16, "decimal_places": 2}


class Institute(TimeStampedModel, SampleMarkedModel):
    """A research institute of the zone. ``fields`` are the research fields it works in now,
    ``planned_fields`` those it plans to add; ``work_kinds`` lists WorkKind values."""

    zone = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name="institutes",
        limit_choices_to={"kind": "zone_committee"},
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=InstituteLevel.choices)
    unveiled_on = models.DateField(_("unveiled on"), null=True, blank=True)
    host = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_institutes",
        help_text=_("The enterprise the institute is set up at (its lead, usually)."),
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutes",
    )
    fields = models.JSONField(_("current fields"), default=list, blank=True)
    planned_fields = models.JSONField(_("planned fields"), default=list, blank=True)
    work_kinds = models.JSONField(_("kinds of work"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the facts above come from (a notice, an article)."),
    )
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("research institute")
        verbose_name_plural = _("research institutes")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="institute_name_once_per_zone",
                violation_error_message=_("The zone already has an institute of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class InstituteMember(TimeStampedModel):
    """A member unit of an institute in its role. ``enterprise`` or ``organisation`` when the
    unit is on the platform; ``name`` always."""

    institute = models.ForeignKey(
        Institute, verbose_name=_("institute"), on_delete=models.CASCADE, related_name="members"
    )
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices)
    name = models.CharField(_("name"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institute_memberships",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institute_memberships",
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["institute", "order", "id"]
        verbose_name = _("institute member")
        verbose_name_plural = _("institute members")
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "name"],
                name="institute_member_once",
                violation_error_message=_("This unit is already a member of the institute."),
            ),
            models.UniqueConstraint(
                fields=["institute"],
                condition=models.Q(role="lead"),
                name="institute_one_lead",
                violation_error_message=_("The institute already has a lead enterprise."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GateCriterion(models.Model):
    """What a project must show to pass one gate of an institute (e.g. to 中试: 小试样品性能
    达标). ``gate`` is a transition name of the project workflow (GATES)."""

    institute = models.ForeignKey(
        Institute,
        verbose_name=_("institute"),
        on_delete=models.CASCADE,
        related_name="gate_criteria",
    )
    gate = models.CharField(_("gate"), max_length=16)
    text = models.CharField(_("criterion"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["institute", "gate", "order", "id"]
        verbose_name = _("gate criterion")
        verbose_name_plural = _("gate criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "gate", "text"],
                name="gate_criterion_once",
                violation_error_message=_("This criterion is already listed for the gate."),
            )
        ]

    def __str__(self) -> str:
        return self.text


class Project(TimeStampedModel, SampleMarkedModel):
    """A project of an institute moving through the stage gates (``stage`` is the workflow's
    field). ``members`` are the member units involved; ``lead_member`` leads it."""

    institute = models.ForeignKey(
        Institute, verbose_name=_("institute"), on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("title"), max_length=200)
    field = models.CharField(_("field"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=ProjectStage.choices, default=ProjectStage.RND
    )
    stage_since = models.DateField(_("in this stage since"))
    lead_member = models.ForeignKey(
        InstituteMember,
        verbose_name=_("lead member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    members = models.ManyToManyField(
        InstituteMember,
        verbose_name=_("members involved"),
        related_name="projects",
        blank=True,
    )
    started_on = models.DateField(_("started on"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (yuan)"), **MONEY, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["institute", "-started_on", "title"]
        verbose_name = _("institute project")
        verbose_name_plural = _("institute projects")
        indexes = [models.Index(fields=["institute", "stage"], name="project_institute_stage")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_end__gte=models.F("started_on")),
                name="project_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class GatePass(TimeStampedModel):
    """The record that a project passed a gate: each criterion with the evidence given, an
    optional document, who passed it and when. Written by the gate's transition service."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="gate_passes"
    )
    gate = models.CharField(_("gate"), max_length=16)
    from_stage = models.CharField(_("from stage"), max_length=12, choices=ProjectStage.choices)
    to_stage = models.CharField(_("to stage"), max_length=12, choices=ProjectStage.choices)
    passed_on = models.DateField(_("passed on"))
    # [{"criterion": "...", "evidence": "..."}] — every criterion of the gate, each with evidence
    criteria = models.JSONField(_("criteria and evidence"), default=list)
    document = models.FileField(
        _("evidence document"), upload_to="innovation/gates/%Y/", blank=True
    )
    note = models.TextField(_("note"), blank=True)
    passed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("passed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["project", "passed_on", "id"]
        verbose_name = _("gate passed")
        verbose_name_plural = _("gates passed")

    def __str__(self) -> str:
        return f"{self.project} · {self.get_to_stage_display()}"


class Spending(TimeStampedModel):
    """Money a project spent (a line of its spending against the budget)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="spendings"
    )
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY, validators=[MinValueValidator(0)])
    purpose = models.CharField(_("purpose"), max_length=200)

    class Meta:
        ordering = ["project", "-spent_on", "-id"]
        verbose_name = _("spending")
        verbose_name_plural = _("spendings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="spending_positive",
                violation_error_message=_("The amount must be above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.amount}"


class Patent(TimeStampedModel, SampleMarkedModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="patents"
    )
    member = models.ForeignKey(
        InstituteMember,
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patents",
    )
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=PatentKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=PatentStatus.choices)
    filed_on = models.DateField(_("filed on"))
    granted_on = models.DateField(_("granted on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "-filed_on", "number"]
        verbose_name = _("patent")
        verbose_name_plural = _("patents")
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="patent_number_once",
                violation_error_message=_("A patent with this number is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Standard(TimeStampedModel, SampleMarkedModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="standards"
    )
    member = models.ForeignKey(
        InstituteMember,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="standards",
    )
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=StandardLevel.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=StandardStatus.choices)
    started_on = models.DateField(_("drafting started on"))
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "-started_on", "title"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self) -> str:
        return self.title


class Training(TimeStampedModel, SampleMarkedModel):
    """A training or exchange the project held, with how many people were trained."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="trainings"
    )
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    people = models.PositiveIntegerField(_("people trained"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["project", "-held_on"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.topic


class Incubation(TimeStampedModel, SampleMarkedModel):
    """A firm incubated by the project: an enterprise of the registry (created then, or an
    existing one linked)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="incubations"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="incubated_by",
    )
    incubated_on = models.DateField(_("incubated on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "-incubated_on"]
        verbose_name = _("incubated firm")
        verbose_name_plural = _("incubated firms")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "enterprise"],
                name="incubation_once",
                violation_error_message=_("This firm is already recorded as incubated here."),
            )
        ]

    def __str__(self) -> str:
        return str(self.enterprise)
