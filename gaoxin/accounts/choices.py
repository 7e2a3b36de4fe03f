from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ZONE_COMMITTEE = "zone_committee", _("Zone administrative committee")
    PARK_OPERATOR = "park_operator", _("Park operator")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    ENTERPRISE = "enterprise", _("Enterprise")
    ADVISOR_INSTITUTION = "advisor_institution", _("Advisor institution")
    INDUSTRY_ASSOCIATION = "industry_association", _("Industry association")
    UNIVERSITY_INSTITUTE = "university_institute", _("University or research institute")


class Role(models.TextChoices):
    ZONE_OFFICIAL = "zone_official", _("Zone official")
    PARK_OPERATOR = "park_operator", _("Park operator")
    PROVINCIAL_REVIEWER = "provincial_reviewer", _("Provincial reviewer")
    ENTERPRISE_USER = "enterprise_user", _("Enterprise user")
    ADVISOR = "advisor", _("Advisor")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")


# Which organisation kinds a role may belong to. The three administrator roles (三员分立)
# live in the zone committee; an account holds exactly one role, so no one holds two of them.
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.ZONE_OFFICIAL: {OrganisationKind.ZONE_COMMITTEE},
    Role.PARK_OPERATOR: {OrganisationKind.PARK_OPERATOR},
    Role.PROVINCIAL_REVIEWER: {OrganisationKind.PROVINCIAL_DEPARTMENT},
    Role.ENTERPRISE_USER: {OrganisationKind.ENTERPRISE},
    Role.ADVISOR: {
        OrganisationKind.ADVISOR_INSTITUTION,
        OrganisationKind.UNIVERSITY_INSTITUTE,
        OrganisationKind.INDUSTRY_ASSOCIATION,
    },
    Role.AUDITOR: {OrganisationKind.ZONE_COMMITTEE},
    Role.SYSTEM_ADMIN: {OrganisationKind.ZONE_COMMITTEE},
    Role.SECURITY_ADMIN: {OrganisationKind.ZONE_COMMITTEE},
}

ADMIN_ROLES = {Role.AUDITOR, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}
