"""The filters of the registry list, for rendering the filter bar.

The filtering itself is `selectors.enterprise_list`, which reads the same parameters from the
query string (q, park, stage, qualification, industry, sample, year, segment, cluster, sort), so
the page, the API and the Excel export filter identically. The chain segment and cluster come
from a drill-down (the overview, a chain map): hidden fields, shown as chips that clear them.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import QualificationKind, Stage


class EnterpriseFilterSet(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name, credit code or legal representative"),
                "autocomplete": "off",
            }
        ),
    )
    park = forms.ChoiceField(label=_("Park"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices]
    )
    qualification = forms.ChoiceField(
        label=_("Qualification"),
        required=False,
        choices=[("", _("Any qualification")), *QualificationKind.choices],
    )
    industry = forms.CharField(
        label=_("Industry code"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. C35"), "autocomplete": "off"}),
    )
    sample = forms.ChoiceField(
        label=_("Sample data"),
        required=False,
        choices=[("", _("All records")), ("0", _("Real records only")), ("1", _("Sample only"))],
    )
    year = forms.ChoiceField(label=_("Verified figures"), required=False)
    segment = forms.CharField(required=False, widget=forms.HiddenInput)
    cluster = forms.CharField(required=False, widget=forms.HiddenInput)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, parks=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].choices = [
            ("", _("All parks")),
            *((str(park.pk), park.name) for park in parks),
            ("none", _("Not in a park")),
        ]
        self.fields["year"].choices = [
            ("", _("With or without")),
            ("any", _("For some year")),
            *((str(year), str(year)) for year in years),
        ]

    @property
    def active(self) -> bool:
        """Whether any filter (not the sort) is set."""
        return any(
            (self.data.get(name) or "").strip()
            for name in (
                "q",
                "park",
                "stage",
                "qualification",
                "industry",
                "sample",
                "year",
                "segment",
                "cluster",
            )
        )
