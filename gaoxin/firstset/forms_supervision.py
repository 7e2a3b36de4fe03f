"""The claw-back and ban form (a confirmation page: the zone official confirms what happens)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.funds.forms import AmountField

from .services_supervision import MAX_BAN_YEARS


class ClaimChoice(forms.ModelChoiceField):
    def label_from_instance(self, claim) -> str:
        c = claim.commitment
        return _("%(application)s · committed %(amount)s, paid %(paid)s yuan") % {
            "application": claim.application,
            "amount": c.amount if c else "0.00",
            "paid": c.disbursed if c else "0.00",
        }


class ClawbackBanForm(forms.Form):
    claim = ClaimChoice(
        label=_("Subsidy application (its commitment)"),
        queryset=None,
        required=False,
        empty_label=_("— none: revoke and ban only —"),
    )
    amount = AmountField(
        label=_("Amount clawed back or released (yuan)"),
        required=False,
        help_text=_("At most what was paid on the claim (or, when nothing was paid, what is "
                    "still committed)."),
    )  # fmt: skip
    reference = forms.CharField(
        label=_("Reference of the repayment"),
        max_length=100,
        required=False,
        help_text=_("The voucher of the money returned to the treasury (for a claw-back)."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    ban_years = forms.IntegerField(
        label=_("Ban on applying (years)"), min_value=1, max_value=MAX_BAN_YEARS
    )
    confirm = forms.BooleanField(
        label=_(
            "I confirm: the money comes off both ledgers, the qualification is revoked and the "
            "enterprise may not apply for the years given."
        ),
        required=True,
    )

    def __init__(self, *args, claims, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].queryset = claims
