"""Writes to accounts and organisations. Each is one transaction with its audit event."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError

from .choices import ROLE_ORGANISATION_KINDS
from .models import Organisation, User


def check_role_fits_organisation(role: str, organisation: Organisation | None) -> None:
    if not role:
        return
    if organisation is None:
        raise DomainError(_("A user with a role must belong to an organisation."), field="organisation")
    allowed = ROLE_ORGANISATION_KINDS.get(role, set())
    if organisation.kind not in allowed:
        raise DomainError(
            _("The role %(role)s does not fit an organisation of kind %(kind)s.")
            % {"role": role, "kind": organisation.get_kind_display()},
            field="role",
        )


@transaction.atomic
def organisation_create(*, actor, reason: str = "", **fields) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    record(
        action="accounts.organisation.create",
        actor=actor,
        obj=organisation,
        summary=_("Created organisation %(name)s") % {"name": organisation.name},
        data={"kind": organisation.kind},
        reason=reason,
    )
    return organisation


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    organisation: Organisation | None,
    role: str = "",
    display_name: str = "",
    title: str = "",
    email: str = "",
    must_change_password: bool = True,
    is_sample: bool = False,
    reason: str = "",
) -> User:
    check_role_fits_organisation(role, organisation)
    user = User(
        username=username,
        organisation=organisation,
        role=role,
        display_name=display_name,
        title=title,
        email=email,
        must_change_password=must_change_password,
        is_sample=is_sample,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(
        action="accounts.user.create",
        actor=actor,
        obj=user,
        summary=_("Created account %(username)s") % {"username": username},
        data={"organisation_id": getattr(organisation, "pk", None), "role": role},
        reason=reason,
    )
    return user


@transaction.atomic
def user_change_password(*, actor: User, user: User, new_password: str) -> User:
    """Set a new password the user chose; clears the forced change."""
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from exc
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record(
        action="accounts.user.change_password",
        actor=actor,
        obj=user,
        summary=_("Changed the password of %(username)s") % {"username": user.username},
    )
    return user


@transaction.atomic
def user_record_login(*, user: User) -> None:
    record(
        action="accounts.user.login",
        actor=user,
        obj=user,
        summary=_("%(username)s logged in") % {"username": user.username},
    )


@transaction.atomic
def user_record_logout(*, user: User) -> None:
    record(
        action="accounts.user.logout",
        actor=user,
        obj=user,
        summary=_("%(username)s logged out") % {"username": user.username},
    )
