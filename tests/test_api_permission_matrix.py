"""Every API operation, tried anonymous, with each role, and from the other organisation.
An operation in the OpenAPI document without an entry here fails `test_every_operation_is_covered`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from django.test import Client

from gaoxin.accounts.choices import Role

ALL_ROLES = [r.value for r in Role]
ZO, PO, PR, EU = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
)


@dataclass
class Op:
    path: object  # callable(world) -> path under /api
    body: object = None  # callable(world) -> JSON body
    allowed: dict = field(default_factory=dict)
    default: int = 403
    public: bool = False
    other_org: int | None = None
    headers: dict = field(default_factory=dict)

    def expected(self, role):
        return self.allowed.get(role, self.default)


def ent_path(suffix=""):
    return lambda w: f"/api/enterprises/{w.a.enterprise.pk}{suffix}"


def new_enterprise(w):
    from gaoxin.enterprises.tests.factories import new_uscc

    return {"name": "矩阵测试企业有限公司", "uscc": new_uscc(), "region_code": "410171"}


def published_policy(w):
    """A published policy of side A (made once per test: the world has none)."""
    if not hasattr(w, "policy"):
        from gaoxin.policies.tests.conftest import make_policy

        w.policy = make_policy(w.a.zone, title="矩阵测试政策")
    return w.policy


def pending_record(w):
    """A declaration of side A's enterprise awaiting verification (made once per test)."""
    if not hasattr(w, "pending"):
        from gaoxin.enterprises import services

        w.pending = services.yearly_fact_upsert(
            actor=w.a.users[EU], enterprise=w.a.enterprise, year=2023, data={"revenue": "1.00"}
        )
    return w.pending


class Multipart(dict):
    """A body sent as multipart/form-data (a file upload) rather than JSON."""


def department_list(w):
    """A one-row high-tech list of side A's enterprise, as an upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gaoxin.enterprises.tests.test_department_import import (
        DEPARTMENT,
        REFERENCE,
        high_tech_row,
        list_bytes,
    )

    content = list_bytes("high_tech", [high_tech_row(w.a.enterprise, 1)])
    return Multipart(
        kind="high_tech",
        department=DEPARTMENT,
        reference=REFERENCE,
        file=SimpleUploadedFile("名单.xlsx", content),
    )


def department_job_of_a(w):
    """A finished department import of side A's zone (made once per test)."""
    if not hasattr(w, "department_job"):
        from gaoxin.enterprises.tests.test_department_import import department_job

        w.department_job = department_job(w.a.users[ZO])
    return w.department_job


def campaign_of_a(w):
    """A 2025 reporting campaign of side A's zone (made once per test)."""
    if not hasattr(w, "campaign"):
        from gaoxin.reporting.tests.conftest import open_campaign

        w.campaign = open_campaign(w.a.users[ZO])
    return w.campaign


def campaign_path(suffix=""):
    return lambda w: f"/api/reporting/{campaign_of_a(w).pk}{suffix}"


def submission_of_a(w):
    """Side A's enterprise's 2025 submission, awaiting verification (made once per test)."""
    if not hasattr(w, "submission"):
        from gaoxin.enterprises import services
        from gaoxin.reporting.tests.conftest import FULL

        campaign_of_a(w)
        w.submission = services.yearly_fact_upsert(
            actor=w.a.users[EU], enterprise=w.a.enterprise, year=2025, data=dict(FULL)
        )
    return w.submission


def matching_submission(w):
    """A submission of side A that the department data in force confirms, value for value."""
    from gaoxin.enterprises import services
    from gaoxin.enterprises.choices import FactSource
    from gaoxin.reporting.tests.conftest import FULL

    submission_of_a(w)
    services.yearly_fact_upsert(
        actor=w.a.users[ZO],
        enterprise=w.a.enterprise,
        year=2025,
        data=dict(FULL),
        provenance={"source": FactSource.DEPARTMENT, "department": "郑州市统计局"},
    )
    return campaign_of_a(w)


def new_campaign(w):
    """A campaign that today's working-day calendar can count a deadline for."""
    from django.utils import timezone

    from gaoxin.reporting.deadlines import longest_period

    days = max(1, min(5, longest_period(timezone.localdate())))
    return {"year": 2025, "required": ["revenue"], "working_days": days}


def application_of_a(w):
    """A submitted application of side A's enterprise, first at a stage of side A's zone
    officials, then at one of side A's provincial reviewer (made once per test)."""
    if not hasattr(w, "application"):
        from gaoxin.applications.tests.factories import (
            add_stages,
            make_policy,
            submitted,
            verified_figures,
        )

        policy = make_policy(w.a.zone, title="矩阵测试申报政策")
        add_stages(policy, w.a)
        verified_figures(w.a.enterprise)
        w.application = submitted(w.a.users[EU], policy)
    return w.application


def review_of_a(w):
    return application_of_a(w).reviews.get(status="open")


def draw_of_a(w):
    """Side A's expert draw (made once per test; see gaoxin/experts/tests/conftest.py)."""
    if not hasattr(w, "a_draw"):
        from gaoxin.experts.tests.conftest import make_draw

        w.a_draw = make_draw(w)[3]
    return w.a_draw


def fund_of_a(w):
    """A 2025 fund of side A's zone with a commitment of 200 000 to its enterprise (once)."""
    if not hasattr(w, "fund"):
        from gaoxin.funds.tests.factories import make_commitment, make_fund

        w.fund = make_fund(w.a.zone, title="矩阵测试资金")
        w.commitment = make_commitment(w.fund, w.a.enterprise, "200000")
    return w.fund


def fund_path(suffix=""):
    return lambda w: f"/api/funds/{fund_of_a(w).pk}{suffix}"


def disbursement(w):
    fund_of_a(w)
    return {"commitment": w.commitment.pk, "amount": "1000.00", "reference": "GK-矩阵"}


def park_path(suffix=""):
    return lambda w: f"/api/parks/{w.a.park.pk}{suffix}"


def space_of_a(w):
    """A free unit in a building of side A's park (made once per test)."""
    if not hasattr(w, "space"):
        from gaoxin.parks.tests.factories import make_building, make_space

        w.building = make_building(w.a.park)
        w.space = make_space(w.building, "A101")
    return w.space


def new_space(w):
    space_of_a(w)
    return {"building": w.building.pk, "code": "A102", "area": "300.00", "use": "lab"}


VISIBLE = {ZO: 200, PO: 200, PR: 200, EU: 200}
FUND_READERS = {ZO: 200, Role.AUDITOR: 200}
EDIT = {ZO: 200, PO: 200, EU: 200, PR: 403}
PARK_READERS = {ZO: 200, PO: 200, PR: 200}


# --- investment helpers ---
LEAD_READERS = {ZO: 200, PO: 200, PR: 200}
LEAD_WORKERS = {ZO: 200, PO: 200, PR: 403}


def lead_of_a(w, stage: str = "contact"):
    """A lead of side A's park at ``stage`` (contact, negotiation or signed; made once per
    test and stage)."""
    key = f"lead_{stage}"
    if not hasattr(w, key):
        from gaoxin.investment.tests import factories

        make = {
            "contact": factories.make_lead,
            "negotiation": factories.negotiating_lead,
            "signed": factories.signed_lead,
        }[stage]
        setattr(w, key, make(w.a, firm=f"矩阵{stage}企业"))
    return getattr(w, key)


def lead_path(suffix: str = "", stage: str = "contact"):
    return lambda w: f"/api/investment/leads/{lead_of_a(w, stage).pk}{suffix}"


def settle_body(w):
    from gaoxin.enterprises.tests.factories import new_uscc

    return {"uscc": new_uscc("410171"), "note": "矩阵"}


# --- clusters: the objects of the clusters' operations below ---
def matrix_segment(w):
    from gaoxin.parks.tests.cluster_factories import matrix_segment as build

    return build(w)


def new_member_of_a(w):
    """An enterprise of side A not yet in the matrix segment (made once per test)."""
    if not hasattr(w, "new_member"):
        from gaoxin.enterprises.tests.factories import EnterpriseFactory

        w.new_member = EnterpriseFactory(zone=w.a.zone, park=w.a.park)
    return w.new_member


# --- innovation: institutes (helpers of the block in OPERATIONS) ---
INSTITUTE_READERS = {ZO: 200, PO: 200, PR: 200, EU: 200}
INSTITUTE_WORKERS = {ZO: 200, PO: 200, PR: 403, EU: 403}


def institute_of_a(w):
    """An institute of side A in its park, side A's enterprise its lead (made once per test)."""
    if not hasattr(w, "institute"):
        from gaoxin.innovation.tests.factories_institutes import make_institute

        w.institute = make_institute(w.a, name="矩阵研究院")
    return w.institute


def institute_path(suffix=""):
    return lambda w: f"/api/institutes/{institute_of_a(w).pk}{suffix}"


def institute_member_path(w):
    """A university member of side A's institute (made once per test), to be removed."""
    from gaoxin.innovation import services_institutes as services

    institute = institute_of_a(w)
    if not hasattr(w, "institute_member"):
        w.institute_member = services.member_add(
            actor=None, institute=institute, data={"role": "university", "name": "矩阵大学"}
        )
    return f"/api/institutes/{institute.pk}/members/{w.institute_member.pk}"


# --- innovation: projects (helpers of the block in OPERATIONS) ---
PROJECT_READERS = {ZO: 200, PO: 200, PR: 200, EU: 200}
PROJECT_MANAGERS = {ZO: 200, PO: 200, PR: 403, EU: 403}


def project_of_a(w, stage: str = "rnd"):
    """A project of side A's institute (its park, its enterprise a member) at ``stage``."""
    key = f"project_{stage}"
    if not hasattr(w, key):
        from gaoxin.innovation.tests.factories_projects import make_project

        setattr(w, key, make_project(w.a, stage, title=f"矩阵{stage}项目"))
    return getattr(w, key)


def project_path(suffix: str = "", stage: str = "rnd"):
    return lambda w: f"/api/institutes/projects/{project_of_a(w, stage).pk}{suffix}"


def project_gate_body(w):
    from gaoxin.innovation.tests.factories_projects import evidence_for

    project = project_of_a(w)
    evidence = evidence_for(project.institute, "to_pilot")
    return {
        "gate": "to_pilot",
        "evidence": {str(k): v for k, v in evidence.items()},
        "passed_on": "2026-01-05",
    }


def project_new_body(w):
    from gaoxin.innovation.tests.factories_projects import make_institute

    return {"institute": make_institute(w.a).pk, "title": "矩阵新项目", "field": "粘胶纤维"}


def project_incubation_body(w):
    from gaoxin.enterprises.tests.factories import new_uscc

    return {"name": "矩阵孵化企业", "uscc": new_uscc("410171"), "incubated_on": "2026-01-05"}


# --- services: advisors (pool, reports) (helpers of the block in OPERATIONS) ---
SV_POOL = {ZO: 200, PO: 200, PR: 200, EU: 200, Role.ADVISOR: 200}
SV_STAFF = {ZO: 200, PO: 200, PR: 200}


def sv_advisor_of_a(w):
    """An advisor of side A whose account is side A's advisor user (made once per test)."""
    if not hasattr(w, "sv_advisor"):
        from gaoxin.services.tests.factories_advisors import make_advisor

        w.sv_advisor = make_advisor(w.a, user=w.a.users[Role.ADVISOR])
    return w.sv_advisor


def sv_advisor_path(suffix: str = ""):
    return lambda w: f"/api/services/advisors/{sv_advisor_of_a(w).pk}{suffix}"


def sv_new_advisor_body(w):
    from gaoxin.experts.tests.factories import ExpertFactory
    from gaoxin.services.models import ServiceDomain

    expert = ExpertFactory(zone=w.a.zone)
    domain = ServiceDomain.objects.get(code="compliance")
    return {"expert": expert.pk, "domains": [domain.pk], "term_start": "2025-04-25"}


# --- services: requests (helpers of the block in OPERATIONS) ---
SR_READERS = {ZO: 200, PO: 200, PR: 200, EU: 200, Role.ADVISOR: 200}


def sr_request_of_a(w, status: str = "assigned"):
    """A service request of side A's enterprise in ``status``, routed to an advisor of zone A
    whose account is side A's advisor user (made once per test and status)."""
    key = f"sr_{status}"
    if not hasattr(w, key):
        from gaoxin.services.models import Advisor, ServiceRequest
        from gaoxin.services.tests.factories_requests import AdvisorFactory, domain

        advisor = Advisor.objects.filter(expert__user=w.a.users[Role.ADVISOR]).first()
        if advisor is None:
            from gaoxin.experts.tests.factories import ExpertFactory

            expert = ExpertFactory(zone=w.a.zone, user=w.a.users[Role.ADVISOR])
            advisor = AdvisorFactory(zone=w.a.zone, expert=expert, domains=["compliance"])
        n = ServiceRequest.objects.count() + 1
        setattr(
            w,
            key,
            ServiceRequest.objects.create(
                zone=w.a.zone,
                number=f"FW2026-M{n:03d}",
                enterprise=w.a.enterprise,
                domain=domain("compliance"),
                title="矩阵服务请求",
                description="矩阵",
                status=status,
                advisor=advisor,
            ),
        )
    return getattr(w, key)


def sr_path(suffix: str = "", status: str = "assigned"):
    return lambda w: f"/api/services/requests/{sr_request_of_a(w, status).pk}{suffix}"


def sr_schedule_body(w):
    import datetime

    from django.utils import timezone

    return {"when": (timezone.now() + datetime.timedelta(days=2)).isoformat(), "location": "矩阵"}


def sr_new_body(w):
    from gaoxin.services.tests.factories_requests import domain

    return {"domain": domain("compliance").pk, "title": "矩阵", "description": "矩阵"}


def sr_staff_body(w):
    return {**sr_new_body(w), "enterprise": w.a.enterprise.pk}


# --- services: events (consultations, seminars) (helpers of the block in OPERATIONS) ---
EV_READERS = {ZO: 200, PO: 200, PR: 200, EU: 200, Role.ADVISOR: 200}
EV_RUNNERS = {ZO: 200, PO: 200, Role.ADVISOR: 200}
EV_MANAGERS = {ZO: 200, PO: 200}


def _ev(w, key, make):
    """One object of the events part per world (made on first use)."""
    if not hasattr(w, key):
        from gaoxin.core.holidays.demo import load_holiday_demo

        load_holiday_demo()  # series and seminars may reach into next year
        setattr(w, key, make())
    return getattr(w, key)


def ev_advisor(w):
    from gaoxin.services.tests.factories_events import make_advisor

    return _ev(w, "ev_advisor", lambda: make_advisor(w.a))


def ev_slot(w, booked=False, past=False):
    """A slot of side A's advisor: open, booked by side A's enterprise, or past and booked."""
    import datetime

    from django.utils import timezone

    from gaoxin.services import services_events as svc
    from gaoxin.services.tests.factories_events import make_series

    def make():
        if past:
            first = timezone.localdate() - datetime.timedelta(days=14)
            from gaoxin.core.workdays import is_workday

            while not is_workday(first):
                first += datetime.timedelta(days=1)
            slot = make_series(ev_advisor(w), weeks=1, first=first, start=datetime.time(7)).series
            slot = slot.slots.get()
        else:
            slot = make_series(ev_advisor(w), weeks=2).series.slots.order_by("starts_at").first()
        if booked:
            svc.slot_book(
                actor=None,
                slot=slot,
                topic="矩阵",
                enterprise=w.a.enterprise,
                now=slot.starts_at - datetime.timedelta(days=1),
            )
        return slot

    return _ev(w, f"ev_slot_{booked}_{past}", make).pk


def ev_seminar(w, state="open"):
    """A seminar of side A at its park: planned, open, or started (open, begun an hour ago)."""
    import datetime

    from django.utils import timezone

    from gaoxin.services import services_events as svc
    from gaoxin.services.tests.factories_events import make_seminar

    def make():
        ev_advisor(w)  # side A's advisor account serves the zone
        if state == "started":
            seminar = make_seminar(w.a.zone, capacity=5, park=w.a.park, open_it=False)
            before = timezone.now() - datetime.timedelta(days=20)
            seminar.starts_at = timezone.now() - datetime.timedelta(hours=1)
            seminar.ends_at = None
            seminar.save()
            svc.seminar_move(actor=None, seminar=seminar, name="open", now=before)
            return seminar
        return make_seminar(w.a.zone, capacity=5, park=w.a.park, open_it=state == "open")

    return _ev(w, f"ev_seminar_{state}", make)


def ev_seat(w, started=False):
    """A seat registered by side A's staff for someone (no account linked)."""
    import datetime

    from django.utils import timezone

    from gaoxin.services.tests.factories_events import register

    def make():
        seminar = ev_seminar(w, "started" if started else "open")
        now = timezone.now() - datetime.timedelta(days=5) if started else None
        return register(seminar, 7, now=now)

    return _ev(w, f"ev_seat_{started}", make)


def ev_path(kind, suffix="", **kw):
    def path(w):
        if kind == "slot":
            return f"/api/services/consultations/slots/{ev_slot(w, **kw)}{suffix}"
        if kind == "seat":
            return f"/api/services/seminars/registrations/{ev_seat(w, **kw).pk}{suffix}"
        return f"/api/services/seminars/{ev_seminar(w, **kw).pk}{suffix}"

    return path


def ev_series_body(w):
    import datetime

    from gaoxin.services.tests.factories_events import next_workday_weekday

    ev_advisor(w)
    first, weekday = next_workday_weekday()
    return {
        "advisor": w.ev_advisor.pk,
        "weekday": weekday,
        "start_time": "10:00",
        "minutes": 60,
        "location": "矩阵咨询室",
        "first_date": first.isoformat(),
        "last_date": (first + datetime.timedelta(days=13)).isoformat(),
    }


def ev_seminar_body(w):
    import datetime

    from django.utils import timezone

    starts = timezone.now() + datetime.timedelta(days=30)
    return {
        "title": "矩阵研讨",
        "topic": "矩阵",
        "starts_at": starts.isoformat(),
        "venue": "矩阵厅",
        "capacity": 10,
        "speakers": [{"name": "万飞"}],
    }


# --- services: signals (helpers of the block in OPERATIONS) ---
SIG_MATCH_READERS = {ZO: 200, PO: 200, PR: 200, EU: 200, Role.ADVISOR: 200}
SIG_MATCH_WORKERS = {ZO: 200, PO: 200, PR: 403, EU: 403, Role.ADVISOR: 200}
SIG_TASK_WORKERS = {ZO: 200, PO: 200, Role.ADVISOR: 200}


def sig_advisor(w):
    """Side A's advisor account as an advisor of zone A (made once per test)."""
    if not hasattr(w, "sig_advisor"):
        from gaoxin.services.tests.factories_signals import advisor_of

        w.sig_advisor = advisor_of(w.a, "capital")
    return w.sig_advisor


def sig_match(w):
    if not hasattr(w, "sig_match"):
        from gaoxin.services.tests.factories_signals import make_match

        w.sig_match = make_match(w.a, advisor=sig_advisor(w))
    return w.sig_match


def sig_task(w, status="open"):
    key = f"sig_task_{status}"
    if not hasattr(w, key):
        from gaoxin.services.models import AdvisorTask

        task = AdvisorTask.objects.create(
            zone=w.a.zone, kind="qual_expiring", enterprise=w.a.enterprise,
            advisor=sig_advisor(w), title="矩阵任务", dedupe_key=f"matrix:{status}", status=status,
        )  # fmt: skip
        setattr(w, key, task)
    return getattr(w, key)


def sig_match_body(w):
    sig_advisor(w)
    return {
        "enterprise": w.a.enterprise.pk,
        "kind": "bank",
        "counterpart_name": "银行",
        "need": "贷款",
    }


def sig_today():
    from django.utils import timezone

    return timezone.localdate().isoformat()


# --- firstset: qualifications (helpers of the block in OPERATIONS) ---
FS_DECLARATION_READERS = {
    Role.ENTERPRISE_USER: 200,
    Role.ZONE_OFFICIAL: 200,
    Role.PROVINCIAL_REVIEWER: 200,
}
FS_QUALIFICATION_READERS = {**FS_DECLARATION_READERS, Role.AUDITOR: 200}


def _fs_program(w):
    """A declaration and a qualification of side A's enterprise (made once per world)."""
    if not hasattr(w, "fs_program"):
        from types import SimpleNamespace

        from gaoxin.firstset.tests import factories_program as fp

        qualification = fp.make_qualification(w.a.enterprise)
        w.fs_program = SimpleNamespace(
            declaration=qualification.declarations.get(), qualification=qualification
        )
    return w.fs_program


def _fs_declaration_body():
    from gaoxin.firstset.tests import factories_program as fp

    entry = fp.current_entry()
    return {"entry": entry.pk, "model_name": "MATRIX-1", "values": fp.ROBOT_VALUES}


OPERATIONS: dict[tuple[str, str], Op] = {
    # --- innovation: institutes ---
    # The list and the creation sit at /api/institutes/ (a trailing slash) while innovation/api.py
    # mounts the part's router at "" under /institutes (see the lead's note in docs/innovation.md).
    ("GET", "/api/institutes/"): Op(path=lambda w: "/api/institutes/", allowed=INSTITUTE_READERS),
    ("POST", "/api/institutes/"): Op(
        path=lambda w: "/api/institutes/",
        body=lambda w: {"name": "矩阵新研究院", "level": "provincial", "park": w.a.park.pk},
        allowed={ZO: 201, PO: 201},
    ),
    ("GET", "/api/institutes/{id}"): Op(
        path=institute_path(), allowed=INSTITUTE_READERS, other_org=404
    ),
    ("PATCH", "/api/institutes/{id}"): Op(
        path=institute_path(),
        body=lambda w: {"source": "矩阵"},
        allowed=INSTITUTE_WORKERS,
        other_org=404,
    ),
    ("POST", "/api/institutes/{id}/members"): Op(
        path=institute_path("/members"),
        body=lambda w: {"role": "other", "name": "矩阵成员"},
        allowed={ZO: 201, PO: 201, PR: 403, EU: 403},
        other_org=404,
    ),
    ("DELETE", "/api/institutes/{id}/members/{member_id}"): Op(
        path=institute_member_path,
        allowed={ZO: 204, PO: 204, PR: 403, EU: 403},
        other_org=404,
    ),
    # --- innovation: projects ---
    # The readers of institutes read their projects; the institute's managers (its zone's
    # officials, the operator of its park) write; another zone's 404.
    ("GET", "/api/institutes/projects"): Op(
        path=lambda w: "/api/institutes/projects", allowed=PROJECT_READERS
    ),
    ("POST", "/api/institutes/projects"): Op(
        path=lambda w: "/api/institutes/projects",
        body=project_new_body,
        allowed={ZO: 201, PO: 201, PR: 403, EU: 403},
    ),
    ("GET", "/api/institutes/projects/{id}"): Op(
        path=project_path(), allowed=PROJECT_READERS, other_org=404
    ),
    ("PATCH", "/api/institutes/projects/{id}"): Op(
        path=project_path(),
        body=lambda w: {"description": "矩阵"},
        allowed=PROJECT_MANAGERS,
        other_org=404,
    ),
    ("POST", "/api/institutes/projects/{id}/gates"): Op(
        path=project_path("/gates"),
        body=project_gate_body,
        allowed=PROJECT_MANAGERS,
        other_org=404,
    ),
    ("POST", "/api/institutes/projects/{id}/close"): Op(
        path=project_path("/close", stage="pilot"),
        body=lambda w: {"reason": "矩阵结题"},
        allowed=PROJECT_MANAGERS,
        other_org=404,
    ),
    ("POST", "/api/institutes/projects/{id}/stop"): Op(
        path=project_path("/stop"),
        body=lambda w: {"reason": "矩阵终止"},
        allowed=PROJECT_MANAGERS,
        other_org=404,
    ),
    ("POST", "/api/institutes/projects/{id}/spendings"): Op(
        path=project_path("/spendings"),
        body=lambda w: {"spent_on": "2026-01-05", "amount": "1000.50", "purpose": "矩阵"},
        allowed={ZO: 201, PO: 201, PR: 403, EU: 403},
        other_org=404,
    ),
    ("POST", "/api/institutes/projects/{id}/patents"): Op(
        path=project_path("/patents"),
        body=lambda w: {
            "number": "CN2026MATRIX.1",
            "title": "矩阵专利",
            "kind": "utility",
            "status": "filed",
            "filed_on": "2026-01-05",
        },
        allowed={ZO: 201, PO: 201, PR: 403, EU: 403},
        other_org=404,
    ),
    ("POST", "/api/institutes/projects/{id}/standards"): Op(
        path=project_path("/standards"),
        body=lambda w: {
            "title": "矩阵标准",
            "level": "group",
            "status": "drafting",
            "started_on": "2026-01-05",
        },
        allowed={ZO: 201, PO: 201, PR: 403, EU: 403},
        other_org=404,
    ),
    ("POST", "/api/institutes/projects/{id}/trainings"): Op(
        path=project_path("/trainings"),
        body=lambda w: {"held_on": "2026-01-05", "topic": "矩阵培训", "people": 12},
        allowed={ZO: 201, PO: 201, PR: 403, EU: 403},
        other_org=404,
    ),
    ("POST", "/api/institutes/projects/{id}/incubations"): Op(
        path=project_path("/incubations", stage="incubation"),
        body=project_incubation_body,
        allowed={ZO: 201, PO: 201, PR: 403, EU: 403},
        other_org=404,
    ),
    # --- services: advisors (pool, reports) ---
    ("GET", "/api/services/advisors"): Op(path=lambda w: "/api/services/advisors", allowed=SV_POOL),
    # side B's official: the expert is not of their zone (422)
    ("POST", "/api/services/advisors"): Op(
        path=lambda w: "/api/services/advisors",
        body=sv_new_advisor_body,
        allowed={ZO: 201},
        other_org=422,
    ),
    ("GET", "/api/services/advisors/{id}"): Op(
        path=sv_advisor_path(), allowed=SV_POOL, other_org=404
    ),
    ("PATCH", "/api/services/advisors/{id}"): Op(
        path=sv_advisor_path(),
        body=lambda w: {"max_load": 4},
        allowed={ZO: 200, PO: 403, PR: 403, EU: 403, Role.ADVISOR: 403},
        other_org=404,
    ),
    ("POST", "/api/services/advisors/{id}/availability"): Op(
        path=sv_advisor_path("/availability"),
        body=lambda w: {"available": True},
        allowed={ZO: 200, Role.ADVISOR: 200, PO: 403, PR: 403, EU: 403},
        other_org=404,
    ),
    ("GET", "/api/services/domains"): Op(path=lambda w: "/api/services/domains", allowed=SV_STAFF),
    # the domains are global reference data: side B's official adds one too
    ("POST", "/api/services/domains"): Op(
        path=lambda w: "/api/services/domains",
        body=lambda w: {"code": "matrix_domain", "name": "矩阵领域"},
        allowed={ZO: 201},
        other_org=201,
    ),
    ("GET", "/api/services/reports/advisors"): Op(
        path=lambda w: "/api/services/reports/advisors", allowed=SV_STAFF
    ),
    ("GET", "/api/services/reports/domains"): Op(
        path=lambda w: "/api/services/reports/domains?year=2026", allowed=SV_STAFF
    ),
    ("GET", "/api/services/reports/parks"): Op(
        path=lambda w: "/api/services/reports/parks?year=2026", allowed=SV_STAFF
    ),
    # --- services: requests ---
    # Reading: staff, the enterprise and the advisor (lists scoped, another org sees its own
    # empty list); the steps by who takes them (the services check; others 403, out of scope
    # 404). Every step's success from each state: gaoxin/services/tests/test_requests_api.py.
    ("GET", "/api/services/requests"): Op(
        path=lambda w: "/api/services/requests", allowed=SR_READERS
    ),
    ("POST", "/api/services/requests"): Op(
        path=lambda w: "/api/services/requests",
        body=sr_staff_body,
        allowed={ZO: 201, PO: 201, EU: 201},
    ),
    ("GET", "/api/services/requests/{id}"): Op(path=sr_path(), allowed=SR_READERS, other_org=404),
    ("POST", "/api/services/requests/{id}/accept"): Op(
        path=sr_path("/accept"),
        allowed={Role.ADVISOR: 200},
        other_org=404,
    ),
    ("POST", "/api/services/requests/{id}/decline"): Op(
        path=sr_path("/decline"),
        body=lambda w: {"reason": "矩阵"},
        allowed={Role.ADVISOR: 200},
        other_org=404,
    ),
    ("POST", "/api/services/requests/{id}/schedule"): Op(
        path=sr_path("/schedule", "accepted"),
        body=sr_schedule_body,
        allowed={Role.ADVISOR: 200},
        other_org=404,
    ),
    ("POST", "/api/services/requests/{id}/complete"): Op(
        path=sr_path("/complete", "accepted"),
        body=lambda w: {"outcome": "矩阵"},
        allowed={Role.ADVISOR: 200},
        other_org=404,
    ),
    ("POST", "/api/services/requests/{id}/rate"): Op(
        path=sr_path("/rate", "completed"),
        body=lambda w: {"stars": 4},
        allowed={EU: 200},
        other_org=404,
    ),
    ("POST", "/api/services/requests/{id}/cancel"): Op(
        path=sr_path("/cancel"),
        body=lambda w: {"reason": "矩阵"},
        allowed={ZO: 200, PO: 200, EU: 200},
        other_org=404,
    ),
    ("POST", "/api/services/requests/{id}/reassign"): Op(
        path=sr_path("/reassign"),
        body=lambda w: {"reason": "矩阵"},
        allowed={ZO: 400, PO: 400},
    ),
    ("POST", "/api/services/requests/{id}/route"): Op(
        path=sr_path("/route", "new"),
        allowed={ZO: 200, PO: 200},
        other_org=404,
    ),
    ("GET", "/api/services/settings"): Op(
        path=lambda w: "/api/services/settings", allowed={ZO: 200}, other_org=200
    ),
    ("PUT", "/api/services/settings"): Op(
        path=lambda w: "/api/services/settings",
        body=lambda w: {"first_response_days": 3, "urgent_first_response_days": 1},
        allowed={ZO: 200},
        other_org=200,
    ),
    # --- services: events (consultations, seminars) ---
    ("GET", "/api/services/consultations/slots"): Op(
        path=lambda w: (ev_slot(w), "/api/services/consultations/slots")[1], allowed=EV_READERS
    ),
    ("POST", "/api/services/consultations/slots/{id}/book"): Op(
        path=ev_path("slot", "/book"),
        body=lambda w: {"topic": "矩阵议题"},
        allowed={EU: 200},
        other_org=404,
    ),
    ("POST", "/api/services/consultations/slots/{id}/release"): Op(
        path=ev_path("slot", "/release", booked=True),
        body=lambda w: {"reason": "矩阵"},
        allowed={**EV_RUNNERS, EU: 200},
        other_org=404,
    ),
    ("POST", "/api/services/consultations/slots/{id}/hold"): Op(
        path=ev_path("slot", "/hold", booked=True, past=True),
        body=lambda w: {"notes": "矩阵"},
        allowed=EV_RUNNERS,
        other_org=404,
    ),
    ("POST", "/api/services/consultations/slots/{id}/withdraw"): Op(
        path=ev_path("slot", "/withdraw"),
        body=lambda w: {"reason": "矩阵"},
        allowed=EV_RUNNERS,
        other_org=404,
    ),
    ("POST", "/api/services/consultations/series"): Op(
        path=lambda w: "/api/services/consultations/series",
        body=ev_series_body,
        allowed={ZO: 201, PO: 201, Role.ADVISOR: 201},
        other_org=400,
    ),
    ("GET", "/api/services/seminars"): Op(
        path=lambda w: (ev_seminar(w), "/api/services/seminars")[1], allowed=EV_READERS
    ),
    ("POST", "/api/services/seminars"): Op(
        path=lambda w: "/api/services/seminars",
        body=ev_seminar_body,
        allowed={ZO: 201, PO: 201},
    ),
    ("GET", "/api/services/seminars/{id}"): Op(
        path=ev_path("seminar"), allowed=EV_READERS, other_org=404
    ),
    ("POST", "/api/services/seminars/{id}/open"): Op(
        path=ev_path("seminar", "/open", state="planned"),
        allowed={**EV_MANAGERS, EU: 404},
        other_org=404,
    ),
    ("POST", "/api/services/seminars/{id}/close"): Op(
        path=ev_path("seminar", "/close"), allowed=EV_MANAGERS, other_org=404
    ),
    ("POST", "/api/services/seminars/{id}/hold"): Op(
        path=ev_path("seminar", "/hold", state="started"), allowed=EV_MANAGERS, other_org=404
    ),
    ("POST", "/api/services/seminars/{id}/cancel"): Op(
        path=ev_path("seminar", "/cancel"),
        body=lambda w: {"reason": "矩阵"},
        allowed=EV_MANAGERS,
        other_org=404,
    ),
    ("POST", "/api/services/seminars/{id}/register"): Op(
        path=ev_path("seminar", "/register"),
        body=lambda w: {"name": "矩阵参会人", "phone": "13900008888"},
        allowed={ZO: 201, PO: 201, EU: 201},
        other_org=404,
    ),
    ("GET", "/api/services/seminars/{id}/registrations"): Op(
        path=ev_path("seminar", "/registrations"), allowed=EV_MANAGERS, other_org=404
    ),
    ("POST", "/api/services/seminars/registrations/{id}/cancel"): Op(
        path=ev_path("seat", "/cancel"),
        body=lambda w: {"reason": "矩阵"},
        allowed={**EV_MANAGERS, EU: 404, PR: 404, Role.ADVISOR: 404},
        other_org=404,
    ),
    ("POST", "/api/services/seminars/registrations/{id}/attend"): Op(
        path=ev_path("seat", "/attend", started=True),
        allowed={**EV_MANAGERS, EU: 404, PR: 404, Role.ADVISOR: 404},
        other_org=404,
    ),
    # --- services: signals (resource matching, tasks, signal rules) ---
    ("GET", "/api/services/matches"): Op(
        path=lambda w: "/api/services/matches", allowed=SIG_MATCH_READERS
    ),
    ("POST", "/api/services/matches"): Op(
        path=lambda w: "/api/services/matches",
        body=sig_match_body,
        allowed={ZO: 201, PO: 201, Role.ADVISOR: 201},
    ),
    ("GET", "/api/services/matches/{match_id}"): Op(
        path=lambda w: f"/api/services/matches/{sig_match(w).pk}",
        allowed=SIG_MATCH_READERS,
        other_org=404,
    ),
    ("PATCH", "/api/services/matches/{match_id}"): Op(
        path=lambda w: f"/api/services/matches/{sig_match(w).pk}",
        body=lambda w: {"need": "矩阵"},
        allowed=SIG_MATCH_WORKERS,
        other_org=404,
    ),
    ("POST", "/api/services/matches/{match_id}/follow-ups"): Op(
        path=lambda w: f"/api/services/matches/{sig_match(w).pk}/follow-ups",
        body=lambda w: {"happened_on": sig_today(), "note": "矩阵"},
        allowed={**SIG_MATCH_WORKERS, ZO: 201, PO: 201, Role.ADVISOR: 201},
        other_org=404,
    ),
    ("POST", "/api/services/matches/{match_id}/{step}"): Op(
        path=lambda w: f"/api/services/matches/{sig_match(w).pk}/introduce",
        body=lambda w: {},
        allowed=SIG_MATCH_WORKERS,
        other_org=404,
    ),
    ("GET", "/api/services/tasks"): Op(
        path=lambda w: "/api/services/tasks", allowed=SIG_TASK_WORKERS
    ),
    ("GET", "/api/services/tasks/{task_id}"): Op(
        path=lambda w: f"/api/services/tasks/{sig_task(w).pk}",
        allowed=SIG_TASK_WORKERS,
        other_org=404,
    ),
    ("POST", "/api/services/tasks/{task_id}/done"): Op(
        path=lambda w: f"/api/services/tasks/{sig_task(w).pk}/done",
        body=lambda w: {},
        allowed=SIG_TASK_WORKERS,
        other_org=404,
    ),
    ("POST", "/api/services/tasks/{task_id}/dismiss"): Op(
        path=lambda w: f"/api/services/tasks/{sig_task(w).pk}/dismiss",
        body=lambda w: {"reason": "矩阵"},
        allowed=SIG_TASK_WORKERS,
        other_org=404,
    ),
    ("POST", "/api/services/tasks/{task_id}/reopen"): Op(
        path=lambda w: f"/api/services/tasks/{sig_task(w, 'dismissed').pk}/reopen",
        body=lambda w: {"reason": "矩阵"},
        allowed=SIG_TASK_WORKERS,
        other_org=404,
    ),
    ("POST", "/api/services/tasks/{task_id}/assign"): Op(
        path=lambda w: f"/api/services/tasks/{sig_task(w).pk}/assign",
        body=lambda w: {"advisor": sig_advisor(w).pk},
        allowed={ZO: 200, PO: 200, Role.ADVISOR: 403},
        other_org=404,
    ),
    ("GET", "/api/services/signal-rules"): Op(
        path=lambda w: "/api/services/signal-rules", allowed={ZO: 200}
    ),
    ("PUT", "/api/services/signal-rules/{kind}"): Op(
        path=lambda w: "/api/services/signal-rules/qual_expiring",
        body=lambda w: {"enabled": True, "action": "notify", "days": 60},
        allowed={ZO: 200},
    ),
    ("POST", "/api/services/signal-rules/scan"): Op(
        path=lambda w: "/api/services/signal-rules/scan", allowed={ZO: 200}
    ),
    ("GET", "/api/me"): Op(path=lambda w: "/api/me", default=200),
    ("GET", "/api/enterprises"): Op(path=lambda w: "/api/enterprises", allowed=VISIBLE),
    ("POST", "/api/enterprises"): Op(
        path=lambda w: "/api/enterprises", body=new_enterprise, allowed={ZO: 201, PO: 422}
    ),
    ("GET", "/api/enterprises/{enterprise_id}"): Op(
        path=ent_path(), allowed=VISIBLE, default=404, other_org=404
    ),
    ("PATCH", "/api/enterprises/{enterprise_id}"): Op(
        path=ent_path(),
        body=lambda w: {"address": "郑州市高新区科学大道100号"},
        allowed=EDIT,
        default=404,
        other_org=404,
    ),
    ("PUT", "/api/enterprises/{enterprise_id}/facts/{year}"): Op(
        path=ent_path("/facts/2024"),
        body=lambda w: {"revenue": "1000.00"},
        allowed={ZO: 201, PO: 202, EU: 202, PR: 403},
        default=404,
        other_org=404,
    ),
    ("GET", "/api/enterprises/{enterprise_id}/records"): Op(
        path=ent_path("/records"), allowed=VISIBLE, default=404, other_org=404
    ),
    ("GET", "/api/verification/queue"): Op(
        path=lambda w: "/api/verification/queue", allowed={ZO: 200}
    ),
    ("POST", "/api/verification/{record_id}/verify"): Op(
        path=lambda w: f"/api/verification/{pending_record(w).pk}/verify",
        body=lambda w: {"reason": ""},
        allowed={ZO: 200},
        other_org=404,
    ),
    ("POST", "/api/verification/{record_id}/reject"): Op(
        path=lambda w: f"/api/verification/{pending_record(w).pk}/reject",
        body=lambda w: {"reason": "证书编号与名单不符"},
        allowed={ZO: 200},
        other_org=404,
    ),
    ("POST", "/api/verification/verify"): Op(
        path=lambda w: "/api/verification/verify",
        body=lambda w: {"ids": [pending_record(w).pk]},
        allowed={ZO: 200},
        other_org=409,  # another zone's id is "not awaiting your verification", as a missing one
    ),
    ("POST", "/api/department-imports"): Op(
        path=lambda w: "/api/department-imports", body=department_list, allowed={ZO: 202}
    ),
    ("GET", "/api/department-imports/{job_id}"): Op(
        path=lambda w: f"/api/department-imports/{department_job_of_a(w).pk}",
        allowed={ZO: 200},
        other_org=404,
    ),
    ("POST", "/api/firstset/calc"): Op(
        path=lambda w: "/api/firstset/calc",
        public=True,
        default=200,
        body=lambda w: {
            "jurisdiction": "CN",
            "policies": [
                {
                    "id": "p1",
                    "equipment": "e",
                    "start": "2020-01-01",
                    "end": "2020-12-31",
                    "sum_insured": "50000000",
                    "premium": "1250000",
                }
            ],
        },
    ),
    ("POST", "/api/firstset/check"): Op(
        path=lambda w: "/api/firstset/check",
        public=True,
        default=200,
        body=lambda w: {
            "indicators": [{"name": "p", "unit": "kg", "direction": ">=", "threshold": "500"}],
            "declared": {"p": "500"},
        },
    ),
    ("GET", "/api/policies"): Op(path=lambda w: "/api/policies", public=True, default=200),
    ("POST", "/api/policies/evaluate"): Op(
        path=lambda w: "/api/policies/evaluate",
        public=True,
        default=200,
        body=lambda w: {
            "criteria": {">=": [{"var": "rnd_ratio"}, 3]},
            "formula": {"min": [{"/": [{"var": "rnd_expense"}, 10]}, 5000000]},
            "facts": {"rnd_ratio": 2.5, "rnd_expense": 900000},
        },
    ),
    ("GET", "/api/policies/calculator"): Op(
        path=lambda w: f"/api/policies/calculator?enterprise={w.a.enterprise.pk}",
        allowed={ZO: 200, PO: 200, EU: 200},
        other_org=404,
    ),
    ("POST", "/api/policies/calculator/what-if"): Op(
        path=lambda w: "/api/policies/calculator/what-if",
        body=lambda w: {"enterprise": w.a.enterprise.pk, "facts": {"rnd_ratio": "3.5"}},
        allowed={ZO: 200, PO: 200, EU: 200},
        other_org=404,
    ),
    ("GET", "/api/policies/{policy_id}"): Op(
        path=lambda w: f"/api/policies/{published_policy(w).pk}", public=True, default=200
    ),
    ("GET", "/api/policies/{policy_id}/matches"): Op(
        path=lambda w: f"/api/policies/{published_policy(w).pk}/matches",
        allowed={ZO: 200, PO: 200},
        other_org=404,
    ),
    ("GET", "/api/reporting"): Op(path=lambda w: "/api/reporting", allowed={ZO: 200}),
    ("POST", "/api/reporting"): Op(
        path=lambda w: "/api/reporting", body=new_campaign, allowed={ZO: 201}
    ),
    ("GET", "/api/reporting/tasks"): Op(path=lambda w: "/api/reporting/tasks", allowed={EU: 200}),
    ("GET", "/api/reporting/{campaign_id}"): Op(
        path=campaign_path(), allowed={ZO: 200}, other_org=404
    ),
    ("POST", "/api/reporting/{campaign_id}/close"): Op(
        path=campaign_path("/close"),
        body=lambda w: {"reason": ""},
        allowed={ZO: 200},
        other_org=404,
    ),
    ("GET", "/api/reporting/{campaign_id}/rows"): Op(
        path=campaign_path("/rows"), allowed={ZO: 200}, other_org=404
    ),
    ("POST", "/api/reporting/{campaign_id}/verify"): Op(
        path=campaign_path("/verify"),
        body=lambda w: {"ids": [submission_of_a(w).pk]},
        allowed={ZO: 200},
        other_org=404,
    ),
    ("POST", "/api/reporting/{campaign_id}/verify-matching"): Op(
        path=lambda w: f"/api/reporting/{matching_submission(w).pk}/verify-matching",
        allowed={ZO: 200},
        other_org=404,
    ),
    # Applications: an enterprise user sees their own; zone officials and the auditor their
    # zone's; a stage owner (the provincial reviewer of side A) those that have reached a stage
    # they own (here not yet: 404); a review is decided by its stage's owner only.
    ("GET", "/api/applications"): Op(path=lambda w: "/api/applications", default=200),
    ("GET", "/api/applications/{application_id}"): Op(
        path=lambda w: f"/api/applications/{application_of_a(w).pk}",
        allowed={ZO: 200, EU: 200, Role.AUDITOR: 200},
        default=404,
        other_org=404,
    ),
    ("GET", "/api/reviews"): Op(path=lambda w: "/api/reviews", default=200),
    ("POST", "/api/reviews/{review_id}/decision"): Op(
        path=lambda w: f"/api/reviews/{review_of_a(w).pk}/decision",
        body=lambda w: {"action": "return", "opinion": "材料不全", "points": "补充证书"},
        allowed={ZO: 200, EU: 403, Role.AUDITOR: 403},
        default=404,
        other_org=404,
    ),
    ("GET", "/api/experts"): Op(
        path=lambda w: "/api/experts", allowed={ZO: 200, Role.AUDITOR: 200}
    ),
    ("GET", "/api/experts/draws/{draw_id}"): Op(
        path=lambda w: f"/api/experts/draws/{draw_of_a(w).pk}",
        allowed={ZO: 200, PR: 200, Role.AUDITOR: 200},
        other_org=404,
    ),
    ("GET", "/api/funds"): Op(path=lambda w: "/api/funds", allowed=FUND_READERS),
    ("GET", "/api/funds/{fund_id}"): Op(path=fund_path(), allowed=FUND_READERS, other_org=404),
    ("GET", "/api/funds/{fund_id}/commitments"): Op(
        path=fund_path("/commitments"), allowed=FUND_READERS, other_org=404
    ),
    ("POST", "/api/funds/{fund_id}/disbursements"): Op(
        path=fund_path("/disbursements"),
        body=disbursement,
        headers={"Idempotency-Key": "matrix-1"},
        allowed={ZO: 201},
        other_org=404,
    ),
    ("GET", "/api/firstset/catalog"): Op(
        path=lambda w: "/api/firstset/catalog", public=True, default=200
    ),
    ("GET", "/api/firstset/catalog/{entry_id}"): Op(
        path=lambda w: f"/api/firstset/catalog/{w.entry.pk}", public=True, default=200
    ),
    # --- parks (parks and spaces) ---
    # Zone officials, park operators and provincial reviewers read the parks they see (other
    # roles 403); the park's zone officials and operator write its units (the reviewer 403).
    ("GET", "/api/parks"): Op(path=lambda w: "/api/parks", allowed=PARK_READERS),
    ("GET", "/api/parks/{park_id}"): Op(path=park_path(), allowed=PARK_READERS, other_org=404),
    ("GET", "/api/parks/{park_id}/spaces"): Op(
        path=park_path("/spaces?occupancy=free"), allowed=PARK_READERS, other_org=404
    ),
    ("POST", "/api/parks/{park_id}/spaces"): Op(
        path=park_path("/spaces"),
        body=new_space,
        allowed={ZO: 201, PO: 201, PR: 403},
        other_org=404,
    ),
    ("PATCH", "/api/parks/{park_id}/spaces/{space_id}"): Op(
        path=lambda w: f"/api/parks/{w.a.park.pk}/spaces/{space_of_a(w).pk}",
        body=lambda w: {"area": "450.00", "monthly_rent": "40"},
        allowed={ZO: 200, PO: 200, PR: 403},
        other_org=404,
    ),
    ("POST", "/api/parks/{park_id}/spaces/{space_id}/occupancy"): Op(
        path=lambda w: f"/api/parks/{w.a.park.pk}/spaces/{space_of_a(w).pk}/occupancy",
        body=lambda w: {
            "occupancy": "reserved",
            "occupant": w.a.enterprise.pk,
            "reason": "签约预留",
        },
        allowed={ZO: 200, PO: 200, PR: 403},
        other_org=404,
    ),
    #
    # --- clusters (segments, chain map, targets) ---
    # Readers: zone officials, the operators of the cluster's parks, provincial reviewers;
    # memberships change by the zone's officials and the park operators (reviewer: 403).
    ("GET", "/api/clusters"): Op(
        path=lambda w: "/api/clusters", allowed={ZO: 200, PO: 200, PR: 200}
    ),
    ("GET", "/api/clusters/{cluster_id}"): Op(
        path=lambda w: f"/api/clusters/{matrix_segment(w).cluster_id}",
        allowed={ZO: 200, PO: 200, PR: 200},
        other_org=404,
    ),
    ("GET", "/api/clusters/{cluster_id}/chain"): Op(
        path=lambda w: f"/api/clusters/{matrix_segment(w).cluster_id}/chain",
        allowed={ZO: 200, PO: 200, PR: 200},
        other_org=404,
    ),
    ("GET", "/api/clusters/{cluster_id}/targets"): Op(
        path=lambda w: f"/api/clusters/{matrix_segment(w).cluster_id}/targets",
        allowed={ZO: 200, PO: 200, PR: 200},
        other_org=404,
    ),
    ("GET", "/api/clusters/segments/{segment_id}"): Op(
        path=lambda w: f"/api/clusters/segments/{matrix_segment(w).pk}",
        allowed={ZO: 200, PO: 200, PR: 200},
        other_org=404,
    ),
    ("POST", "/api/clusters/segments/{segment_id}/members"): Op(
        path=lambda w: f"/api/clusters/segments/{matrix_segment(w).pk}/members",
        body=lambda w: {"enterprise": new_member_of_a(w).pk, "note": "矩阵"},
        allowed={ZO: 201, PO: 201, PR: 403},
        other_org=404,
    ),
    ("DELETE", "/api/clusters/segments/{segment_id}/members/{enterprise_id}"): Op(
        path=lambda w: f"/api/clusters/segments/{matrix_segment(w).pk}/members/{w.a.enterprise.pk}",
        allowed={ZO: 204, PO: 204, PR: 403},
        other_org=404,
    ),
    # --- investment (leads, signings) ---
    ("GET", "/api/investment/leads"): Op(
        path=lambda w: "/api/investment/leads", allowed=LEAD_READERS
    ),
    ("POST", "/api/investment/leads"): Op(
        path=lambda w: "/api/investment/leads",
        body=lambda w: {"firm_name": "矩阵目标企业", "source": "other", "park": w.a.park.pk},
        allowed={ZO: 201, PO: 201},
    ),
    ("GET", "/api/investment/leads/{lead_id}"): Op(
        path=lead_path(), allowed=LEAD_READERS, other_org=404
    ),
    ("PATCH", "/api/investment/leads/{lead_id}"): Op(
        path=lead_path(), body=lambda w: {"note": "矩阵"}, allowed=LEAD_WORKERS, other_org=404
    ),
    ("POST", "/api/investment/leads/{lead_id}/transitions"): Op(
        path=lead_path("/transitions"),
        body=lambda w: {"name": "visit", "note": "矩阵"},
        allowed=LEAD_WORKERS,
        other_org=404,
    ),
    ("POST", "/api/investment/leads/{lead_id}/signing"): Op(
        path=lead_path("/signing", stage="negotiation"),
        body=lambda w: {"signed_on": "2025-04-25", "amount": "1000", "note": "矩阵"},
        allowed={ZO: 201, PO: 201, PR: 403},
        other_org=404,
    ),
    ("POST", "/api/investment/leads/{lead_id}/settle"): Op(
        path=lead_path("/settle", stage="signed"),
        body=settle_body,
        allowed=LEAD_WORKERS,
        other_org=404,
    ),
    ("GET", "/api/investment/signings"): Op(
        path=lambda w: "/api/investment/signings", allowed=LEAD_READERS
    ),
    ("GET", "/api/investment/funnel"): Op(
        path=lambda w: "/api/investment/funnel", allowed=LEAD_READERS
    ),
    # --- firstset: qualifications (declarations, requests, qualifications, results) ---
    # Declarations: enterprise users (their own), zone officials and provincial reviewers read
    # (another organisation's 404); only enterprise users declare. Qualifications: the same
    # readers plus the auditor. The published results are public.
    ("GET", "/api/firstset/declarations"): Op(
        path=lambda w: "/api/firstset/declarations", allowed=FS_DECLARATION_READERS
    ),
    ("POST", "/api/firstset/declarations"): Op(
        path=lambda w: "/api/firstset/declarations",
        body=lambda w: _fs_declaration_body(),
        allowed={Role.ENTERPRISE_USER: 201},
    ),
    ("GET", "/api/firstset/declarations/{declaration_id}"): Op(
        path=lambda w: f"/api/firstset/declarations/{_fs_program(w).declaration.pk}",
        allowed=FS_DECLARATION_READERS,
        other_org=404,
    ),
    ("GET", "/api/firstset/qualifications"): Op(
        path=lambda w: "/api/firstset/qualifications", allowed=FS_QUALIFICATION_READERS
    ),
    ("GET", "/api/firstset/qualifications/{qualification_id}"): Op(
        path=lambda w: f"/api/firstset/qualifications/{_fs_program(w).qualification.pk}",
        allowed=FS_QUALIFICATION_READERS,
        other_org=404,
    ),
    ("GET", "/api/firstset/results"): Op(
        path=lambda w: "/api/firstset/results", public=True, default=200
    ),
    # --- firstset: insurance (policies, subsidy claims) ---
    # Policies and claims: the enterprise its own, zone officials their zone's, reviewers their
    # province's (another zone's: 404; other roles 403). Registering is the enterprise's (a
    # reviewer or official gets 403; side B's enterprise names side A's qualification: 422);
    # verifying the officials' (the enterprise: 403).
    ("GET", "/api/firstset/insurance-policies"): Op(
        path=lambda w: "/api/firstset/insurance-policies", allowed={EU: 200, ZO: 200, PR: 200}
    ),
    ("POST", "/api/firstset/insurance-policies"): Op(
        path=lambda w: "/api/firstset/insurance-policies",
        body=lambda w: _insurance().matrix_policy_body(w),
        allowed={EU: 201},
        other_org=422,
    ),
    ("GET", "/api/firstset/insurance-policies/{policy_id}"): Op(
        path=lambda w: f"/api/firstset/insurance-policies/{_insurance().matrix_policy(w).pk}",
        allowed={EU: 200, ZO: 200, PR: 200},
        other_org=404,
    ),
    ("POST", "/api/firstset/insurance-policies/{policy_id}/verify"): Op(
        path=lambda w: (
            f"/api/firstset/insurance-policies/{_insurance().matrix_policy(w).pk}/verify"
        ),
        body=lambda w: {"reason": "已核对保单与缴费凭证"},
        allowed={ZO: 200, PR: 200},
        other_org=404,
    ),
    ("GET", "/api/firstset/claims"): Op(
        path=lambda w: "/api/firstset/claims", allowed={EU: 200, ZO: 200, PR: 200}
    ),
    ("GET", "/api/firstset/claims/{claim_id}"): Op(
        path=lambda w: f"/api/firstset/claims/{_insurance().matrix_claim(w).pk}",
        allowed={EU: 200, ZO: 200, PR: 200},
        other_org=404,
    ),
    # --- firstset: insurance end ---
    # --- firstset: supervision (claw-back, bans, alerts) ---
    # Zone officials and auditors (their zone), provincial reviewers (their province); scoped
    # lists (another organisation reads its own: 200); other roles 403.
    **{
        ("GET", path): Op(
            path=lambda w, path=path: path,
            allowed={ZO: 200, PR: 200, Role.AUDITOR: 200},
            other_org=200,
        )
        for path in (
            "/api/firstset/supervision",
            "/api/firstset/supervision/report",
            "/api/firstset/bans",
        )
    },
    # --- firstset: certificates ---
    # Verifying a tender certificate's code is public (anyone, any role, same answer; no
    # amounts): gaoxin/firstset/tests/test_certificates_api.py covers its states and the limit.
    ("GET", "/api/firstset/verify/{code}"): Op(
        path=lambda w: (
            "/api/firstset/verify/"
            + __import__("gaoxin.firstset.tests.factories_certificates", fromlist=["_"])
            .qualification_of_a(w)
            .verify_code
        ),
        public=True,
        default=200,
    ),
    # --- firstset: proposals (catalog revision feedback) and estimator ---
    # Enterprise users, zone officials and provincial reviewers read the proposals in their
    # reach (side A's proposal is 404 from side B); only enterprise users propose.
    ("GET", "/api/firstset/proposals"): Op(
        path=lambda w: "/api/firstset/proposals", allowed={EU: 200, ZO: 200, PR: 200}
    ),
    ("GET", "/api/firstset/proposals/{proposal_id}"): Op(
        path=lambda w: "/api/firstset/proposals/{}".format(
            __import__("gaoxin.firstset.tests.factories_proposals", fromlist=["x"])
            .proposal_of_a(w)
            .pk
        ),
        allowed={EU: 200, ZO: 200, PR: 200},
        other_org=404,
    ),
    ("POST", "/api/firstset/proposals"): Op(
        path=lambda w: "/api/firstset/proposals",
        body=lambda w: __import__(
            "gaoxin.firstset.tests.factories_proposals", fromlist=["x"]
        ).new_entry_body(w),
        allowed={EU: 201},
    ),
    # --- events ---
    # Reading events and registering are public (anonymous: public events; the zone's staff also
    # non-public ones: side A's hidden event is 404 for anyone else); creating is for zone
    # officials and park operators (another zone's park in the body: 400); changing an event
    # and reading its registrations for its managers (the reviewer reads it: 403; others 404).
    ("GET", "/api/events"): Op(path=lambda w: "/api/events", public=True, default=200),
    ("GET", "/api/events/{event_id}"): Op(
        path=lambda w: f"/api/events/{_events().hidden_event_of_a(w).pk}",
        public=True,
        default=404,
        allowed={ZO: 200, PO: 200, PR: 200},
        other_org=404,
    ),
    ("POST", "/api/events"): Op(
        path=lambda w: "/api/events",
        body=lambda w: {
            "kind": "briefing",
            "title": "矩阵测试活动",
            "starts_on": "2030-01-15",
            "venue": "报告厅",
            "park": w.a.park.pk,
        },
        allowed={ZO: 201, PO: 201},
        other_org=400,
    ),
    ("PATCH", "/api/events/{event_id}"): Op(
        path=lambda w: f"/api/events/{_events().open_event_of_a(w).pk}",
        body=lambda w: {"theme": "新主题"},
        allowed={ZO: 200, PO: 200, PR: 403},
        default=404,
        other_org=404,
    ),
    ("GET", "/api/events/{event_id}/registrations"): Op(
        path=lambda w: f"/api/events/{_events().open_event_of_a(w).pk}/registrations",
        allowed={ZO: 200, PO: 200, PR: 403},
        default=404,
        other_org=404,
    ),
    ("POST", "/api/events/{event_id}/registrations"): Op(
        path=lambda w: f"/api/events/{_events().open_event_of_a(w).pk}/registrations",
        body=lambda w: {"name": "张三", "phone": "13812341234"},
        public=True,
        default=201,
    ),
}


def _insurance():
    from gaoxin.firstset.tests import factories_insurance

    return factories_insurance


def _events():
    from gaoxin.events.tests import factories

    return factories


def test_every_operation_is_covered():
    from config.api import api

    schema = api.get_openapi_schema()
    found = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    missing = sorted(found - set(OPERATIONS))
    assert not missing, f"add these operations to the API permission matrix: {missing}"


@pytest.fixture
def w(world):
    from gaoxin.firstset.tests.factories import EntryFactory

    world.entry = EntryFactory()
    return world


def call(client: Client, method: str, path: str, body=None, headers=None):
    if isinstance(body, Multipart):
        return getattr(client, method.lower())(path, data=dict(body), headers=headers)
    kwargs = {"content_type": "application/json", "headers": headers}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method.lower())(path, **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(OPERATIONS), ids=lambda k: f"{k[0]} {k[1]}")
def test_anonymous(w, key):
    op = OPERATIONS[key]
    response = call(Client(), key[0], op.path(w), op.body(w) if op.body else None, op.headers)
    assert response.status_code == (op.default if op.public else 401), response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("key", sorted(OPERATIONS), ids=lambda k: f"{k[0]} {k[1]}")
def test_role(w, key, role):
    op = OPERATIONS[key]
    client = Client()
    client.force_login(w.a.users[role])
    response = call(client, key[0], op.path(w), op.body(w) if op.body else None, op.headers)
    assert response.status_code == op.expected(role), (role, response.content[:300])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key", sorted(k for k, op in OPERATIONS.items() if op.other_org), ids=lambda k: f"{k[0]} {k[1]}"
)
def test_other_organisation(w, key):
    op = OPERATIONS[key]
    for role, status in op.allowed.items():
        if status >= 400:
            continue
        client = Client()
        client.force_login(w.b.users[role])
        response = call(client, key[0], op.path(w), op.body(w) if op.body else None, op.headers)
        assert response.status_code == op.other_org, (role, response.status_code)
