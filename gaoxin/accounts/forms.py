"""Forms of the account pages. They parse input; the services decide (and say why not)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoxin.core.errors import DomainError
from gaoxin.core.widgets import bootstrap_class

from .choices import OrganisationKind, Role
from .models import LoginPolicy, Organisation
from .scoping import admin_zone_id, managed_organisations


class BootstrapMixin:
    """Gives every widget its Bootstrap 5 class, and marks fields with errors invalid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        """Idempotent; call again after adding fields in a subclass's __init__."""
        for field in self.fields.values():
            _add_class(field.widget, bootstrap_class(field.widget))

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                _add_class(self.fields[name].widget, "is-invalid")


def _add_class(widget, css: str) -> None:
    classes = widget.attrs.get("class", "").split()
    if css not in classes:
        widget.attrs["class"] = " ".join([*classes, css])


def add_service_errors(
    form: forms.Form, exc: Exception, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError or DomainError on the form, by field where it has one.

    `field_map` renames the service's field names to the form's (password → new_password1).
    """
    field_map = field_map or {}

    def target(name):
        name = field_map.get(name, name)
        return name if name in form.fields else None

    if isinstance(exc, DomainError):
        form.add_error(target(exc.field), exc.message)
        return
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(target(name), message)
        return
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
        return
    raise exc


def _policy_numbers() -> dict[str, int]:
    policy = LoginPolicy.current()
    return {"limit": policy.failure_limit, "minutes": policy.lockout_minutes}


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The username or password is wrong. After %(limit)d failed attempts the account is "
            "locked for %(minutes)d minutes."
        ),
        "inactive": _("This account is disabled. Ask the system administrator."),
    }

    def get_invalid_login_error(self):
        return ValidationError(
            self.error_messages["invalid_login"], code="invalid_login", params=_policy_numbers()
        )


REASON_HELP = _("Recorded in the audit trail.")


def reason_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Reason"),
        required=required,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )


class OrganisationForm(BootstrapMixin, forms.ModelForm):
    reason = reason_field(required=False)

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "parent", "zone", "region_code"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = managed_organisations(user)
        if self.instance.pk:
            scope = scope.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = scope.order_by("kind", "name")
        self.fields["zone"].queryset = Organisation.objects.filter(pk=admin_zone_id(user)).exclude(
            pk=self.instance.pk
        )
        self.fields["zone"].help_text = _(
            "Your zone, or empty for an organisation that belongs to no zone (a provincial "
            "department, an advisor institution …)."
        )


class OrganisationFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )


def _organisation_field(user) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Organisation"), queryset=managed_organisations(user).order_by("kind", "name")
    )


class NewPasswordMixin:
    """Two password fields that must match; the strength is the validators' (in the service)."""

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two passwords differ."))
        return data


def _password_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


PASSWORD_HELP = _(
    "The user must change it at the first login. Pass it on by a channel other than email."
)


class UserCreateForm(NewPasswordMixin, BootstrapMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=60, required=False)
    title = forms.CharField(label=_("Job title"), max_length=80, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    new_password1 = _password_field(_("Initial password"))
    new_password2 = _password_field(_("Initial password again"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(user)
        self.order_fields(["username", "display_name", "title", "email", "organisation"])
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.style_widgets()


class UserUpdateForm(BootstrapMixin, forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=60, required=False)
    title = forms.CharField(label=_("Job title"), max_length=80, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive account cannot log in or use its API tokens."),
    )
    reason = reason_field(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(user)
        self.order_fields(["display_name", "title", "email", "organisation", "is_active"])
        self.style_widgets()
        self.fields["reason"].help_text = _(
            "Required when deactivating. Recorded in the audit trail."
        )

    def clean(self):
        data = super().clean()
        if self.initial.get("is_active") and not data.get("is_active") and not data.get("reason"):
            self.add_error("reason", _("Give the reason for deactivating the account."))
        return data


class UserResetPasswordForm(NewPasswordMixin, BootstrapMixin, forms.Form):
    new_password1 = _password_field(_("Temporary password"))
    new_password2 = _password_field(_("Temporary password again"))
    reason = reason_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP


class UserSetRoleForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False)
    reason = reason_field(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("No role")), *Role.choices]


class UserUnlockForm(BootstrapMixin, forms.Form):
    reason = reason_field(required=False)


class UserFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active and inactive")), ("1", _("Active")), ("0", _("Inactive"))],
    )
    locked = forms.BooleanField(label=_("Locked only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Organisation"),
            required=False,
            empty_label=_("All organisations"),
            queryset=managed_organisations(user).order_by("kind", "name"),
        )
        self.style_widgets()
        self.fields["role"].choices = [("", _("All roles")), ("none", _("No role")), *Role.choices]
        self.order_fields(["q", "organisation", "role", "active", "locked"])


def _limits(field_name: str) -> tuple[int | None, int | None]:
    field = LoginPolicy._meta.get_field(field_name)
    low = next((v.limit_value for v in field.validators if isinstance(v, MinValueValidator)), None)
    high = next((v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)), None)
    return low, high


# Which end of each range is the 等保 level 3 floor (the other end only keeps values sensible).
FLOOR_SIDE = {
    "password_min_length": "min",
    "password_min_classes": "min",
    "failure_limit": "max",
    "lockout_minutes": "min",
    "idle_timeout_minutes": "max",
}


class LoginPolicyForm(BootstrapMixin, forms.ModelForm):
    reason = reason_field(required=False)

    class Meta:
        model = LoginPolicy
        fields = list(FLOOR_SIDE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, side in FLOOR_SIDE.items():
            low, high = _limits(name)
            field = self.fields[name]
            field.widget.attrs.update({"min": low, "max": high})
            field.floor_side = side
            field.floor = low if side == "min" else high
            field.range = (low, high)


TOKEN_EXPIRY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("180", _("180 days")),
    ("365", _("1 year")),
    ("", _("Never (not recommended)")),
]


class ApiTokenCreateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the token is for, e.g. 'statistics export script'."),
    )
    expires_in = forms.ChoiceField(
        label=_("Expires after"), choices=TOKEN_EXPIRY_CHOICES, required=False, initial="90"
    )

    def expires_at(self):
        days = self.cleaned_data.get("expires_in")
        return timezone.now() + timedelta(days=int(days)) if days else None


class ConfirmForm(BootstrapMixin, forms.Form):
    """A confirmation with an optional reason (revoking a token)."""

    reason = reason_field(required=False)
