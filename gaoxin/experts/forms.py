"""Forms of the expert pages: parse input; the services check and write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import Organisation, User
from gaoxin.policies.models import split_list

from .choices import TieKind


class ExpertForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=60)
    title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("A body registered here; or write the name below."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation name"), max_length=200, required=False
    )
    fields = forms.CharField(
        label=_("Fields"),
        max_length=400,
        help_text=_("Separated by commas, e.g. 医疗器械, 技术转化, 资本对接."),
    )
    user = forms.ModelChoiceField(
        label=_("Account"),
        queryset=User.objects.filter(role=Role.ADVISOR, is_active=True).order_by("username"),
        required=False,
        help_text=_("The advisor's own account, to score online."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        if zone is not None:  # the zone's own bodies and those of no zone (universities …)
            no_zone = Q(zone__isnull=True) & ~Q(kind=OrganisationKind.ZONE_COMMITTEE)
            self.fields["organisation"].queryset = Organisation.objects.filter(
                no_zone | Q(zone=zone) | Q(pk=zone.pk)
            ).order_by("name")

    def clean_fields(self) -> list[str]:
        return split_list(self.cleaned_data["fields"].replace("、", ","))

    @classmethod
    def initial_of(cls, expert) -> dict:
        return {
            "name": expert.name,
            "title": expert.title,
            "organisation": expert.organisation_id,
            "organisation_name": expert.organisation_name,
            "fields": ", ".join(expert.fields),
            "user": expert.user_id,
            "active": expert.active,
            "phone": expert.phone,
            "email": expert.email,
            "note": expert.note,
        }


class TieForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=TieKind.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    declared_on = forms.DateField(
        label=_("Declared on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, enterprises, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("declared_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, widget=forms.TextInput()
    )


class ScoreForm(forms.Form):
    """One decimal field per item of the draw's sheet, named by the item's key."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, items: list[dict], chinese: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            label = item["label_zh"] if chinese or not item.get("label_en") else item["label_en"]
            maximum = Decimal(item["max_points"])
            self.fields[item["key"]] = forms.CharField(
                label=f"{label} (0–{maximum.normalize()})",
                widget=forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": maximum}),
            )
        self.order_fields([i["key"] for i in items] + ["comment"])

    def scores(self) -> dict[str, str]:
        return {item["key"]: self.cleaned_data.get(item["key"], "") for item in self.items}


def items_as_text(items: list[dict]) -> str:
    lines = []
    for i in items:
        points = Decimal(i["max_points"]).normalize()
        lines.append(f"{i['key']} | {i['label_zh']} | {i.get('label_en', '')} | {points:f}")
    return "\n".join(lines)


class SheetForm(forms.Form):
    items = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace"}),
        help_text=_(
            "One item a line: key | Chinese label | English label | maximum points, e.g. "
            "tech | 技术先进性 | Technology | 30."
        ),
    )
    disagreement_threshold = forms.DecimalField(
        label=_("Disagreement threshold (points)"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        initial=Decimal("20"),
        help_text=_("Experts disagree when their totals differ by more than this."),
    )

    def clean_items(self) -> list[dict]:
        rows = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 4:
                raise forms.ValidationError(
                    _("Line %(n)s: write four parts separated by |.") % {"n": number}
                )
            key, label_zh, label_en, points = parts
            rows.append(
                {"key": key, "label_zh": label_zh, "label_en": label_en, "max_points": points}
            )
        return rows
