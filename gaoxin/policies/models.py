"""The policy library: policies, their published versions (criteria and formula as data) and
their articles (条款)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import DeliveryMode, PolicyStatus

INDUSTRY_PREFIX_RE = re.compile(r"^[A-T](\d{2,4})?$")


class DecimalJSONEncoder(json.JSONEncoder):
    """Writes a Decimal literal as a JSON number (criteria refuse floats, so they hold Decimals).

    Whole numbers are written as integers (exact at any size). A fraction is written through
    the shortest float text only when that text reads back as exactly the same Decimal (true
    for any literal of up to 15 significant digits); anything else is refused, never rounded.
    """

    def default(self, o):
        if isinstance(o, Decimal):
            if o == o.to_integral_value():
                return int(o)
            as_number = float(o)
            if Decimal(repr(as_number)) != o:
                raise ValueError(
                    f"{o} has more digits than a criteria number keeps exactly (at most 15)"
                )
            return as_number
        return super().default(o)


class DecimalJSONDecoder(json.JSONDecoder):
    """Reads JSON numbers with a fraction as Decimal, as the criteria engine requires."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("parse_float", Decimal)
        super().__init__(*args, **kwargs)


def split_list(text: str) -> list[str]:
    """Items of a comma-separated field (Chinese or English commas, spaces trimmed)."""
    return [t.strip() for t in (text or "").replace("，", ",").split(",") if t.strip()]


def validate_industry_codes(value: str) -> None:
    """Each item is a GB/T 4754 code or a prefix of one: a section letter and 0–4 digits."""
    bad = [code for code in split_list(value) if not INDUSTRY_PREFIX_RE.match(code)]
    if bad:
        raise ValidationError(
            _(
                "%(codes)s: an industry code is a section letter A–T, optionally followed by "
                "2 to 4 digits, e.g. C or C35 or C3581."
            )
            % {"codes": ", ".join(bad)},
            code="industry_code",
        )


class Policy(TimeStampedModel, SampleMarkedModel):
    """A support policy of a zone (扶持政策). Its criteria live in its versions."""

    title = models.CharField(_("title"), max_length=200)
    issuing_body = models.CharField(_("issuing body"), max_length=120)
    doc_number = models.CharField(_("document number"), max_length=80, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    tags = models.CharField(
        _("tags"), max_length=200, blank=True, help_text=_("Separated by commas.")
    )
    target_industries = models.CharField(
        _("target industries"),
        max_length=200,
        blank=True,
        validators=[validate_industry_codes],
        help_text=_(
            "Industry codes (GB/T 4754) the policy is for, separated by commas, e.g. C35, C40; "
            "a code covers its sub-classes. Empty: every industry."
        ),
    )
    chain_segments = models.CharField(
        _("chain segments"),
        max_length=200,
        blank=True,
        help_text=_("Industrial chain segments the policy is for, separated by commas."),
    )
    delivery_mode = models.CharField(
        _("delivery mode"),
        max_length=16,
        choices=DeliveryMode.choices,
        default=DeliveryMode.APPLY,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    link = models.CharField(
        _("link"),
        max_length=200,
        blank=True,
        help_text=_("A page of Gaoxin that works the amount out (for example an estimator)."),
    )
    zone = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name="policies",
        limit_choices_to={"kind": "zone_committee"},
    )

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "title"],
                name="policy_zone_title_unique",
                violation_error_message=_("The zone already has a policy with this title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return split_list(self.tags)

    @property
    def industry_list(self) -> list[str]:
        return split_list(self.target_industries)

    @property
    def segment_list(self) -> list[str]:
        return split_list(self.chain_segments)


class PolicyVersion(TimeStampedModel):
    """One version of a policy's criteria and benefit formula. Once published it never changes:
    a change is a new version, and the previous one ends the day before the new one starts.

    A version with ``published_at`` empty is the policy's draft (at most one per policy): the
    criteria builder and the sandbox work on it; publishing it stamps ``published_at``."""

    policy = models.ForeignKey(
        "policies.Policy",
        verbose_name=_("policy"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version number"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    criteria = models.JSONField(
        _("criteria"),
        encoder=DecimalJSONEncoder,
        decoder=DecimalJSONDecoder,
        help_text=_("JSON Logic over the facts catalog."),
    )
    formula = models.JSONField(
        _("benefit formula"),
        encoder=DecimalJSONEncoder,
        decoder=DecimalJSONDecoder,
        null=True,
        blank=True,
        help_text=_("JSON Logic computing the estimated amount in yuan."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["policy", "-number"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "number"],
                name="policy_version_number_unique",
                violation_error_message=_("This version number is already used."),
            ),
            models.UniqueConstraint(
                fields=["policy"],
                condition=models.Q(published_at__isnull=True),
                name="policy_one_draft_version",
                violation_error_message=_("The policy already has a draft version."),
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="policy_version_window_ordered",
                violation_error_message=_("'Effective to' cannot be before 'effective from'."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    def save(self, *args, **kwargs):
        if self.pk and "update_fields" not in kwargs:
            stored = PolicyVersion.objects.filter(pk=self.pk).values("published_at").first()
            if stored and stored["published_at"] is not None:
                raise ValidationError(_("A published policy version cannot be changed."))
        super().save(*args, **kwargs)


class Article(models.Model):
    """An article (条款) of a policy's text; criteria clauses name it by `number`."""

    policy = models.ForeignKey(
        "policies.Policy",
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        related_name="articles",
    )
    number = models.CharField(_("article number"), max_length=20)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["policy", "order", "id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "number"],
                name="article_policy_number_unique",
                violation_error_message=_("The policy already has an article with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} {self.number}"


def pack_ids(ids) -> bytes:
    """Ascending distinct positive ids, packed: a width byte (4 or 8) and the zlib-compressed
    little-endian gaps between consecutive ids (the first gap is the first id): the ids of a
    million consecutive enterprises take 19 kB, a random half of them about 300 kB."""
    import zlib

    import numpy as np

    ids = np.asarray(ids, dtype=np.int64)
    gaps = np.diff(ids, prepend=0)
    if len(gaps) and gaps.min() <= 0:
        raise ValueError("ids must be positive, distinct and ascending")
    width = 4 if not len(gaps) or gaps.max() < 2**32 else 8
    return bytes([width]) + zlib.compress(gaps.astype(f"<u{width}").tobytes(), 1)


def unpack_ids(data: bytes):
    """:func:`pack_ids` undone: the ids as an int64 numpy array."""
    import zlib

    import numpy as np

    data = bytes(data)
    gaps = np.frombuffer(zlib.decompress(data[1:]), dtype=f"<u{data[0]}")
    return np.cumsum(gaps, dtype=np.int64)


class PolicyMatchSet(models.Model):
    """The stored result of the set-based matching of one version on one date: the enterprises
    of the policy's zone meeting its criteria on ``as_of``, computed at ``matched_at``. One row
    per (version, date) holding the ids packed (:func:`pack_ids`) instead of one row per match:
    storing millions of rows cost minutes, a set costs milliseconds (docs/adr/0004). Replaced
    per version by ``matching.rematch_all``. An enterprise deleted since is still in the set
    until the next re-match: read it through :meth:`enterprise_ids` with the registry."""

    version = models.ForeignKey(
        "policies.PolicyVersion",
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="match_sets",
    )
    as_of = models.DateField(_("as of"))
    matched_at = models.DateTimeField(_("matched at"))
    count = models.PositiveIntegerField(_("number of matches"))
    packed_ids = models.BinaryField(_("matching enterprises (packed)"))

    class Meta:
        ordering = ["version", "-as_of"]
        verbose_name = _("stored match result")
        verbose_name_plural = _("stored match results")
        constraints = [
            models.UniqueConstraint(fields=["version", "as_of"], name="policymatchset_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version_id}@{self.as_of}: {self.count}"

    def enterprise_ids(self) -> list[int]:
        """The matching enterprises' ids, ascending."""
        return unpack_ids(self.packed_ids).tolist()
