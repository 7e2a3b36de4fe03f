"""How a fact record reads on a page: each field's label with the value in force and the value
declared, side by side; money in 万元 (the unit named in the column header)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gaoxin.core.money import format_wan

from .choices import QualificationKind, RecordSubject, Stage
from .models import Enterprise, FactRecord, Qualification, YearlyFact

MONEY_FIELDS = frozenset(YearlyFact.MONEY_FIELDS)


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _model_for(subject: str):
    return {
        RecordSubject.YEARLY: YearlyFact,
        RecordSubject.QUALIFICATION: Qualification,
    }.get(subject, Enterprise)


def field_label(subject: str, name: str) -> str:
    model = _model_for(subject)
    try:
        label = capfirst(str(model._meta.get_field(name).verbose_name))
    except Exception:
        return name
    if name in MONEY_FIELDS:
        return _("%(label)s (10k yuan)") % {"label": label}
    return label


def shown(name: str, value: Any) -> str:
    """A stored value as people read it."""
    if value is None or value == "":
        return "—"
    if name in MONEY_FIELDS:
        try:
            return format_wan(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            return str(value)
    if name == "stage":
        return str(dict(Stage.choices).get(value, value))
    if name == "kind":
        return str(dict(QualificationKind.choices).get(value, value))
    if name == "park":
        from gaoxin.parks.models import Park

        park = Park.objects.filter(pk=value).values_list("name", flat=True).first()
        return park or str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def changes(record: FactRecord) -> list[FieldChange]:
    """Old and new of every field the record sets."""
    out = []
    for name, new in record.values.items():
        old = record.previous.get(name)
        out.append(
            FieldChange(
                name=name,
                label=field_label(record.subject, name),
                old=shown(name, old),
                new=shown(name, new),
            )
        )
    return out


def source_text(record: FactRecord | None) -> str:
    """ "部门共享 · 河南省科学技术厅", "企业填报", "工作人员录入" — or that none is on file."""
    if record is None:
        return _("Source not recorded")
    label = str(record.get_source_display())
    return f"{label} · {record.department}" if record.department else label
