"""The 免申即享 demo: one grant round of the sample R&D expense subsidy, already in its public
notice, so that the workflow and the public notice page have something to show.

Everything goes through the services (matched on today's data, amounts from the policy's
formula — nothing is typed in) and is audited. Idempotent: nothing happens when the policy
already has a round, or when the policy demo is not loaded. ``gaoxin load-demo`` calls
:func:`load_grants_demo` after the policy demo.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from gaoxin.core.errors import DomainError
from gaoxin.core.registry import demo_loader
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.demo import ZONE_NAME
from gaoxin.policies.models import Policy

from . import services

POLICY_TITLE = "郑州高新区企业研发费用后补助政策"
CONTACT = (
    "郑州高新区管委会经济发展部（示例）\n"
    "电话：0371-6799 0000（工作日 9:00–17:00）\n"
    "书面异议请注明异议人姓名、联系方式及理由，寄送或当面递交至经济发展部。"
)


@dataclass
class GrantsDemoReport:
    created: bool = False
    candidates: int = 0
    published: bool = False
    note: str = ""


def describe(report: GrantsDemoReport) -> list[str]:
    if not report.created:
        return []
    state = "in public notice" if report.published else f"not published: {report.note}"
    return [f"免申即享 demo round: {report.candidates} candidates, {state}."]


@demo_loader("grants", order=30, after=["policies", "holidays"], describe=describe)
def load_grants_demo() -> GrantsDemoReport:
    """Create the demo round and publish its notice (today, five working days)."""
    report = GrantsDemoReport()
    policy = Policy.objects.filter(
        zone__name=ZONE_NAME, title=POLICY_TITLE, delivery_mode=DeliveryMode.NO_APPLICATION
    ).first()
    if policy is None or policy.grant_rounds.exists():
        return report
    today = timezone.localdate()
    grant_round = services.round_create(actor=None, policy=policy, as_of=today)
    report.created = True
    report.candidates = grant_round.candidates.count()
    if not report.candidates:
        return report
    try:
        services.notice_publish(
            actor=None, grant_round=grant_round, contact=CONTACT, published_on=today
        )
        report.published = True
    except DomainError as error:  # e.g. the working-day calendar does not reach the period
        report.note = error.message
    return report
