"""Programs: policies whose applications carry more than facts (ADR 0006).

Most policies are computed from the facts their criteria and formula read (``factsheet``). A
*program* — the first-set qualification, its premium-subsidy funds — computes its amount with its
own rules (the rulebook) from its own records (declared models, insurance policies), and its
decision does something else than commit a fund's money (grant a cap, allocate against one).
It runs on the same machinery: stages, reviews, expert draws, the public notice, objections,
the decision and the audit trail. The program's app registers a :class:`Program` here (in its
``AppConfig.ready``); applications asks :func:`program_for` at the four points where a program
differs, and includes the program's panel on the application's pages.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

_PROGRAMS: list[Program] = []


@dataclass(frozen=True)
class Program:
    """What a program supplies to the applications machinery.

    - ``owns(policy)``: whether the policy's applications are this program's;
    - ``freeze(actor, application, today) → (trace, amount)``: on submission, check that the
      program's part is complete (raise ``DomainError`` naming what to fix) and compute the
      amount with its trace (JSON: at least ``{"amount": str|None}``);
    - ``replay(application) → {"amount", "stored", "same"}``: recompute the decided version;
    - ``decide(actor, application, amount, today)``: the decision's effect, in the decision's
      transaction (a refusal raises and nothing is saved); replaces the fund commitment and the
      verification of declared facts;
    - ``context(application, user) → dict``: what the panel template reads;
    - ``panel``: the template included on the edit, detail and review pages (it reads
      ``application``, ``program_context`` and ``program_mode`` — edit, detail or review);
    - ``amount_label``: what the amount means (e.g. the cap granted), shown beside it.
    """

    key: str
    owns: Callable[[Any], bool]
    freeze: Callable[[Any, Any, datetime.date], tuple[dict[str, Any], Decimal | None]]
    replay: Callable[[Any], dict[str, Any]]
    decide: Callable[[Any, Any, Decimal, datetime.date], None]
    context: Callable[[Any, Any], dict[str, Any]]
    panel: str
    amount_label: Any = None


def register(program: Program) -> Program:
    """Register ``program`` (once per key; registering a key again replaces it)."""
    _PROGRAMS[:] = [p for p in _PROGRAMS if p.key != program.key]
    _PROGRAMS.append(program)
    return program


def program_for(policy) -> Program | None:
    """The program that owns ``policy``'s applications, or None for a plain policy."""
    if policy is None:
        return None
    for program in _PROGRAMS:
        if program.owns(policy):
            return program
    return None


def programs() -> list[Program]:
    return list(_PROGRAMS)
