"""Writes to accounts, organisations, the login policy and API tokens.

Each service is one transaction with its audit event; it checks the actor's permission (a
`PermissionDeniedError` when the role is wrong or the object is outside the actor's zone) and
`full_clean()`s before saving. `actor=None` is the command line or the demo loader: trusted, and
recorded in the audit trail as "system: <command>".

三员分立 is enforced here, not only on the pages: the system administrator manages accounts and
organisations but never assigns roles; the security administrator assigns roles, sets the login
policy and unlocks accounts; the auditor changes nothing. Permissions are tested with
`rules.has_perm` (the role predicates only), so a Django superuser is no exception.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import rules
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError

from . import lockout, scoping
from .api_auth import TOKEN_PREFIX, digest, new_token_key
from .choices import ROLE_ORGANISATION_KINDS, Role
from .models import ApiToken, LoginPolicy, Organisation, User

ORGANISATION_FIELDS = ("name", "short_name", "kind", "parent", "zone", "region_code")
USER_FIELDS = ("display_name", "title", "email", "organisation", "is_active")
POLICY_FIELDS = (
    "password_min_length",
    "password_min_classes",
    "failure_limit",
    "lockout_minutes",
    "idle_timeout_minutes",
)
# The history table keeps a short reason; the audit event keeps the full one.
HISTORY_REASON_LENGTH = 100


# --- helpers ------------------------------------------------------------------------------


def _require(actor, perm: str, message: str) -> None:
    """Refuse unless `actor` holds the role-based permission `perm` (None: the command line)."""
    if actor is not None and not rules.has_perm(perm, actor):
        raise PermissionDeniedError(message)


def _require_organisation_in_scope(actor, organisation: Organisation | None) -> None:
    if actor is None or organisation is None:
        return
    home = organisation.home_zone
    if home is not None and home.pk != scoping.admin_zone_id(actor):
        raise PermissionDeniedError(
            _("You can only manage organisations of your own zone, or ones that belong to no zone.")
        )


def _require_user_in_scope(actor, user: User) -> None:
    if actor is not None and not scoping.user_in_scope(actor, user):
        raise PermissionDeniedError(_("This account is not one of your zone's accounts."))


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _apply(instance: models.Model, allowed: tuple[str, ...], fields: dict) -> dict[str, list]:
    """Set `fields` on `instance`; return {field: [old, new]} for the values that changed."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError("unexpected fields: " + ", ".join(sorted(unknown)))
    changes = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if _plain(old) != _plain(value):
            changes[name] = [_plain(old), _plain(value)]
            setattr(instance, name, value)
    return changes


def _set_history(instance: models.Model, actor, reason: str) -> None:
    """Who and why, for django-simple-history's record of this save (also off the web)."""
    instance._change_reason = (reason or "")[:HISTORY_REASON_LENGTH]
    if actor is not None:
        instance._history_user = actor


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def check_role_fits_organisation(role: str, organisation: Organisation | None) -> None:
    if not role:
        return
    if organisation is None:
        raise DomainError(
            _("A user with a role must belong to an organisation."), field="organisation"
        )
    allowed = ROLE_ORGANISATION_KINDS.get(role, set())
    if organisation.kind not in allowed:
        raise DomainError(
            _("The role %(role)s does not fit an organisation of kind %(kind)s.")
            % {"role": _role_label(role), "kind": organisation.get_kind_display()},
            field="role",
        )


def _validated_password(password: str, user: User, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


# --- organisations ------------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, actor, reason: str = "", **fields) -> Organisation:
    _require(
        actor,
        "accounts.manage_organisations",
        _("Only the system administrator manages organisations."),
    )
    organisation = Organisation(**fields)
    _require_organisation_in_scope(actor, organisation)
    organisation.full_clean()
    _set_history(organisation, actor, reason)
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
def organisation_update(
    *, actor, organisation: Organisation, reason: str = "", **fields
) -> Organisation:
    """Change an organisation's name, kind, parent, zone or region code.

    The organisation must stay in the actor's zone, and a change of kind must still fit the
    roles its accounts hold.
    """
    _require(
        actor,
        "accounts.manage_organisations",
        _("Only the system administrator manages organisations."),
    )
    _require_organisation_in_scope(actor, organisation)
    changes = _apply(organisation, ORGANISATION_FIELDS, fields)
    if not changes:
        return organisation
    if "parent" in changes:
        _check_no_cycle(organisation)
    _require_organisation_in_scope(actor, organisation)
    if "kind" in changes:
        _check_kind_fits_roles(organisation)
    organisation.full_clean()
    _set_history(organisation, actor, reason)
    organisation.save()
    record(
        action="accounts.organisation.update",
        actor=actor,
        obj=organisation,
        summary=_("Changed organisation %(name)s") % {"name": organisation.name},
        data={"changes": changes},
        reason=reason,
    )
    return organisation


def _check_kind_fits_roles(organisation: Organisation) -> None:
    """The organisation's (new) kind must fit every role its accounts hold."""
    for role in organisation.users.exclude(role="").values_list("role", flat=True).distinct():
        if organisation.kind not in ROLE_ORGANISATION_KINDS.get(role, set()):
            raise DomainError(
                _(
                    "Accounts of this organisation hold the role %(role)s, which does not "
                    "fit the kind %(kind)s. Ask the security administrator to change their "
                    "roles first."
                )
                % {"role": _role_label(role), "kind": organisation.get_kind_display()},
                field="kind",
            )


def _check_no_cycle(organisation: Organisation) -> None:
    """An organisation may not sit under itself (home_zone would never end)."""
    seen = {organisation.pk}
    parent = organisation.parent
    while parent is not None:
        if parent.pk in seen:
            raise DomainError(
                _("An organisation cannot be placed under itself or one of its own units."),
                field="parent",
            )
        seen.add(parent.pk)
        parent = parent.parent


# --- accounts -----------------------------------------------------------------------------


def _check_new_account(actor, role: str, organisation: Organisation | None) -> None:
    """A person creates accounts without a role, in an organisation of their scope; the role
    (command line, demo loader) must fit the organisation."""
    if actor is not None:
        if role:
            raise PermissionDeniedError(_("Roles are assigned by the security administrator."))
        if organisation is None:
            raise DomainError(_("Choose the organisation of the account."), field="organisation")
        _require_organisation_in_scope(actor, organisation)
    check_role_fits_organisation(role, organisation)


def _save_new_user(user: User, password: str, actor, reason: str) -> None:
    """Save a new account with its initial password, checked against the password rules."""
    _validated_password(password, user, "password")
    user.set_password(password)
    user.full_clean(exclude=["password"])
    _set_history(user, actor, reason)
    user.save()


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
    """Create an account with the initial password the administrator chose.

    The system administrator creates accounts without a role (roles are the security
    administrator's, `user_set_role`); only the command line and the demo loader (`actor=None`)
    create accounts with a role directly.
    """
    _require(actor, "accounts.manage_users", _("Only the system administrator creates accounts."))
    _check_new_account(actor, role, organisation)
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
    _save_new_user(user, password, actor, reason)
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
def user_update(*, actor, user: User, reason: str = "", **fields) -> User:
    """Change an account's name, title, email, organisation or active flag.

    Deactivating needs a reason; nobody deactivates their own account; a new organisation must
    fit the role the account holds (the security administrator changes the role first).
    """
    _require(actor, "accounts.manage_users", _("Only the system administrator manages accounts."))
    _require_user_in_scope(actor, user)
    reason = (reason or "").strip()
    changes = _apply(user, USER_FIELDS, fields)
    if not changes:
        return user
    if "organisation" in changes:
        if user.organisation is None and actor is not None:
            raise DomainError(_("Choose the organisation of the account."), field="organisation")
        _require_organisation_in_scope(actor, user.organisation)
        check_role_fits_organisation(user.role, user.organisation)
    deactivating = changes.get("is_active") == [True, False]
    if deactivating:
        _check_deactivation(actor, user, reason)
    user.full_clean(exclude=["password"])
    _set_history(user, actor, reason)
    user.save()
    action, summary = _update_event(changes)
    record(
        action=action,
        actor=actor,
        obj=user,
        summary=summary % {"username": user.username},
        data={"changes": changes},
        reason=reason,
    )
    return user


def _check_deactivation(actor, user: User, reason: str) -> None:
    if not reason:
        raise DomainError(_("Give the reason for deactivating the account."), field="reason")
    if actor is not None and actor.pk == user.pk:
        raise DomainError(_("You cannot deactivate your own account."), field="is_active")


def _update_event(changes: dict) -> tuple[str, str]:
    """The audit action and summary of an account change: deactivated, reactivated, changed."""
    if changes.get("is_active") == [True, False]:
        return "accounts.user.deactivate", _("Deactivated account %(username)s")
    if changes.get("is_active") == [False, True]:
        return "accounts.user.activate", _("Reactivated account %(username)s")
    return "accounts.user.update", _("Changed account %(username)s")


# The system administrator could otherwise take over these accounts with a password they chose
# (and read the audit trail as the auditor). Theirs are reset on the command line
# (`gaoxin reset-password`), which the trail records as a system action.
PROTECTED_FROM_RESET = {Role.AUDITOR, Role.SECURITY_ADMIN}


@transaction.atomic
def user_reset_password(*, actor, user: User, new_password: str, reason: str = "") -> User:
    """Set a temporary password the administrator passes on; the user must change it at login."""
    _require(actor, "accounts.manage_users", _("Only the system administrator resets passwords."))
    _require_user_in_scope(actor, user)
    if actor is not None:
        if actor.pk == user.pk:
            raise DomainError(_("Change your own password on the password page."))
        if user.role in PROTECTED_FROM_RESET:
            raise PermissionDeniedError(
                _(
                    "The password of the %(role)s is reset on the command line "
                    "(gaoxin reset-password), so that no administrator can take over another's "
                    "account."
                )
                % {"role": _role_label(user.role)}
            )
    _validated_password(new_password, user, "new_password1")
    user.set_password(new_password)
    user.must_change_password = True
    _set_history(user, actor, reason)
    user.save(update_fields=["password", "must_change_password"])
    record(
        action="accounts.user.reset_password",
        actor=actor,
        obj=user,
        summary=_("Reset the password of %(username)s") % {"username": user.username},
        reason=reason,
    )
    return user


@transaction.atomic
def user_set_role(*, actor, user: User, role: str, reason: str) -> User:
    """Give an account its role (or none). Security administrator only; a reason is required."""
    _require(actor, "accounts.assign_roles", _("Only the security administrator assigns roles."))
    _require_user_in_scope(actor, user)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the change of role."), field="reason")
    if actor is not None and actor.pk == user.pk:
        raise PermissionDeniedError(_("You cannot change your own role."))
    if role and role not in Role.values:
        raise DomainError(_("Choose a role from the list."), field="role")
    if role == user.role:
        raise DomainError(_("The account already has this role."), field="role")
    check_role_fits_organisation(role, user.organisation)
    old = user.role
    user.role = role
    user.full_clean(exclude=["password"])
    _set_history(user, actor, reason)
    user.save(update_fields=["role"])
    record(
        action="accounts.user.set_role",
        actor=actor,
        obj=user,
        summary=_("Changed the role of %(username)s from %(old)s to %(new)s")
        % {
            "username": user.username,
            "old": _role_label(old) if old else _("no role"),
            "new": _role_label(role) if role else _("no role"),
        },
        data={"from": old, "to": role},
        reason=reason,
    )
    return user


@transaction.atomic
def user_unlock(*, actor, user: User, reason: str = "") -> int:
    """Lift the lockout django-axes put on an account; returns the attempt rows removed."""
    _require(actor, "accounts.unlock_users", _("Only the security administrator unlocks accounts."))
    _require_user_in_scope(actor, user)
    if not lockout.is_locked(user.username):
        raise DomainError(_("This account is not locked."))
    failures = lockout.failures(user.username)
    removed = lockout.clear(user.username)
    record(
        action="accounts.user.unlock",
        actor=actor,
        obj=user,
        summary=_("Unlocked account %(username)s") % {"username": user.username},
        data={"failures": failures},
        reason=reason,
    )
    return removed


# --- login events -------------------------------------------------------------------------


@transaction.atomic
def user_change_password(*, actor: User, user: User, new_password: str) -> User:
    """Set a new password the user chose; clears the forced change."""
    _validated_password(new_password, user, "new_password1")
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
def user_record_login_failure(*, username: str, failures: int | None, limit: int) -> None:
    """A failed login of an existing account; the one that reaches the limit locks it.

    Failures against unknown usernames are not recorded (axes counts them), so nobody can fill
    the audit trail by guessing names; failures during a lockout are not recorded either.
    """
    user = User.objects.filter(username=username).first()
    if user is None or failures is None or failures > limit:
        return
    if failures == limit:
        action = "accounts.user.lock"
        summary = _("%(username)s was locked after %(count)d failed logins")
    else:
        action = "accounts.user.login_failed"
        summary = _("Failed login %(count)d for %(username)s")
    record(
        action=action,
        actor=None,
        obj=user,
        summary=summary % {"username": username, "count": failures},
        data={"failures": failures, "limit": limit},
    )


@transaction.atomic
def login_record_address_throttle(*, ip: str, failures: int, limit: int) -> None:
    """One client address reached the failed-login limit across usernames: it is refused for
    settings.LOGIN_ADDRESS_WINDOW_MINUTES. The event's IP is the address (request context)."""
    record(
        action="accounts.address.throttle",
        actor=None,
        summary=_("Address %(ip)s refused after %(count)d failed logins (any usernames)")
        % {"ip": ip, "count": failures},
        data={"ip": ip, "failures": failures, "limit": limit},
    )


@transaction.atomic
def user_record_logout(*, user: User) -> None:
    record(
        action="accounts.user.logout",
        actor=user,
        obj=user,
        summary=_("%(username)s logged out") % {"username": user.username},
    )


# --- login policy -------------------------------------------------------------------------


@transaction.atomic
def login_policy_update(*, actor, reason: str = "", **fields) -> LoginPolicy:
    """Change the login policy; the model's validators and constraints keep the 等保 floors."""
    _require(
        actor,
        "accounts.set_login_policy",
        _("Only the security administrator sets the login policy."),
    )
    policy, _created = LoginPolicy.objects.select_for_update().get_or_create(pk=1)
    changes = _apply(policy, POLICY_FIELDS, fields)
    if not changes:
        return policy
    policy.full_clean()
    policy.save()
    record(
        action="accounts.login_policy.update",
        actor=actor,
        obj=policy,
        summary=_("Changed the login policy"),
        data={"changes": changes},
        reason=reason,
    )
    return policy


# --- API tokens ---------------------------------------------------------------------------


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A personal API token for the actor. Returns the token and its key, which is never stored
    (only its SHA-256 digest) and so can be shown only this once."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDeniedError(_("Log in to create an API token."))
    if not rules.has_perm("accounts.manage_own_tokens", actor):
        raise PermissionDeniedError(_("Your role does not use API tokens."))
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("The expiry must be in the future."), field="expires_at")
    key = new_token_key()
    token = ApiToken(
        user=actor,
        name=(name or "").strip(),
        prefix=key[: len(TOKEN_PREFIX) + 6],
        digest=digest(key),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    record(
        action="accounts.api_token.create",
        actor=actor,
        obj=token,
        summary=_("Created API token %(name)s") % {"name": token.name},
        data={"prefix": token.prefix, "expires_at": expires_at},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke one of the actor's own tokens; it stops working at once."""
    if actor is None or token.user_id != actor.pk:
        raise PermissionDeniedError(_("You can only revoke your own API tokens."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise DomainError(_("This token is already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    record(
        action="accounts.api_token.revoke",
        actor=actor,
        obj=token,
        summary=_("Revoked API token %(name)s") % {"name": token.name},
        data={"prefix": token.prefix},
        reason=reason,
    )
    return token
