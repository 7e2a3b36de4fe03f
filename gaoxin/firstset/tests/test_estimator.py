"""The subsidy estimator page: the reference's worked examples, errors next to their fields,
rows added with and without JavaScript, the Excel upload and download. It saves nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gaoxin.audit.models import AuditEvent
from gaoxin.firstset.excel.policies import read_policies

pytestmark = pytest.mark.django_db

EXAMPLE_4 = [
    ("p1", "robot-1", "2025-03-01", "2026-02-28", "28000000", "560000"),
    ("p2", "robot-2", "2027-03-01", "2028-02-29", "28000000", "560000"),
]
KEYS = ("id", "equipment", "start", "end", "sum_insured", "premium")


def form_data(policies, *, total=None, **fields):
    data = {
        "province": "CN",
        "tier": "",
        "policies-TOTAL_FORMS": str(total or max(len(policies), 3)),
        "policies-INITIAL_FORMS": "0",
    }
    for index, policy in enumerate(policies):
        for key, value in zip(KEYS, policy, strict=True):
            data[f"policies-{index}-{key}"] = value
    data.update(fields)
    return data


QUALIFICATION = {
    "has_qualification": "on",
    "cap": "2160000",
    "valid_from": "2025-01-01",
    "valid_to": "2027-12-31",
}


@pytest.fixture
def staff(as_user, member):
    return as_user(member)


def post(client, data, **headers):
    return client.post(reverse("firstset:estimator"), data, headers=headers)


def subsidies(response):
    return {p.id: (p.subsidy, p.reason) for p in response.context["result"].policies}


def test_the_page_says_it_saves_nothing(staff):
    response = staff.get(reverse("firstset:estimator"))
    assert b'data-testid="saves-nothing"' in response.content
    assert len(response.context["formset"].forms) == 3


def test_worked_example_4_cn_2024(staff):
    response = post(staff, form_data(EXAMPLE_4, **QUALIFICATION))
    result = response.context["result"]
    assert result.regime == "cn_2024"
    assert subsidies(response) == {
        "p1": ("448000.00", "ok"),
        "p2": ("0.00", "outside_window"),
    }
    assert result.total == "448000.00"
    assert result.cap_remaining == "1712000.00"
    html = response.content.decode()
    assert "448,000.00" in html and "1,712,000.00" in html
    assert 'data-testid="cap-remaining" data-value="1712000.00"' in html
    assert not AuditEvent.objects.exists()


def test_the_explanation_names_rule_parameter_document_and_confidence(staff):
    response = post(staff, form_data(EXAMPLE_4[:1], **QUALIFICATION))
    policy = response.context["result"].policies[0]
    subsidy_step = next(step for step in policy.steps if step.code == "subsidy")
    ratio = subsidy_step.parameters[0]
    assert (ratio.name, ratio.value, ratio.effective, ratio.confidence) == (
        "subsidy_ratio",
        "80 %",
        "2024-05-24",
        "V",
    )
    assert ratio.rules == ["subsidy_before_cap"]
    assert ratio.anchor == "param-CN-subsidy_ratio"
    assert "89号" in ratio.document and ratio.url.startswith("http")
    html = response.content.decode()
    assert f'href="{reverse("firstset:rules")}#param-CN-subsidy_ratio"' in html
    assert 'data-testid="confidence-V"' in html and 'data-testid="confidence-I"' in html


def test_worked_example_1_cn_legacy_fourth_year(staff):
    # The chain is continuous: each policy starts the day after the previous one ends.
    policies = [
        ("y1", "turbine", "2019-03-01", "2020-02-29", "50000000", "1250000"),
        ("y2", "turbine", "2020-03-01", "2021-02-28", "50000000", "1250000"),
        ("y3", "turbine", "2021-03-01", "2022-02-28", "50000000", "1250000"),
        ("y4", "turbine", "2022-03-01", "2023-02-28", "50000000", "1250000"),
    ]
    response = post(staff, form_data(policies))
    assert response.context["result"].regime == "cn_legacy"
    assert subsidies(response)["y4"] == ("0.00", "fourth_year")
    assert response.context["result"].total == "3000000.00"


def test_zhejiang_needs_a_tier_and_the_message_sits_next_to_it(staff):
    response = post(staff, form_data(EXAMPLE_4[:1], province="33"))
    assert response.context["result"] is None
    assert response.context["form"].errors["tier"]
    assert b'data-testid="error-tier"' in response.content
    ok = post(
        staff,
        form_data(
            [("z1", "m", "2024-01-01", "2024-12-31", "30000000", "750000")],
            province="33",
            tier="national",
        ),
    )
    assert subsidies(ok) == {"z1": ("480000.00", "ok")}


def test_a_malformed_policy_shows_the_rulebook_message_next_to_the_field(staff):
    bad = [EXAMPLE_4[0], ("p2", "robot-2", "2025-06-01", "2025-05-01", "1000", "10")]
    # an empty row between them: the error must land on the row the policy was typed in
    data = form_data([EXAMPLE_4[0], ("", "", "", "", "", ""), bad[1]], **QUALIFICATION)
    response = post(staff, data)
    assert response.context["result"] is None
    errors = response.context["formset"].forms[2].errors
    assert "before start" in errors["end"][0]
    assert b'data-testid="policy-error-2-end"' in response.content


def test_a_qualification_on_a_provincial_scheme_is_refused_next_to_the_box(staff):
    response = post(
        staff, form_data(EXAMPLE_4[:1], province="33", tier="national", **QUALIFICATION)
    )
    assert "national scheme" in response.context["form"].errors["has_qualification"][0]


def test_the_qualification_fields_are_required_when_ticked(staff):
    response = post(staff, form_data(EXAMPLE_4[:1], has_qualification="on"))
    assert set(response.context["form"].errors) == {"cap", "valid_from", "valid_to"}


def test_negative_money_and_missing_rows(staff):
    negative = post(staff, form_data([("p1", "r", "2020-01-01", "2020-12-31", "100", "-5")]))
    assert negative.context["formset"].forms[0].errors["premium"]
    empty = post(staff, form_data([]))
    assert empty.context["policies_error"]
    partial = post(staff, form_data([("p1", "r", "2020-01-01", "", "", "")]))
    assert set(partial.context["formset"].forms[0].errors) == {"end", "sum_insured", "premium"}


def test_add_a_row_without_javascript_keeps_what_was_typed(staff):
    data = form_data(EXAMPLE_4[:1], add_row="1")
    response = post(staff, data)
    formset = response.context["formset"]
    assert formset.total_form_count() == 4
    assert formset.forms[0]["premium"].value() == "560000"
    assert response.context["result"] is None
    assert b'data-testid="policy-error' not in response.content


def test_add_a_row_with_htmx(staff):
    response = staff.get(
        reverse("firstset:estimator_row"), {"index": 3}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'id="policy-row-3"' in html and 'name="policies-3-premium"' in html
    assert 'name="policies-TOTAL_FORMS"' in html and 'value="4"' in html
    assert 'hx-swap-oob="true"' in html and "index=4" in html


def policies_workbook(rows, header=None):
    book = Workbook()
    sheet = book.active
    sheet.title = "保单"
    sheet.append(
        header or ["保单编号*", "装备*", "起保日期*", "终止日期*", "保险金额(元)*", "保费(元)*"]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "保单.xlsx"
    return out


def test_upload_the_policies(staff):
    rows = [
        ["p1", "robot-1", datetime.date(2025, 3, 1), "2025-03-01", 28000000, 560000],
        ["p2", "robot-2", "2027-03-01", "2028/2/29", "28,000,000", "560000"],
    ]
    rows[0][3] = "2026-02-28"
    data = form_data([], **QUALIFICATION, policies_file=policies_workbook(rows))
    response = post(staff, data)
    assert subsidies(response) == {"p1": ("448000.00", "ok"), "p2": ("0.00", "outside_window")}
    formset = response.context["formset"]
    assert formset.forms[1]["end"].value() == "2028-02-29"


def test_a_bad_upload_lists_its_errors_by_row(staff):
    rows = [["p1", "robot-1", "2025-03-01", "not a date", 28000000, 560000]]
    response = post(staff, form_data([], **QUALIFICATION, policies_file=policies_workbook(rows)))
    assert response.context["result"] is None
    errors = response.context["file_errors"]
    assert (errors[0]["row"], errors[0]["column"], errors[0]["cell"]) == (2, "终止日期", "D2")
    assert b'data-testid="file-errors"' in response.content


def test_download_the_result_with_its_explanation(staff):
    response = post(staff, form_data(EXAMPLE_4, **QUALIFICATION, download="1"))
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    result = [row for row in book["测算结果"].iter_rows(values_only=True) if row and row[0] == "p1"]
    assert result[0][8] == 448000
    trace = list(book["计算说明"].iter_rows(values_only=True))
    ratio = next(row for row in trace if row[4] == "subsidy_ratio")
    assert (
        ratio[0] == "p1"
        and ratio[6] == "80 %"
        and ratio[11] == "V"
        and ratio[10].startswith("http")
    )
    assert not AuditEvent.objects.exists()


def test_the_template_reads_back(staff):
    response = staff.get(reverse("firstset:estimator_template"))
    parsed = read_policies(io.BytesIO(response.content))
    assert not parsed.errors
    assert parsed.policies[0][1]["premium"] == 560000


def test_anyone_estimates_without_an_account_and_nothing_is_saved(client):
    """The public estimator: its own addresses, no login, the same calculation."""
    page = client.get(reverse("firstset:public_estimator")).content.decode()
    assert 'data-testid="saves-nothing"' in page
    assert f'action="{reverse("firstset:public_estimator")}"' in page
    assert reverse("firstset:public_estimator_row") in page
    assert reverse("firstset:public_estimator_template") in page
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("firstset:public_estimator"), form_data(EXAMPLE_4, **QUALIFICATION)
    )
    assert subsidies(response) == {"p1": ("448000.00", "ok"), "p2": ("0.00", "outside_window")}
    assert AuditEvent.objects.count() == events
    row = client.get(reverse("firstset:public_estimator_row"), {"index": 3})
    assert reverse("firstset:public_estimator_row") in row.content.decode()
    template = client.get(reverse("firstset:public_estimator_template"))
    assert template.status_code == 200
    # the staff addresses still ask for a login
    assert client.get(reverse("firstset:estimator")).status_code == 302


# --- the regime's dates, the province, the pre-fill (issue 13 §8) --------------------------


def test_a_2025_policy_without_a_qualification_says_what_is_missing(staff):
    response = post(staff, form_data(EXAMPLE_4[:1]))
    result = response.context["result"]
    assert (result.regime, result.total) == ("cn_legacy", "0.00")
    assert [(h.policy, h.action) for h in result.hints] == [("p1", "qualification")]
    assert "From 2024, qualify first, then insure" in result.hints[0].text
    assert b'href="#qualification"' in response.content


def test_the_hint_reads_in_chinese(member, client):
    client.force_login(member)
    client.cookies["django_language"] = "zh-hans"
    response = client.post(reverse("firstset:estimator"), form_data(EXAMPLE_4[:1]))
    assert "2024年起实行先资格审定后投保" in response.content.decode()


def test_a_qualified_policy_before_the_reform_is_told_to_untick(staff):
    old = [("o1", "m", "2023-03-01", "2024-02-28", "28000000", "560000")]
    result = post(staff, form_data(old, **QUALIFICATION)).context["result"]
    assert [h.action for h in result.hints] == ["untick"]
    assert not post(staff, form_data(old)).context["result"].hints  # the legacy rules pay it


def test_the_page_states_each_regime_s_dates_from_the_parameters(staff):
    from rulebook.firstset.calc import parameter_sets

    params = parameter_sets()["CN"]
    reform = params["qualification_scheme_open"].values[0].effective
    legacy = params["legacy_scheme_open"].values[0].effective
    page = staff.get(reverse("firstset:estimator")).content.decode()
    assert reform.isoformat() in page and legacy.isoformat() in page
    assert 'data-testid="regime-period-cn_2024"' in page


def test_henan_uses_the_national_rules_and_says_so(staff):
    response = post(staff, form_data(EXAMPLE_4, province="41", **QUALIFICATION))
    result = response.context["result"]
    assert (result.jurisdiction, result.regime) == ("CN", "cn_2024")
    assert "Henan has no provincial insurance-compensation parameters yet" in (
        result.jurisdiction_note
    )
    assert b'data-testid="jurisdiction-note"' in response.content


def test_zhejiang_uses_its_own_parameters(staff):
    policy = [("z1", "m", "2024-01-01", "2024-12-31", "30000000", "750000")]
    result = post(staff, form_data(policy, province="33", tier="national")).context["result"]
    assert (result.jurisdiction, result.regime) == ("ZJ", "zj")
    assert "own scheme" in result.jurisdiction_note


def test_the_province_offers_all_31_and_defaults_to_the_user_s(staff, client):
    form = staff.get(reverse("firstset:estimator")).context["form"]
    choices = dict(form.fields["province"].choices)
    assert len(choices) == 32 and "41" in choices and "CN" in choices
    assert form.initial["province"] == "41"  # side A's enterprise is in 410171
    public = client.get(reverse("firstset:public_estimator")).context["form"]
    assert public.initial["province"] == "CN"


def test_prefill_from_the_enterprise_s_qualification_and_policies(staff, world):
    from .factories_estimator import policy_for, qualification_for

    qualification = qualification_for(world.a.enterprise)
    first = policy_for(qualification, "P-2025", "2025-03-01", "2026-02-28")
    policy_for(qualification, "P-2026", "2026-03-01", "2027-02-28", previous=first)
    page = staff.get(reverse("firstset:estimator"))
    assert f'data-testid="prefill-{qualification.pk}"'.encode() in page.content
    response = staff.get(reverse("firstset:estimator"), {"prefill": qualification.pk})
    form = response.context["form"]
    assert form.cleaned_data["granted_before"] == 500000
    assert form.cleaned_data["cap"] == 2160000
    result = response.context["result"]
    assert result.regime == "cn_2024"
    assert [p.id for p in result.policies] == ["P-2025", "P-2026"]
    assert len({p.equipment for p in result.policies}) == 1  # one renewal chain
    assert b'data-testid="prefilled"' in response.content


def test_prefill_reads_only_the_user_s_own_enterprise(staff, world, as_user):
    from .factories_estimator import qualification_for

    theirs = qualification_for(world.b.enterprise, number="Q-B")
    response = staff.get(reverse("firstset:estimator"), {"prefill": theirs.pk})
    assert response.context["result"] is None and not response.context["my_qualifications"]
    assert b"Q-B" not in response.content


def test_prefill_leaves_out_policies_already_subsidised(staff, world):
    """What ``granted_before`` holds is not estimated again: a policy started before an
    allocation recorded outside the platform (no claim) was paid for by it."""
    import datetime as dt

    from gaoxin.firstset.models import CapEntry

    from .factories_estimator import policy_for, qualification_for

    qualification = qualification_for(world.a.enterprise, used="448000")
    first = policy_for(qualification, "P-2025", "2025-03-01", "2026-02-28")
    policy_for(qualification, "P-2026", "2026-03-01", "2027-02-28", previous=first)
    entry = CapEntry.objects.create(
        qualification=qualification, kind="allocate", amount=Decimal("448000"), note="平台外"
    )
    CapEntry.objects.filter(pk=entry.pk).update(
        created_at=dt.datetime(2025, 5, 30, 10, tzinfo=dt.UTC)
    )
    response = staff.get(reverse("firstset:estimator"), {"prefill": qualification.pk})
    result = response.context["result"]
    assert [p.id for p in result.policies] == ["P-2026"]
    assert response.context["form"].cleaned_data["granted_before"] == 448000
