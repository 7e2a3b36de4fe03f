"""Parks (园区). Clusters, chain segments and signings come with the parks capability."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel


class Park(TimeStampedModel, SampleMarkedModel):
    """A park of a zone, run by a park operator (e.g. MedPark, run by 郑州高新产业投资集团)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    zone = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name="parks",
        limit_choices_to={"kind": "zone_committee"},
    )
    operator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="operated_parks",
        limit_choices_to={"kind": "park_operator"},
    )
    focus = models.CharField(_("industrial focus"), max_length=200, blank=True)
    platforms = models.TextField(
        _("supporting platforms"), blank=True, help_text=_("One per line.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")

    def __str__(self) -> str:
        return self.name

    @property
    def platform_list(self) -> list[str]:
        return [line.strip() for line in self.platforms.splitlines() if line.strip()]
