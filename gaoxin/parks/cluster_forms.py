"""Forms of the cluster pages; the services in ``clusters.py`` check everything again."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.core.money import parse_money

from .choices import ChainPosition, TargetMetric


class AmountField(forms.CharField):
    """Yuan as people type them ("1,234.5"); a Decimal, never a float."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value) -> Decimal | None:
        text = super().clean(value)
        try:
            return parse_money(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Enter the amount in yuan, e.g. 12500 or 12,500.00."), code="invalid"
            ) from exc


class ClusterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    parks = forms.ModelMultipleChoiceField(
        label=_("Parks"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The parks of the zone through which the cluster is planned."),
    )

    def __init__(self, *args, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parks"].queryset = parks


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    parent = forms.ModelChoiceField(
        label=_("Parent segment"),
        queryset=None,
        required=False,
        empty_label=_("(none: a top-level segment)"),
        help_text=_("A sub-segment takes the chain position of its parent."),
    )
    position = forms.ChoiceField(
        label=_("Chain position"), choices=ChainPosition.choices, required=False
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)

    def __init__(self, *args, segments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = segments


class MembershipForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=None, empty_label=_("Choose an enterprise")
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class AdvisorsForm(forms.Form):
    advisors = forms.ModelMultipleChoiceField(
        label=_("Advisors"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisors"].queryset = experts


class TargetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    segment = forms.ModelChoiceField(
        label=_("Chain segment"),
        queryset=None,
        required=False,
        empty_label=_("(the whole cluster)"),
    )
    metric = forms.ChoiceField(label=_("Measured in"), choices=TargetMetric.choices)
    base_year = forms.IntegerField(label=_("Base year"), min_value=1949, max_value=2100)
    target_year = forms.IntegerField(label=_("Target year"), min_value=1949, max_value=2100)
    amount = AmountField(label=_("Target (yuan)"))
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where the target was set (a plan, a speech, a document)."),
    )

    def __init__(self, *args, segments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = segments


class MilestoneForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1949, max_value=2100)
    amount = AmountField(
        label=_("Milestone (yuan)"),
        required=False,
        help_text=_("Leave empty to remove that year's milestone."),
    )
