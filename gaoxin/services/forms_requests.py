"""Forms of the service request pages: filing, the filters, each step, and the settings.
They parse only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import RequestStatus, Urgency
from .models import ServiceDomain, ServiceSettings


class GroupedDomainField(forms.ModelChoiceField):
    """A domain select grouped by broad domain (the broad one first in its group)."""

    def __init__(self, groups, **kwargs):
        super().__init__(queryset=ServiceDomain.objects.all(), **kwargs)
        self.groups = groups
        self.choices = [("", "---------")] + [
            (
                str(broad),
                [(broad.pk, str(broad)), *((d.pk, f"· {d}") for d in finer)],
            )
            for broad, finer in groups
        ]


class RequestForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    domain = forms.ModelChoiceField(label=_("Domain"), queryset=ServiceDomain.objects.all())
    title = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What do you need?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Describe the problem, what you tried and what help you expect."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="normal")

    def __init__(self, *args, enterprises, groups, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is None:
            del self.fields["enterprise"]
        else:
            self.fields["enterprise"].queryset = enterprises
        self.fields["domain"] = GroupedDomainField(groups, label=_("Domain"))


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *RequestStatus.choices]
    )
    domain = forms.ModelChoiceField(
        label=_("Domain"),
        queryset=ServiceDomain.objects.all(),
        required=False,
        empty_label=_("All domains"),
    )
    advisor = forms.ModelChoiceField(
        label=_("Advisor"), queryset=None, required=False, empty_label=_("All advisors")
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("All")), *Urgency.choices]
    )
    overdue = forms.BooleanField(label=_("Response overdue"), required=False)

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        if advisors is None:
            del self.fields["advisor"]
        else:
            self.fields["advisor"].queryset = advisors


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class EmptyForm(forms.Form):
    pass


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    location = forms.CharField(label=_("Where"), max_length=200)


class CompleteForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done, what the enterprise got, and any next steps."),
    )


class RateForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Stars"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReassignForm(forms.Form):
    advisor = forms.ChoiceField(label=_("Advisor"), required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {str(o["advisor"].pk): o for o in options}
        choices = [("", _("Let the router choose (the current advisor excluded)"))]
        for o in options:
            label = _("%(name)s — %(load)s/%(max)s open") % {
                "name": o["advisor"],
                "load": o["load"],
                "max": o["max_load"],
            }
            if o["tied"]:
                label = _("%(label)s — tie with the enterprise") % {"label": label}
            if o["current"]:
                label = _("%(label)s — current") % {"label": label}
            choices.append((str(o["advisor"].pk), label))
        self.fields["advisor"].choices = choices

    def clean_advisor(self):
        value = self.cleaned_data.get("advisor")
        return self.options[value]["advisor"] if value else None


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ServiceSettings
        fields = ["first_response_days", "urgent_first_response_days"]
