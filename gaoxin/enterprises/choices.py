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
