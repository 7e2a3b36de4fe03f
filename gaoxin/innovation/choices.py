"""Choices of the innovation app: institutes (产业研究院), their members, projects and outputs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstituteLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead enterprise")
    UNIVERSITY = "university", _("University")
    UPSTREAM = "upstream", _("Upstream firm")
    DOWNSTREAM = "downstream", _("Downstream firm")
    OTHER = "other", _("Other member")


class WorkKind(models.TextChoices):
    """The five kinds of work a provincial industry research institute does (the seed's list)."""

    RND = "rnd", _("Technology R&D and innovation")
    PILOT_TRANSFER = "pilot_transfer", _("Pilot production and technology transfer")
    INCUBATION = "incubation", _("Incubation and project cooperation")
    TRAINING = "training", _("Training and exchange")
    STANDARDS = "standards", _("Standard drafting")


class ProjectStage(models.TextChoices):
    """研发 → 中试 → 成果转化 → 孵化, then closed (结题) or stopped (终止)."""

    RND = "rnd", _("R&D")
    PILOT = "pilot", _("Pilot")
    TRANSFER = "transfer", _("Technology transfer")
    INCUBATION = "incubation", _("Incubation")
    CLOSED = "closed", _("Closed")
    STOPPED = "stopped", _("Stopped")


# The gates between stages: the transition name of the workflow → the stage it leads to.
GATES = {
    "to_pilot": ProjectStage.PILOT,
    "to_transfer": ProjectStage.TRANSFER,
    "to_incubation": ProjectStage.INCUBATION,
}


class PatentKind(models.TextChoices):
    INVENTION = "invention", _("Invention patent")
    UTILITY = "utility", _("Utility model")
    DESIGN = "design", _("Design patent")
    SOFTWARE = "software", _("Software copyright")


class PatentStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    LAPSED = "lapsed", _("Lapsed")


class StandardLevel(models.TextChoices):
    INTERNATIONAL = "international", _("International standard")
    NATIONAL = "national", _("National standard")
    INDUSTRY = "industry", _("Industry standard")
    LOCAL = "local", _("Local standard")
    GROUP = "group", _("Group standard")
    ENTERPRISE = "enterprise", _("Enterprise standard")


class StandardStatus(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
