"""Forms of the event pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.models import Organisation
from gaoxin.core.widgets import bootstrap_class

from .choices import EventKind, OrganiserRole
from .models import Event

DATE = {"type": "date"}


class Styled:
    """Bootstrap's classes on every widget (the pages render ``{{ field }}``)."""

    def style(self) -> None:
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", bootstrap_class(field.widget))


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]


class EventForm(Styled, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title", "kind", "theme", "starts_on", "start_time", "ends_on", "venue", "park",
            "description", "outcomes", "participants", "is_public", "registration_open",
            "capacity", "registration_deadline",
        ]  # fmt: skip
        widgets = {
            "starts_on": _date_input(),
            "ends_on": _date_input(),
            "registration_deadline": _date_input(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        self.style()


class OrganiserForm(Styled, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=OrganiserRole.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("The unit's name; left empty, the organisation's name is used."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation on the platform"),
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.style()

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("organisation"):
            raise forms.ValidationError(_("Give the unit's name or choose its organisation."))
        return data


class TalkForm(Styled, forms.Form):
    speaker = forms.CharField(label=_("Speaker"), max_length=60, required=False)
    speaker_title = forms.CharField(label=_("Speaker's title"), max_length=200, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    expert = forms.ModelChoiceField(label=_("Expert in the pool"), queryset=None, required=False)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.style()

    def clean(self):
        data = super().clean()
        if not data.get("speaker") and not data.get("expert"):
            raise forms.ValidationError(_("Give the speaker's name or choose the expert."))
        return data


class AdvisorForm(Styled, forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert in the pool"), queryset=None)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.style()


class RegistrationForm(Styled, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=60)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        help_text=_("A phone number in China, e.g. 13812341234 or 0371-67891234."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class ReasonForm(Styled, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()
