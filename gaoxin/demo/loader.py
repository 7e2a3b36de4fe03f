"""Writing the demo plan into the database: idempotent, one transaction, every creation audited.

Each record is looked up by its natural key (organisation name, park name, enterprise credit
code, username). A record that exists is left exactly as it is — the loader never updates or
deletes — so running it again changes nothing, and an edited demo record stays edited. An
enterprise's yearly facts, qualifications and contacts are created with the enterprise and
only then.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import OrganisationKind
from gaoxin.accounts.models import Organisation, User
from gaoxin.accounts.services import organisation_create, user_create
from gaoxin.audit.services import record
from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.choices import Membership
from gaoxin.enterprises.models import Contact, Enterprise, FactRecord, Qualification, YearlyFact
from gaoxin.enterprises.services import enterprise_register
from gaoxin.parks.models import Park, Platform

from . import provenance, seed
from .generate import EnterprisePlan, Plan, build_plan

REASON = "示例数据: gaoxin load-demo"
ENTERPRISE_PREFIX = "enterprise:"
# The order `gaoxin load-demo` reports the counts in.
KINDS = (
    "organisations",
    "parks",
    "enterprises",
    "yearly_facts",
    "qualifications",
    "contacts",
    "users",
)


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return sum(self.created.values()) > 0


def describe(report: LoadReport) -> list[str]:
    """What `gaoxin load-demo` prints about the zone, its firms and its accounts."""
    if not report.changed:
        return ["Demo data already loaded; nothing changed."]
    created = ", ".join(f"{report.created[k]} {k}" for k in KINDS if report.created[k])
    lines = [f"Demo data loaded: {created}."]
    existing = ", ".join(f"{report.existing[k]} {k}" for k in KINDS if report.existing[k])
    if existing:
        lines.append(f"Already present and left unchanged: {existing}.")
    return lines


@demo_loader("zone", order=0, describe=describe)
def load_demo(plan: Plan | None = None) -> LoadReport:
    """Load the demo into the database; returns what was created and what was already there."""
    plan = plan or build_plan()
    report = LoadReport()
    with transaction.atomic():
        orgs = _organisations(plan, report)
        parks = _parks(plan, orgs, report)
        for spec in plan.enterprises:
            enterprise = _enterprise(spec, orgs, parks, report)
            orgs[ENTERPRISE_PREFIX + spec.name] = enterprise.organisation
        _accounts(plan, orgs, report)
        if report.changed:
            record(
                action="demo.load",
                actor=None,
                summary=_("Loaded the demo data"),
                data={"created": dict(report.created), "existing": dict(report.existing)},
                reason=REASON,
            )
    return report


def _organisations(plan: Plan, report: LoadReport) -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for spec in plan.organisations:  # parents come before their units
        org = Organisation.objects.filter(name=spec.name).first()
        if org is None:
            org = organisation_create(
                actor=None,
                reason=REASON,
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                parent=orgs[spec.parent] if spec.parent else None,
                zone=orgs[spec.zone] if spec.zone else None,
                region_code=spec.region_code,
                is_sample=spec.is_sample,
            )
            report.created["organisations"] += 1
        else:
            report.existing["organisations"] += 1
        orgs[spec.key] = org
    return orgs


def _parks(plan: Plan, orgs: dict[str, Organisation], report: LoadReport) -> dict[str, Park]:
    parks: dict[str, Park] = {}
    for spec in plan.parks:
        park = Park.objects.filter(name=spec.name).first()
        if park is None:
            park = Park(
                name=spec.name,
                zone=orgs[spec.zone],
                operator=orgs[spec.operator],
                focus=spec.focus,
                recognitions="\n".join(spec.recognitions),
                is_sample=spec.is_sample,
            )
            park.full_clean()
            park.save()
            for order, (name, kind) in enumerate(spec.platforms):
                Platform.objects.create(park=park, name=name, kind=kind, order=order)
            record(
                action="parks.park.create",
                actor=None,
                obj=park,
                summary=_("Created park %(name)s") % {"name": park.name},
                data={"operator_id": park.operator_id, "zone_id": park.zone_id},
                reason=REASON,
            )
            report.created["parks"] += 1
        else:
            report.existing["parks"] += 1
        parks[spec.key] = park
    return parks


def _enterprise(
    spec: EnterprisePlan,
    orgs: dict[str, Organisation],
    parks: dict[str, Park],
    report: LoadReport,
) -> Enterprise:
    existing = Enterprise.objects.select_related("organisation").filter(uscc=spec.uscc).first()
    if existing is not None:
        report.existing["enterprises"] += 1
        return existing
    zone = orgs[seed.COMMITTEE]
    organisation = _organisation(spec, zone, report)
    enterprise = _register(spec, zone, organisation, parks)
    _fill_file(enterprise, spec)
    report.created["enterprises"] += 1
    report.created["yearly_facts"] += len(spec.facts)
    report.created["qualifications"] += len(spec.qualifications)
    report.created["contacts"] += len(spec.contacts)
    return enterprise


def _organisation(spec: EnterprisePlan, zone: Organisation, report: LoadReport) -> Organisation:
    """The enterprise's organisation: the one of its name made before, or a new one."""
    organisation = Organisation.objects.filter(name=spec.name).first()
    if organisation is None:
        # Firms outside the zone (新乡化纤, 保定天鹅) still get the zone: Enterprise.zone is
        # required. They are in the registry as members of the zone's research institute.
        organisation = organisation_create(
            actor=None,
            reason=REASON,
            name=spec.name,
            kind=OrganisationKind.ENTERPRISE,
            zone=zone,
            is_sample=spec.org_is_sample,
        )
        report.created["organisations"] += 1
    return organisation


def _register(
    spec: EnterprisePlan, zone: Organisation, organisation: Organisation, parks: dict[str, Park]
) -> Enterprise:
    """The enterprise's file, registered through the service (audited)."""
    return enterprise_register(
        actor=None,
        enterprise=Enterprise(
            name=spec.name,
            uscc=spec.uscc,
            legal_representative=spec.legal_representative,
            address=spec.address,
            region_code=spec.region_code,
            industry_code=spec.industry_code,
            industry_name=spec.industry_name,
            zone=zone,
            park=parks[spec.park] if spec.park else None,
            stage=spec.stage,
            founded_on=spec.founded_on,
            membership=(
                Membership.ZONE if spec.region_code == seed.ZONE_REGION else Membership.PARTNER
            ),
            organisation=organisation,
            is_sample=spec.is_sample,
        ),
        reason=REASON,
        audit_data={
            "yearly_facts": [fact.year for fact in spec.facts],
            "qualifications": [q.kind for q in spec.qualifications],
            "contacts": len(spec.contacts),
        },
    )


def _fill_file(enterprise: Enterprise, spec: EnterprisePlan) -> None:
    """The enterprise's yearly figures and qualifications (with the department records they
    come from) and its contacts."""
    facts = [YearlyFact(enterprise=enterprise, **asdict(fact)) for fact in spec.facts]
    qualifications = [
        Qualification(enterprise=enterprise, **asdict(qualification))
        for qualification in spec.qualifications
    ]
    for obj in (*facts, *qualifications):
        _save(obj)
    FactRecord.objects.bulk_create(provenance.department_records(enterprise, facts, qualifications))
    for contact in spec.contacts:
        _save(Contact(enterprise=enterprise, **asdict(contact)))


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


def _accounts(plan: Plan, orgs: dict[str, Organisation], report: LoadReport) -> None:
    for spec in plan.accounts:
        if User.objects.filter(username=spec.username).exists():
            report.existing["users"] += 1
            continue
        user_create(
            actor=None,
            reason=REASON,
            username=spec.username,
            password=seed.DEMO_PASSWORD,
            organisation=orgs[spec.organisation],
            role=spec.role,
            display_name=spec.display_name,
            title=spec.title,
            # Demo convenience only: a real account must choose its own password at first login.
            must_change_password=False,
            is_sample=spec.is_sample,
        )
        report.created["users"] += 1
