"""Forms for the registry's pages. They parse input and hold no rules: the services normalise,
validate and check permissions, and their errors are put back on the form (`add_service_errors`).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import QualificationKind, Stage
from .models import Contact, Enterprise, Qualification, YearlyFact

EVIDENCE_FORM_FIELDS = ("evidence", "attachment")
FACT_FORM_FIELDS = (
    "revenue",
    "output_value",
    "rnd_expense",
    "tax_paid",
    "export_value",
    "employees",
    "patents_granted",
)


def _label(model: type[Model], name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money_input() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the field,
    otherwise at the top of the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        if name in form.fields:
            form.add_error(name, errors)
            continue
        label = _field_label(form, name)
        if label:
            errors = [
                _("%(field)s: %(message)s") % {"field": label, "message": message}
                for message in errors
            ]
        form.add_error(None, errors)


def _field_label(form: forms.Form, name: str) -> str:
    model = getattr(form, "model", None)
    if model is None or name == NON_FIELD_ERRORS:
        return ""
    try:
        return str(_label(model, name))
    except FieldDoesNotExist:
        return ""


class EvidenceFields(forms.Form):
    """The evidence a declaration carries: a document number and an uploaded scan."""

    evidence = forms.CharField(
        label=_("Evidence (document number)"),
        max_length=200,
        required=False,
        help_text=_("E.g. the certificate's or the statement's number."),
    )
    attachment = forms.FileField(
        label=_("Scan or file"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
    )

    def evidence_data(self) -> dict:
        return {"evidence": self.cleaned_data.get("evidence", "")}


class EnterpriseForm(forms.Form):
    """Register an enterprise or edit its file. `locked` fields (the credit code and park,
    for the enterprise's own users) are left out; the profile shows them read-only."""

    model = Enterprise

    name = forms.CharField(label=_label(Enterprise, "name"), max_length=200)
    uscc = forms.CharField(
        label=_label(Enterprise, "uscc"),
        max_length=40,
        help_text=_("18 characters, e.g. 91410100MA44X1234X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    legal_representative = forms.CharField(
        label=_label(Enterprise, "legal_representative"), max_length=60, required=False
    )
    park = forms.ModelChoiceField(
        label=_label(Enterprise, "park"),
        queryset=None,
        required=False,
        empty_label=_("Not in a park"),
    )
    stage = forms.ChoiceField(
        label=_label(Enterprise, "stage"),
        choices=[("", "—"), *Stage.choices],
        required=False,
    )
    industry_code = forms.CharField(
        label=_label(Enterprise, "industry_code"),
        max_length=5,
        required=False,
        help_text=_("National industry classification (GB/T 4754), e.g. C3581."),
    )
    industry_name = forms.CharField(
        label=_label(Enterprise, "industry_name"), max_length=100, required=False
    )
    region_code = forms.CharField(
        label=_label(Enterprise, "region_code"),
        max_length=6,
        help_text=_("Six digits, e.g. 410171."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    founded_on = forms.DateField(
        label=_label(Enterprise, "founded_on"), required=False, widget=_date_input()
    )
    address = forms.CharField(label=_label(Enterprise, "address"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        required=False,
        help_text=_("Optional; kept in the history."),
    )

    def __init__(
        self,
        *args,
        parks,
        park_required: bool = False,
        locked: tuple[str, ...] = (),
        with_reason: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        for name in locked:
            self.fields.pop(name, None)
        if not with_reason:
            self.fields.pop("reason")
        if "park" in self.fields:
            self.fields["park"].queryset = parks
            if park_required:
                self.fields["park"].required = True
                self.fields["park"].empty_label = _("Choose a park")

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}

    @classmethod
    def initial_for(cls, enterprise: Enterprise) -> dict:
        return {
            "name": enterprise.name,
            "uscc": enterprise.uscc,
            "legal_representative": enterprise.legal_representative,
            "park": enterprise.park_id,
            "stage": enterprise.stage,
            "industry_code": enterprise.industry_code,
            "industry_name": enterprise.industry_name,
            "region_code": enterprise.region_code,
            "founded_on": enterprise.founded_on,
            "address": enterprise.address,
        }


class YearlyFactForm(EvidenceFields):
    """One year's figures. Money is entered in yuan ("1,234.50" is fine); the service parses
    it. `year` is asked only when adding a year; `taken_years` already have figures."""

    model = YearlyFact

    year = forms.IntegerField(label=_label(YearlyFact, "year"))
    revenue = forms.CharField(
        label=_label(YearlyFact, "revenue"), required=False, widget=_money_input()
    )
    output_value = forms.CharField(
        label=_label(YearlyFact, "output_value"), required=False, widget=_money_input()
    )
    rnd_expense = forms.CharField(
        label=_label(YearlyFact, "rnd_expense"), required=False, widget=_money_input()
    )
    tax_paid = forms.CharField(
        label=_label(YearlyFact, "tax_paid"), required=False, widget=_money_input()
    )
    export_value = forms.CharField(
        label=_label(YearlyFact, "export_value"), required=False, widget=_money_input()
    )
    employees = forms.IntegerField(label=_label(YearlyFact, "employees"), required=False)
    patents_granted = forms.IntegerField(
        label=_label(YearlyFact, "patents_granted"), required=False
    )

    MONEY = ("revenue", "output_value", "rnd_expense", "tax_paid", "export_value")

    def __init__(self, *args, with_year: bool = True, taken_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.taken_years = set(taken_years)
        if not with_year:
            self.fields.pop("year")
        for name in self.MONEY:
            # The unit the field takes, in its label: yuan (the profile's tables show 万元).
            label = self.fields[name].label
            self.fields[name].label = _("%(label)s (yuan)") % {"label": label}
            self.fields[name].help_text = _("In yuan, e.g. 12,345,678.90.")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year in self.taken_years:
            raise ValidationError(
                _("There are already figures for %(year)s; edit them instead."),
                params={"year": year},
                code="year_taken",
            )
        return year

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in FACT_FORM_FIELDS}

    @classmethod
    def initial_for(cls, fact: YearlyFact | None) -> dict:
        if fact is None:
            return {"year": timezone.localdate().year - 1}
        return {
            "revenue": fact.revenue,
            "output_value": fact.output_value,
            "rnd_expense": fact.rnd_expense,
            "tax_paid": fact.tax_paid,
            "export_value": fact.export_value,
            "employees": fact.employees,
            "patents_granted": fact.patents_granted,
        }


class QualificationForm(EvidenceFields):
    model = Qualification

    kind = forms.ChoiceField(label=_label(Qualification, "kind"), choices=QualificationKind.choices)
    certificate_no = forms.CharField(
        label=_label(Qualification, "certificate_no"), max_length=60, required=False
    )
    valid_from = forms.DateField(label=_label(Qualification, "valid_from"), widget=_date_input())
    valid_to = forms.DateField(
        label=_label(Qualification, "valid_to"),
        required=False,
        widget=_date_input(),
        help_text=_(
            "An enterprise's declaration needs it; officials may leave it empty if the "
            "qualification does not expire."
        ),
    )

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in EVIDENCE_FORM_FIELDS}

    @classmethod
    def initial_for(cls, qualification: Qualification) -> dict:
        return {
            "kind": qualification.kind,
            "certificate_no": qualification.certificate_no,
            "valid_from": qualification.valid_from,
            "valid_to": qualification.valid_to,
        }


class ContactForm(forms.Form):
    model = Contact

    name = forms.CharField(label=_label(Contact, "name"), max_length=60)
    title = forms.CharField(label=_label(Contact, "title"), max_length=60, required=False)
    phone = forms.CharField(
        label=_label(Contact, "phone"),
        max_length=30,
        required=False,
        help_text=_("A mobile number such as 13812341234 or a landline such as 0371-67891234."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_label(Contact, "email"), required=False)
    is_primary = forms.BooleanField(label=_label(Contact, "is_primary"), required=False)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)

    @classmethod
    def initial_for(cls, contact: Contact) -> dict:
        return {
            "name": contact.name,
            "title": contact.title,
            "phone": contact.phone,
            "email": contact.email,
            "is_primary": contact.is_primary,
        }
