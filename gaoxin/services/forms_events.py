"""Forms of the consultations and seminars pages (parsing only: the rules are in the services)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ServiceDomain

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SlotFilterForm(forms.Form):
    advisor = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Advisor"), empty_label=_("All advisors")
    )
    domain = forms.ModelChoiceField(
        queryset=ServiceDomain.objects.all(),
        required=False,
        label=_("Domain"),
        empty_label=_("All domains"),
    )
    week = forms.DateField(required=False, label=_("Week of"), widget=DATE)

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "week" else "form-select"


class SeriesForm(forms.Form):
    advisor = forms.ModelChoiceField(queryset=None, label=_("Advisor"))
    domain = forms.ModelChoiceField(
        queryset=ServiceDomain.objects.all(), required=False, label=_("Domain")
    )
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label=_("Weekday"))
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    minutes = forms.IntegerField(min_value=15, max_value=480, initial=60, label=_("Minutes"))
    location = forms.CharField(max_length=200, label=_("Where"))
    first_date = forms.DateField(label=_("From"), widget=DATE)
    last_date = forms.DateField(
        label=_("Until"), widget=DATE, help_text=_("At most a year after 'from'.")
    )

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=500, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        required=False,
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BookForm(forms.Form):
    topic = forms.CharField(max_length=200, label=_("Topic"))


class HoldForm(forms.Form):
    notes = forms.CharField(
        required=False, label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SeminarForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    topic = forms.CharField(max_length=300, label=_("Topic"))
    domain = forms.ModelChoiceField(
        queryset=ServiceDomain.objects.all(), required=False, label=_("Domain")
    )
    park = forms.ModelChoiceField(queryset=None, required=False, label=_("Park"))
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(required=False, label=_("Ends at"), widget=DATETIME)
    venue = forms.CharField(max_length=200, label=_("Venue"))
    capacity = forms.IntegerField(min_value=1, max_value=100000, label=_("Capacity"))
    registration_deadline = forms.DateField(
        required=False, label=_("Registration deadline"), widget=DATE
    )
    description = forms.CharField(
        required=False, label=_("Description"), widget=forms.Textarea(attrs={"rows": 3})
    )
    speakers = forms.CharField(
        required=False,
        label=_("Speakers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One speaker a line: name | title | topic. A speaker who is an advisor of the zone "
            "is linked by name."
        ),
    )

    def __init__(self, *args, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks

    def clean_speakers(self) -> list[dict]:
        rows = []
        for line in (self.cleaned_data.get("speakers") or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            parts += [""] * (3 - len(parts))
            rows.append(
                {"name": parts[0], "title": parts[1], "topic": "|".join(parts[2:]).strip("|")}
            )
        return rows


def speakers_text(seminar) -> str:
    return "\n".join(
        " | ".join(x for x in (s.name, s.title, s.topic)) for s in seminar.speakers.all()
    )


class SeatForm(forms.Form):
    name = forms.CharField(max_length=60, label=_("Name"))
    phone = forms.CharField(max_length=20, label=_("Phone"))
    organisation_name = forms.CharField(max_length=200, required=False, label=_("Organisation"))


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
