"""django-rules permissions for the registry, built on scoping.py."""

import rules

from . import scoping


@rules.predicate
def can_view_enterprise(user, enterprise) -> bool:
    return enterprise is not None and scoping.can_view(user, enterprise)


@rules.predicate
def can_edit_enterprise(user, enterprise) -> bool:
    return enterprise is not None and scoping.can_edit(user, enterprise)


@rules.predicate
def can_create_enterprise(user) -> bool:
    return scoping.can_create(user)


@rules.predicate
def can_reveal_contacts(user, enterprise) -> bool:
    return enterprise is not None and scoping.can_reveal_contacts(user, enterprise)


rules.add_perm("enterprises.view_enterprise", can_view_enterprise)
rules.add_perm("enterprises.change_enterprise", can_edit_enterprise)
rules.add_perm("enterprises.add_enterprise", can_create_enterprise)
rules.add_perm("enterprises.import_enterprises", can_create_enterprise)
rules.add_perm("enterprises.reveal_contacts", can_reveal_contacts)
