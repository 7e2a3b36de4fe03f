"""The arrangement form: the notice's number and date, and two text areas of lines (one
holiday or one adjusted working day per line), parsed here and validated by the services."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.core.models import HolidayArrangement
from gaoxin.core.widgets import bootstrap_class

from .services import AdjustedWorkday, Holiday

# A date as 2027-02-05, 2027/2/5 or 2027.2.5.
DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
# What may stand between two dates or a date and a name, besides spaces.
SEPARATORS = re.compile(r"[,，;；~～—至]")


def _date(text: str) -> datetime.date | None:
    match = DATE.match(text)
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _tokens(line: str) -> list[str]:
    return SEPARATORS.sub(" ", line).split()


def _lines(text: str):
    for number, line in enumerate((text or "").splitlines(), start=1):
        if line.strip() and not line.strip().startswith("#"):
            yield number, line.strip()


def parse_holidays(text: str) -> list[Holiday]:
    """Lines of "name start [end]": 春节 2027-02-05 2027-02-13, or 元旦 2027-01-01 for one day."""
    holidays = []
    for number, line in _lines(text):
        tokens = _tokens(line)
        dates = [_date(token) for token in tokens]
        names = [t for t, d in zip(tokens, dates, strict=True) if d is None and not DATE.match(t)]
        found = [d for d in dates if d is not None]
        bad = [t for t, d in zip(tokens, dates, strict=True) if d is None and DATE.match(t)]
        if bad:
            raise forms.ValidationError(
                _("Line %(line)s: %(value)s is not a date.") % {"line": number, "value": bad[0]}
            )
        if len(names) != 1 or not 1 <= len(found) <= 2:
            raise forms.ValidationError(
                _(
                    "Line %(line)s: write the holiday's name, its first day and its last day, "
                    "e.g. 春节 2027-02-05 2027-02-13."
                )
                % {"line": number}
            )
        holidays.append(Holiday(name=names[0], start=found[0], end=found[-1]))
    return holidays


def parse_adjusted(text: str) -> list[AdjustedWorkday]:
    """Lines of "day [name]": 2027-02-07 春节."""
    adjusted = []
    for number, line in _lines(text):
        tokens = _tokens(line)
        day = _date(tokens[0]) if tokens else None
        if day is None or len(tokens) > 2 or (len(tokens) == 2 and _date(tokens[1])):
            raise forms.ValidationError(
                _(
                    "Line %(line)s: write one date and, if you like, the holiday it belongs to, "
                    "e.g. 2027-02-07 春节."
                )
                % {"line": number}
            )
        adjusted.append(AdjustedWorkday(day=day, name=tokens[1] if len(tokens) == 2 else ""))
    return adjusted


def holidays_text(holidays: list[dict]) -> str:
    return "\n".join(f"{h['name']} {h['start']} {h['end']}" for h in holidays)


def adjusted_text(adjusted: list[dict]) -> str:
    return "\n".join(f"{e['day']} {e['name']}".strip() for e in adjusted)


class HolidayArrangementForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    document_number = forms.CharField(
        label=gettext_lazy("Document number"),
        max_length=60,
        help_text=gettext_lazy("As printed on the notice, e.g. 国办发明电〔2026〕7号."),
    )
    notice_date = forms.DateField(
        label=gettext_lazy("Notice date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    holidays = forms.CharField(
        label=gettext_lazy("Holidays (放假)"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace"}),
        help_text=gettext_lazy(
            "One holiday per line: its name, first day and last day (both off), e.g. "
            "春节 2027-02-05 2027-02-13. A one-day holiday needs one date: 元旦 2027-01-01."
        ),
    )
    adjusted_workdays = forms.CharField(
        label=gettext_lazy("Adjusted working days (调休上班)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "font-monospace"}),
        help_text=gettext_lazy(
            "One Saturday or Sunday worked instead per line, with the holiday it belongs to, "
            "e.g. 2027-02-07 春节. Leave empty when the notice has none."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Recorded in the audit trail."),
    )

    def __init__(self, *args, arrangement: HolidayArrangement | None = None, **kwargs):
        if arrangement is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "year": arrangement.year,
                "document_number": arrangement.document_number,
                "notice_date": arrangement.notice_date,
                "holidays": holidays_text(arrangement.holidays),
                "adjusted_workdays": adjusted_text(arrangement.adjusted_workdays),
                "note": arrangement.note,
            }
        super().__init__(*args, **kwargs)
        if arrangement is not None:
            self.fields["year"].disabled = True
        else:
            del self.fields["reason"]
        self.fields["holidays"].widget.attrs["placeholder"] = (
            "元旦 2027-01-01\n春节 2027-02-05 2027-02-13"
        )
        self.fields["adjusted_workdays"].widget.attrs["placeholder"] = "2027-02-07 春节"
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = (bootstrap_class(field.widget) + " " + css).strip()

    def clean_holidays(self):
        return parse_holidays(self.cleaned_data["holidays"])

    def clean_adjusted_workdays(self):
        return parse_adjusted(self.cleaned_data["adjusted_workdays"])


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=gettext_lazy("Recorded in the audit trail."),
    )
