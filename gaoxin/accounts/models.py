"""Organisations, users and their roles, login policy, personal API tokens."""

from __future__ import annotations

import copy
import time

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import OrganisationKind, Role

region_code_validator = RegexValidator(
    r"^\d{6}$", _("An administrative region code has six digits, e.g. 410171.")
)


class Organisation(TimeStampedModel, SampleMarkedModel):
    """A body that users belong to: the zone committee, a park operator, a provincial
    department, an enterprise, an advisor institution, an association or a university.

    `zone` ties every organisation of a high-tech zone to its administrative committee; a
    department (经济发展部) is an organisation whose `parent` is the committee.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    zone = models.ForeignKey(
        "self",
        verbose_name=_("high-tech zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zone_members",
        limit_choices_to={"kind": OrganisationKind.ZONE_COMMITTEE},
        help_text=_("The zone committee this organisation belongs to, if any."),
    )
    region_code = models.CharField(
        _("administrative region code"),
        max_length=6,
        blank=True,
        validators=[region_code_validator],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def home_zone(self) -> Organisation | None:
        """The zone committee this organisation is, or belongs to."""
        if self.kind == OrganisationKind.ZONE_COMMITTEE and self.parent_id is None:
            return self
        if self.zone_id:
            return self.zone
        return self.parent.home_zone if self.parent_id else None


class User(AbstractUser):
    """A person with one role in one organisation.

    One role per account keeps the separation of the three administrators (三员分立) a fact
    of the data, not a convention.
    """

    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    title = models.CharField(_("job title"), max_length=80, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=True,
        help_text=_("Asked to choose a new password at the next login."),
    )
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="") | models.Q(organisation__isnull=False),
                name="user_role_needs_organisation",
                violation_error_message=_("A user with a role must belong to an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def zone(self) -> Organisation | None:
        return self.organisation.home_zone if self.organisation_id else None

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles


class LoginPolicy(models.Model):
    """The login policy the security administrator sets, never weaker than 等保 level 3."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    password_min_length = models.PositiveSmallIntegerField(
        _("minimum password length"),
        default=10,
        validators=[MinValueValidator(10), MaxValueValidator(64)],
    )
    password_min_classes = models.PositiveSmallIntegerField(
        _("minimum character classes"),
        default=3,
        validators=[MinValueValidator(3), MaxValueValidator(4)],
        help_text=_("Of: lower-case letters, upper-case letters, digits, symbols."),
    )
    failure_limit = models.PositiveSmallIntegerField(
        _("failed logins before lockout"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
    )
    lockout_minutes = models.PositiveSmallIntegerField(
        _("lockout duration (minutes)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(1440)],
    )
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        _("idle timeout (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(30)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("login policy")
        verbose_name_plural = _("login policy")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(password_min_length__gte=10),
                name="login_policy_min_length_floor",
                violation_error_message=_("Passwords must have at least 10 characters."),
            ),
            models.CheckConstraint(
                condition=models.Q(failure_limit__lte=5),
                name="login_policy_failure_limit_ceiling",
                violation_error_message=_("Lock accounts after at most 5 failed logins."),
            ),
            models.CheckConstraint(
                condition=models.Q(idle_timeout_minutes__lte=30),
                name="login_policy_idle_timeout_ceiling",
                violation_error_message=_("The idle timeout is at most 30 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("login policy"))

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_current_policy()
        transaction.on_commit(forget_current_policy)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_current_policy()
        transaction.on_commit(forget_current_policy)
        return result

    @classmethod
    def current(cls) -> LoginPolicy:
        """The policy in force (a copy the caller may change). Every request reads it, so it
        is kept in this process for POLICY_CACHE_SECONDS: a change takes effect at once in the
        process that saved it, and within that time in the other workers and servers. A read
        inside a transaction is not kept (it could be rolled back)."""
        cached = _current_policy.get("policy")
        now = time.monotonic()
        if cached is None or now - cached[1] > POLICY_CACHE_SECONDS:
            policy = cls.objects.filter(pk=1).first() or cls()
            if transaction.get_connection().in_atomic_block:
                return policy
            cached = (policy, now)
            _current_policy["policy"] = cached
        return copy.copy(cached[0])


POLICY_CACHE_SECONDS = 30
_current_policy: dict[str, tuple[LoginPolicy, float]] = {}


def forget_current_policy(**kwargs) -> None:
    _current_policy.clear()


class ApiToken(TimeStampedModel):
    """A personal API token. Only its SHA-256 digest is stored; the key is shown once."""

    user = models.ForeignKey(
        "accounts.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
