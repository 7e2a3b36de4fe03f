"""Who may open each applications page: anonymous, every role of side A, and side B's same
role (referenced from tests/test_permission_matrix.py's EXTRA_URLS).

- the enterprise's desk and form: its own users (403 for other roles; another enterprise's
  application is 404);
- the review queue: staff roles (an empty queue for those who own no stage); a review page:
  who may see the application (its stage owner decides, others read);
- the overview: zone officials and the auditor; stage configuration: the zone's officials;
- the public notices: everyone, no login.
"""

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role

from .factories import open_review, submitted

pytestmark = pytest.mark.django_db
ALL = list(Role.values)
ZO, PO, PR, EU, AU = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER,
                      Role.ENTERPRISE_USER, Role.AUDITOR)  # fmt: skip
STAFF = {ZO: 200, PO: 200, PR: 200}
# the provincial reviewer owns a later stage: the application has not reached it (404)
SEES = {ZO: 200, EU: 200, AU: 200}


@pytest.fixture
def w(world, policy, stages, applicant):
    world.application = submitted(applicant, policy)
    world.review = open_review(world.application)
    world.policy = policy
    world.stage = stages[0]
    world.material = world.application.current_version.materials.get()
    return world


# name → (kwargs, method, expected by role (others 403), status for side B's same role)
PAGES = {
    "applications:mine": (lambda w: {}, "get", {EU: 200}, None),
    "applications:start": (lambda w: {"policy_pk": w.policy.pk}, "post", {EU: 302}, None),
    "applications:detail": (lambda w: {"pk": w.application.pk}, "get", SEES, 404),
    "applications:edit": (lambda w: {"pk": w.application.pk}, "get", {EU: 302}, 404),
    "applications:material_add": (lambda w: {"pk": w.application.pk}, "post", {EU: 302}, 404),
    "applications:material_remove": (
        lambda w: {"pk": w.application.pk, "material_pk": w.material.pk}, "post", {EU: 302}, 404),
    "applications:withdraw": (lambda w: {"pk": w.application.pk}, "get", {EU: 200}, 404),
    "applications:version_detail": (
        lambda w: {"pk": w.application.pk, "number": 1}, "get", SEES, 404),
    "applications:objection_record": (lambda w: {"pk": w.application.pk}, "post",
                                      {ZO: 302, EU: 403, AU: 403}, 404),
    "applications:review_queue": (lambda w: {}, "get", STAFF, None),
    "applications:review_detail": (lambda w: {"pk": w.review.pk}, "get", SEES, 404),
    "applications:review_draw": (lambda w: {"pk": w.review.pk}, "post",
                                 {ZO: 302, EU: 403, AU: 403}, 404),
    "applications:overview": (lambda w: {}, "get", {ZO: 200, AU: 200}, None),
    "applications:overview_export": (lambda w: {}, "get", {ZO: 200, AU: 200}, None),
    "applications:stage_policies": (lambda w: {}, "get", {ZO: 200}, None),
    "applications:stages": (lambda w: {"policy_pk": w.policy.pk}, "get", {ZO: 200}, 404),
    "applications:stage_edit": (lambda w: {"pk": w.stage.pk}, "get", {ZO: 200}, 404),
    "applications:stage_delete": (lambda w: {"pk": w.stage.pk}, "get", {ZO: 200}, 404),
    "applications:stage_move": (lambda w: {"pk": w.stage.pk}, "post", {ZO: 302}, 404),
}  # fmt: skip
PUBLIC = ["applications:notice_list"]
# An application one may not see does not exist for them: 404 rather than 403.
SCOPED = {
    "applications:detail",
    "applications:version_detail",
    "applications:review_detail",
    "applications:objection_record",
    "applications:review_draw",
}


def _call(client, name, w):
    kwargs, method, _expected, _other = PAGES[name]
    url = reverse(name, kwargs=kwargs(w))
    return client.post(url) if method == "post" else client.get(url)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous_is_asked_to_log_in(client, w, name):
    response = _call(client, name, w)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_role_of_side_a(client, w, name):
    expected = PAGES[name][2]
    seen = {}
    for role in ALL:
        client.force_login(w.a.users[role])
        seen[role] = _call(client, name, w).status_code
    default = 404 if name in SCOPED else 403
    assert seen == {role: expected.get(role, default) for role in ALL}


@pytest.mark.parametrize("name", sorted(n for n, p in PAGES.items() if p[3] is not None))
def test_side_b_gets_nothing(client, w, name):
    _kwargs, _method, expected, other = PAGES[name]
    for role, status in expected.items():
        if status >= 400:
            continue
        client.force_login(w.b.users[role])
        assert _call(client, name, w).status_code == other, role


def test_the_public_notices_need_no_login(client, w):
    assert client.get(reverse("applications:notice_list")).status_code == 200
    url = reverse("applications:notice_object", kwargs={"pk": w.application.pk})
    assert client.post(url, {"name": "x"}).status_code == 404  # not on notice


def test_every_url_is_listed_here():
    from tests.test_permission_matrix import EXTRA_URLS

    names = {n for n in EXTRA_URLS if n.startswith("applications:")}
    assert names == set(PAGES) | set(PUBLIC) | {
        "applications:notice_object",
        "applications:objection_answer",
    }
