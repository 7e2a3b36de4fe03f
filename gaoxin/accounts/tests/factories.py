import factory

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import Organisation, User

TEST_PASSWORD = "Gaoxin-Test-2025"

ROLE_KIND = {
    Role.ZONE_OFFICIAL: OrganisationKind.ZONE_COMMITTEE,
    Role.PARK_OPERATOR: OrganisationKind.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER: OrganisationKind.PROVINCIAL_DEPARTMENT,
    Role.ENTERPRISE_USER: OrganisationKind.ENTERPRISE,
    Role.ADVISOR: OrganisationKind.ADVISOR_INSTITUTION,
    Role.AUDITOR: OrganisationKind.ZONE_COMMITTEE,
    Role.SYSTEM_ADMIN: OrganisationKind.ZONE_COMMITTEE,
    Role.SECURITY_ADMIN: OrganisationKind.ZONE_COMMITTEE,
}


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试高新区管委会{n}")
    kind = OrganisationKind.ZONE_COMMITTEE
    region_code = "410171"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = OrganisationKind.ENTERPRISE
    zone = factory.SubFactory(ZoneFactory)
    region_code = "410171"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.ZONE_OFFICIAL
    organisation = factory.LazyAttribute(
        lambda o: (
            ZoneFactory()
            if ROLE_KIND[o.role] == OrganisationKind.ZONE_COMMITTEE
            else OrganisationFactory(kind=ROLE_KIND[o.role])
        )
    )
    must_change_password = False

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])
