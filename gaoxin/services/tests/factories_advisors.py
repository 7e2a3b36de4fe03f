"""Rows of the advisors part's tests, made directly with the models (no service)."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from gaoxin.experts.tests.factories import ExpertFactory

from ..models import (
    Advisor,
    AdvisorTask,
    ConsultationSlot,
    Seminar,
    SeminarSeat,
    SeminarSpeaker,
    ServiceDomain,
    ServiceRequest,
)

_numbers = itertools.count(1)


def domain(code: str) -> ServiceDomain:
    return ServiceDomain.objects.get(code=code)


def make_advisor(side, *, name=None, user=None, codes=("compliance",), **fields) -> Advisor:
    expert = ExpertFactory(zone=side.zone, name=name or f"顾问{next(_numbers)}", user=user)
    defaults = {"term_start": datetime.date(2025, 4, 25), "max_load": 5}
    advisor = Advisor.objects.create(zone=side.zone, expert=expert, **{**defaults, **fields})
    advisor.domains.set(ServiceDomain.objects.filter(code__in=codes))
    return advisor


def make_request(side, advisor=None, *, code="compliance", enterprise=None, **fields):
    n = next(_numbers)
    values = {
        "zone": side.zone,
        "number": f"FW-T{n:05d}",
        "enterprise": enterprise or side.enterprise,
        "domain": domain(code),
        "title": f"测试需求{n}",
        "description": "需要帮助",
        "advisor": advisor,
        "status": "assigned" if advisor else "new",
        **fields,
    }
    created_at = values.pop("created_at", None)
    request = ServiceRequest.objects.create(**values)
    if created_at is not None:
        ServiceRequest.objects.filter(pk=request.pk).update(created_at=created_at)
        request.refresh_from_db()
    return request


def make_task(side, advisor, **fields) -> AdvisorTask:
    n = next(_numbers)
    return AdvisorTask.objects.create(
        zone=side.zone,
        kind="qual_expiring",
        enterprise=side.enterprise,
        advisor=advisor,
        title=fields.pop("title", f"资质到期提醒{n}"),
        dedupe_key=f"test-{n}",
        **fields,
    )


def make_slot(advisor, starts_at, *, status="booked", enterprise=None) -> ConsultationSlot:
    return ConsultationSlot.objects.create(
        advisor=advisor,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        location="创新大厦 301",
        status=status,
        enterprise=enterprise,
    )


def make_seminar(side, starts_at, *, speaker=None, status="open", code=None, park=None):
    seminar = Seminar.objects.create(
        zone=side.zone,
        park=park,
        title=f"专题研讨{next(_numbers)}",
        topic="医疗器械注册合规",
        domain=domain(code) if code else None,
        starts_at=starts_at,
        venue="创新大厦报告厅",
        capacity=30,
        status=status,
    )
    if speaker is not None:
        SeminarSpeaker.objects.create(seminar=seminar, name=speaker.expert.name, advisor=speaker)
    return seminar


def make_seat(seminar, enterprise, *, status="attended") -> SeminarSeat:
    n = next(_numbers)
    return SeminarSeat.objects.create(
        seminar=seminar,
        enterprise=enterprise,
        name=f"参会人{n}",
        phone=f"1380000{n:04d}",
        status=status,
    )


def aware(year, month, day, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))
