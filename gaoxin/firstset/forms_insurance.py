"""Forms of the insurance pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.funds.forms import AmountField

from .models import Declaration, InsurancePolicy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QualificationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number} · {obj.equipment_name} ({obj.valid_from} – {obj.valid_to})"


class DeclarationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        improved = _(" (improved model)") if obj.improved_from_id else ""
        return f"{obj.model_name} · {obj.entry.equipment_name}{improved}"


class PolicyForm(forms.Form):
    qualification = QualificationChoice(
        label=pgettext_lazy("firstset", "Qualification"), queryset=None
    )
    declaration = DeclarationChoice(
        label=_("Insured model"),
        queryset=None,
        help_text=_("A qualified model, or an improved model of one that meets every indicator."),
    )
    insurer = forms.CharField(label=_("Insurer"), max_length=200)
    number = forms.CharField(label=_("Policy number"), max_length=100)
    insured_user = forms.CharField(
        label=_("Insured user (the buyer of the equipment)"), max_length=200
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    sum_insured = AmountField(label=_("Sum insured (yuan)"))
    premium = AmountField(label=_("Premium (yuan)"))
    cover = forms.CharField(
        label=_("Cover"),
        max_length=300,
        required=False,
        help_text=_("The insurance types agreed with the insurer, e.g. 综合险(质量风险+责任风险)."),
    )
    paid_on = forms.DateField(label=_("Premium paid on"), widget=DATE, required=False)
    proof = forms.FileField(
        label=_("Proof of payment"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
    )

    def __init__(self, *args, qualifications, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qualification"].queryset = qualifications
        self.fields["declaration"].queryset = Declaration.objects.filter(
            enterprise=enterprise
        ).select_related("entry")

    def policy_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "proof"}


def initial_from(policy: InsurancePolicy, *, renewal: bool = False) -> dict:
    """The form's values from ``policy``; a renewal starts the day after it ends and runs a year,
    no later than the qualification's window allows."""
    import datetime

    data = {
        "qualification": policy.qualification_id,
        "declaration": policy.declaration_id,
        "insurer": policy.insurer,
        "number": "" if renewal else policy.number,
        "insured_user": policy.insured_user,
        "starts_on": policy.starts_on,
        "ends_on": policy.ends_on,
        "sum_insured": policy.sum_insured,
        "premium": policy.premium,
        "cover": policy.cover,
        "paid_on": None if renewal else policy.paid_on,
    }
    if renewal:
        start = policy.ends_on + datetime.timedelta(days=1)
        data["starts_on"] = start
        data["ends_on"] = renewal_end(start, policy.qualification)
    return data


def renewal_end(start, qualification):
    """A year from ``start`` (to the day before its anniversary; 29 February → 28 February), cut
    at the end of the qualification's validity window."""
    import datetime

    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        anniversary = datetime.date(start.year + 1, 3, 1)
    end = anniversary - datetime.timedelta(days=1)
    if qualification is not None:
        end = min(end, qualification.valid_to)
    return end


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class PolicyChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.insurer} {obj.number} ({obj.starts_on} – {obj.ends_on})"


class ClaimStartForm(forms.Form):
    qualification = QualificationChoice(
        label=pgettext_lazy("firstset", "Qualification"), queryset=None
    )

    def __init__(self, *args, qualifications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qualification"].queryset = qualifications


class ClaimPoliciesForm(forms.Form):
    policies = PolicyChoice(
        label=_("Policies claimed"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, policies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policies"].queryset = policies
