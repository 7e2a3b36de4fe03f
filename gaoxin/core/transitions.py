"""The one transitions mechanism of Gaoxin (ADR 0005): a workflow is a table of allowed
transitions over a model's status field.

Every workflow of the codebase (grant rounds, applications, reviews, leads, projects,
qualifications) declares its table here with :class:`Workflow` and moves only through
:meth:`Workflow.apply`, which, inside the caller's transaction:

1. refuses a transition the table does not allow from the current state, naming the state and
   what is possible instead (:class:`InvalidTransitionError`, HTTP 409);
2. writes the new state with a conditional ``UPDATE … WHERE status = <the state read>``, so two
   requests racing on the same row cannot both move it (the loser is refused, nothing written);
3. writes the audit event (``<workflow>.<transition>``, before → after, reason) in the same
   transaction;
4. sends :data:`transitioned`, on which an app hangs its notifications.

Because the table is data, tests walk it: every allowed transition from every state, and at
least one refused transition per state (``gaoxin/core/tests/test_transitions.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .errors import InvalidTransitionError
from .registry import audit_record

# sent after a transition is written: sender=the model class; workflow, obj, transition, actor,
# source (the state before) and reason as keyword arguments.
transitioned = Signal()


@dataclass(frozen=True)
class Transition:
    """One row of a workflow's table: ``name`` moves an object from any of ``sources`` to
    ``target``. ``label`` is what the button and the audit trail say."""

    name: str
    sources: tuple[str, ...]
    target: str
    label: object
    needs_reason: bool = False


@dataclass(eq=False)
class Workflow:
    """A table of allowed transitions over ``model``'s ``field`` (a TextChoices ``states``)."""

    key: str
    model: str  # "app_label.ModelName", resolved lazily so core imports no app
    states: type[models.TextChoices]
    transitions: list[Transition]
    verbose_name: object = ""
    field: str = "status"
    # the states an object is created in (empty: the field's default)
    initial: tuple[str, ...] = ()
    _by_name: dict[str, Transition] = dc_field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        known = set(self.states.values)
        for t in self.transitions:
            if t.name in self._by_name:
                raise ImproperlyConfigured(f"{self.key}: transition {t.name!r} is declared twice.")
            unknown = ({*t.sources, t.target}) - known
            if unknown:
                raise ImproperlyConfigured(f"{self.key}.{t.name}: unknown states {unknown}.")
            self._by_name[t.name] = t
        if self.key in _workflows and _workflows[self.key] is not self:
            raise ImproperlyConfigured(f"Workflow {self.key!r} is declared twice.")
        _workflows[self.key] = self

    # --- reading the table -------------------------------------------------------------

    def transition(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise ImproperlyConfigured(f"{self.key}: no transition {name!r}.") from None

    def allowed_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def can(self, state: str, name: str) -> bool:
        return state in self.transition(name).sources

    def table(self) -> list[tuple[str, str, str]]:
        """(source, transition, target) for every allowed move."""
        return [(s, t.name, t.target) for t in self.transitions for s in t.sources]

    def initial_states(self) -> set[str]:
        if self.initial:
            return set(self.initial)
        return {apps.get_model(self.model)._meta.get_field(self.field).default}

    def final_states(self) -> set[str]:
        """States no transition leaves."""
        return {s for s in self.states.values if not self.allowed_from(s)}

    def audit_actions(self) -> dict[str, object]:
        """The audit action labels of this workflow, for the app's ``AUDIT_ACTIONS``."""
        return {
            f"{self.key}.{t.name}": format_lazy("{}: {}", self.verbose_name, t.label)
            for t in self.transitions
        }

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    # --- moving ------------------------------------------------------------------------

    def check(self, obj: models.Model, name: str, *, reason: str | None = None) -> Transition:
        """The transition ``name`` if the table allows it from ``obj``'s state; otherwise
        InvalidTransitionError saying where it stands and what is possible. With ``reason``
        given, a transition that needs one is refused without it."""
        t = self.transition(name)
        state = getattr(obj, self.field)
        if state in t.sources:
            if reason is not None and t.needs_reason and not reason.strip():
                raise InvalidTransitionError(
                    _("%(action)s needs a reason: write why.") % {"action": t.label}
                )
            return t
        possible = pgettext("list separator", ", ").join(
            str(x.label) for x in self.allowed_from(state)
        )
        raise InvalidTransitionError(
            _("This %(object)s is “%(state)s”: “%(action)s” is not possible. %(possible)s")
            % {
                "object": obj._meta.verbose_name,
                "state": self.state_label(state),
                "action": t.label,
                "possible": (
                    _("Possible now: %(list)s.") % {"list": possible}
                    if possible
                    else _("It is final: nothing more can be done to it.")
                ),
            }
        )

    def apply(
        self,
        obj: models.Model,
        name: str,
        *,
        actor,
        summary: str,
        reason: str = "",
        data: dict | None = None,
        fields: dict | None = None,
        audit_obj: models.Model | None = None,
        changes: dict | None = None,
    ) -> Transition:
        """Move ``obj`` through ``name``: check, conditional update, audit, signal.

        ``fields``: other columns written in the same UPDATE (who decided, when …); they are
        set on ``obj`` too. ``audit_obj``: the object whose trail the event belongs to when it
        is not ``obj`` (a declaration's step goes on its enterprise's trail). Must run inside
        the caller's ``transaction.atomic``. ``changes``: other before → after pairs for the
        event (the status change is always added).
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.apply must run inside the transaction of the change")
        t = self.check(obj, name, reason=reason)
        source = getattr(obj, self.field)
        self._write(obj, source, {self.field: t.target, **(fields or {})})
        audit_record(
            action=f"{self.key}.{t.name}",
            actor=actor,
            obj=audit_obj if audit_obj is not None else obj,
            summary=summary,
            reason=reason,
            data={**(data or {}), "transition": t.name, "from": source, "to": t.target},
            changes={
                **(changes or {}),
                self.field: [self.state_label(source), self.state_label(t.target)],
            },
        )
        transitioned.send(
            sender=type(obj),
            workflow=self,
            obj=obj,
            transition=t,
            actor=actor,
            source=source,
            reason=reason,
        )
        return t

    def _write(self, obj: models.Model, source: str, values: dict) -> None:
        """``UPDATE … SET values WHERE pk = obj.pk AND status = source``; refused when another
        request moved the row first. The values are set on ``obj`` too."""
        model = type(obj)
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            values.setdefault("updated_at", timezone.now())
        written = model._default_manager.filter(pk=obj.pk, **{self.field: source}).update(**values)
        if written != 1:
            raise InvalidTransitionError(
                _(
                    "This %(object)s was changed by someone else meanwhile: reload the page "
                    "and try again."
                )
                % {"object": obj._meta.verbose_name}
            )
        for key, value in values.items():
            setattr(obj, key, value)


_workflows: dict[str, Workflow] = {}


def workflows() -> dict[str, Workflow]:
    """Every declared workflow (declared when its app's module is imported)."""
    return dict(_workflows)


def transition(
    name: str, sources: Iterable[str] | str, target: str, label, *, needs_reason: bool = False
) -> Transition:
    """Shorthand for a table row: ``transition("publish", "candidates", "notice", _("…"))``."""
    srcs = (sources,) if isinstance(sources, str) else tuple(sources)
    return Transition(name, srcs, target, label, needs_reason)
