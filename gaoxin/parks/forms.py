"""Forms of the park pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import Occupancy
from .models import Building, Park, Platform, Space
from .services import BUILDING_FIELDS, PARK_FIELDS, PLATFORM_FIELDS, SPACE_FIELDS


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


class ParkForm(forms.ModelForm):
    """A park's file. The operator is one of the zone's park operators, chosen by the zone's
    officials (an operator sees it but cannot change it)."""

    class Meta:
        model = Park
        fields = PARK_FIELDS
        labels = {"operator": pgettext_lazy("park", "Operator")}
        widgets = {"recognitions": _rows(3), "description": _rows(5)}

    def __init__(self, *args, operators, may_change_operator: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators
        self.fields["operator"].empty_label = None
        self.fields["operator"].disabled = not may_change_operator


class PlatformForm(forms.ModelForm):
    class Meta:
        model = Platform
        fields = PLATFORM_FIELDS
        widgets = {"offers": _rows(4)}


class BuildingForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = BUILDING_FIELDS


class SpaceForm(forms.ModelForm):
    """A unit's description; a new one starts free (the occupancy has its own form)."""

    class Meta:
        model = Space
        fields = SPACE_FIELDS
        widgets = {"available_from": _date_input()}
        labels = {"code": pgettext_lazy("space", "Unit")}

    def clean_area(self):
        area = self.cleaned_data["area"]
        if area is not None and area <= 0:
            raise forms.ValidationError(_("The area must be more than 0 m²."), code="min")
        return area


class SpaceCreateForm(SpaceForm):
    building = forms.ModelChoiceField(label=_("Building"), queryset=None, empty_label=None)

    class Meta(SpaceForm.Meta):
        fields = ("building", *SPACE_FIELDS)

    def __init__(self, *args, buildings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings


class OccupancyForm(forms.Form):
    occupancy = forms.ChoiceField(label=_("Occupancy"), choices=Occupancy.choices)
    occupant = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=None,
        required=False,
        help_text=_("The enterprise the unit is reserved for or let to; empty when freed."),
    )
    available_from = forms.DateField(
        label=_("Available from"),
        required=False,
        widget=_date_input(),
        help_text=_("When the unit can be moved into (or offered again, when freed)."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=_rows(3),
        help_text=_("Kept in the audit trail, e.g. the lease signed or the reservation lapsed."),
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupant"].queryset = enterprises


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False, widget=_rows(2))
    confirm = forms.BooleanField(label=_("Yes, delete it."), required=True)
