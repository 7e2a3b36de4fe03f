"""Forms of the institute project pages; the services check everything again. Money is typed
in yuan (as the model keeps it) and read as a Decimal."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoxin.enterprises.models import Enterprise

from .choices import PatentKind, PatentStatus, ProjectStage, StandardLevel, StandardStatus
from .models import InstituteMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money(label, required=True, min_value=0) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=min_value,
        max_digits=16,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    institute = forms.ChoiceField(label=_("Institute"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", "—"), *ProjectStage.choices]
    )
    field = forms.ChoiceField(label=_("Field"), required=False)

    def __init__(self, *args, institutes=(), fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institute"].choices = [("", "—"), *((i.pk, str(i)) for i in institutes)]
        self.fields["field"].choices = [("", "—"), *((f, f) for f in fields)]


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    field = forms.ChoiceField(label=_("Field"))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members involved"),
        queryset=InstituteMember.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    lead_member = forms.ModelChoiceField(
        label=_("Lead member"), queryset=InstituteMember.objects.none(), required=False
    )
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE)
    budget = _money(_("Budget (yuan)"))

    def __init__(self, *args, institute, **kwargs):
        super().__init__(*args, **kwargs)
        members = institute.members.all()
        self.fields["members"].queryset = members
        self.fields["lead_member"].queryset = members
        current = [(f, f) for f in institute.fields]
        planned = [(f, f) for f in institute.planned_fields]
        choices = [("", "—")]
        if current:
            choices.append((_("Current fields"), current))
        if planned:
            choices.append((_("Planned fields"), planned))
        self.fields["field"].choices = choices
        self.fields["started_on"].initial = timezone.localdate()

    def project_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("members")
        return data


class GateForm(forms.Form):
    """The evidence for each criterion of the gate (one textbox each), the date, a document."""

    passed_on = forms.DateField(label=_("Passed on"), widget=DATE)
    document = forms.FileField(
        label=_("Evidence document"),
        required=False,
        help_text=_("Optional: a test report, minutes of the review (PDF, Office, image)."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        evidence = {}
        for criterion in self.criteria:
            evidence[f"evidence_{criterion.pk}"] = forms.CharField(
                label=criterion.text,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**evidence, **self.fields}
        self.fields["passed_on"].initial = timezone.localdate()

    def evidence(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"evidence_{c.pk}", "") for c in self.criteria}


class EndForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class SpendingForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=DATE)
    amount = _money(_("Amount (yuan)"), min_value=None)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spent_on"].initial = timezone.localdate()


class _MemberForm(forms.Form):
    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "member" in self.fields and project is not None:
            self.fields["member"].queryset = project.institute.members.all()


class PatentForm(_MemberForm):
    number = forms.CharField(label=_("Number"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=PatentKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=PatentStatus.choices)
    member = forms.ModelChoiceField(
        label=_("Holder"), queryset=InstituteMember.objects.none(), required=False
    )
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)
    granted_on = forms.DateField(
        label=_("Granted on"),
        required=False,
        widget=DATE,
        help_text=_("Only for a granted patent."),
    )


class StandardForm(_MemberForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=StandardLevel.choices)
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=StandardStatus.choices)
    member = forms.ModelChoiceField(
        label=_("Drafted by"), queryset=InstituteMember.objects.none(), required=False
    )
    started_on = forms.DateField(label=_("Drafting started on"), widget=DATE)
    published_on = forms.DateField(label=_("Published on"), required=False, widget=DATE)


class TrainingForm(_MemberForm):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    people = forms.IntegerField(label=_("People trained"), min_value=1, max_value=100000)


class IncubationForm(forms.Form):
    """A registered enterprise, or the new firm's name and credit code (registered then; when
    the credit code is registered already, that enterprise is linked)."""

    enterprise = forms.ModelChoiceField(
        label=_("Registered enterprise"),
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=_("Or leave empty and give the new firm below."),
    )
    name = forms.CharField(label=_("New firm's name"), max_length=200, required=False)
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=18, required=False)
    legal_representative = forms.CharField(
        label=_("Legal representative"), max_length=100, required=False
    )
    incubated_on = forms.DateField(label=_("Incubated on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, project=None, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.fields["enterprise"].queryset = enterprises
        self.fields["incubated_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if not data.get("enterprise") and not (data.get("name") and data.get("uscc")):
            raise forms.ValidationError(
                _("Choose a registered enterprise, or give the new firm's name and credit code.")
            )
        return data
