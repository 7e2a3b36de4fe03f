"""Forms of the first-set pages. They parse input; the services and the rulebook decide."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gaoxin.core.money import MONEY_FIELD_KWARGS

from .choices import Direction, SupportMode
from .estimator import (
    MAX_POLICIES,
    EstimateInput,
    jurisdiction_for,
    province_choices,
    tier_choices,
)
from .models import THRESHOLD_KWARGS, CatalogEdition, CatalogEntry, Indicator, plain_decimal

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _xlsx(upload) -> Any:
    if upload is None:
        return upload
    if PurePath(upload.name).suffix.lower() != ".xlsx":
        raise ValidationError(_("Choose an Excel workbook (.xlsx)."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    return upload


# --- catalog -------------------------------------------------------------------------------


class CatalogFilterForm(forms.Form):
    """The catalog's search: words of the name, a field, a support mode, an edition."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    field = forms.ChoiceField(label=_("Field"), required=False)
    support_mode = forms.ChoiceField(
        label=_("Support mode"),
        required=False,
        choices=[("", _("All support modes")), *SupportMode.choices],
    )
    edition = forms.ChoiceField(label=_("Edition"), required=False)

    def __init__(self, *args, editions=(), fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields"))] + [
            (str(item.pk), item.name) for item in fields
        ]
        self.fields["edition"].choices = [(str(item.pk), str(item)) for item in editions]


class CatalogEntryForm(forms.Form):
    """An entry's own fields; its indicators come in :data:`IndicatorFormSet`."""

    edition = forms.ModelChoiceField(
        label=_("Edition"), queryset=CatalogEdition.objects.all(), empty_label=None
    )
    field_name = forms.CharField(
        label=_("Field (领域)"),
        max_length=100,
        help_text=_("Pick a field of the edition, or type a new one."),
        widget=forms.TextInput(attrs={"list": "field-names", "autocomplete": "off"}),
    )
    number = forms.CharField(label=_("Number"), max_length=40)
    equipment_name = forms.CharField(label=_("Equipment"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    support_mode = forms.ChoiceField(label=_("Support mode"), choices=SupportMode.choices)
    is_sample = forms.BooleanField(
        label=_("Sample entry (示例): made up for the demo, not the catalog's text"),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Kept in the audit trail."),
    )

    def __init__(self, *args, entry: CatalogEntry | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if entry is None:
            del self.fields["reason"]
        else:
            del self.fields["edition"]

    @staticmethod
    def initial_for(entry: CatalogEntry) -> dict[str, Any]:
        return {
            "field_name": entry.field.name,
            "number": entry.number,
            "equipment_name": entry.equipment_name,
            "description": entry.description,
            "support_mode": entry.support_mode,
            "is_sample": entry.is_sample,
            "notes": entry.notes,
        }

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in (
                "number",
                "equipment_name",
                "description",
                "support_mode",
                "is_sample",
                "notes",
            )
        }


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=100)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=[("", "—"), *Direction.choices])
    threshold = forms.DecimalField(label=_("Threshold"), **THRESHOLD_KWARGS)

    @staticmethod
    def initial_for(indicator: Indicator) -> dict[str, Any]:
        return {
            "name": indicator.name,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "threshold": plain_decimal(indicator.threshold),
        }


IndicatorFormSet = forms.formset_factory(
    IndicatorForm, extra=2, can_delete=True, max_num=30, validate_max=True
)


def indicator_rows(formset) -> list[dict[str, Any]]:
    """The indicators the formset holds, in order, without deleted or empty rows."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        rows.append({key: data[key] for key in ("name", "unit", "direction", "threshold")})
    return rows


class CatalogEditionForm(forms.Form):
    """A new edition. A plain form: the service validates (and makes the edition current,
    taking that mark from the previous one)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("e.g. 《首台(套)重大技术装备推广应用指导目录(2024年版)》"),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    issued_by = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    doc_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    is_current = forms.BooleanField(
        label=_("Current edition"),
        required=False,
        help_text=_("The edition of the current rounds; the previous current one stops being so."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CatalogImportForm(forms.Form):
    edition = forms.ModelChoiceField(
        label=_("Edition"), queryset=CatalogEdition.objects.all(), empty_label=None
    )
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        return _xlsx(self.cleaned_data.get("file"))


# --- the indicator check -------------------------------------------------------------------


class IndicatorCheckForm(forms.Form):
    """One number per indicator of an entry; a blank one counts as not met."""

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[self.key(indicator)] = forms.DecimalField(
                label=indicator.name,
                required=False,
                max_digits=30,
                decimal_places=10,
                help_text=indicator.unit,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "data-indicator": indicator.name,
                    }
                ),
            )

    @staticmethod
    def key(indicator: Indicator) -> str:
        return f"indicator_{indicator.pk}"

    def bound_fields(self):
        """(indicator, bound field) pairs, in the entry's order."""
        return [(indicator, self[self.key(indicator)]) for indicator in self.indicators]

    def payload(self) -> dict[str, Any]:
        """The check's input (see :func:`rulebook.firstset.indicators.check`)."""
        declared: dict[str, str | None] = {}
        for indicator in self.indicators:
            value: Decimal | None = self.cleaned_data.get(self.key(indicator))
            declared[indicator.name] = None if value is None else format(value, "f")
        return {
            "indicators": [indicator.as_rulebook() for indicator in self.indicators],
            "declared": declared,
        }


# --- the estimator -------------------------------------------------------------------------


class EstimatorForm(forms.Form):
    """Where the policies are insured and, for the 2024 scheme, the qualification."""

    province = forms.ChoiceField(
        label=_("Where the equipment is made (province)"),
        help_text=_(
            "A province with its own scheme (Zhejiang) uses it; every other province uses the "
            "national rules."
        ),
    )
    tier = forms.ChoiceField(
        label=_("Tier of the first set"),
        required=False,
        help_text=_("Provincial schemes only (Zhejiang)."),
    )
    has_qualification = forms.BooleanField(
        label=_("We hold a qualification of the 2024 scheme (资格审定)"),
        required=False,
        help_text=_("National scheme only. Without it, the 2015–2023 rules apply."),
    )
    cap = forms.DecimalField(
        label=_("Premium-subsidy cap (yuan)"), required=False, **MONEY_FIELD_KWARGS
    )
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Valid to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    granted_before = forms.DecimalField(
        label=_("Already granted (yuan)"),
        required=False,
        help_text=_("Subsidy already paid against this cap; 0 when none."),
        **MONEY_FIELD_KWARGS,
    )
    policies_file = forms.FileField(
        label=_("Or upload the policies (.xlsx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("The file's policies replace the rows below."),
    )

    QUALIFICATION_FIELDS = ("cap", "valid_from", "valid_to", "granted_before")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()
        self.fields["tier"].choices = [("", _("— not applicable —")), *tier_choices()]

    def clean_policies_file(self):
        return _xlsx(self.cleaned_data.get("policies_file"))

    def clean(self):
        data = super().clean()
        if data.get("has_qualification"):
            for name in ("cap", "valid_from", "valid_to"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Enter this to use the 2024 qualification."))
        return data

    def estimate_input(self, policies: list[tuple[int, dict[str, Any]]]) -> EstimateInput:
        data = self.cleaned_data
        qualification = None
        if data.get("has_qualification"):
            qualification = {name: data.get(name) for name in self.QUALIFICATION_FIELDS}
        return EstimateInput(
            jurisdiction=jurisdiction_for(data["province"]),
            tier=data.get("tier") or None,
            qualification=qualification,
            policies=policies,
            province=data["province"],
        )


class PolicyForm(forms.Form):
    id = forms.CharField(label=_("Policy no."), max_length=60)
    equipment = forms.CharField(
        label=_("Equipment"),
        max_length=100,
        help_text=_("The same name for every policy of one unit, so its years are counted."),
    )
    start = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))
    sum_insured = forms.DecimalField(label=_("Sum insured (yuan)"), **MONEY_FIELD_KWARGS)
    premium = forms.DecimalField(label=_("Premium (yuan)"), **MONEY_FIELD_KWARGS)

    def policy(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in self.fields}


PolicyFormSet = forms.formset_factory(
    PolicyForm, extra=3, max_num=MAX_POLICIES, validate_max=True, absolute_max=MAX_POLICIES
)
POLICY_PREFIX = "policies"


def policy_rows(formset) -> list[tuple[int, dict[str, Any]]]:
    """(form index, policy) for every filled row."""
    return [
        (index, form.policy())
        for index, form in enumerate(formset.forms)
        if form.has_changed() and getattr(form, "cleaned_data", None)
    ]


def policy_formset_data(policies: list[dict[str, Any]], extra: int = 1) -> dict[str, str]:
    """POST-like data of a formset holding ``policies`` and ``extra`` blank rows."""
    total = min(len(policies) + extra, MAX_POLICIES)
    data = {
        f"{POLICY_PREFIX}-TOTAL_FORMS": str(total),
        f"{POLICY_PREFIX}-INITIAL_FORMS": "0",
    }
    for index, policy in enumerate(policies):
        for key, value in policy.items():
            text = value.isoformat() if hasattr(value, "isoformat") else value
            data[f"{POLICY_PREFIX}-{index}-{key}"] = "" if text is None else str(text)
    return data
