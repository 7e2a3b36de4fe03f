"""Forms of the application pages (parsing only; the services check and write)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import Organisation
from gaoxin.core.money import parse_money

from .choices import ObjectionChannel, ReviewAction, StageKind


class StageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=StageKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("e.g. 推荐单位审核, 专家评审, 省厅复核, 公示, 决定"),
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner organisation"), queryset=Organisation.objects.order_by("name")
    )
    owner_role = forms.ChoiceField(
        label=_("Owner role"),
        choices=[
            (r, label)
            for r, label in Role.choices
            if r in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)
        ],
    )
    working_days = forms.IntegerField(
        label=_("Working days"), min_value=1, max_value=60, initial=10
    )
    experts_n = forms.IntegerField(
        label=_("Experts to draw"), min_value=1, max_value=15, required=False
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner_organisation"].queryset = owners


class MaterialsForm(forms.Form):
    materials = forms.CharField(
        label=_("Required materials"),
        required=False,
        help_text=_(
            "Kinds of file every applicant uploads, separated by commas, e.g. 申请表, 审计报告."
        ),
    )


class MaterialForm(forms.Form):
    kind = forms.CharField(label=_("Kind of material"), max_length=60)
    file = forms.FileField(label=_("File"), help_text=_("PDF, PNG or JPEG, at most 10 MB."))


def _money(value):
    if value in (None, ""):
        return None
    try:
        return parse_money(value)
    except ValueError as exc:
        raise forms.ValidationError(_("Enter an amount in yuan, e.g. 300000.00.")) from exc


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"), choices=ReviewAction.choices, widget=forms.RadioSelect
    )
    opinion = forms.CharField(
        label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    points = forms.CharField(
        label=_("Points to fix"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when returning for revision."),
    )
    amount = forms.CharField(
        label=_("Amount (yuan)"),
        required=False,
        help_text=_(
            "Before a notice: the proposed award. At the decision: the decided amount (at most "
            "the computed one unless you give a reason)."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reason for a higher amount"), required=False, max_length=500
    )

    def clean_amount(self):
        return _money(self.cleaned_data.get("amount"))


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label=_("Raised by"), max_length=200)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in ObjectionChannel.choices if c[0] != ObjectionChannel.ONLINE],
    )
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class PublicObjectionForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=60)
    contact = forms.CharField(
        label=_("Contact"), max_length=100, help_text=_("A phone number or an e-mail address.")
    )
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)
