"""The filter form of the audit trail (it renders and checks; the selector does the filtering)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.forms import BootstrapMixin
from gaoxin.accounts.scoping import managed_organisations

from .actions import action_choices
from .selectors import object_type_choices


class EventFilterForm(BootstrapMixin, forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    q = forms.CharField(label=_("Text in the summary"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Actor's organisation"),
            required=False,
            empty_label=_("All organisations"),
            queryset=managed_organisations(user).order_by("kind", "name"),
        )
        self.fields["actions"] = forms.MultipleChoiceField(
            label=_("Actions"),
            required=False,
            choices=action_choices(),
            help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
        self.fields["object_type"] = forms.ChoiceField(
            label=_("Object type"),
            required=False,
            choices=[("", _("All object types")), *object_type_choices(user=user)],
        )
        self.order_fields(
            ["actions", "actor", "organisation", "object_type", "date_from", "date_to", "q"]
        )
        self.style_widgets()
