"""Forms of the resource matching, advisor task and signal rule pages; the services check
everything again. Amounts are typed in yuan and kept as Decimal."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.core.money import parse_money

from .choices import CounterpartKind, MatchStatus, SignalAction, SignalKind, TaskStatus
from .models import ResourceMatch, ServiceDomain

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MatchFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Counterpart type"),
        required=False,
        choices=[("", _("All")), *CounterpartKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *MatchStatus.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    overdue = forms.BooleanField(label=_("Follow-up overdue"), required=False)


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=TaskStatus.choices)
    kind = forms.ChoiceField(
        label=_("Signal"), required=False, choices=[("", _("All")), *SignalKind.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unassigned = forms.BooleanField(label=_("Unassigned only"), required=False)


class MatchForm(forms.ModelForm):
    class Meta:
        model = ResourceMatch
        fields = [
            "enterprise",
            "kind",
            "counterpart_name",
            "counterpart_enterprise",
            "counterpart_organisation",
            "need",
            "advisor",
            "next_follow_up",
        ]
        widgets = {"need": forms.Textarea(attrs={"rows": 3}), "next_follow_up": DATE}
        help_texts = {
            "counterpart_name": _("The investor, bank, institute or firm, as it is called."),
            "counterpart_enterprise": _("Optional: when the counterpart is in the registry."),
            "counterpart_organisation": _(
                "Optional: when the counterpart is an organisation of the platform."
            ),
        }

    def __init__(self, *args, enterprises, advisors, counterparts, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["advisor"].queryset = advisors
        self.fields["counterpart_enterprise"].queryset = counterparts
        self.fields["counterpart_organisation"].queryset = organisations
        if self.instance.pk:
            self.fields["enterprise"].disabled = True


class FollowUpForm(forms.Form):
    happened_on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_follow_up = forms.DateField(label=_("Next follow-up"), required=False, widget=DATE)


class YuanField(forms.CharField):
    """Yuan as people type them ("1,234.5"), returned as Decimal (never a float)."""

    def clean(self, value):
        text = super().clean(value)
        try:
            amount = parse_money(text)
        except (ValueError, InvalidOperation) as exc:
            raise forms.ValidationError(
                _("Enter the amount in yuan, e.g. 5000000 or 1,250,000.50."), code="invalid"
            ) from exc
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."), code="min")
        return amount


class MatchStepForm(forms.Form):
    def __init__(self, *args, name: str, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        label = _("Result") if name == "succeed" else _("Why")
        self.fields["reason"] = forms.CharField(
            label=label if needs_reason else _("Note"),
            required=needs_reason,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        if name == "succeed":
            self.fields["amount"] = YuanField(
                label=_("Amount (yuan), reported, not verified"),
                required=False,
                max_length=24,
                help_text=_(
                    "What the enterprise reports (financing raised, an order); "
                    "no decision reads it."
                ),
            )
        if name in ("introduce", "negotiate", "reopen"):
            self.fields["next_follow_up"] = forms.DateField(
                label=_("Next follow-up"), required=False, widget=DATE
            )


class TaskStepForm(forms.Form):
    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=_("Why") if needs_reason else _("Note"),
            required=needs_reason,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )


class TaskAssignForm(forms.Form):
    advisor = forms.ModelChoiceField(
        label=_("Advisor"), queryset=None, required=False, empty_label=_("Nobody (unassigned)")
    )
    reason = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors


class SignalRuleForm(forms.Form):
    enabled = forms.BooleanField(label=_("On"), required=False)
    action = forms.ChoiceField(label=_("What it does"), choices=SignalAction.choices)
    domain = forms.ModelChoiceField(
        label=_("Advisor domain"), queryset=ServiceDomain.objects.all(), required=False
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == SignalKind.QUALIFICATION_EXPIRING:
            self.fields["days"] = forms.IntegerField(
                label=_("Days ahead"),
                min_value=1,
                max_value=366,
                help_text=_("A qualification expiring within this many days raises the signal."),
            )
        if kind == SignalKind.POLICY_NEAR_MISS:
            self.fields["max_gap"] = forms.DecimalField(
                label=_("Largest gap"),
                min_value=Decimal("0.01"),
                max_digits=12,
                decimal_places=2,
                help_text=_(
                    "In the criterion's own unit: percentage points for a ratio (the calculator's "
                    "“short by 0.9 percentage points”), yuan for money, people for headcount."
                ),
            )

    def params(self) -> dict:
        data = self.cleaned_data
        if self.kind == SignalKind.QUALIFICATION_EXPIRING:
            return {"days": data["days"]}
        if self.kind == SignalKind.POLICY_NEAR_MISS:
            return {"max_gap": str(data["max_gap"])}
        return {}
