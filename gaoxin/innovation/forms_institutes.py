"""Forms of the institutes pages; the services check everything again. Fields and planned
fields are typed one per line and handed to the services as lists."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import GATES, ProjectStage, WorkKind
from .models import Institute, InstituteMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LinesField(forms.CharField):
    """A list of texts typed one per line (blank lines ignored); the service validates it."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class InstituteForm(forms.ModelForm):
    fields = LinesField(
        label=_("Current fields"),
        required=False,
        help_text=_("One field per line, e.g. 粘胶纤维."),
    )
    planned_fields = LinesField(
        label=_("Planned fields"),
        required=False,
        help_text=_("One per line: the fields the institute plans to add (not a current one)."),
    )
    work_kinds = forms.MultipleChoiceField(
        label=_("Kinds of work"),
        choices=WorkKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Institute
        fields = [
            "name",
            "short_name",
            "level",
            "unveiled_on",
            "host",
            "park",
            "fields",
            "planned_fields",
            "work_kinds",
            "description",
            "source",
        ]
        widgets = {"unveiled_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, hosts, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        self.fields["park"].queryset = parks

    def _post_clean(self):
        # The services validate and save; the model's checks run there, not here.
        pass


class MemberForm(forms.ModelForm):
    class Meta:
        model = InstituteMember
        fields = ["role", "enterprise", "organisation", "name", "joined_on", "note", "order"]
        widgets = {"joined_on": DATE}

    def __init__(self, *args, enterprises, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["organisation"].queryset = organisations
        self.fields["name"].required = False
        self.fields["name"].help_text = _(
            "Leave empty to use the name of the enterprise or organisation chosen above; "
            "a unit that is not on the platform needs its name here."
        )
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Where it is listed; leave empty to list it last.")
        if not self.instance.pk:
            self.initial["order"] = None

    def _post_clean(self):
        pass


class CriterionForm(forms.Form):
    gate = forms.ChoiceField(label=_("Gate"))
    text = forms.CharField(label=_("Criterion"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ProjectStage.choices)
        self.fields["gate"].choices = [
            (gate, _("To %(stage)s") % {"stage": labels[stage]}) for gate, stage in GATES.items()
        ]


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
