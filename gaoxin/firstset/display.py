"""How the rulebook's data reads on a page: parameter values, confidence marks, jurisdictions,
tiers, regimes and the language of the rulebook's own bilingual texts."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.core.money import format_yuan

CONFIDENCE_HELP = {
    "V": gettext_lazy("Confirmed by a public source"),
    "S": gettext_lazy("Stated in the seed document"),
    "I": gettext_lazy("This platform's reading where the sources are silent"),
}
CONFIDENCE_STYLE = {"V": "text-bg-success", "S": "text-bg-info", "I": "text-bg-warning"}

JURISDICTION_LABELS = {
    "CN": gettext_lazy("National (CN)"),
    "ZJ": gettext_lazy("Zhejiang (ZJ)"),
}
TIER_LABELS = {
    "international": gettext_lazy("International first set"),
    "national": gettext_lazy("National first set"),
    "provincial": gettext_lazy("Provincial first set"),
}
REGIME_LABELS = {
    "cn_legacy": gettext_lazy("National scheme 2015–2023 (insure, then apply)"),
    "cn_2024": gettext_lazy("National scheme since the 2024 reform (qualify, insure, apply)"),
    "zj": gettext_lazy("Zhejiang provincial scheme"),
}

PARAMETER_TYPE_LABELS = {
    "ratio": gettext_lazy("ratio"),
    "money": gettext_lazy("amount of money"),
    "integer": gettext_lazy("whole number"),
    "boolean": gettext_lazy("yes or no"),
    "text": gettext_lazy("free text"),
    "enum": gettext_lazy("one of a list"),
}


def is_chinese() -> bool:
    return (translation.get_language() or "zh-hans").lower().startswith("zh")


def localized(zh: str | None, en: str | None) -> str:
    """The rulebook's Chinese text on a Chinese page, its English one otherwise."""
    if is_chinese():
        return zh or en or ""
    return en or zh or ""


def jurisdiction_label(code: str) -> str:
    return str(JURISDICTION_LABELS.get(code, code))


def parameter_type_label(kind: str) -> str:
    return str(PARAMETER_TYPE_LABELS.get(kind, kind))


def tier_label(tier: str) -> str:
    return str(TIER_LABELS.get(tier, tier))


def regime_label(regime: str) -> str:
    label = REGIME_LABELS.get(regime)
    if label is not None:
        return str(label)
    return _("Provincial scheme (%(code)s)") % {"code": regime.upper()}


def money(value: Any) -> str:
    """ "448000" → "448,000.00"; "" for nothing."""
    if value is None or value == "":
        return ""
    try:
        return format_yuan(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def percent(value: Any) -> str:
    """ "0.80" → "80 %"."""
    number = Decimal(str(value)) * 100
    return f"{format(number.normalize(), 'f')} %"


def percent2(value: Any) -> str:
    """A share as a percentage with two places, rounded half up: "0.03" → "3.00 %",
    "0.123456" → "12.35 %"; "—" when unknown."""
    if value is None or value == "":
        return "—"
    try:
        number = (Decimal(str(value)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{number} %"


def parameter_value(value: Any, kind: str | None, keys: tuple[str, ...] | list[str] = ()) -> str:
    """A parameter value as a person reads it: 80 %, 200,000.00 yuan, none, yes, a text."""
    if value is None:
        return _("none")
    if isinstance(value, Mapping):
        return "; ".join(
            f"{tier_label(str(key))}: {parameter_value(item, kind)}" for key, item in value.items()
        )
    try:
        if kind == "ratio":
            return percent(value)
        if kind == "money":
            return _("%(amount)s yuan") % {"amount": money(value)}
    except (InvalidOperation, ValueError):
        return str(value)
    if kind == "boolean" or isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def parameter_anchor(code: str, name: str) -> str:
    """The id of a parameter's section on the rules explorer: ``param-CN-subsidy_ratio``."""
    return f"param-{code}-{name}"
