"""Every page and who may open it: anonymous, every wrong role (403), the right roles.

The catalog and the rules explorer are public. The catalog is not scoped by organisation: it
is the same for every zone, and a provincial reviewer of either side keeps it.
"""

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role

pytestmark = pytest.mark.django_db

PUBLIC = ["firstset:catalog", "firstset:entry_detail", "firstset:rules"]
MANAGER = [
    "firstset:entry_create",
    "firstset:entry_update",
    "firstset:entry_delete",
    "firstset:catalog_import",
    "firstset:catalog_import_template",
    "firstset:catalog_export",
    "firstset:edition_create",
]
ESTIMATOR = ["firstset:estimator", "firstset:estimator_row", "firstset:estimator_template"]
ESTIMATOR_ROLES = {Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER}
WITH_PK = {"firstset:entry_detail", "firstset:entry_update", "firstset:entry_delete"}


def url(name, robot):
    return reverse(name, kwargs={"pk": robot.pk}) if name in WITH_PK else reverse(name)


@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_need_no_login(client, robot, name):
    assert client.get(url(name, robot)).status_code == 200


def test_the_check_form_needs_no_login(client, robot):
    response = client.post(reverse("firstset:entry_check", kwargs={"pk": robot.pk}), {})
    assert response.status_code == 200
    assert client.get(reverse("firstset:entry_check", kwargs={"pk": robot.pk})).status_code == 302


@pytest.mark.parametrize("name", MANAGER + ESTIMATOR)
def test_anonymous_visitors_are_asked_to_log_in(client, robot, name):
    response = client.get(url(name, robot))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", MANAGER)
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PROVINCIAL_REVIEWER])
def test_catalog_management_is_the_reviewers(as_user, world, robot, name, role):
    assert as_user(world.a.users[role]).get(url(name, robot)).status_code == 403


@pytest.mark.parametrize("name", MANAGER)
@pytest.mark.parametrize("side", ["a", "b"])
def test_a_provincial_reviewer_manages_the_catalog(as_user, world, robot, name, side):
    reviewer = getattr(world, side).users[Role.PROVINCIAL_REVIEWER]
    assert as_user(reviewer).get(url(name, robot)).status_code == 200


@pytest.mark.parametrize("name", ESTIMATOR)
@pytest.mark.parametrize("role", sorted(set(Role.values) - ESTIMATOR_ROLES))
def test_the_estimator_refuses_other_roles(as_user, world, robot, name, role):
    assert as_user(world.a.users[role]).get(url(name, robot)).status_code == 403


@pytest.mark.parametrize("name", ESTIMATOR)
@pytest.mark.parametrize("role", sorted(ESTIMATOR_ROLES))
def test_the_estimator_is_open_to_enterprise_staff_and_officials(as_user, world, robot, name, role):
    assert as_user(world.b.users[role]).get(url(name, robot)).status_code == 200


def test_a_wrong_role_cannot_post_either(as_user, world, robot):
    client = as_user(world.a.users[Role.ENTERPRISE_USER])
    response = client.post(reverse("firstset:entry_delete", kwargs={"pk": robot.pk}))
    assert response.status_code == 403
    robot.refresh_from_db()


def test_an_unknown_entry_is_404(client, as_user, reviewer, robot):
    assert client.get(reverse("firstset:entry_detail", kwargs={"pk": 999})).status_code == 404
    staff = as_user(reviewer)
    assert staff.get(reverse("firstset:entry_update", kwargs={"pk": 999})).status_code == 404


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        (None, ["firstset:catalog", "firstset:rules"], ["firstset:estimator"]),
        (Role.ENTERPRISE_USER, ["firstset:catalog", "firstset:estimator"], []),
        (Role.AUDITOR, ["firstset:catalog", "firstset:rules"], ["firstset:estimator"]),
    ],
)
def test_the_menu_shows_the_pages_each_role_may_open(client, as_user, world, role, visible, hidden):
    if role is not None:
        client = as_user(world.a.users[role])
    nav = {item["url"] for item in client.get(reverse("firstset:rules")).context["nav_items"]}
    assert {reverse(name) for name in visible} <= nav
    assert not {reverse(name) for name in hidden} & nav


def test_the_section_root_leads_to_the_catalog(client):
    response = client.get("/firstset/")
    assert response.status_code == 302 and response["Location"].endswith("/firstset/catalog/")
