"""Every URL and every API operation, tried anonymous, from the wrong organisation and with
each role. A new URL or operation without an entry here fails `test_every_url_is_covered`.

Expectations are per role of organisation side A (`world.a`) acting on side A's objects; the
same role from side B on side A's objects must get `other_org` (404 for scoped objects, so that
existence does not leak).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gaoxin.accounts.choices import Role

ALL_ROLES = [r.value for r in Role]
ZO, PO, PR, EU, AD, AU, SA, SE = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
    Role.AUDITOR,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
)
OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405


@dataclass
class Spec:
    """Expected status per role; roles not listed get `default`."""

    kwargs: object = None  # callable(world) -> dict for reverse()
    allowed: dict = field(default_factory=dict)
    default: int = FORBIDDEN
    public: bool = False
    method: str = "get"
    other_org: int | None = None  # expected for side B's same role, for roles in `allowed`
    data: dict | None = None  # form data sent with a POST
    anonymous: int | None = None  # expected for a visitor who is not logged in, when not OK/302

    def expected(self, role: str) -> int:
        return self.allowed.get(role, self.default)


def ent(w):
    return {"pk": w.a.enterprise.pk}


def fact(w):
    return {"pk": w.a.enterprise.pk, "year": w.a_fact.year}


def qual(w):
    return {"pk": w.a.enterprise.pk, "qualification_pk": w.a_qualification.pk}


def contact(w):
    return {"pk": w.a.enterprise.pk, "contact_pk": w.a_contact.pk}


def user_of_a(w):
    return {"pk": w.a.users[Role.ENTERPRISE_USER].pk}


def org_of_a(w):
    return {"pk": w.a.operator.pk}


def token_of(w):
    return {"pk": w.a_token.pk}


def event_of_a(w):
    return {"pk": w.a_event.pk}


def department_job_of_a(w):
    """A finished department import of side A's zone (made once per test)."""
    if not hasattr(w, "a_department_job"):
        from gaoxin.enterprises.tests.test_department_import import department_job

        w.a_department_job = department_job(w.a.users[ZO])
    return {"pk": w.a_department_job.pk}


def campaign_of_a(w):
    """A yearly reporting campaign of side A's zone (made once per test)."""
    if not hasattr(w, "a_campaign"):
        from gaoxin.reporting.tests.conftest import open_campaign

        w.a_campaign = open_campaign(w.a.users[ZO])
    return {"pk": w.a_campaign.pk}


def fund_of_a(w):
    """A 2025 fund of side A's zone with a commitment to side A's enterprise (made once)."""
    if not hasattr(w, "fund"):
        from gaoxin.funds.tests.factories import make_commitment, make_fund

        w.fund = make_fund(w.a.zone, title="矩阵测试资金")
        w.commitment = make_commitment(w.fund, w.a.enterprise, "200000")
    return {"pk": w.fund.pk}


def commitment_of_a(w):
    return {**fund_of_a(w), "commitment_pk": w.commitment.pk}


def arrangement_year(w):
    """An entered holiday arrangement (2027; made once per test). The calendar is national:
    the security administrator of any zone manages it, so `other_org` is OK too."""
    if not hasattr(w, "arrangement"):
        from tests.test_holidays import enter_2027

        w.arrangement = enter_2027(w.a.users[SE])
    return {"year": w.arrangement.year}


def experts_of_a(w):
    """Side A's expert pool (one expert linked to A's advisor, with a declared tie), a policy
    with a scoring sheet and a draw of both experts (made once per test)."""
    if not hasattr(w, "a_draw"):
        from gaoxin.experts.tests.conftest import make_draw

        w.a_expert, w.a_tie, w.a_sheet_policy, w.a_draw = make_draw(w)
    return w


def expert_of_a(w):
    return {"pk": experts_of_a(w).a_expert.pk}


def tie_of_a(w):
    return {"pk": experts_of_a(w).a_expert.pk, "tie_pk": w.a_tie.pk}


def draw_of_a(w):
    return {"pk": experts_of_a(w).a_draw.pk}


def sheet_of_a(w):
    """The score sheet of A's advisor on A's draw."""
    draw = experts_of_a(w).a_draw
    return {"pk": draw.assignments.get(expert=w.a_expert).pk}


def sheet_policy_of_a(w):
    return {"policy_id": experts_of_a(w).a_sheet_policy.pk}


def park_of_a(w):
    return {"pk": w.a.park.pk}


EDITORS = {ZO: OK, PO: OK, EU: OK}
OFFICIALS = {ZO: OK, PO: OK}
READERS = {ZO: OK, PO: OK, PR: OK}
# On an enterprise's objects, roles without any registry access get 404 (the object does not
# exist for them); a role that sees the enterprise but may not do the action gets 403.
EDIT_OBJECT = {**EDITORS, PR: FORBIDDEN}
REVEAL_OBJECT = {**OFFICIALS, PR: FORBIDDEN, EU: FORBIDDEN}
# Verified data is deleted by officials of the zone only; the others declare corrections.
DELETE_OBJECT = {ZO: OK, PO: FORBIDDEN, EU: FORBIDDEN, PR: FORBIDDEN}

URLS: dict[str, Spec] = {
    "dashboard:root": Spec(default=REDIRECT),
    "dashboard:home": Spec(allowed=READERS, default=REDIRECT),
    "dashboard:advisor_home": Spec(allowed={AD: OK}),
    "portal:policy_list": Spec(public=True, default=OK),
    "accounts:login": Spec(public=True, default=REDIRECT),
    "accounts:logout": Spec(method="post", default=REDIRECT),
    "accounts:password_change": Spec(default=OK),
    "accounts:user_list": Spec(allowed={SA: OK, SE: OK}),
    "accounts:user_create": Spec(allowed={SA: OK}),
    "accounts:user_update": Spec(kwargs=user_of_a, allowed={SA: OK}, other_org=NOT_FOUND),
    "accounts:user_reset_password": Spec(kwargs=user_of_a, allowed={SA: OK}, other_org=NOT_FOUND),
    "accounts:user_set_role": Spec(kwargs=user_of_a, allowed={SE: OK}, other_org=NOT_FOUND),
    "accounts:user_unlock": Spec(kwargs=user_of_a, allowed={SE: OK}, other_org=NOT_FOUND),
    "accounts:organisation_list": Spec(allowed={SA: OK}),
    "accounts:organisation_create": Spec(allowed={SA: OK}),
    "accounts:organisation_update": Spec(kwargs=org_of_a, allowed={SA: OK}, other_org=NOT_FOUND),
    "accounts:login_policy": Spec(allowed={SE: OK}),
    "core:holiday_list": Spec(allowed={SE: OK}, other_org=OK),
    "core:holiday_create": Spec(allowed={SE: OK}, other_org=OK),
    "core:holiday_detail": Spec(kwargs=lambda w: {"year": 2025}, allowed={SE: OK}, other_org=OK),
    "core:holiday_update": Spec(kwargs=arrangement_year, allowed={SE: OK}, other_org=OK),
    "core:holiday_delete": Spec(kwargs=arrangement_year, allowed={SE: OK}, other_org=OK),
    # API tokens: the roles of settings.API_TOKEN_ROLES (those that integrate) only.
    "accounts:token_list": Spec(allowed=READERS),
    "accounts:token_create": Spec(method="post", data={"name": "ci"}, allowed=READERS),
    "accounts:token_revoke": Spec(
        kwargs=token_of, allowed={ZO: OK, PO: NOT_FOUND, PR: NOT_FOUND}, other_org=NOT_FOUND
    ),
    "audit:event_list": Spec(allowed={AU: OK}),
    "audit:event_detail": Spec(kwargs=event_of_a, allowed={AU: OK}, other_org=NOT_FOUND),
    "audit:event_export": Spec(allowed={AU: OK}),
    "audit:event_verify": Spec(method="post", allowed={AU: OK}),
    "enterprises:list": Spec(allowed={**READERS, EU: REDIRECT}),
    "enterprises:mine": Spec(allowed={**{r: REDIRECT for r in READERS}, EU: REDIRECT}),
    "enterprises:create": Spec(allowed=OFFICIALS),
    "enterprises:detail": Spec(
        kwargs=ent, allowed={**READERS, EU: OK}, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:update": Spec(
        kwargs=ent, allowed=EDIT_OBJECT, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:fact_create": Spec(
        kwargs=ent, allowed=EDIT_OBJECT, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:fact_update": Spec(
        kwargs=fact, allowed=EDIT_OBJECT, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:fact_delete": Spec(
        kwargs=fact, allowed=DELETE_OBJECT, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:qualification_create": Spec(
        kwargs=ent, allowed=EDIT_OBJECT, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:qualification_update": Spec(
        kwargs=qual, allowed=EDIT_OBJECT, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:qualification_delete": Spec(
        kwargs=qual, allowed=DELETE_OBJECT, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:verification_queue": Spec(allowed={ZO: OK}),
    "enterprises:verification_bulk": Spec(method="post", allowed={ZO: REDIRECT}),
    "enterprises:contact_create": Spec(
        kwargs=ent, allowed=EDIT_OBJECT, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:contact_update": Spec(
        kwargs=contact, allowed=EDIT_OBJECT, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:contact_delete": Spec(
        kwargs=contact, allowed=EDIT_OBJECT, default=NOT_FOUND, other_org=NOT_FOUND
    ),
    "enterprises:contact_reveal": Spec(
        kwargs=contact,
        method="post",
        allowed=REVEAL_OBJECT,
        default=NOT_FOUND,
        other_org=NOT_FOUND,
    ),
    "enterprises:import_template": Spec(allowed=OFFICIALS),
    "enterprises:import": Spec(allowed=OFFICIALS),
    "enterprises:export": Spec(allowed=READERS),
    "enterprises:department_import": Spec(allowed={ZO: OK}),
    "enterprises:department_import_template": Spec(
        kwargs=lambda w: {"kind": "high_tech"}, allowed={ZO: OK}
    ),
    "enterprises:department_import_status": Spec(
        kwargs=department_job_of_a, allowed={ZO: OK}, other_org=NOT_FOUND
    ),
    "enterprises:department_import_mismatches": Spec(
        kwargs=department_job_of_a, allowed={ZO: OK}, other_org=NOT_FOUND
    ),
    "reporting:campaign_list": Spec(allowed={ZO: OK}),
    "reporting:campaign_open": Spec(allowed={ZO: OK}),
    "reporting:campaign_detail": Spec(kwargs=campaign_of_a, allowed={ZO: OK}, other_org=NOT_FOUND),
    "reporting:campaign_verify": Spec(
        kwargs=campaign_of_a, method="post", allowed={ZO: REDIRECT}, other_org=NOT_FOUND
    ),
    "reporting:campaign_verify_matching": Spec(
        kwargs=campaign_of_a, method="post", allowed={ZO: REDIRECT}, other_org=NOT_FOUND
    ),
    "reporting:campaign_close": Spec(kwargs=campaign_of_a, allowed={ZO: OK}, other_org=NOT_FOUND),
    "reporting:campaign_export": Spec(kwargs=campaign_of_a, allowed={ZO: OK}, other_org=NOT_FOUND),
    "policies:public_list": Spec(public=True, default=OK),
    "policies:calculator": Spec(allowed={ZO: OK, PO: OK, EU: OK}),
    # The public tools: figures typed in, nothing of any enterprise read, nothing saved.
    "policies:public_calculator": Spec(public=True, default=OK),
    "favicon": Spec(public=True, default=REDIRECT),
    # The load balancer's probes (gaoxin/core/health.py): no login, nothing secret.
    "healthz": Spec(public=True, default=OK),
    "readyz": Spec(public=True, default=OK),
    # /api/ itself and any URL under it that no operation answers: the API's JSON 404, for all.
    "api-root": Spec(public=True, default=NOT_FOUND, anonymous=NOT_FOUND),
    "api-not-found": Spec(
        kwargs=lambda w: {"path": "no-such-operation"},
        public=True,
        default=NOT_FOUND,
        anonymous=NOT_FOUND,
    ),
    "firstset:public_estimator": Spec(public=True, default=OK),
    "firstset:public_estimator_row": Spec(public=True, default=OK),
    "firstset:public_estimator_template": Spec(public=True, default=OK),
    # The expert pool (gaoxin/experts): officials manage their zone's, the auditor reads it;
    # draws are read by the zone's officials and auditor and the province's reviewers; a
    # score sheet is for its expert or a zone official recording the paper sheet.
    "experts:expert_list": Spec(allowed={ZO: OK, AU: OK}),
    "experts:expert_export": Spec(allowed={ZO: OK, AU: OK}),
    "experts:expert_create": Spec(allowed={ZO: OK}),
    "experts:expert_detail": Spec(
        kwargs=expert_of_a, allowed={ZO: OK, AU: OK}, other_org=NOT_FOUND
    ),
    "experts:expert_update": Spec(kwargs=expert_of_a, allowed={ZO: OK}, other_org=NOT_FOUND),
    "experts:tie_create": Spec(kwargs=expert_of_a, allowed={ZO: OK}, other_org=NOT_FOUND),
    "experts:tie_delete": Spec(kwargs=tie_of_a, allowed={ZO: OK}, other_org=NOT_FOUND),
    "experts:draw_detail": Spec(
        kwargs=draw_of_a, allowed={ZO: OK, AU: OK, PR: OK}, other_org=NOT_FOUND
    ),
    "experts:mine": Spec(default=OK),
    "experts:assignment_score": Spec(
        kwargs=sheet_of_a,
        allowed={AD: OK, ZO: OK, AU: FORBIDDEN, PR: FORBIDDEN},
        default=NOT_FOUND,
        other_org=NOT_FOUND,
    ),
    "experts:sheet_list": Spec(allowed={ZO: OK}),
    "experts:sheet_edit": Spec(kwargs=sheet_policy_of_a, allowed={ZO: OK}, other_org=NOT_FOUND),
    "funds:fund_list": Spec(allowed={ZO: OK, AU: OK}),
    "funds:fund_list_export": Spec(allowed={ZO: OK, AU: OK}),
    "funds:enjoyed": Spec(allowed={EU: OK}),
    "funds:fund_detail": Spec(kwargs=fund_of_a, allowed={ZO: OK, AU: OK}, other_org=NOT_FOUND),
    "funds:fund_export": Spec(kwargs=fund_of_a, allowed={ZO: OK, AU: OK}, other_org=NOT_FOUND),
    # Creating and editing a fund: the zone's officials; the auditor reads funds but gets 403.
    # A new fund has no object yet: another zone's official gets its own zone's form (OK) and
    # cannot pick side A's policy (tests in gaoxin/funds/tests/test_fund_pages.py).
    "funds:fund_create": Spec(allowed={ZO: OK}, other_org=OK),
    "funds:fund_update": Spec(kwargs=fund_of_a, allowed={ZO: OK}, other_org=NOT_FOUND),
    # The forms that move money: the zone's officials; the auditor reads the fund but gets 403.
    "funds:disbursement_create": Spec(
        kwargs=commitment_of_a, allowed={ZO: OK}, other_org=NOT_FOUND
    ),
    "funds:commitment_release": Spec(kwargs=commitment_of_a, allowed={ZO: OK}, other_org=NOT_FOUND),
    "funds:clawback_create": Spec(kwargs=commitment_of_a, allowed={ZO: OK}, other_org=NOT_FOUND),
    "notifications:inbox": Spec(default=OK),
    "notifications:read_all": Spec(method="post", default=REDIRECT),
    "notifications:subscriptions": Spec(allowed={EU: OK}),
    # --- parks (parks and spaces) ---
    # Zone officials, park operators and provincial reviewers read the parks they see; the
    # zone's officials and the park's operator edit; the public page is for everyone. The
    # forms of platforms, buildings and units: gaoxin/parks/tests/test_permissions.py.
    "parks:list": Spec(allowed=READERS),
    "parks:create": Spec(allowed={ZO: OK}, other_org=OK),
    "parks:detail": Spec(kwargs=park_of_a, allowed=READERS, other_org=NOT_FOUND),
    "parks:update": Spec(kwargs=park_of_a, allowed=OFFICIALS, other_org=NOT_FOUND),
    "parks:spaces_export": Spec(kwargs=park_of_a, allowed=READERS, other_org=NOT_FOUND),
    "parks:public": Spec(kwargs=park_of_a, public=True, default=OK),
    #
    # --- clusters (segments, chain map, targets) ---
    #
    # --- investment (leads, signings) ---
    # Zone officials and park operators work on leads, provincial reviewers read them; the
    # lists are scoped (another organisation sees its own, empty, lists: OK). Objects:
    # gaoxin/investment/tests/test_pages.py (EXTRA_URLS).
    "investment:lead_list": Spec(allowed={ZO: OK, PO: OK, PR: OK}, other_org=OK),
    "investment:lead_list_export": Spec(allowed={ZO: OK, PO: OK, PR: OK}, other_org=OK),
    "investment:lead_create": Spec(allowed={ZO: OK, PO: OK}, other_org=OK),
    "investment:signing_list": Spec(allowed={ZO: OK, PO: OK, PR: OK}, other_org=OK),
    "investment:signing_list_export": Spec(allowed={ZO: OK, PO: OK, PR: OK}, other_org=OK),
    "investment:funnel": Spec(allowed={ZO: OK, PO: OK, PR: OK}, other_org=OK),
    "investment:funnel_export": Spec(allowed={ZO: OK, PO: OK, PR: OK}, other_org=OK),
    # --- innovation: institutes ---
    # Zone officials, park operators, provincial reviewers and enterprise users read the
    # institutes in their reach (another organisation sees its own, empty, list: OK); officials
    # and operators record them. Objects: gaoxin/innovation/tests/test_institutes_pages.py.
    "innovation:institute_list": Spec(allowed={ZO: OK, PO: OK, PR: OK, EU: OK}, other_org=OK),
    "innovation:institute_export": Spec(allowed={ZO: OK, PO: OK, PR: OK, EU: OK}, other_org=OK),
    "innovation:institute_create": Spec(allowed={ZO: OK, PO: OK}, other_org=OK),
    # --- innovation: projects ---
    # The readers of institutes read their projects (scoped lists: another organisation sees
    # its own, empty, lists). Objects: gaoxin/innovation/tests/test_projects_pages.py.
    "innovation:project_list": Spec(allowed={ZO: OK, PO: OK, PR: OK, EU: OK}, other_org=OK),
    "innovation:project_list_export": Spec(allowed={ZO: OK, PO: OK, PR: OK, EU: OK}, other_org=OK),
    # --- services: advisors (pool, reports) ---
    # The pool: officials, operators, reviewers, enterprise users and advisors of the zone (the
    # other side sees its own, empty, pool); officials appoint; domains are read by the staff and
    # edited by officials; the reports are the staff's. Objects: EXTRA_URLS.
    **{
        f"services:{name}": Spec(allowed={ZO: OK, PO: OK, PR: OK, EU: OK, AD: OK}, other_org=OK)
        for name in ("advisor_list", "advisor_list_export")
    },
    "services:advisor_create": Spec(allowed={ZO: OK}, other_org=OK),
    "services:domain_list": Spec(allowed={ZO: OK, PO: OK, PR: OK}, other_org=OK),
    "services:domain_create": Spec(allowed={ZO: OK}, other_org=OK),
    **{
        f"services:{name}": Spec(allowed={ZO: OK, PO: OK, PR: OK}, other_org=OK)
        for name in (
            "report_advisors",
            "report_advisors_export",
            "report_domains",
            "report_domains_export",
            "report_parks",
            "report_parks_export",
        )
    },
    # --- services: requests ---
    # Staff, enterprise users and advisors read their own (scoped) requests; filing: the
    # enterprise and the zone's staff; settings: zone officials. Objects (detail, steps):
    # gaoxin/services/tests/test_requests_pages.py (EXTRA_URLS).
    "services:request_list": Spec(allowed={ZO: OK, PO: OK, PR: OK, EU: OK, AD: OK}, other_org=OK),
    "services:request_list_export": Spec(
        allowed={ZO: OK, PO: OK, PR: OK, EU: OK, AD: OK}, other_org=OK
    ),
    "services:request_create": Spec(allowed={ZO: OK, PO: OK, EU: OK}, other_org=OK),
    "services:settings": Spec(allowed={ZO: OK}, other_org=OK),
    # --- services: events (consultations, seminars) ---
    # The lists for the zone's staff, the province, enterprises and advisors (scoped: another
    # organisation sees its own lists); the zone's officials and park operators set hours and
    # add seminars. Objects: gaoxin/services/tests/test_events_pages.py (EXTRA_URLS).
    "services:consultation_list": Spec(
        allowed={ZO: OK, PO: OK, PR: OK, EU: OK, AD: OK}, other_org=OK
    ),
    "services:consultation_series_create": Spec(allowed={ZO: OK, PO: OK}, other_org=OK),
    "services:seminar_list": Spec(allowed={ZO: OK, PO: OK, PR: OK, EU: OK, AD: OK}, other_org=OK),
    "services:seminar_create": Spec(allowed={ZO: OK, PO: OK}, other_org=OK),
    # --- services: signals (resource matching, tasks, signal rules) ---
    # Matches: staff, the enterprise and advisors read (scoped lists); officials, operators and
    # advisors record. Tasks: officials, operators and advisors. Rules and the scan: officials.
    # Objects: gaoxin/services/tests/test_signals_pages.py (EXTRA_URLS).
    "services:match_list": Spec(allowed={ZO: OK, PO: OK, PR: OK, EU: OK, AD: OK}, other_org=OK),
    "services:match_list_export": Spec(
        allowed={ZO: OK, PO: OK, PR: OK, EU: OK, AD: OK}, other_org=OK
    ),
    "services:match_create": Spec(allowed={ZO: OK, PO: OK, AD: OK}, other_org=OK),
    "services:task_list": Spec(allowed={ZO: OK, PO: OK, AD: OK}, other_org=OK),
    "services:signal_rules": Spec(allowed={ZO: OK}, other_org=OK),
    "services:signal_rule_edit": Spec(
        kwargs=lambda w: {"kind": "qual_expiring"}, allowed={ZO: OK}, other_org=OK
    ),
    "services:signal_scan": Spec(method="post", allowed={ZO: REDIRECT}, other_org=REDIRECT),
    # --- firstset: qualifications (declarations, requests, qualifications, results) ---
    # Declarations: enterprise users (theirs), zone officials and provincial reviewers read;
    # enterprise users declare and apply. Qualifications: the same readers and the auditor.
    # The results are public. Object pages: gaoxin/firstset/tests/test_qualifications_pages.py.
    "firstset:declaration_list": Spec(allowed={EU: OK, ZO: OK, PR: OK}),
    "firstset:declaration_create": Spec(allowed={EU: OK}),
    "firstset:qualification_apply": Spec(allowed={EU: OK}),
    "firstset:qualification_list": Spec(allowed={EU: OK, ZO: OK, PR: OK, AU: OK}),
    "firstset:qualification_export": Spec(allowed={EU: OK, ZO: OK, PR: OK, AU: OK}),
    "firstset:results": Spec(public=True, default=OK),
    # --- firstset: insurance (policies, subsidy claims) ---
    # Lists are scoped (another organisation sees its own, empty, list: OK); the policy and
    # claim pages with an object: gaoxin/firstset/tests/test_insurance_pages.py (EXTRA_URLS).
    "firstset:insurance_list": Spec(allowed={EU: OK, ZO: OK, PR: OK}, other_org=OK),
    "firstset:insurance_export": Spec(allowed={EU: OK, ZO: OK, PR: OK}, other_org=OK),
    "firstset:insurance_create": Spec(allowed={EU: OK}, other_org=OK),
    "firstset:insurance_queue": Spec(allowed={ZO: OK, PR: OK}, other_org=OK),
    "firstset:claim_start": Spec(allowed={EU: OK}, other_org=OK),
    # --- firstset: insurance end ---
    # --- firstset: supervision (claw-back, bans, alerts) ---
    # Zone officials and auditors (their zone), provincial reviewers (their province) read the
    # supervision list, the report per 工信局, the bans and their exports; the lists are scoped
    # (another organisation sees its own: OK). One qualification's page and the claw-back:
    # gaoxin/firstset/tests/test_supervision_pages.py (EXTRA_URLS).
    "firstset:supervision": Spec(allowed={ZO: OK, PR: OK, AU: OK}, other_org=OK),
    "firstset:supervision_export": Spec(allowed={ZO: OK, PR: OK, AU: OK}, other_org=OK),
    "firstset:supervision_report": Spec(allowed={ZO: OK, PR: OK, AU: OK}, other_org=OK),
    "firstset:supervision_report_export": Spec(allowed={ZO: OK, PR: OK, AU: OK}, other_org=OK),
    "firstset:ban_list": Spec(allowed={ZO: OK, PR: OK, AU: OK}, other_org=OK),
    # --- firstset: certificates ---
    # --- firstset: proposals (catalog revision feedback) and estimator ---
    # Enterprise users propose and read their own; zone officials (their zone's enterprises)
    # and provincial reviewers (their province's) read, comment, decide and export.
    "firstset:proposal_list": Spec(allowed={EU: OK, ZO: OK, PR: OK}),
    "firstset:proposal_create": Spec(allowed={EU: OK}),
    "firstset:proposal_export": Spec(allowed={ZO: OK, PR: OK}),
    "firstset:proposal_detail": Spec(
        kwargs=lambda w: __import__(  # the proposals part's factory, kept out of other blocks
            "gaoxin.firstset.tests.factories_proposals", fromlist=["proposal_path"]
        ).proposal_path(w),
        allowed={EU: OK, ZO: OK, PR: OK},
        other_org=NOT_FOUND,
    ),
    "firstset:proposal_review": Spec(
        kwargs=lambda w: __import__(  # the proposals part's factory, kept out of other blocks
            "gaoxin.firstset.tests.factories_proposals", fromlist=["proposal_path"]
        ).proposal_path(w),
        allowed={ZO: OK, PR: OK},
        other_org=NOT_FOUND,
    ),
    # --- events ---
    #
    # --- dashboard ---
    # One overview figure as Excel, rebuilt for the user from the sections they see (side B's
    # official gets its own zone's figure; a key the user does not see is 404:
    # gaoxin/dashboard/tests/test_sections.py).
    "dashboard:figure_export": Spec(
        kwargs=lambda w: {"key": "enterprises-stage"}, allowed=READERS, other_org=OK
    ),
    #
}

# URL names that are not pages of ours: Django's language switch.
NOT_PAGES = {"set_language"}


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            if p.namespace == "api":
                continue
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name


def test_every_url_is_covered():
    names = set(_walk(get_resolver().url_patterns)) - NOT_PAGES
    missing = sorted(names - set(URLS) - set(EXTRA_URLS))
    assert not missing, f"add these URLs to the permission matrix: {missing}"


# URLs whose permission matrix lives with their app (object kwargs the world lacks).
EXTRA_URLS: dict[str, str] = {
    "enterprises:import_status": "gaoxin/enterprises/tests/test_import_views.py",
    **{
        f"enterprises:{name}": "gaoxin/enterprises/tests/test_verification_views.py"
        for name in (
            "verification_detail",
            "verification_verify",
            "verification_reject",
            "attachment_download",
        )
    },
    "policies:public_detail": "gaoxin/policies/tests/test_pages.py",
    "policies:calculator_what_if": "gaoxin/policies/tests/test_calculator_whatif.py",
    "notifications:read": "gaoxin/notifications/tests/test_pages.py",
    "policies:manage_sandbox": "gaoxin/policies/tests/test_sandbox_views.py",
    "policies:manage_sandbox_export": "gaoxin/policies/tests/test_sandbox_views.py",
    "policies:manage_matches_export": "gaoxin/policies/tests/test_match_export.py",
    **{
        f"policies:{name}": "gaoxin/policies/tests/test_manage_permissions.py"
        for name in (
            "manage_list",
            "manage_create",
            "manage_detail",
            "manage_edit",
            "manage_articles",
            "manage_builder",
            "manage_count",
            "manage_publish",
            "manage_discard",
        )
    },
    **{
        f"grants:{name}": "gaoxin/grants/tests/test_permissions.py"
        for name in (
            "round_list",
            "round_create",
            "round_detail",
            "candidate_exclude",
            "notice_publish",
            "objection_record",
            "objection_resolve",
            "round_confirm",
            "round_export",
            "round_pay",
            "benefits_mine",
            "notice_list",
            "notice_detail",
            "notice_object",
        )
    },
    **{
        f"applications:{name}": "gaoxin/applications/tests/test_permissions.py"
        for name in (
            "mine",
            "start",
            "detail",
            "edit",
            "material_add",
            "material_remove",
            "withdraw",
            "version_detail",
            "objection_record",
            "objection_answer",
            "review_queue",
            "review_detail",
            "review_draw",
            "overview",
            "overview_export",
            "stage_policies",
            "stages",
            "stage_edit",
            "stage_delete",
            "stage_move",
            "notice_list",
            "notice_object",
        )
    },
    **{
        f"firstset:{name}": "gaoxin/firstset/tests/test_permissions.py"
        for name in (
            "catalog",
            "entry_detail",
            "entry_check",
            "entry_create",
            "entry_update",
            "entry_delete",
            "edition_create",
            "catalog_import",
            "catalog_import_template",
            "catalog_export",
            "estimator",
            "estimator_row",
            "estimator_template",
            "rules",
        )
    },
    # --- parks (parks and spaces) ---
    **{
        f"parks:{name}": "gaoxin/parks/tests/test_permissions.py"
        for name in (
            "platform_create",
            "platform_update",
            "platform_delete",
            "building_create",
            "building_update",
            "space_create",
            "space_update",
            "space_occupancy",
        )
    },
    #
    # --- clusters (segments, chain map, targets) ---
    **{
        f"clusters:{name}": "gaoxin/parks/tests/test_cluster_permissions.py"
        for name in (
            "list",
            "create",
            "detail",
            "update",
            "export",
            "segment_create",
            "targets",
            "targets_export",
            "target_create",
            "segment",
            "segment_update",
            "segment_delete",
            "segment_advisors",
            "membership_add",
            "membership_remove",
            "target_update",
            "milestone_set",
        )
    },
    # --- investment (leads, signings) ---
    **{
        f"investment:{name}": "gaoxin/investment/tests/test_pages.py"
        for name in ("lead_detail", "lead_update", "lead_move", "agreement_download")
    },
    # --- events ---
    **{
        f"events:{name}": "gaoxin/events/tests/test_permissions.py"
        for name in (
            "list",
            "detail",
            "register",
            "create",
            "update",
            "delete",
            "program",
            "organiser_add",
            "organiser_remove",
            "talk_add",
            "talk_remove",
            "advisor_add",
            "advisor_remove",
            "registrations",
            "registration_export",
            "registration_cancel",
        )
    },
    # --- innovation: institutes (EXTRA_URLS) ---
    **{
        f"innovation:{name}": "gaoxin/innovation/tests/test_institutes_pages.py"
        for name in (
            "institute_detail",
            "institute_detail_export",
            "institute_update",
            "institute_member_add",
            "institute_member_update",
            "institute_member_remove",
            "institute_criteria",
            "institute_criterion_remove",
        )
    },
    # --- innovation: projects (EXTRA_URLS) ---
    **{
        f"innovation:{name}": "gaoxin/innovation/tests/test_projects_pages.py"
        for name in (
            "project_create",
            "project_detail",
            "project_update",
            "project_gate",
            "project_end",
            "project_output_add",
            "project_output_remove",
            "project_gate_document",
        )
    },
    # --- services: advisors (pool, reports) (EXTRA_URLS) ---
    **{
        f"services:{name}": "gaoxin/services/tests/test_advisors_pages.py"
        for name in (
            "advisor_detail",
            "advisor_update",
            "advisor_availability",
            "advisor_end_term",
            "domain_update",
        )
    },
    # --- services: requests (EXTRA_URLS) ---
    **{
        f"services:{name}": "gaoxin/services/tests/test_requests_pages.py"
        for name in ("request_detail", "request_step")
    },
    # --- services: events (consultations, seminars) (EXTRA_URLS) ---
    **{
        f"services:{name}": "gaoxin/services/tests/test_events_pages.py"
        for name in (
            "consultation_series_end",
            "slot_detail",
            "slot_action",
            "seminar_detail",
            "seminar_update",
            "seminar_move",
            "seminar_register",
            "seminar_export",
            "seminar_seat_cancel",
            "seminar_seat_mark",
        )
    },
    # --- services: signals (resource matching, tasks, signal rules) (EXTRA_URLS) ---
    **{
        f"services:{name}": "gaoxin/services/tests/test_signals_pages.py"
        for name in (
            "match_detail",
            "match_update",
            "match_follow_up",
            "match_step",
            "task_detail",
            "task_step",
            "task_assign",
        )
    },
    # --- firstset: qualifications (declarations, requests, qualifications, results) ---
    **{
        f"firstset:{name}": "gaoxin/firstset/tests/test_qualifications_pages.py"
        for name in (
            "declaration_detail",
            "declaration_update",
            "declaration_delete",
            "declaration_check",
            "declaration_evidence_add",
            "declaration_evidence_remove",
            "qualification_request_start",
            "qualification_request_edit",
            "qualification_detail",
            "qualification_revoke",
            "results_year",
        )
    },
    # --- firstset: insurance (policies, subsidy claims) ---
    **{
        f"firstset:{name}": "gaoxin/firstset/tests/test_insurance_pages.py"
        for name in (
            "insurance_detail",
            "insurance_edit",
            "insurance_renew",
            "insurance_proof",
            "insurance_verify",
            "insurance_reject",
            "claim_edit",
        )
    },
    # --- firstset: insurance end ---
    # --- firstset: supervision (claw-back, bans, alerts) ---
    **{
        f"firstset:{name}": "gaoxin/firstset/tests/test_supervision_pages.py"
        for name in ("supervision_detail", "supervision_clawback")
    },
    # --- firstset: certificates ---
    # The certificate (page, PDF) for its enterprise and the officials, reviewers and auditors
    # who see it (other side and other roles 404, anonymous to the login); verification public.
    **{
        f"firstset:{name}": "gaoxin/firstset/tests/test_certificates_pages.py"
        for name in ("certificate", "certificate_pdf", "verify", "verify_code")
    },
    # --- firstset: proposals (catalog revision feedback) and estimator ---
    # --- dashboard ---
    #
}


@pytest.fixture
def w(world):
    from decimal import Decimal

    from gaoxin.accounts.models import ApiToken
    from gaoxin.audit.models import AuditEvent
    from gaoxin.enterprises.tests.factories import (
        ContactFactory,
        QualificationFactory,
        YearlyFactFactory,
    )

    world.a_fact = YearlyFactFactory(enterprise=world.a.enterprise, year=2024, revenue=Decimal(1))
    world.a_qualification = QualificationFactory(enterprise=world.a.enterprise)
    world.a_contact = ContactFactory(enterprise=world.a.enterprise)
    world.a_token = ApiToken.objects.create(
        user=world.a.users[ZO], name="t", prefix="gx_abc", digest="0" * 64
    )
    from django.db import transaction

    from gaoxin.audit.services import record

    with transaction.atomic():
        world.a_event = record(
            action="test.event", actor=world.a.users[ZO], obj=world.a.enterprise, summary="x"
        )
    assert AuditEvent.objects.filter(pk=world.a_event.pk).exists()
    return world


def _request(client, spec: Spec, url: str):
    if spec.method == "post":
        return client.post(url, spec.data or {})
    return client.get(url)


def _url(name, spec, w):
    return reverse(name, kwargs=spec.kwargs(w) if spec.kwargs else None)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URLS))
def test_anonymous(client, w, name):
    spec = URLS[name]
    response = _request(client, spec, _url(name, spec, w))
    if spec.anonymous is not None:
        assert response.status_code == spec.anonymous, response.status_code
    elif spec.public:
        assert response.status_code in (OK, REDIRECT)
    else:
        assert response.status_code == REDIRECT, response.status_code
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URLS))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_on_own_organisation(client, w, name, role):
    spec = URLS[name]
    client.force_login(w.a.users[role])
    response = _request(client, spec, _url(name, spec, w))
    assert response.status_code == spec.expected(role), (name, role, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, s in URLS.items() if s.other_org is not None))
def test_other_organisation_gets_not_found(client, w, name):
    spec = URLS[name]
    for role, status in spec.allowed.items():
        if status not in (OK, REDIRECT):
            continue
        client.force_login(w.b.users[role])
        response = _request(client, spec, _url(name, spec, w))
        assert response.status_code == spec.other_org, (name, role, response.status_code)
