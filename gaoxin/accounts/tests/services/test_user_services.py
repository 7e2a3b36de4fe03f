import pytest
from django.core.exceptions import ValidationError

from gaoxin.accounts import services
from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import User
from gaoxin.accounts.tests.factories import OrganisationFactory, UserFactory
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, PermissionDeniedError

GOOD = "Kaifa-Qu-2025"


def create(actor, organisation, **extra):
    return services.user_create(
        actor=actor,
        username=extra.pop("username", "new.user"),
        password=GOOD,
        organisation=organisation,
        **extra,
    )


@pytest.mark.django_db
class TestUserCreate:
    def test_system_admin_creates_an_account_without_a_role(self, world, sysadmin):
        user = create(sysadmin, world.a.operator, display_name="王工")
        assert user.role == ""
        assert user.must_change_password is True
        assert user.check_password(GOOD)
        event = AuditEvent.objects.get(action="accounts.user.create", object_id=str(user.pk))
        assert event.actor == sysadmin
        assert event.actor_organisation == world.a.zone

    def test_the_system_admin_cannot_give_a_role(self, world, sysadmin):
        with pytest.raises(PermissionDeniedError):
            create(sysadmin, world.a.operator, role=Role.PARK_OPERATOR)
        assert not User.objects.filter(username="new.user").exists()

    @pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SYSTEM_ADMIN])
    def test_no_other_role_creates_accounts(self, world, role):
        with pytest.raises(PermissionDeniedError):
            create(world.a.users[role], world.a.operator)

    def test_not_in_another_zone(self, world, sysadmin):
        with pytest.raises(PermissionDeniedError):
            create(sysadmin, world.b.operator)

    def test_in_an_organisation_of_no_zone(self, world, sysadmin):
        assert create(sysadmin, world.b.province).organisation == world.b.province

    def test_organisation_is_required(self, sysadmin):
        with pytest.raises(DomainError) as exc:
            create(sysadmin, None)
        assert exc.value.field == "organisation"

    def test_weak_password_is_refused_on_the_password_field(self, world, sysadmin):
        with pytest.raises(ValidationError) as exc:
            services.user_create(
                actor=sysadmin, username="weak", password="short", organisation=world.a.zone
            )
        assert "password" in exc.value.message_dict

    def test_duplicate_username(self, world, sysadmin):
        with pytest.raises(ValidationError) as exc:
            create(sysadmin, world.a.zone, username=sysadmin.username)
        assert "username" in exc.value.message_dict

    def test_the_command_line_may_give_a_role(self, world):
        user = create(None, world.a.operator, role=Role.PARK_OPERATOR)
        assert user.role == Role.PARK_OPERATOR
        event = AuditEvent.objects.get(action="accounts.user.create", object_id=str(user.pk))
        assert event.actor is None and event.actor_name.startswith("system")


@pytest.mark.django_db
class TestUserUpdate:
    def test_changes_are_audited_with_old_and_new(self, world, sysadmin):
        target = world.a.users[Role.ZONE_OFFICIAL]
        services.user_update(actor=sysadmin, user=target, title="处长", email="a@example.cn")
        event = AuditEvent.objects.get(action="accounts.user.update")
        assert event.data["changes"]["title"] == ["", "处长"]
        assert event.data["changes"]["email"] == ["", "a@example.cn"]
        target.refresh_from_db()
        assert target.title == "处长"

    def test_nothing_changed_writes_nothing(self, world, sysadmin):
        target = world.a.users[Role.ZONE_OFFICIAL]
        services.user_update(actor=sysadmin, user=target, title=target.title)
        assert not AuditEvent.objects.filter(action__startswith="accounts.user.update").exists()

    def test_deactivation_needs_a_reason(self, world, sysadmin):
        target = world.a.users[Role.ZONE_OFFICIAL]
        with pytest.raises(DomainError) as exc:
            services.user_update(actor=sysadmin, user=target, is_active=False)
        assert exc.value.field == "reason"
        target.refresh_from_db()
        assert target.is_active

    def test_deactivation_with_reason(self, world, sysadmin):
        target = world.a.users[Role.ZONE_OFFICIAL]
        services.user_update(actor=sysadmin, user=target, is_active=False, reason="调离")
        event = AuditEvent.objects.get(action="accounts.user.deactivate")
        assert event.reason == "调离"
        assert target.history.first().history_change_reason == "调离"
        target.refresh_from_db()
        assert not target.is_active

    def test_nobody_deactivates_themselves(self, sysadmin):
        with pytest.raises(DomainError):
            services.user_update(actor=sysadmin, user=sysadmin, is_active=False, reason="x")

    def test_new_organisation_must_fit_the_role(self, world, sysadmin):
        target = world.a.users[Role.ZONE_OFFICIAL]
        with pytest.raises(DomainError) as exc:
            services.user_update(actor=sysadmin, user=target, organisation=world.a.operator)
        assert exc.value.field == "role"

    def test_not_another_zones_account(self, world, sysadmin):
        with pytest.raises(PermissionDeniedError):
            services.user_update(actor=sysadmin, user=world.b.users[Role.ZONE_OFFICIAL], title="x")

    def test_security_admin_cannot(self, world, secadmin):
        with pytest.raises(PermissionDeniedError):
            services.user_update(actor=secadmin, user=world.a.users[Role.ZONE_OFFICIAL], title="x")


@pytest.mark.django_db
class TestResetPassword:
    def test_sets_a_temporary_password_to_change(self, world, sysadmin):
        target = world.a.users[Role.ZONE_OFFICIAL]
        services.user_reset_password(actor=sysadmin, user=target, new_password=GOOD, reason="忘记")
        target.refresh_from_db()
        assert target.check_password(GOOD)
        assert target.must_change_password
        event = AuditEvent.objects.get(action="accounts.user.reset_password")
        assert event.reason == "忘记"
        assert GOOD not in str(event.data)

    @pytest.mark.parametrize("role", [Role.AUDITOR, Role.SECURITY_ADMIN])
    def test_not_the_other_administrators(self, world, sysadmin, role):
        """三员分立: no taking over the auditor's or the security admin's account."""
        with pytest.raises(PermissionDeniedError):
            services.user_reset_password(
                actor=sysadmin, user=world.a.users[role], new_password=GOOD
            )

    def test_the_command_line_may(self, world):
        target = world.a.users[Role.AUDITOR]
        services.user_reset_password(actor=None, user=target, new_password=GOOD)
        target.refresh_from_db()
        assert target.must_change_password

    def test_not_oneself(self, sysadmin):
        with pytest.raises(DomainError):
            services.user_reset_password(actor=sysadmin, user=sysadmin, new_password=GOOD)

    def test_weak_password(self, world, sysadmin):
        with pytest.raises(ValidationError):
            services.user_reset_password(
                actor=sysadmin, user=world.a.users[Role.ZONE_OFFICIAL], new_password="abcdefghij"
            )


@pytest.mark.django_db
class TestSetRole:
    def test_security_admin_assigns_a_fitting_role(self, world, secadmin):
        target = UserFactory(role="", organisation=world.a.operator)
        services.user_set_role(
            actor=secadmin, user=target, role=Role.PARK_OPERATOR, reason="新员工"
        )
        target.refresh_from_db()
        assert target.role == Role.PARK_OPERATOR
        event = AuditEvent.objects.get(action="accounts.user.set_role")
        assert event.data == {"from": "", "to": "park_operator"}
        assert event.reason == "新员工"

    def test_role_must_fit_the_organisation(self, world, secadmin):
        target = UserFactory(role="", organisation=world.a.operator)
        with pytest.raises(DomainError) as exc:
            services.user_set_role(actor=secadmin, user=target, role=Role.AUDITOR, reason="x")
        assert exc.value.field == "role"

    def test_reason_is_required(self, world, secadmin):
        with pytest.raises(DomainError) as exc:
            services.user_set_role(
                actor=secadmin, user=world.a.users[Role.ZONE_OFFICIAL], role="", reason="  "
            )
        assert exc.value.field == "reason"

    def test_not_ones_own_role(self, secadmin):
        with pytest.raises(PermissionDeniedError):
            services.user_set_role(
                actor=secadmin, user=secadmin, role=Role.ZONE_OFFICIAL, reason="x"
            )

    def test_system_admin_cannot_set_roles(self, world, sysadmin):
        target = UserFactory(role="", organisation=world.a.operator)
        with pytest.raises(PermissionDeniedError):
            services.user_set_role(actor=sysadmin, user=target, role=Role.PARK_OPERATOR, reason="x")

    def test_not_in_another_zone(self, world, secadmin):
        with pytest.raises(PermissionDeniedError):
            services.user_set_role(
                actor=secadmin, user=world.b.users[Role.ZONE_OFFICIAL], role="", reason="x"
            )

    def test_removing_a_role(self, world, secadmin):
        target = world.a.users[Role.ZONE_OFFICIAL]
        services.user_set_role(actor=secadmin, user=target, role="", reason="离职")
        target.refresh_from_db()
        assert target.role == ""

    def test_unknown_role(self, world, secadmin):
        with pytest.raises(DomainError):
            services.user_set_role(
                actor=secadmin, user=world.a.users[Role.ZONE_OFFICIAL], role="king", reason="x"
            )


@pytest.mark.django_db
def test_user_history_keeps_who_and_why(world, sysadmin):
    target = world.a.users[Role.ZONE_OFFICIAL]
    services.user_update(actor=sysadmin, user=target, title="科长", reason="任命")
    latest = target.history.first()
    assert latest.title == "科长"
    assert latest.history_change_reason == "任命"
    assert latest.history_user == sysadmin  # set by the service, also off the web


@pytest.mark.django_db
def test_organisation_kind_change_must_fit_roles(world, sysadmin):
    with pytest.raises(DomainError) as exc:
        services.organisation_update(
            actor=sysadmin, organisation=world.a.operator, kind=OrganisationKind.ENTERPRISE
        )
    assert exc.value.field == "kind"
    org = OrganisationFactory(kind=OrganisationKind.ENTERPRISE, zone=world.a.zone)
    services.organisation_update(
        actor=sysadmin, organisation=org, kind=OrganisationKind.INDUSTRY_ASSOCIATION
    )
