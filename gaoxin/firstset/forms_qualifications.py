"""Forms of the declarations-and-qualifications pages. They only collect input: the services
check it (and name the field when they refuse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.funds.forms import AmountField

from .choices import DeclarationStatus, SupportMode
from .models import CatalogEntry, Declaration

MONEY_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


class EntryChoiceForm(forms.Form):
    entry = forms.ModelChoiceField(
        label=_("Catalog entry"),
        queryset=CatalogEntry.objects.filter(edition__is_current=True).select_related("field"),
        empty_label=_("Choose the entry your equipment belongs to"),
    )


class DeclarationForm(forms.Form):
    """A declaration of a model against ``entry``: one number per indicator."""

    model_name = forms.CharField(label=_("Model"), max_length=200)
    product_name = forms.CharField(label=_("Product name"), max_length=200, required=False)
    unit_value = AmountField(label=_("Declared value per unit or batch (yuan)"), required=False)
    improved_from = forms.ModelChoiceField(
        label=_("Improved model of"),
        queryset=Declaration.objects.none(),
        required=False,
        empty_label=_("— not an improved model —"),
        help_text=_("Only your verified models of this entry can be improved upon."),
    )

    def __init__(self, *args, entry: CatalogEntry, enterprise, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.indicators = list(entry.indicators.all())
        qs = Declaration.objects.filter(
            enterprise=enterprise, entry=entry, status=DeclarationStatus.VERIFIED
        )
        self.fields["improved_from"].queryset = qs.exclude(pk=exclude) if exclude else qs
        for indicator in self.indicators:
            self.fields[self.key(indicator)] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.sign} {indicator.threshold_display} "
                f"{indicator.unit})".replace(" )", ")"),
                required=False,
                max_digits=30,
                decimal_places=10,
                help_text=indicator.unit,
                widget=forms.TextInput(attrs={**MONEY_ATTRS, "data-indicator": indicator.name}),
            )

    @staticmethod
    def key(indicator) -> str:
        return f"indicator_{indicator.pk}"

    def indicator_fields(self):
        return [(indicator, self[self.key(indicator)]) for indicator in self.indicators]

    def data_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "model_name": data.get("model_name"),
            "product_name": data.get("product_name"),
            "unit_value": data.get("unit_value"),
            "improved_from": data.get("improved_from"),
            "values": {
                i.name: data.get(self.key(i))
                for i in self.indicators
                if data.get(self.key(i)) is not None
            },
        }

    @classmethod
    def initial_for(cls, declaration: Declaration) -> dict[str, Any]:
        initial = {
            "model_name": declaration.model_name,
            "product_name": declaration.product_name,
            "unit_value": declaration.unit_value,
            "improved_from": declaration.improved_from_id,
        }
        for indicator in declaration.entry.indicators.all():
            initial[cls.key(indicator)] = declaration.values.get(indicator.name)
        return initial


class EvidenceForm(forms.Form):
    kind = forms.CharField(
        label=_("Kind of evidence"), max_length=60, initial="检测报告",
        help_text=_("e.g. 检测报告 (test report), 用户使用证明 (user's certificate of use)"),
    )  # fmt: skip
    file = forms.FileField(label=_("File"))


class RequestForm(forms.Form):
    """What a qualification request asks for."""

    declarations = forms.ModelMultipleChoiceField(
        label=_("Declared models"),
        queryset=Declaration.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Draft declarations that meet every indicator and have at least one evidence file."
        ),
    )
    support_mode = forms.ChoiceField(
        label=_("Support mode"), choices=[("", _("As in the catalog entry")), *SupportMode.choices],
        required=False,
    )  # fmt: skip
    quantity = forms.IntegerField(label=_("Units or batches"), min_value=1, initial=1)
    declared_value = AmountField(label=_("Declared value (yuan)"))
    expected_premium = AmountField(
        label=_("Expected premium over the window (yuan)"),
        help_text=_("Requested cap = 0.80 × the expected premium (subsidy ratio, rule P1)."),
    )  # fmt: skip

    def __init__(self, *args, declarations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if declarations is not None:
            self.fields["declarations"].queryset = declarations
        self.fields["declarations"].label_from_instance = _declaration_label

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["declarations"] = list(data.get("declarations") or [])
        return data


def _declaration_label(declaration: Declaration) -> str:
    mark = "✓" if declaration.meets_all else "✗"
    return f"{mark} {declaration.model_name} · {declaration.entry.equipment_name}"


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmForm(forms.Form):
    """A confirmation page's form (nothing to fill in)."""
