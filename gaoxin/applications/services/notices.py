"""Objections (异议) to a proposed award on public notice: recorded by an official (phone,
letter …) or lodged online from the public page by anyone (name and contact, a few an hour
per address, counted from the audit trail as grants does); each answered before the decision."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, InvalidTransitionError
from gaoxin.grants.services import public_contact

from .. import rules
from ..choices import ApplicationStatus, ObjectionChannel, ObjectionStatus
from ..models import Application, Objection
from ._common import deny, locked_application, required

PUBLIC_OBJECTIONS_PER_HOUR = 3


def _require_official(actor, application: Application) -> None:
    if actor is not None and not rules.can_configure(actor, application.policy):
        deny(_("Only officials of the policy's zone record and answer objections."))


def _require_on_notice(application: Application, today: datetime.date) -> None:
    if application.status != ApplicationStatus.PUBLICATION or application.notice_starts_on is None:
        raise InvalidTransitionError(
            _("%(number)s is not on public notice.") % {"number": application.number}
        )
    if not application.notice_starts_on <= today <= application.notice_ends_on:
        raise InvalidTransitionError(
            _("The notice runs from %(start)s to %(end)s: objections are taken in that period.")
            % {"start": application.notice_starts_on, "end": application.notice_ends_on}
        )


def _add(actor, application, raised_by, channel, text, today, ip=None) -> Objection:
    objection = Objection(
        application=application,
        raised_by=required(raised_by, "raised_by", _("Raised by"))[:200],
        channel=channel,
        text=required(text, "text", _("Objection")),
        raised_on=today,
        recorded_by=actor,
    )
    objection.full_clean()
    objection.save()
    record(
        action="applications.objection.record",
        actor=actor,
        obj=application,
        summary=_("Objection to %(number)s recorded") % {"number": application.number},
        data={
            "objection": objection.pk,
            "channel": channel,
            "raised_by": objection.raised_by,
            "ip": ip,
        },
    )
    return objection


@transaction.atomic
def objection_record(
    *, actor, application, raised_by: str, channel: str, text: str, today=None
) -> Objection:
    """An official records an objection received by phone, letter, e-mail or in person."""
    application = locked_application(application)
    _require_official(actor, application)
    if application.status != ApplicationStatus.PUBLICATION:
        raise InvalidTransitionError(
            _("%(number)s is not on public notice.") % {"number": application.number}
        )
    if channel not in ObjectionChannel.values:
        raise DomainError(_("Channel: choose how the objection came."), field="channel")
    return _add(actor, application, raised_by, channel, text, today or timezone.localdate())


def public_objections_per_hour() -> int:
    return int(
        getattr(settings, "APPLICATIONS_PUBLIC_OBJECTIONS_PER_HOUR", PUBLIC_OBJECTIONS_PER_HOUR)
    )


def _require_under_limit(ip: str | None) -> None:
    limit = public_objections_per_hour()
    recent = AuditEvent.objects.filter(
        action="applications.objection.record",
        actor_id__isnull=True,
        data__ip=ip,
        occurred_at__gte=timezone.now() - datetime.timedelta(hours=1),
    ).count()
    if recent >= limit:
        raise DomainError(
            _(
                "Too many objections were sent from your address in the last hour (at most "
                "%(limit)s): please try again later, or use the telephone or letter given above."
            )
            % {"limit": limit}
        )


@transaction.atomic
def objection_lodge_public(
    *, application, name: str, contact: str, text: str, ip: str | None, today=None
) -> Objection:
    """Anyone objects online from the public notice page, without an account."""
    application = locked_application(application)
    today = today or timezone.localdate()
    _require_on_notice(application, today)
    name = required(name, "name", _("Your name"))
    contact = public_contact(contact)
    _require_under_limit(ip)
    return _add(None, application, f"{name} ({contact})", ObjectionChannel.ONLINE, text, today, ip)


@transaction.atomic
def objection_answer(*, actor, objection: Objection, answer: str) -> Objection:
    objection = (
        Objection.objects.select_for_update()
        .select_related("application__policy")
        .get(pk=objection.pk)
    )
    _require_official(actor, objection.application)
    if objection.status != ObjectionStatus.OPEN:
        raise InvalidTransitionError(_("This objection has been answered already."))
    objection.answer = required(answer, "answer", _("Answer"))
    objection.status = ObjectionStatus.ANSWERED
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save()
    record(
        action="applications.objection.answer",
        actor=actor,
        obj=objection.application,
        summary=_("Objection to %(number)s answered") % {"number": objection.application.number},
        data={"objection": objection.pk},
        reason=objection.answer,
    )
    return objection
