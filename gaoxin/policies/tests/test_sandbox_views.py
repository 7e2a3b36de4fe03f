"""The sandbox pages: the full page (saved draft), the htmx fragment (posted criteria), the
Excel export (audited), and who may open them (the permission matrix of both URLs)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.policies.models import DecimalJSONEncoder
from gaoxin.policies.services import draft_save, policy_create
from gaoxin.policies.tests.conftest import RND, RND_FORMULA
from gaoxin.policies.tests.test_sandbox import AS_OF, firm, raised

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, policy) -> str:
    return reverse(f"policies:{name}", args=[policy.pk])


def as_json(value) -> str:
    return json.dumps(value, cls=DecimalJSONEncoder)


@pytest.fixture
def firms(world):
    a = world.a
    return [
        firm(a, "低研发", rnd="2500000"),
        firm(a, "中研发", rnd="3500000.55"),
        firm(a, "高研发", rnd="4500000.05"),
    ]


@pytest.fixture
def draft(policy):
    """The draft raises the R&D intensity threshold to 4 %; same formula."""
    return draft_save(
        actor=None,
        policy=policy,
        criteria=raised(4),
        formula=RND_FORMULA,
        effective_from=datetime.date(2026, 1, 1),
    )


@pytest.fixture
def zo(as_user, world):
    client = as_user(world.a.users[Role.ZONE_OFFICIAL])
    client.cookies["django_language"] = "zh-hans"
    return client


def test_the_full_page_compares_the_saved_draft(zo, policy, draft, firms):
    page = zo.get(url("manage_sandbox", policy), {"as_of": AS_OF.isoformat()})
    text = page.content.decode()
    assert page.status_code == 200 and "<html" in text
    assert 'data-testid="sandbox-count-before">2<' in text
    assert 'data-testid="sandbox-count-after">1<' in text
    assert "¥800,000.07" in text and "¥450,000.01" in text  # cost before / after
    assert 'data-sign="down"' in text and "−¥350,000.06" in text
    assert 'data-testid="sandbox-leaving-row"' in text and "中研发" in text
    assert 'data-testid="sandbox-now-fails"' in text
    assert "现不满足：" in text and "研发投入占比 3.5%, 需 ≥ 4%, 差 0.5 个百分点 (第三条)" in text
    assert 'data-testid="sandbox-no-entering"' in text and "没有企业进入" in text
    assert "草稿版本 2" in text or "Draft version 2" in text


def test_the_date_is_today_by_default_and_can_be_chosen(zo, policy, draft, firms):
    today = zo.get(url("manage_sandbox", policy)).content.decode()
    assert datetime.date.today().isoformat() in today
    early = zo.get(url("manage_sandbox", policy), {"as_of": "2024-12-31"}).content.decode()
    assert 'data-testid="sandbox-no-published"' in early  # v1 starts on 2025-01-01


def test_without_a_draft_the_page_explains_and_links_the_builder(zo, policy):
    text = zo.get(url("manage_sandbox", policy)).content.decode()
    assert 'data-testid="sandbox-no-draft"' in text
    assert 'data-testid="sandbox-count-before"' not in text
    assert reverse("policies:manage_builder", args=[policy.pk]) in text
    assert 'data-testid="sandbox-try-criteria"' in text  # prefilled with the published criteria
    assert "rnd_ratio" in text


def test_posting_criteria_answers_a_fragment(zo, policy, firms):
    response = zo.post(
        url("manage_sandbox", policy),
        {"criteria": as_json(raised(2)), "formula": as_json(RND_FORMULA), "as_of": "2026-06-30"},
        **HTMX,
    )
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text
    assert 'data-testid="sandbox"' in text
    assert 'data-testid="sandbox-count-after">3<' in text
    assert 'data-testid="sandbox-entering-row"' in text and "低研发" in text
    assert "示例" not in text  # the test enterprises are not samples
    assert 'data-testid="sandbox-export-form"' in text  # exported by POST: not saved


def test_sample_enterprises_carry_the_badge(zo, policy, firms):
    firms[0].__class__.objects.filter(pk=firms[0].pk).update(is_sample=True)
    text = zo.post(
        url("manage_sandbox", policy),
        {"criteria": as_json(raised(2)), "as_of": "2026-06-30"},
        **HTMX,
    ).content.decode()
    assert 'data-testid="sample-badge"' in text


def test_a_left_out_formula_is_the_drafts_and_an_empty_one_is_none(zo, policy, draft, firms):
    posted = {"criteria": as_json(RND), "as_of": "2026-06-30"}
    text = zo.post(url("manage_sandbox", policy), posted, **HTMX).content.decode()
    assert "¥800,000.07" in text and 'data-testid="sandbox-no-formula"' not in text
    text = zo.post(
        url("manage_sandbox", policy), {**posted, "formula": ""}, **HTMX
    ).content.decode()
    assert 'data-testid="sandbox-no-formula"' in text


def test_numbers_stay_decimal(zo, policy, firms):
    text = zo.post(
        url("manage_sandbox", policy),
        {
            "criteria": as_json(RND),
            "formula": '{"*": [{"var": "rnd_expense"}, 0.15]}',
            "as_of": "2026-06-30",
        },
        **HTMX,
    ).content.decode()
    assert "¥1,200,000.09" in text  # 525 000.08 + 675 000.01


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ('{"and": [{">=": [{"var": "rnd_ratoi"}, 3]}]}', "Row 1: there is no fact “rnd_ratoi”"),
        ('{"and": [{"<": [{"var": "rnd_ratio"}, "x"]}]}', "Row 1: the value of R&amp;D intensity"),
        ('{"and": [', "Not valid JSON"),
        ('{"xor": [1, 2]}', "Row 1: unsupported operator &quot;xor&quot;"),
    ],
)
def test_invalid_criteria_name_the_clause(as_user, world, policy, criteria, expected):
    client = as_user(world.a.users[Role.ZONE_OFFICIAL])  # English
    response = client.post(
        url("manage_sandbox", policy), {"criteria": criteria, "formula": ""}, **HTMX
    )
    text = response.content.decode()
    assert response.status_code == 200 and 'data-testid="sandbox-error-criteria"' in text
    assert expected in text
    assert 'data-testid="sandbox-count-before"' not in text


def test_an_invalid_formula_names_the_formula(as_user, world, policy):
    client = as_user(world.a.users[Role.ZONE_OFFICIAL])
    text = client.post(
        url("manage_sandbox", policy),
        {"criteria": as_json(RND), "formula": '{"in": ["a", {"var": "qualifications"}]}'},
        **HTMX,
    ).content.decode()
    assert 'data-testid="sandbox-error-formula"' in text and "a formula must give a number" in text


def test_the_error_message_is_chinese_on_a_chinese_page(zo, policy):
    text = zo.post(
        url("manage_sandbox", policy),
        {"criteria": '{"and": [{">=": [{"var": "rnd_ratoi"}, 3]}]}'},
        **HTMX,
    ).content.decode()
    assert "第 1 行：没有名为“rnd_ratoi”的指标" in text and "unknown fact" not in text


def test_a_plain_post_renders_the_full_page(zo, policy, firms):
    response = zo.post(
        url("manage_sandbox", policy), {"criteria": as_json(RND), "as_of": "2026-06-30"}
    )
    assert response.status_code == 200 and "<html" in response.content.decode()
    assert 'data-testid="sandbox-count-after">2<' in response.content.decode()


# -- export -----------------------------------------------------------------------------------


def sheets(response) -> dict[str, list[tuple]]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_the_export_of_the_draft_has_every_list_and_is_audited(zo, policy, draft, firms):
    response = zo.get(url("manage_sandbox_export", policy), {"as_of": "2026-06-30"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = sheets(response)
    assert list(book) == ["摘要", "进入", "退出", "全部符合"]
    summary = dict(book["摘要"][1:])
    assert summary["预估成本（现行）（元）"] == pytest.approx(800000.07)
    assert summary["对比对象"] == "草稿版本 2"
    assert book["进入"][1:] == []
    (leaving,) = book["退出"][1:]
    assert leaving[0] == "中研发" and leaving[3] == pytest.approx(350000.06) and leaving[4] is None
    assert book["退出"][0][8] == "现不满足（退出企业）"
    assert leaving[8] == "研发投入占比 3.5%, 需 ≥ 4%, 差 0.5 个百分点 (第三条)"
    everyone = {row[0]: row for row in book["全部符合"][1:]}
    assert sorted(everyone) == ["中研发", "高研发"]
    assert everyone["中研发"][8] == leaving[8] and everyone["高研发"][8] in ("", None)


def test_the_draft_export_is_audited(zo, world, policy, draft, firms):
    zo.get(url("manage_sandbox_export", policy), {"as_of": "2026-06-30"})
    event = AuditEvent.objects.get(action="policies.sandbox.export")
    assert event.actor_id == world.a.users[Role.ZONE_OFFICIAL].pk
    assert event.object_id == str(policy.pk)
    assert event.data["rows"] == 2 and event.data["draft_version"] == 2
    assert event.data["as_of"] == "2026-06-30" and event.data["leaving"] == 1


def test_the_export_of_posted_criteria(zo, policy, firms):
    response = zo.post(
        url("manage_sandbox_export", policy),
        {"criteria": as_json(raised(2)), "formula": as_json(RND_FORMULA), "as_of": "2026-06-30"},
    )
    book = sheets(response)
    (entering,) = book["进入"][1:]
    assert entering[0] == "低研发" and entering[4] == pytest.approx(250000)
    assert entering[6] == "进入"
    event = AuditEvent.objects.get(action="policies.sandbox.export")
    assert event.data["draft_version"] is None and event.data["entering"] == 1
    assert event.data["criteria"] == json.loads(as_json(raised(2)))


def test_exports_keep_amounts_exact(zo, policy, firms):
    response = zo.post(
        url("manage_sandbox_export", policy),
        {"criteria": as_json(RND), "formula": '{"*": [{"var": "rnd_expense"}, 10000001]}',
         "as_of": "2026-06-30"},
    )  # fmt: skip
    rows = {row[0]: row for row in sheets(response)["全部符合"][1:]}
    assert rows["高研发"][4] == "45000005000000.05"  # past Excel's 15 digits: kept as text
    assert rows["高研发"][3] == pytest.approx(450000.01)


def test_exporting_invalid_criteria_is_refused(zo, policy):
    response = zo.post(url("manage_sandbox_export", policy), {"criteria": "{"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="policies.sandbox.export").exists()


def test_the_draft_export_needs_a_draft(zo, policy):
    assert zo.get(url("manage_sandbox_export", policy)).status_code == 404


# -- permission matrix (both URLs; referenced from tests/test_permission_matrix.py) -----------

OTHER_ROLES = [
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
    Role.AUDITOR,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
]
NAMES = ["manage_sandbox", "manage_sandbox_export"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_log_in(client, policy, name, method):
    response = getattr(client, method)(url(name, policy), {"criteria": as_json(RND)})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_are_refused(as_user, world, policy, draft, name, role):
    client = as_user(world.a.users[role])
    assert client.get(url(name, policy)).status_code == 403
    assert client.post(url(name, policy), {"criteria": as_json(RND)}, **HTMX).status_code == 403


@pytest.mark.parametrize("name", NAMES)
def test_another_zones_official_gets_404(as_user, world, policy, draft, name):
    client = as_user(world.b.users[Role.ZONE_OFFICIAL])
    assert client.get(url(name, policy)).status_code == 404
    assert client.post(url(name, policy), {"criteria": as_json(RND)}, **HTMX).status_code == 404
    assert not AuditEvent.objects.filter(action="policies.sandbox.export").exists()


@pytest.mark.parametrize("name", NAMES)
def test_the_zones_official_gets_in(as_user, world, policy, draft, name):
    client = as_user(world.a.users[Role.ZONE_OFFICIAL])
    assert client.get(url(name, policy)).status_code == 200
    assert client.post(url(name, policy), {"criteria": as_json(RND)}, **HTMX).status_code == 200


def test_a_missing_policy_is_404(as_user, world):
    client = as_user(world.a.users[Role.ZONE_OFFICIAL])
    assert client.get(reverse("policies:manage_sandbox", args=[999999])).status_code == 404


def test_the_zone_can_sandbox_a_draft_only_policy(as_user, world, firms):
    policy = policy_create(
        actor=None, zone=world.a.zone, data={"title": "新政策", "issuing_body": "管委会"}
    )
    draft_save(
        actor=None,
        policy=policy,
        criteria=RND,
        formula=RND_FORMULA,
        effective_from=datetime.date(2026, 1, 1),
    )
    client = as_user(world.a.users[Role.ZONE_OFFICIAL])
    text = client.get(url("manage_sandbox", policy), {"as_of": "2026-06-30"}).content.decode()
    assert 'data-testid="sandbox-no-published"' in text
    assert 'data-testid="sandbox-count-after">2<' in text
    assert "¥800,000.07" in text
