"""Forms of the fund pages; the services check everything again."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.core.money import parse_money


class AmountField(forms.CharField):
    """Yuan as people type them ("1,234.5"); a Decimal, never a float."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value) -> Decimal | None:
        text = super().clean(value)
        try:
            amount = parse_money(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Enter the amount in yuan, e.g. 12500 or 12,500.00."), code="invalid"
            ) from exc
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("The amount must be more than zero."), code="min")
        return amount


def _reason(label=None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


def _reference() -> forms.CharField:
    return forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        help_text=_("The reference of the payment, e.g. the treasury voucher number."),
    )


class DisbursementForm(forms.Form):
    amount = AmountField(label=_("Amount (yuan)"))
    reference = _reference()
    # Generated when the form is shown: sending the form twice pays once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class ReleaseForm(forms.Form):
    amount = AmountField(
        label=_("Amount to release (yuan)"),
        required=False,
        help_text=_("Leave empty to release everything not yet paid."),
    )
    reason = _reason()


class ClawbackForm(forms.Form):
    amount = AmountField(label=_("Amount recovered (yuan)"))
    reference = forms.CharField(
        label=_("Reference of the repayment"),
        max_length=100,
        help_text=_("The voucher of the money returned to the treasury."),
    )
    reason = _reason()
    confirm = forms.BooleanField(
        label=_("I confirm: the amount comes off what was paid and committed to the enterprise."),
        required=True,
    )
