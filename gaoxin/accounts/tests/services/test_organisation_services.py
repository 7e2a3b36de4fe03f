import pytest
from django.core.exceptions import ValidationError

from gaoxin.accounts import services
from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import Organisation
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, PermissionDeniedError


@pytest.mark.django_db
class TestOrganisationCreate:
    def test_in_own_zone(self, world, sysadmin):
        org = services.organisation_create(
            actor=sysadmin,
            name="甲园区运营公司",
            kind=OrganisationKind.PARK_OPERATOR,
            zone=world.a.zone,
            reason="新园区",
        )
        event = AuditEvent.objects.get(action="accounts.organisation.create")
        assert event.object_id == str(org.pk) and event.reason == "新园区"

    def test_a_department_of_the_committee(self, world, sysadmin):
        org = services.organisation_create(
            actor=sysadmin,
            name="经济发展部",
            kind=OrganisationKind.ZONE_COMMITTEE,
            parent=world.a.zone,
        )
        assert org.home_zone == world.a.zone

    def test_without_a_zone(self, sysadmin):
        org = services.organisation_create(
            actor=sysadmin, name="某咨询公司", kind=OrganisationKind.ADVISOR_INSTITUTION
        )
        assert org.home_zone is None

    def test_not_in_another_zone(self, world, sysadmin):
        with pytest.raises(PermissionDeniedError):
            services.organisation_create(
                actor=sysadmin, name="x", kind=OrganisationKind.ENTERPRISE, zone=world.b.zone
            )

    def test_not_a_new_zone(self, sysadmin):
        """A new top-level zone committee is its own zone: not the system admin's to create."""
        with pytest.raises(PermissionDeniedError):
            services.organisation_create(
                actor=sysadmin, name="新高新区", kind=OrganisationKind.ZONE_COMMITTEE
            )

    @pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SYSTEM_ADMIN])
    def test_only_the_system_admin(self, world, role):
        with pytest.raises(PermissionDeniedError):
            services.organisation_create(
                actor=world.a.users[role],
                name="x",
                kind=OrganisationKind.ENTERPRISE,
                zone=world.a.zone,
            )

    def test_invalid_region_code(self, world, sysadmin):
        with pytest.raises(ValidationError) as exc:
            services.organisation_create(
                actor=sysadmin,
                name="x",
                kind=OrganisationKind.ENTERPRISE,
                zone=world.a.zone,
                region_code="41",
            )
        assert "region_code" in exc.value.message_dict
        assert not Organisation.objects.filter(name="x").exists()


@pytest.mark.django_db
class TestOrganisationUpdate:
    def test_rename_is_audited_and_kept_in_history(self, world, sysadmin):
        services.organisation_update(
            actor=sysadmin, organisation=world.a.operator, short_name="产投", reason="简称"
        )
        event = AuditEvent.objects.get(action="accounts.organisation.update")
        assert event.data["changes"] == {"short_name": ["", "产投"]}
        assert world.a.operator.history.first().history_change_reason == "简称"

    def test_cannot_move_it_to_another_zone(self, world, sysadmin):
        with pytest.raises(PermissionDeniedError):
            services.organisation_update(
                actor=sysadmin, organisation=world.a.operator, zone=world.b.zone
            )

    def test_not_another_zones_organisation(self, world, sysadmin):
        with pytest.raises(PermissionDeniedError):
            services.organisation_update(
                actor=sysadmin, organisation=world.b.operator, short_name="x"
            )

    def test_no_cycles(self, world, sysadmin):
        unit = services.organisation_create(
            actor=sysadmin,
            name="经济发展部",
            kind=OrganisationKind.ZONE_COMMITTEE,
            parent=world.a.zone,
        )
        sub_unit = services.organisation_create(
            actor=sysadmin, name="招商科", kind=OrganisationKind.ZONE_COMMITTEE, parent=unit
        )
        with pytest.raises(DomainError) as exc:
            services.organisation_update(actor=sysadmin, organisation=unit, parent=sub_unit)
        assert exc.value.field == "parent"

    def test_unknown_field(self, world, sysadmin):
        with pytest.raises(TypeError):
            services.organisation_update(
                actor=sysadmin, organisation=world.a.operator, is_sample=True
            )
