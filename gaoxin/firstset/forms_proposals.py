"""Forms of the catalog revision proposals (目录修订建议)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Direction, ProposalKind, ProposalStatus
from .models import THRESHOLD_KWARGS, Indicator
from .services_proposals import MIN_JUSTIFICATION


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ProposalStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *ProposalKind.choices]
    )


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.entry} — {obj}"


class ProposalForm(forms.Form):
    """One proposal, one indicator: a new entry with its main indicator, or a changed
    threshold of an indicator of the current edition."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ProposalKind.choices)
    # a changed indicator
    indicator = IndicatorChoiceField(
        label=_("Indicator of the current edition"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_("Changed indicator: the entry and indicator, with its current threshold."),
    )
    # a new entry
    field_name = forms.CharField(label=_("Field"), max_length=100, required=False)
    equipment_name = forms.CharField(label=_("Equipment"), max_length=200, required=False)
    indicator_name = forms.CharField(label=_("Indicator"), max_length=100, required=False)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("", "—"), *Direction.choices], required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    # both
    proposed_threshold = forms.DecimalField(label=_("Proposed threshold"), **THRESHOLD_KWARGS)
    justification = forms.CharField(
        label=_("Justification"),
        min_length=MIN_JUSTIFICATION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why the catalog should change: the state of the art, your evidence."),
    )

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        if edition is not None:
            self.fields["indicator"].queryset = Indicator.objects.filter(
                entry__edition=edition
            ).select_related("entry")

    def clean(self):
        data = super().clean()
        missing = data.get("kind") == ProposalKind.CHANGE_INDICATOR and not data.get("indicator")
        if missing and "indicator" not in self.errors:
            self.add_error("indicator", _("Choose the indicator you propose to change."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        indicator = data.pop("indicator", None)
        if data.get("kind") == ProposalKind.CHANGE_INDICATOR and indicator is not None:
            data["entry"] = indicator.entry
            data["indicator_name"] = indicator.name
        return data


class ProposalReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("collect", _("Collect for the next edition")), ("decline", _("Decline"))],
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The enterprise reads it; it is the reason recorded with the decision."),
    )
