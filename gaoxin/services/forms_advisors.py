"""Forms of the advisor pool, the domains and the reports; the services check everything
again."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Advisor, ServiceDomain

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DomainChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} · {obj.name}" if obj.parent_id else obj.name


class AdvisorFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or organisation"), required=False, max_length=100)
    domain = forms.ModelChoiceField(
        label=_("Domain"), queryset=ServiceDomain.objects.none(), required=False
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        required=False,
        choices=[("", _("All")), ("available", _("Available")), ("unavailable", _("Unavailable"))],
    )

    def __init__(self, *args, domains=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = domains if domains is not None else ServiceDomain.objects


class AdvisorForm(forms.ModelForm):
    domains = DomainChoiceField(
        label=_("Domains"),
        queryset=ServiceDomain.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The broad domains and the finer topics the advisor takes requests in."),
    )

    class Meta:
        model = Advisor
        fields = ["expert", "domains", "term_start", "term_end", "max_load", "appointed_at", "note"]
        widgets = {
            "term_start": DATE,
            "term_end": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "expert": _(
                "An expert of your zone's pool: the person, organisation, account and declared "
                "ties are the expert's."
            ),
            "max_load": _("Open requests (assigned, accepted or scheduled) the advisor takes."),
        }

    def __init__(self, *args, experts=None, events=None, domains=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["expert"]
        else:
            self.fields["expert"].queryset = experts
        self.fields["domains"].queryset = domains
        self.fields["appointed_at"].queryset = events
        self.fields["appointed_at"].required = False
        if not self.instance.pk:
            self.initial.setdefault("term_start", timezone.localdate())
            self.initial.setdefault("max_load", 5)

    def _post_clean(self):
        # the service validates the advisor (full_clean); the form only reads the input
        pass


class AvailabilityForm(forms.Form):
    available = forms.TypedChoiceField(
        label=_("Availability"),
        choices=[("1", _("Available")), ("0", _("Unavailable"))],
        coerce=lambda v: v == "1",
    )
    unavailable_until = forms.DateField(
        label=_("Unavailable until"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for until further notice."),
    )
    reason = forms.CharField(label=_("Why unavailable"), max_length=200, required=False)


class EndTermForm(forms.Form):
    ended_on = forms.DateField(label=_("The term ends on"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DomainForm(forms.ModelForm):
    class Meta:
        model = ServiceDomain
        fields = ["code", "name", "name_en", "parent", "order"]

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = _("Empty for a broad domain; else the broad one.")
        self.fields["order"].required = False

    def _post_clean(self):
        pass


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def _day(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not 1900 <= value.year <= 2200:
            raise forms.ValidationError(_("Choose a day from 1900 to 2200."))
        return value

    def clean_date_from(self):
        return self._day("date_from")

    def clean_date_to(self):
        return self._day("date_to")


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
