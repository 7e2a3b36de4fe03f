"""Forms of the grant pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoxin.policies.models import Policy

from .models import ObjectionChannel
from .services import DEFAULT_WORKING_DAYS
from .workdays import MAX_WORKING_DAYS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _reason() -> forms.CharField:
    return forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoundCreateForm(forms.Form):
    policy = forms.ModelChoiceField(
        label=_("Policy (免申即享)"), queryset=Policy.objects.none(), empty_label=None
    )
    as_of = forms.DateField(
        label=_("Facts as of"),
        widget=DATE,
        help_text=_(
            "The policy's version in force on this day is matched against the zone's "
            "enterprises, with the yearly figures of the last complete year before it."
        ),
    )

    def __init__(self, *args, policies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies
        self.fields["as_of"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    reason = _reason()


class PublishForm(forms.Form):
    working_days = forms.IntegerField(
        label=_("Notice period (working days)"),
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        initial=DEFAULT_WORKING_DAYS,
        help_text=_(
            "Chinese working days: weekends and public holidays are skipped, adjusted working "
            "weekends count. The notice starts the next working day after today."
        ),
    )
    contact = forms.CharField(
        label=_("How to object"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public notice: whom to contact, by phone, e-mail or letter."),
    )


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label=_("Raised by"), max_length=200)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in ObjectionChannel.choices if c[0] != ObjectionChannel.ONLINE],
    )
    raised_on = forms.DateField(label=_("Raised on"), widget=DATE)
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_on"].initial = timezone.localdate()


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("dismissed", _("Dismiss: the enterprise stays on the list")),
            ("upheld", _("Uphold: remove the enterprise from the round")),
        ],
        widget=forms.RadioSelect,
    )
    reason = _reason()


class LodgeForm(forms.Form):
    candidate = forms.TypedChoiceField(label=_("Enterprise on the notice"), coerce=int)
    text = forms.CharField(
        label=_("Your objection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [(c.pk, c.enterprise.name) for c in candidates]


class PublicObjectionForm(LodgeForm):
    """The objection form of the public notice for visitors without an account."""

    name = forms.CharField(label=_("Your name"), max_length=80)
    contact = forms.CharField(
        label=_("Contact"),
        max_length=120,
        help_text=_("A phone number or an e-mail address, so the zone can answer you."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["candidate", "name", "contact", "text"])


class PayForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        help_text=_("The reference of the payment, e.g. the treasury voucher number."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()
