"""Role predicates (django-rules). Object-level rules live in each app's rules.py."""

import rules
from django.conf import settings

from .choices import Role


def role_is(*roles: str):
    @rules.predicate(name="role_is_" + "_or_".join(roles))
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return predicate


is_zone_official = role_is(Role.ZONE_OFFICIAL)
is_park_operator = role_is(Role.PARK_OPERATOR)
is_provincial_reviewer = role_is(Role.PROVINCIAL_REVIEWER)
is_enterprise_user = role_is(Role.ENTERPRISE_USER)
is_advisor = role_is(Role.ADVISOR)
is_auditor = role_is(Role.AUDITOR)
is_system_admin = role_is(Role.SYSTEM_ADMIN)
is_security_admin = role_is(Role.SECURITY_ADMIN)

# 三员分立: the system administrator manages accounts and organisations; the security
# administrator sets roles and the login policy; the auditor reads the audit trail.
rules.add_perm("accounts.manage_users", is_system_admin)
rules.add_perm("accounts.manage_organisations", is_system_admin)
rules.add_perm("accounts.assign_roles", is_security_admin)
rules.add_perm("accounts.set_login_policy", is_security_admin)
rules.add_perm("accounts.unlock_users", is_security_admin)
# The working-day calendar's holiday arrangements (gaoxin.core.holidays).
rules.add_perm("core.manage_holiday_arrangements", is_security_admin)
rules.add_perm("accounts.view_users", is_system_admin | is_security_admin)
rules.add_perm("audit.view_events", is_auditor)
rules.add_perm("audit.export_events", is_auditor)
rules.add_perm("audit.verify_chain", is_auditor)


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def may_hold_api_tokens(user) -> bool:
    """The roles of settings.API_TOKEN_ROLES (read at each check, so a change applies at once)."""
    return user.role in settings.API_TOKEN_ROLES


# Each holds personal API tokens for themselves only; services check the owner.
rules.add_perm("accounts.manage_own_tokens", is_active_user & may_hold_api_tokens)
