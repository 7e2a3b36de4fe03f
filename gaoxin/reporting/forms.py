"""Forms of the reporting pages; the services check everything again (and name the field)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DEFAULT_FIGURES, figure_choices
from .deadlines import DEFAULT_WORKING_DAYS, MAX_WORKING_DAYS


class CampaignOpenForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year reported"),
        help_text=_("The year whose figures the enterprises report, usually last year."),
    )
    required = forms.MultipleChoiceField(
        label=_("Required figures"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "While the campaign is open, an enterprise's figures for the year are refused "
            "unless they give every figure ticked here."
        ),
    )
    working_days = forms.IntegerField(
        label=_("Reporting period (working days)"),
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        initial=DEFAULT_WORKING_DAYS,
        help_text=_(
            "Chinese working days after today: weekends and public holidays are skipped, "
            "adjusted working weekends count. The deadline is computed when you open the "
            "campaign."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required"].choices = figure_choices()
        self.fields["required"].initial = list(DEFAULT_FIGURES)
        self.fields["year"].initial = timezone.localdate().year - 1


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
