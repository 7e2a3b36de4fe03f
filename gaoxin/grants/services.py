"""The 免申即享 workflow: every step is one transaction with its audit event.

candidates ─publish─▶ notice ─confirm─▶ confirmed (─export─▶ exported, repeatable ─pay─▶ paid)

The round's status moves only through ``ROUND_WORKFLOW`` (``workflows.py``, the codebase's one
transitions mechanism), which writes the audit event of the step.

- ``round_create``: match the policy's version in force on ``as_of`` over the zone's
  enterprises (``policies.matching.match.match_policy``, set-based) and store one candidate per
  matching enterprise with its amount from the version's formula and the facts it used;
- ``candidate_exclude``: take a candidate off the list before the notice (reason required);
- ``notice_publish``: the public notice (兑前公示) for N Chinese working days;
- ``objection_record`` / ``objection_lodge`` / ``objection_lodge_public`` / ``objection_resolve``:
  objections (异议) during the notice (an official records one received by phone or letter; an
  enterprise user or an anonymous visitor lodges one online, rate-limited per address for the
  latter); an upheld objection removes the candidate;
- ``round_confirm``: once the notice has ended and no objection is open; the confirmed amounts
  are committed in the policy's fund (``ledger.py``), refused whole when the fund cannot hold them;
- ``round_export``: the confirmed list for payment (Excel), each export audited;
- ``round_pay`` (``payment.py``): the payment (拨付) of an exported round, recorded once and
  disbursed from the fund's commitments.

The enterprises are told in their inbox when put on a notice, removed or paid (``inbox.py``).

A step in the wrong state raises InvalidTransitionError saying what the round is waiting for.
``actor=None`` is the command line or the demo loader (trusted).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gaoxin.audit.changes import field_changes
from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import record
from gaoxin.core.collation import pinyin_key
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.validators import normalise_phone
from gaoxin.policies.choices import DeliveryMode, PolicyStatus
from gaoxin.policies.matching.catalog import CATALOG
from gaoxin.policies.matching.facts import fact_sources, facts_frame
from gaoxin.policies.matching.match import match_policy
from gaoxin.policies.models import Policy, PolicyVersion
from gaoxin.policies.selectors import version_in_force
from rulebook.criteria import compile_criteria, compile_formula, evaluate_amount

from . import rules
from .excel import write_confirmed_list
from .inbox import tell_on_notice, tell_removed
from .ledger import commit_round
from .models import (
    CandidateStatus,
    GrantCandidate,
    GrantRound,
    Objection,
    ObjectionChannel,
    ObjectionStatus,
    Publication,
    RoundStatus,
)
from .workdays import notice_period
from .workflows import ROUND_WORKFLOW

DEFAULT_WORKING_DAYS = 5
# DecimalField(max_digits=16, decimal_places=2): 14 digits before the point.
AMOUNT_LIMIT = Decimal(10) ** 14
CHUNK = 2000
# Online objections from anonymous visitors, per client address and hour (settings may lower it).
PUBLIC_OBJECTIONS_PER_HOUR = 3


def _day(value: datetime.date) -> str:
    return date_format(value, "Y-m-d")


def _require_manager(actor, policy: Policy) -> None:
    if actor is None:
        return
    if not rules.can_manage(actor, policy):
        raise PermissionDeniedError(_("Only the zone's officials run the rounds of its policies."))


def _required(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(_("%(field)s: this field is required.") % {"field": label}, field=field)
    return value


def _locked(grant_round: GrantRound) -> GrantRound:
    return GrantRound.objects.select_for_update().select_related("policy").get(pk=grant_round.pk)


def _expect(grant_round: GrantRound, status: str) -> None:
    """InvalidTransitionError unless the round is at ``status``, naming the step it is at."""
    if grant_round.status == status:
        return
    messages = {
        RoundStatus.CANDIDATES: _(
            "Round %(number)s is still a candidate list: publish the notice first."
        ),
        RoundStatus.NOTICE: _(
            "Round %(number)s is in its public notice: this step is not possible now."
        ),
        RoundStatus.CONFIRMED: _("Round %(number)s is already confirmed: it cannot change."),
    }
    raise InvalidTransitionError(messages[grant_round.status] % {"number": grant_round.number})


def _jsonable(value: Any) -> Any:
    """A fact value for the JSON snapshot: Decimals and dates as strings, sets sorted."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    return value


def estimate(
    version: PolicyVersion, ids: list[int], as_of: datetime.date
) -> list[tuple[int, Decimal | None, dict[str, Any], dict[str, Any]]]:
    """(enterprise id, amount, facts used, their sources) for ``ids``, amounts from the
    version's formula, over verified facts only (``facts.DECISION``).

    The facts are read as columns (``facts_frame``, a few queries per chunk); the formula is
    then evaluated per matched enterprise (exact, Decimal); the sources are the verified
    records behind each fact used (``fact_sources``)."""
    criteria = compile_criteria(version.criteria, CATALOG)
    formula = compile_formula(version.formula, CATALOG) if version.formula is not None else None
    used = sorted(criteria.facts | (formula.facts if formula else frozenset()))
    rows = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        frame_ids, frame = facts_frame(Enterprise.objects.filter(pk__in=chunk), as_of)
        sources = fact_sources(frame_ids, used, as_of)
        for i, pk in enumerate(frame_ids):
            facts = frame.record(i)
            amount = evaluate_amount(formula, facts) if formula else None
            if amount is not None and abs(amount) >= AMOUNT_LIMIT:
                raise DomainError(
                    _("The formula gives %(amount)s yuan, more than an amount can hold.")
                    % {"amount": amount}
                )
            rows.append(
                (
                    pk,
                    amount,
                    {key: _jsonable(facts.get(key)) for key in used},
                    sources.get(pk, {}),
                )
            )
    return rows


def _refresh_total(grant_round: GrantRound) -> Decimal:
    """The round's total over the candidates still on it."""
    amounts = grant_round.candidates.filter(
        status__in=[CandidateStatus.CANDIDATE, CandidateStatus.CONFIRMED]
    ).values_list("amount", flat=True)
    # summed in Python: exact Decimals (SQLite's SUM of a decimal column is a float)
    total = sum((amount for amount in amounts if amount is not None), Decimal("0.00"))
    grant_round.estimated_total = total
    return total


def _round_version(policy: Policy, as_of: datetime.date, today: datetime.date) -> PolicyVersion:
    """The version a new round of ``policy`` matches on ``as_of``, once the policy may have a
    new round: paid without application, published, no round left open, a formula."""
    if policy.delivery_mode != DeliveryMode.NO_APPLICATION:
        raise InvalidTransitionError(
            _(
                "%(title)s is paid on application, not without application (免申即享): "
                "it has no grant rounds."
            )
            % {"title": policy.title}
        )
    if policy.status != PolicyStatus.PUBLISHED:
        raise InvalidTransitionError(
            _("%(title)s is not published: only a published policy has grant rounds.")
            % {"title": policy.title}
        )
    if as_of > today:
        raise DomainError(_("Facts as of: the date cannot be in the future."), field="as_of")
    version = version_in_force(policy, as_of)
    if version is None:
        raise DomainError(
            _("Facts as of: no version of the policy is in force on %(day)s.")
            % {"day": _day(as_of)},
            field="as_of",
        )
    if version.formula is None:
        raise DomainError(
            _("Version %(number)s of the policy has no benefit formula, so there are no amounts.")
            % {"number": version.number}
        )
    open_round = policy.grant_rounds.exclude(status=RoundStatus.CONFIRMED).first()
    if open_round is not None:
        raise InvalidTransitionError(
            _("Round %(number)s of this policy is not confirmed yet: finish it first.")
            % {"number": open_round.number}
        )
    return version


def _new_round(
    actor, policy: Policy, version: PolicyVersion, as_of: datetime.date, rows, paid
) -> GrantRound:
    """The next round of ``policy``, its estimated total over the rows not already paid."""
    number = (policy.grant_rounds.aggregate(last=Max("number"))["last"] or 0) + 1
    return GrantRound.objects.create(
        policy=policy,
        version=version,
        number=number,
        as_of=as_of,
        created_by=actor,
        is_sample=policy.is_sample,
        estimated_total=sum(
            (a for pk, a, _f, _s in rows if a is not None and pk not in paid), Decimal("0.00")
        ),
    )


def _add_candidates(grant_round: GrantRound, rows, paid: dict[int, int]) -> None:
    """One candidate per estimated row; those already paid this year are listed as excluded."""
    GrantCandidate.objects.bulk_create(
        GrantCandidate(
            round=grant_round,
            enterprise_id=pk,
            amount=amount,
            facts=facts,
            sources=sources,
            status=CandidateStatus.EXCLUDED if pk in paid else CandidateStatus.CANDIDATE,
            reason=(
                _("Already confirmed in round %(number)s of %(year)s: not paid twice for a year.")
                % {"number": paid[pk], "year": grant_round.as_of.year}
                if pk in paid
                else ""
            ),
        )
        for pk, amount, facts, sources in rows
    )


@transaction.atomic
def round_create(
    *, actor, policy: Policy, as_of: datetime.date, today: datetime.date | None = None
) -> GrantRound:
    """A new round of ``policy``: the candidates meeting its version in force on ``as_of``.
    An enterprise already confirmed in a round of the same policy and year is listed as
    excluded, with the reason (:func:`already_paid`)."""
    _require_manager(actor, policy)
    today = today or timezone.localdate()
    policy = Policy.objects.select_for_update().select_related("zone").get(pk=policy.pk)
    version = _round_version(policy, as_of, today)
    ids = match_policy(
        version, as_of=as_of, queryset=Enterprise.objects.filter(zone=policy.zone).zone_members()
    )
    rows = estimate(version, ids, as_of)
    paid = already_paid(policy, as_of.year)
    grant_round = _new_round(actor, policy, version, as_of, rows, paid)
    _add_candidates(grant_round, rows, paid)
    record(
        action="grants.round.create",
        actor=actor,
        obj=grant_round,
        summary=_("Created round %(number)s of %(title)s with %(count)s candidates")
        % {"number": grant_round.number, "title": policy.title, "count": len(rows)},
        data={
            "policy": policy.pk,
            "version": version.number,
            "as_of": as_of,
            "candidates": len(rows),
            "already_paid": sorted(row[0] for row in rows if row[0] in paid),
            "total": grant_round.estimated_total,
        },
    )
    return grant_round


def already_paid(policy: Policy, year: int) -> dict[int, int]:
    """Enterprise id → number of the confirmed round of ``policy`` whose facts date falls in
    ``year`` and that confirmed it: a policy pays an enterprise once per year, so a later
    round of the same year lists it as excluded rather than paying it again."""
    return dict(
        GrantCandidate.objects.filter(
            round__policy=policy,
            round__status=RoundStatus.CONFIRMED,
            round__as_of__year=year,
            status=CandidateStatus.CONFIRMED,
        ).values_list("enterprise_id", "round__number")
    )


@transaction.atomic
def candidate_exclude(*, actor, candidate: GrantCandidate, reason: str) -> GrantCandidate:
    """Take a candidate off the list before the notice."""
    grant_round = _locked(candidate.round)
    _require_manager(actor, grant_round.policy)
    reason = _required(reason, "reason", _("Reason"))
    _expect(grant_round, RoundStatus.CANDIDATES)
    candidate = GrantCandidate.objects.select_related("enterprise").get(pk=candidate.pk)
    if candidate.status != CandidateStatus.CANDIDATE:
        raise InvalidTransitionError(_("This enterprise is no longer on the candidate list."))
    before = {
        "status": candidate.get_status_display(),
        "estimated_total": grant_round.estimated_total,
    }
    candidate.status = CandidateStatus.EXCLUDED
    candidate.reason = reason
    candidate.save(update_fields=["status", "reason"])
    _refresh_total(grant_round)
    grant_round.save(update_fields=["estimated_total", "updated_at"])
    record(
        action="grants.candidate.exclude",
        actor=actor,
        obj=grant_round,
        summary=_("Excluded %(name)s from round %(number)s")
        % {"name": candidate.enterprise.name, "number": grant_round.number},
        reason=reason,
        data={"candidate": candidate.pk, "enterprise": candidate.enterprise_id},
        changes=field_changes(
            before,
            {
                "status": candidate.get_status_display(),
                "estimated_total": grant_round.estimated_total,
            },
        ),
    )
    return candidate


def _publishable_list(grant_round: GrantRound):
    """The candidates still on the list, once each has a known amount."""
    on_list = grant_round.candidates.filter(status=CandidateStatus.CANDIDATE)
    if not on_list.exists():
        raise InvalidTransitionError(
            _("No candidate is left on the list: there is nothing to publish.")
        )
    unknown = on_list.filter(amount__isnull=True).select_related("enterprise").first()
    if unknown is not None:
        raise InvalidTransitionError(
            _(
                "The amount of %(name)s is unknown (a fact the formula needs is missing): "
                "exclude it, or correct its file and start a new round."
            )
            % {"name": unknown.enterprise.name}
        )
    return on_list


def _new_publication(
    actor, grant_round: GrantRound, contact: str, published_on: datetime.date, working_days: int
) -> Publication:
    """The notice of ``grant_round``: ``working_days`` working days after ``published_on``."""
    starts_on, ends_on = notice_period(published_on, working_days)
    return Publication.objects.create(
        round=grant_round,
        published_on=published_on,
        published_by=actor,
        working_days=working_days,
        starts_on=starts_on,
        ends_on=ends_on,
        contact=contact,
    )


@transaction.atomic
def notice_publish(
    *,
    actor,
    grant_round: GrantRound,
    contact: str,
    working_days: int = DEFAULT_WORKING_DAYS,
    published_on: datetime.date | None = None,
) -> Publication:
    """Publish the candidate list for ``working_days`` Chinese working days, starting the next
    working day after ``published_on`` (today)."""
    grant_round = _locked(grant_round)
    _require_manager(actor, grant_round.policy)
    _expect(grant_round, RoundStatus.CANDIDATES)
    contact = _required(contact, "contact", _("How to object"))
    published_on = published_on or timezone.localdate()
    on_list = _publishable_list(grant_round)
    publication = _new_publication(actor, grant_round, contact, published_on, working_days)
    count = on_list.update(on_notice=True)
    ROUND_WORKFLOW.apply(
        grant_round,
        "publish",
        actor=actor,
        summary=_("Published round %(number)s of %(title)s for notice until %(end)s")
        % {
            "number": grant_round.number,
            "title": grant_round.policy.title,
            "end": _day(publication.ends_on),
        },
        data={
            "published_on": published_on,
            "working_days": working_days,
            "starts_on": publication.starts_on,
            "ends_on": publication.ends_on,
            "candidates": count,
            "total": grant_round.estimated_total,
        },
    )
    tell_on_notice(grant_round, publication)
    return publication


def _on_notice(grant_round: GrantRound, candidate: GrantCandidate) -> GrantCandidate:
    """``candidate`` afresh, with its enterprise, if it is still on the notice of the round."""
    candidate = GrantCandidate.objects.select_related("enterprise").get(pk=candidate.pk)
    if candidate.round_id != grant_round.pk or candidate.status != CandidateStatus.CANDIDATE:
        raise InvalidTransitionError(_("This enterprise is no longer on the notice."))
    return candidate


def _check_raised_on(
    publication: Publication, raised_on: datetime.date, today: datetime.date
) -> None:
    """An objection is dated within the notice (from its publication) and not in the future."""
    if raised_on > today:
        raise DomainError(_("Raised on: the date cannot be in the future."), field="raised_on")
    if not publication.published_on <= raised_on <= publication.ends_on:
        raise DomainError(
            _("Raised on: objections are taken during the notice, from %(start)s to %(end)s.")
            % {"start": _day(publication.published_on), "end": _day(publication.ends_on)},
            field="raised_on",
        )


def _add_objection(
    *,
    actor,
    grant_round: GrantRound,
    candidate: GrantCandidate,
    raised_by: str,
    channel: str,
    text: str,
    raised_on: datetime.date,
    today: datetime.date,
) -> Objection:
    _expect(grant_round, RoundStatus.NOTICE)
    raised_by = _required(raised_by, "raised_by", _("Raised by"))
    text = _required(text, "text", _("Objection"))
    if channel not in ObjectionChannel.values:
        raise DomainError(_("Channel: choose one of the list."), field="channel")
    candidate = _on_notice(grant_round, candidate)
    _check_raised_on(grant_round.publication, raised_on, today)
    objection = Objection.objects.create(
        round=grant_round,
        candidate=candidate,
        raised_by=raised_by,
        channel=channel,
        text=text,
        raised_on=raised_on,
        recorded_by=actor,
    )
    record(
        action="grants.objection.record",
        actor=actor,
        obj=grant_round,
        summary=_("Objection to %(name)s in round %(number)s, raised by %(who)s")
        % {"name": candidate.enterprise.name, "number": grant_round.number, "who": raised_by},
        data={
            "objection": objection.pk,
            "candidate": candidate.pk,
            "channel": channel,
            "raised_on": raised_on,
            "text": text[:500],
        },
    )
    return objection


@transaction.atomic
def objection_record(
    *,
    actor,
    candidate: GrantCandidate,
    raised_by: str,
    channel: str,
    text: str,
    raised_on: datetime.date,
    today: datetime.date | None = None,
) -> Objection:
    """An official records an objection received during the notice (by phone, letter, …)."""
    grant_round = _locked(candidate.round)
    _require_manager(actor, grant_round.policy)
    return _add_objection(
        actor=actor,
        grant_round=grant_round,
        candidate=candidate,
        raised_by=raised_by,
        channel=channel,
        text=text,
        raised_on=raised_on,
        today=today or timezone.localdate(),
    )


@transaction.atomic
def objection_lodge(
    *, actor, candidate: GrantCandidate, text: str, today: datetime.date | None = None
) -> Objection:
    """An enterprise user of the zone objects online from the public notice page."""
    grant_round = _locked(candidate.round)
    if not rules.can_lodge_objection(actor, grant_round):
        raise PermissionDeniedError(
            _("Only the users of an enterprise of the zone may object online.")
        )
    today = today or timezone.localdate()
    _require_running(grant_round, today)
    enterprise = getattr(actor.organisation, "enterprise", None)
    who = enterprise.name if enterprise is not None else actor.organisation.name
    return _add_objection(
        actor=actor,
        grant_round=grant_round,
        candidate=candidate,
        raised_by=f"{who} ({actor.get_username()})",
        channel=ObjectionChannel.ONLINE,
        text=text,
        raised_on=today,
        today=today,
    )


def _require_running(grant_round: GrantRound, today: datetime.date) -> None:
    """Online objections are taken only while the notice runs (from its first day to its last)."""
    if grant_round.status != RoundStatus.NOTICE:
        return  # _add_objection says what the round is waiting for
    publication = grant_round.publication
    if today < publication.starts_on:
        raise InvalidTransitionError(
            _("The notice starts on %(start)s: objections are taken from that day.")
            % {"start": _day(publication.starts_on)}
        )
    if today > publication.ends_on:
        raise InvalidTransitionError(
            _("The notice ended on %(end)s: objections are no longer taken.")
            % {"end": _day(publication.ends_on)}
        )


def public_contact(contact: str) -> str:
    """A phone number in China or an e-mail address, normalised; else a DomainError on it."""
    contact = _required(contact, "contact", _("Contact"))
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError as exc:
            raise DomainError(
                _("Contact: not a valid e-mail address, e.g. name@example.com."), field="contact"
            ) from exc
        return contact
    try:
        return normalise_phone(contact)
    except ValidationError as exc:
        raise DomainError(
            _("Contact: give a phone number (e.g. 13812341234 or 0371-67891234) or an e-mail."),
            field="contact",
        ) from exc


def public_objections_per_hour() -> int:
    return int(getattr(settings, "GRANTS_PUBLIC_OBJECTIONS_PER_HOUR", PUBLIC_OBJECTIONS_PER_HOUR))


def _require_under_limit(ip: str | None) -> None:
    """At most ``public_objections_per_hour()`` anonymous online objections per address and hour,
    counted from the audit trail (which records the address of each)."""
    limit = public_objections_per_hour()
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = AuditEvent.objects.filter(
        action="grants.objection.record",
        actor_id__isnull=True,
        ip=ip,
        occurred_at__gte=since,
        data__channel=ObjectionChannel.ONLINE,
    ).count()
    if recent >= limit:
        raise DomainError(
            _(
                "Too many objections were sent from your address in the last hour "
                "(at most %(limit)s): please try again later, or use the telephone or letter "
                "given above."
            )
            % {"limit": limit}
        )


@transaction.atomic
def objection_lodge_public(
    *,
    candidate: GrantCandidate,
    name: str,
    contact: str,
    text: str,
    ip: str | None,
    today: datetime.date | None = None,
) -> Objection:
    """Anyone objects online from the public notice page, without an account: name and contact
    (a phone number or an e-mail, checked) are required, and an address may send only a few an
    hour. Recorded like the others (channel "online"); the audit event carries the address."""
    grant_round = _locked(candidate.round)
    today = today or timezone.localdate()
    _require_running(grant_round, today)
    name = _required(name, "name", _("Your name"))
    contact = public_contact(contact)
    _require_under_limit(ip)
    return _add_objection(
        actor=None,
        grant_round=grant_round,
        candidate=candidate,
        raised_by=f"{name} ({contact})",
        channel=ObjectionChannel.ONLINE,
        text=text,
        raised_on=today,
        today=today,
    )


def _close_others_with(objection: Objection, actor, reason: str) -> list[int]:
    """Close as upheld the other open objections to the candidate an upheld ``objection``
    removes (they have their answer); their ids, sorted."""
    others = objection.candidate.objections.filter(status=ObjectionStatus.OPEN).exclude(
        pk=objection.pk
    )
    also_closed = sorted(others.values_list("pk", flat=True))
    others.update(
        status=ObjectionStatus.UPHELD,
        resolution=_("Closed with objection %(id)s, which removed the candidate: %(reason)s")
        % {"id": objection.pk, "reason": reason},
        resolved_by=actor,
        resolved_at=objection.resolved_at,
    )
    return also_closed


def _remove_candidate(grant_round: GrantRound, candidate: GrantCandidate, reason: str) -> None:
    """Take ``candidate`` off the round after an upheld objection, and tell the enterprise."""
    candidate.status = CandidateStatus.REMOVED
    candidate.reason = reason
    candidate.save(update_fields=["status", "reason"])
    _refresh_total(grant_round)
    grant_round.save(update_fields=["estimated_total", "updated_at"])
    tell_removed(grant_round, candidate, reason)


@transaction.atomic
def objection_resolve(*, actor, objection: Objection, upheld: bool, reason: str) -> Objection:
    """Close an objection: upheld (the candidate is removed from the round, and the other open
    objections to it are closed as upheld with it) or dismissed."""
    grant_round = _locked(objection.round)
    _require_manager(actor, grant_round.policy)
    reason = _required(reason, "reason", _("Reason"))
    _expect(grant_round, RoundStatus.NOTICE)
    objection = Objection.objects.select_related("candidate__enterprise").get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise InvalidTransitionError(_("This objection has already been resolved."))
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.resolution = reason
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    candidate = objection.candidate
    also_closed: list[int] = []
    if upheld:
        also_closed = _close_others_with(objection, actor, reason)
    if upheld and candidate.status == CandidateStatus.CANDIDATE:
        _remove_candidate(grant_round, candidate, reason)
    record(
        action="grants.objection.resolve",
        actor=actor,
        obj=grant_round,
        summary=(
            _("Upheld the objection to %(name)s: removed from round %(number)s")
            if upheld
            else _("Dismissed the objection to %(name)s in round %(number)s")
        )
        % {"name": candidate.enterprise.name, "number": grant_round.number},
        reason=reason,
        data={
            "objection": objection.pk,
            "candidate": candidate.pk,
            "upheld": upheld,
            "also_closed": also_closed,
        },
    )
    return objection


def _require_notice_over(grant_round: GrantRound, today: datetime.date) -> None:
    """InvalidTransitionError while the notice runs or an objection is open."""
    ends_on = grant_round.publication.ends_on
    if today <= ends_on:
        raise InvalidTransitionError(
            _(
                "The notice runs until %(end)s (inclusive): the round can be confirmed from "
                "the day after."
            )
            % {"end": _day(ends_on)}
        )
    open_count = grant_round.objections.filter(status=ObjectionStatus.OPEN).count()
    if open_count:
        raise InvalidTransitionError(
            _("%(count)s objection(s) are still open: resolve them before confirming.")
            % {"count": open_count}
        )


@transaction.atomic
def round_confirm(
    *, actor, grant_round: GrantRound, reason: str, today: datetime.date | None = None
) -> GrantRound:
    """Confirm the list once the notice has ended and no objection is open."""
    grant_round = _locked(grant_round)
    _require_manager(actor, grant_round.policy)
    _expect(grant_round, RoundStatus.NOTICE)
    today = today or timezone.localdate()
    _require_notice_over(grant_round, today)
    reason = _required(reason, "reason", _("Reason"))
    count = grant_round.candidates.filter(status=CandidateStatus.CANDIDATE).update(
        status=CandidateStatus.CONFIRMED
    )
    total = _refresh_total(grant_round)
    committed = commit_round(actor, grant_round, today)
    ROUND_WORKFLOW.apply(
        grant_round,
        "confirm",
        actor=actor,
        fields={
            "estimated_total": total,
            "confirmed_total": total,
            "confirmed_at": timezone.now(),
            "confirmed_by": actor,
            "confirm_reason": reason,
        },
        summary=_("Confirmed round %(number)s of %(title)s: %(count)s enterprises, %(total)s yuan")
        % {
            "number": grant_round.number,
            "title": grant_round.policy.title,
            "count": count,
            "total": total,
        },
        reason=reason,
        data={"confirmed": count, "total": total, "commitments": committed},
    )
    return grant_round


@transaction.atomic
def round_export(*, actor, grant_round: GrantRound, out: IO[bytes]) -> int:
    """Write the confirmed list for payment (.xlsx) to ``out``; returns the number of rows.
    Each export is audited and marks the round exported."""
    grant_round = _locked(grant_round)
    _require_manager(actor, grant_round.policy)
    if grant_round.status != RoundStatus.CONFIRMED:
        raise InvalidTransitionError(
            _("Only a confirmed round is exported for payment; round %(number)s is not confirmed.")
            % {"number": grant_round.number}
        )
    confirmed = sorted(
        grant_round.candidates.filter(status=CandidateStatus.CONFIRMED).select_related(
            "enterprise"
        ),
        key=lambda c: (pinyin_key(c.enterprise.name), c.pk),
    )
    grant_round.exported_at = timezone.now()
    grant_round.export_count += 1
    grant_round.save(update_fields=["exported_at", "export_count", "updated_at"])
    count = write_confirmed_list(grant_round, confirmed, out)
    record(
        action="grants.round.export",
        actor=actor,
        obj=grant_round,
        summary=_("Exported round %(number)s of %(title)s for payment (%(count)s rows)")
        % {"number": grant_round.number, "title": grant_round.policy.title, "count": count},
        data={
            "rows": count,
            "total": grant_round.confirmed_total,
            "export": grant_round.export_count,
        },
    )
    return count
