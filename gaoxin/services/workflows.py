"""The workflows of the services app (ADR 0005: ``gaoxin.core.transitions``).

Service request: new ─route─▶ assigned ─accept─▶ accepted ─schedule─▶ scheduled ─complete─▶
completed ─rate─▶ rated; decline (assigned ─▶ new, then routed again without the decliner);
reassign (assigned, accepted, scheduled ─▶ assigned, by an official with a reason);
complete also from accepted (help given without a meeting); cancel from every open state.

Consultation slot: open ─book─▶ booked ─hold─▶ held; release (booked ─▶ open, the booking
cancelled); withdraw (open, booked ─▶ cancelled, the advisor or an official cancels the slot).

Seminar: planned ─open─▶ open ─close─▶ closed ─hold─▶ held; reopen (closed ─▶ open);
cancel (planned, open, closed ─▶ cancelled).

Seminar seat: created registered (a seat is free) or waiting (full); promote (waiting ─▶
registered, when a seat frees up); cancel (registered, waiting ─▶ cancelled); attend / absent
(registered ─▶ attended / absent).

Resource match: proposed ─introduce─▶ contacted ─negotiate─▶ negotiating; succeed / fail from
contacted and negotiating; reopen (failed ─▶ contacted).

Advisor task: open ─done─▶ done (final); dismiss (open ─▶ dismissed, with a reason); reopen
(dismissed ─▶ open).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gaoxin.core.transitions import Workflow, transition

from .choices import MatchStatus, RequestStatus, SeatStatus, SeminarStatus, SlotStatus, TaskStatus

R = RequestStatus

REQUEST_WORKFLOW = Workflow(
    key="services.request",
    model="services.ServiceRequest",
    states=RequestStatus,
    verbose_name=_("Service request"),
    initial=(R.NEW,),
    transitions=[
        transition("route", R.NEW, R.ASSIGNED, _("Route to an advisor")),
        transition("decline", R.ASSIGNED, R.NEW, _("Decline"), needs_reason=True),
        transition(
            "reassign",
            (R.ASSIGNED, R.ACCEPTED, R.SCHEDULED),
            R.ASSIGNED,
            _("Reassign"),
            needs_reason=True,
        ),
        transition("accept", R.ASSIGNED, R.ACCEPTED, _("Accept")),
        transition("schedule", (R.ACCEPTED, R.SCHEDULED), R.SCHEDULED, _("Schedule")),
        transition("complete", (R.ACCEPTED, R.SCHEDULED), R.COMPLETED, _("Record the outcome")),
        transition("rate", R.COMPLETED, R.RATED, _("Rate")),
        transition(
            "cancel",
            (R.NEW, R.ASSIGNED, R.ACCEPTED, R.SCHEDULED),
            R.CANCELLED,
            _("Cancel"),
            needs_reason=True,
        ),
    ],
)

SL = SlotStatus

SLOT_WORKFLOW = Workflow(
    key="services.slot",
    model="services.ConsultationSlot",
    states=SlotStatus,
    verbose_name=_("Consultation slot"),
    initial=(SL.OPEN,),
    transitions=[
        transition("book", SL.OPEN, SL.BOOKED, _("Book")),
        transition("release", SL.BOOKED, SL.OPEN, _("Cancel the booking"), needs_reason=True),
        transition("hold", SL.BOOKED, SL.HELD, _("Record as held")),
        transition(
            "withdraw", (SL.OPEN, SL.BOOKED), SL.CANCELLED, _("Cancel the slot"), needs_reason=True
        ),
    ],
)

SM = SeminarStatus

SEMINAR_WORKFLOW = Workflow(
    key="services.seminar",
    model="services.Seminar",
    states=SeminarStatus,
    verbose_name=_("Seminar"),
    initial=(SM.PLANNED,),
    transitions=[
        transition("open", SM.PLANNED, SM.OPEN, _("Open registration")),
        transition("close", SM.OPEN, SM.CLOSED, _("Close registration")),
        transition("reopen", SM.CLOSED, SM.OPEN, _("Reopen registration")),
        transition("hold", (SM.OPEN, SM.CLOSED), SM.HELD, _("Record as held")),
        transition(
            "cancel",
            (SM.PLANNED, SM.OPEN, SM.CLOSED),
            SM.CANCELLED,
            _("Cancel the seminar"),
            needs_reason=True,
        ),
    ],
)

ST = SeatStatus

SEAT_WORKFLOW = Workflow(
    key="services.seat",
    model="services.SeminarSeat",
    states=SeatStatus,
    verbose_name=_("Seminar registration"),
    initial=(ST.REGISTERED, ST.WAITING),
    transitions=[
        transition("promote", ST.WAITING, ST.REGISTERED, _("Move up from the waiting list")),
        transition("cancel", (ST.REGISTERED, ST.WAITING), ST.CANCELLED, _("Cancel")),
        transition("attend", (ST.REGISTERED, ST.ABSENT), ST.ATTENDED, _("Mark attended")),
        transition("absent", (ST.REGISTERED, ST.ATTENDED), ST.ABSENT, _("Mark absent")),
    ],
)

M = MatchStatus

MATCH_WORKFLOW = Workflow(
    key="services.match",
    model="services.ResourceMatch",
    states=MatchStatus,
    verbose_name=_("Resource match"),
    initial=(M.PROPOSED,),
    transitions=[
        transition("introduce", M.PROPOSED, M.CONTACTED, _("Record the introduction")),
        transition("negotiate", M.CONTACTED, M.NEGOTIATING, _("Talks started")),
        transition(
            "succeed",
            (M.CONTACTED, M.NEGOTIATING),
            M.SUCCEEDED,
            _("Record success"),
            needs_reason=True,
        ),
        transition(
            "fail",
            (M.PROPOSED, M.CONTACTED, M.NEGOTIATING),
            M.FAILED,
            _("Record that it did not work out"),
            needs_reason=True,
        ),
        transition("reopen", M.FAILED, M.CONTACTED, _("Reopen"), needs_reason=True),
    ],
)

T = TaskStatus

TASK_WORKFLOW = Workflow(
    key="services.task",
    model="services.AdvisorTask",
    states=TaskStatus,
    verbose_name=_("Advisor task"),
    initial=(T.OPEN,),
    transitions=[
        transition("done", T.OPEN, T.DONE, _("Mark done")),
        transition("dismiss", T.OPEN, T.DISMISSED, _("Dismiss"), needs_reason=True),
        transition("reopen", T.DISMISSED, T.OPEN, _("Reopen"), needs_reason=True),
    ],
)
