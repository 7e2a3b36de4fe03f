from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """研发 → 中试 → 生产 → 销售"""

    RND = "rnd", _("R&D")
    PILOT = "pilot", _("Pilot")
    PRODUCTION = "production", _("Production")
    SALES = "sales", _("Sales")


class QualificationKind(models.TextChoices):
    HIGH_TECH = "high_tech", _("High-tech enterprise")
    TECH_SME = "tech_sme", _("Technology-based SME")
    INNOVATIVE_SME = "innovative_sme", _("Innovative SME")
    SRDI = "srdi", _("Specialised, refined, distinctive and innovative SME")
    LITTLE_GIANT = "little_giant", _("SRDI 'little giant'")
    OTHER = "other", _("Other")


class Membership(models.TextChoices):
    """Whether an enterprise belongs to the zone: only zone enterprises are candidates for the
    zone's policies and pay lists; partners (an institute's members from elsewhere) take part in
    the zone's work and are shown there."""

    ZONE = "zone", _("Zone enterprise (registered or settled in the zone)")
    PARTNER = "partner", _("Partner outside the zone")


class FactSource(models.TextChoices):
    """Where a fact's value comes from."""

    DECLARATION = "declaration", _("Enterprise declaration")
    STAFF = "staff", _("Staff entry")
    DEPARTMENT = "department", _("Department data")
    APPLICATION = "application", _("Approved application")


class RecordStatus(models.TextChoices):
    """declared (pending) → verified, or rejected; a pending declaration replaced by a newer
    one of the same subject is withdrawn."""

    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Replaced by a newer declaration")


class RecordSubject(models.TextChoices):
    PROFILE = "profile", _("Profile")
    YEARLY = "yearly", _("Yearly figures")
    QUALIFICATION = "qualification", _("Qualification")
