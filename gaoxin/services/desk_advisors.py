"""The desk panels of an advisor account (Role.ADVISOR): their service requests (overdue
first, with the accept link), their open tasks, their booked consultations and the seminars
they speak at. Imported by the app's ``desk.py`` (the registry autodiscovers ``desk`` only).
A panel with nothing in it is left out, so the advisor's home says there is no work only when
there is none."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import desk_panel

from .choices import RequestStatus
from .selectors_advisors import link, my_consultations, my_requests, my_seminars, my_tasks

SHOWN = 5
TEMPLATE = "services/advisors/_desk_panel.html"


def _name(enterprise) -> str:
    return enterprise.name if enterprise is not None else ""


def _panel(key: str, icon: str, title: str, link_to: str, lines: list[dict], count: int):
    return {
        "key": key,
        "icon": icon,
        "title": title,
        "link": link_to,
        "link_label": _("Open"),
        "count": count,
        "lines": lines,
    }


@desk_panel("services-my-requests", template=TEMPLATE, roles=[Role.ADVISOR], order=10)
def my_requests_desk(user) -> dict | None:
    requests = my_requests(user)
    count = requests.count()
    if not count:
        return None
    today = timezone.localdate()
    lines = []
    for r in requests[:SHOWN]:
        url = link("services:request_detail", r.pk)
        overdue = bool(r.respond_by and r.respond_by < today and not r.responded_at)
        lines.append(
            {
                "text": f"{r.number} {r.title}",
                "sub": f"{r.enterprise.name} · {r.get_status_display()}",
                "url": url,
                "due": r.respond_by,
                "overdue": overdue,
                "action_url": url if r.status == RequestStatus.ASSIGNED and url else "",
                "action_label": _("Accept") if r.status == RequestStatus.ASSIGNED else "",
            }
        )
    return _panel(
        "services-my-requests",
        "inbox",
        _("My service requests"),
        link("services:request_list") or reverse("dashboard:advisor_home"),
        lines,
        count,
    )


@desk_panel("services-my-tasks", template=TEMPLATE, roles=[Role.ADVISOR], order=20)
def my_tasks_desk(user) -> dict | None:
    tasks = my_tasks(user)
    count = tasks.count()
    if not count:
        return None
    today = timezone.localdate()
    lines = [
        {
            "text": t.title,
            "sub": t.enterprise.name,
            "url": t.link or link("services:task_detail", t.pk),
            "due": t.due_on,
            "overdue": bool(t.due_on and t.due_on < today),
        }
        for t in tasks[:SHOWN]
    ]
    return _panel(
        "services-my-tasks",
        "list-check",
        _("My tasks"),
        link("services:task_list") or reverse("dashboard:advisor_home"),
        lines,
        count,
    )


@desk_panel("services-my-consultations", template=TEMPLATE, roles=[Role.ADVISOR], order=30)
def my_consultations_desk(user) -> dict | None:
    slots = my_consultations(user)
    count = slots.count()
    if not count:
        return None
    lines = [
        {
            "text": timezone.localtime(s.starts_at).strftime("%Y-%m-%d %H:%M"),
            "sub": " · ".join(
                x for x in (s.enterprise.name if s.enterprise else "", s.topic, s.location) if x
            ),
            "url": link("services:slot_detail", s.pk),
        }
        for s in slots[:SHOWN]
    ]
    return _panel(
        "services-my-consultations",
        "calendar-event",
        _("My consultations"),
        link("services:consultation_list") or reverse("dashboard:advisor_home"),
        lines,
        count,
    )


@desk_panel("services-my-seminars", template=TEMPLATE, roles=[Role.ADVISOR], order=40)
def my_seminars_desk(user) -> dict | None:
    seminars = my_seminars(user)
    count = seminars.count()
    if not count:
        return None
    lines = [
        {
            "text": s.title,
            "sub": f"{timezone.localtime(s.starts_at):%Y-%m-%d %H:%M} · {s.venue}",
            "url": link("services:seminar_detail", s.pk),
        }
        for s in seminars[:SHOWN]
    ]
    return _panel(
        "services-my-seminars",
        "easel",
        _("My seminars"),
        link("services:seminar_list") or reverse("dashboard:advisor_home"),
        lines,
        count,
    )
