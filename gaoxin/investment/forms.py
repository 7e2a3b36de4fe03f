"""Forms of the investment pages; the services check everything again. Money is typed in
万元 (as the tables show it) and stored in yuan."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.core.money import TEN_THOUSAND, parse_money, to_wan, to_yuan

from .choices import LeadStatus
from .models import Lead

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WanField(forms.CharField):
    """万元 as people type them ("1,234.5"), returned in yuan (Decimal, never a float)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{to_wan(value):f}"
        return value

    def clean(self, value) -> Decimal | None:
        text = super().clean(value)
        try:
            amount = parse_money(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Enter the amount in 10k yuan (万元), e.g. 500 or 1,250.5."), code="invalid"
            ) from exc
        if amount is None:
            return None
        if amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."), code="min")
        return to_yuan(amount * TEN_THOUSAND)


def _note(required=True, label=None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Note"),
        max_length=500,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened and what comes next; kept in the lead's history."),
    )


def _follow_up() -> forms.DateField:
    return forms.DateField(label=_("Next follow-up"), required=False, widget=DATE)


class LeadForm(forms.ModelForm):
    expected_investment = WanField(label=_("Expected investment (10k yuan)"), required=False)
    expected_output = WanField(label=_("Expected yearly output (10k yuan)"), required=False)

    class Meta:
        model = Lead
        fields = [
            "firm_name",
            "enterprise",
            "uscc",
            "park",
            "segment",
            "source",
            "source_detail",
            "contact_name",
            "contact_phone",
            "owner",
            "expected_investment",
            "expected_output",
            "production_year",
            "contact_on",
            "next_follow_up",
            "note",
        ]
        widgets = {
            "contact_on": DATE,
            "next_follow_up": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, parks, segments, owners, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        self.fields["segment"].queryset = segments
        self.fields["owner"].queryset = owners
        self.fields["enterprise"].queryset = enterprises
        self.fields["enterprise"].help_text = _(
            "If the firm already is an enterprise of the registry, choose it."
        )
        if self.instance.pk:
            del self.fields["contact_on"]
        else:
            self.initial.setdefault("contact_on", timezone.localdate())


class MoveForm(forms.Form):
    note = _note()
    next_follow_up = _follow_up()


class SigningForm(forms.Form):
    signed_on = forms.DateField(label=_("Signing date"), widget=DATE)
    amount = WanField(label=_("Agreed investment (10k yuan)"))
    segment = forms.ModelChoiceField(label=_("Chain segment"), queryset=None, required=False)
    park = forms.ModelChoiceField(label=_("Park"), queryset=None, required=False)
    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=None,
        required=False,
        help_text=_("The conference or event where it was signed, if any."),
    )
    agreement = forms.FileField(
        label=_("Agreement"),
        required=False,
        help_text=_("PDF, image or office document, at most 10 MB."),
    )
    note = _note()
    next_follow_up = _follow_up()

    def __init__(self, *args, segments, parks, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = segments
        self.fields["park"].queryset = parks
        self.fields["event"].queryset = events
        self.initial.setdefault("signed_on", timezone.localdate())


class SettleForm(forms.Form):
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("Needed when the firm is registered now as a new enterprise."),
    )
    note = _note()
    next_follow_up = _follow_up()


class LeadFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *LeadStatus.choices]
    )
    park = forms.ModelChoiceField(
        label=_("Park"), queryset=None, required=False, empty_label=_("All parks")
    )
    segment = forms.ModelChoiceField(
        label=_("Chain segment"), queryset=None, required=False, empty_label=_("All segments")
    )
    owner = forms.ChoiceField(
        label=pgettext_lazy("lead owner", "Owner"),
        required=False,
        choices=[("", _("Anyone")), ("mine", _("Mine"))],
    )
    overdue = forms.BooleanField(label=_("Follow-up overdue"), required=False)

    def __init__(self, *args, parks, segments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        self.fields["segment"].queryset = segments


class SigningFilterForm(forms.Form):
    event = forms.ModelChoiceField(
        label=_("Event"), queryset=None, required=False, empty_label=_("All events")
    )
    park = forms.ModelChoiceField(
        label=_("Park"), queryset=None, required=False, empty_label=_("All parks")
    )
    segment = forms.ModelChoiceField(
        label=_("Chain segment"), queryset=None, required=False, empty_label=_("All segments")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, events, parks, segments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["park"].queryset = parks
        self.fields["segment"].queryset = segments


class FunnelFilterForm(forms.Form):
    park = forms.ModelChoiceField(
        label=_("Park"), queryset=None, required=False, empty_label=_("All parks")
    )
    segment = forms.ModelChoiceField(
        label=_("Chain segment"), queryset=None, required=False, empty_label=_("All segments")
    )

    def __init__(self, *args, parks, segments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        self.fields["segment"].queryset = segments
