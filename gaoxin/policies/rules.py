"""Who may do what with policies (django-rules).

Published policies are public. Zone officials manage their own zone's policies. The calculator
is for enterprise users (their own enterprise) and for zone officials and park operators (an
enterprise in their scope, chosen with ``?enterprise=<id>``).
"""

import rules

from gaoxin.accounts.rules import is_enterprise_user, is_park_operator, is_zone_official


@rules.predicate
def is_policy_of_own_zone(user, policy) -> bool:
    zone = user.organisation.home_zone if user.organisation_id else None
    return policy is None or (zone is not None and policy.zone_id == zone.pk)


rules.add_perm("policies.manage_policy", is_zone_official & is_policy_of_own_zone)
rules.add_perm("policies.use_calculator", is_enterprise_user | is_zone_official | is_park_operator)


def can_manage(user, policy=None) -> bool:
    return rules.has_perm("policies.manage_policy", user, policy)


def can_use_calculator(user) -> bool:
    return rules.has_perm("policies.use_calculator", user)
