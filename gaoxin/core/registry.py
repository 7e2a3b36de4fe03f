"""Where apps plug into core: their menu entries, their demo loaders, and the audit recorder.

Core imports no app (tests/test_core_imports_no_app.py checks it). Instead each app declares
what it brings, and core collects it:

- **menu**: ``<app>/menu.py`` calls :func:`menu_item` (and :func:`menu_group` for a dropdown it
  owns); core imports every app's ``menu`` module once, at start-up (:class:`CoreConfig.ready`).
- **demo**: ``<app>/demo.py`` decorates its loader with :func:`demo_loader`; ``gaoxin load-demo``
  imports every app's ``demo`` module and runs the loaders in dependency order.
- **audit**: the audit app hands core its ``record`` function (:func:`set_audit_recorder`), so a
  core service (the scheduler) writes audit events without importing the audit app.
- **desk**: ``<app>/desk.py`` decorates a function with :func:`desk_panel`; the page a role
  lands on shows every panel of the user's role whose function returns a context (the
  enterprise's applications, the reviewer's queue, the official's funds …).
- **overview**: ``<app>/overview.py`` decorates a function with :func:`overview_section`; the
  zone dashboard shows every section of the user's role whose function returns a context (the
  pipeline funnel, output against target, money committed and paid …). A section's figures
  follow :class:`Figure`, so the dashboard draws each one, shows it as a table, links every
  bar to the list behind it and exports it to Excel the same way.

docs/architecture.md ("How an app plugs in") shows each with an example.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypedDict

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

# --- navigation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MenuGroup:
    """A dropdown of the bar: consecutive visible items of the group share it."""

    key: str
    label: str
    icon: str


@dataclass(frozen=True)
class MenuItem:
    """One entry of the navigation bar.

    ``roles``: the roles that see it (``None``: everyone, anonymous visitors included; ``None``
    among the roles: visitors who are not logged in, e.g. the public tools);
    ``permission``: a permission (django-rules) the user must also hold; ``order``: its place in
    the bar (see the bands in docs/architecture.md); ``group``: the key of a :class:`MenuGroup`.
    """

    url_name: str
    label: str
    icon: str
    order: int
    roles: frozenset[str] | None = None
    permission: str = ""
    group: str = ""

    def visible_to(self, user) -> bool:
        authenticated = user is not None and user.is_authenticated
        role = getattr(user, "role", "") if authenticated else None
        if self.roles is not None and role not in self.roles:
            return False
        return not self.permission or bool(authenticated and user.has_perm(self.permission))


_menu_items: dict[str, MenuItem] = {}
_menu_groups: dict[str, MenuGroup] = {}


def _add(registry: dict, key: str, value, what: str) -> None:
    if key in registry and registry[key] != value:
        raise ImproperlyConfigured(f"{what} {key!r} is registered twice, differently.")
    registry[key] = value


def menu_group(key: str, label: str, icon: str) -> MenuGroup:
    """Declare a dropdown group (once, by the app that owns it; others name it by key)."""
    group = MenuGroup(key, label, icon)
    _add(_menu_groups, key, group, "Menu group")
    return group


def menu_item(
    url_name: str,
    label: str,
    icon: str,
    *,
    order: int,
    roles: Iterable[str] | None = None,
    permission: str = "",
    group: str = "",
) -> MenuItem:
    """Declare one entry of the navigation bar (one call per entry, in the app's menu.py)."""
    item = MenuItem(
        url_name,
        label,
        icon,
        order,
        None if roles is None else frozenset(r if r is None else str(r) for r in roles),
        permission,
        group,
    )
    _add(_menu_items, url_name, item, "Menu item")
    return item


def menu_items() -> list[MenuItem]:
    """Every registered entry, in bar order."""
    return sorted(_menu_items.values(), key=lambda item: (item.order, item.url_name))


def menu_groups() -> dict[str, MenuGroup]:
    return dict(_menu_groups)


_discovered: set[str] = set()


def _discover(module: str) -> None:
    """Import each installed app's ``module`` once per process (not on every request)."""
    if module not in _discovered:
        autodiscover_modules(module)
        _discovered.add(module)


def discover_menus() -> None:
    """Import each installed app's ``menu`` module (called from CoreConfig.ready)."""
    autodiscover_modules("menu")


# --- demo loaders -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLoader:
    """One app's part of ``gaoxin load-demo``.

    ``load()`` must be idempotent (it creates what is missing and changes nothing else) and
    returns a report; ``describe(report)`` turns that report into the lines the command prints.
    ``after``: names of the loaders whose data it needs; ``order`` breaks ties.
    """

    name: str
    load: Callable[[], object]
    describe: Callable[[object], list[str]]
    after: tuple[str, ...] = ()
    order: int = 100


_demo_loaders: dict[str, DemoLoader] = {}


def demo_loader(
    name: str,
    *,
    order: int,
    after: Iterable[str] = (),
    describe: Callable[[object], list[str]] | None = None,
):
    """Decorator: register the function as the demo loader ``name``; returns it unchanged."""

    def register(load: Callable[[], object]) -> Callable[[], object]:
        loader = DemoLoader(name, load, describe or (lambda report: []), tuple(after), order)
        previous = _demo_loaders.get(name)
        if previous is not None and previous.load is not load:
            raise ImproperlyConfigured(f"Demo loader {name!r} is registered twice.")
        _demo_loaders[name] = loader
        return load

    return register


def demo_loaders() -> list[DemoLoader]:
    """Every app's demo loader, each after those it depends on (ties by order, then name)."""
    autodiscover_modules("demo")
    loaders = dict(_demo_loaders)
    for loader in loaders.values():
        missing = set(loader.after) - set(loaders)
        if missing:
            raise ImproperlyConfigured(
                f"Demo loader {loader.name!r} runs after {sorted(missing)}, which no app registers."
            )
    ordered: list[DemoLoader] = []
    remaining = dict(loaders)
    while remaining:
        done = {loader.name for loader in ordered}
        ready = [loader for loader in remaining.values() if set(loader.after) <= done]
        if not ready:
            raise ImproperlyConfigured(f"Demo loaders depend on each other: {sorted(remaining)}.")
        first = min(ready, key=_tie)
        ordered.append(first)
        del remaining[first.name]
    return ordered


def _tie(loader: DemoLoader) -> tuple[int, str]:
    return (loader.order, loader.name)


# --- desk panels --------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskPanel:
    """A panel of the landing page: ``template`` rendered with what ``context(user)`` returns
    (nothing is shown when it returns ``None``), for the users of ``roles``."""

    key: str
    template: str
    context: Callable[[object], dict | None]
    roles: frozenset[str]
    order: int = 100


_desk_panels: dict[str, DeskPanel] = {}


def desk_panel(key: str, *, template: str, roles: Iterable[str], order: int = 100):
    """Decorator: register the function (user → context or None) as the desk panel ``key``."""

    def register(context: Callable[[object], dict | None]):
        panel = DeskPanel(key, template, context, frozenset(str(r) for r in roles), order)
        previous = _desk_panels.get(key)
        if previous is not None and previous.context is not context:
            raise ImproperlyConfigured(f"Desk panel {key!r} is registered twice.")
        _desk_panels[key] = panel
        return context

    return register


def desk_panels(user) -> list[tuple[DeskPanel, dict]]:
    """The panels the user's role sees, in order, with their contexts (empty ones left out)."""
    _discover("desk")
    role = getattr(user, "role", None)
    shown = []
    for panel in sorted(_desk_panels.values(), key=lambda p: (p.order, p.key)):
        if role in panel.roles:
            context = panel.context(user)
            if context is not None:
                shown.append((panel, context))
    return shown


# --- overview sections ----------------------------------------------------------------------


class FigureRow(TypedDict):
    cells: list  # one value per column: str, int or Decimal (money in yuan; the column says)
    link: str | None  # the filtered list behind the row (drill-down), if any


class Figure(TypedDict, total=False):
    """One figure of an overview section: a table that may also be drawn as a chart.

    ``key`` is unique on the dashboard (the export URL names it); ``columns`` are the header
    labels (with their unit); ``rows`` the data, each with the link to the list behind it;
    ``chart`` (optional) says how to draw it: ``{"type": "bar" | "line" | "funnel",
    "category_column": 0, "value_columns": [1, 2], "money": bool}`` — categories are read
    from one column and each value column is a series, so the chart and its table can never
    disagree."""

    key: str
    title: str
    columns: list[str]
    rows: list[FigureRow]
    chart: dict
    note: str


@dataclass(frozen=True)
class OverviewSection:
    """A section of the zone dashboard: ``template`` rendered with what ``context(user)``
    returns (nothing when ``None``); the context's ``figures`` are :class:`Figure` dicts."""

    key: str
    template: str
    context: Callable[[object], dict | None]
    roles: frozenset[str]
    order: int = 100


_overview_sections: dict[str, OverviewSection] = {}


def overview_section(key: str, *, template: str, roles: Iterable[str], order: int = 100):
    """Decorator: register the function (user → context or None) as the overview section
    ``key``."""

    def register(context: Callable[[object], dict | None]):
        section = OverviewSection(key, template, context, frozenset(str(r) for r in roles), order)
        previous = _overview_sections.get(key)
        if previous is not None and previous.context is not context:
            raise ImproperlyConfigured(f"Overview section {key!r} is registered twice.")
        _overview_sections[key] = section
        return context

    return register


def overview_sections(user) -> list[tuple[OverviewSection, dict]]:
    """The sections the user's role sees, in order, with their contexts (empty ones left
    out)."""
    _discover("overview")
    role = getattr(user, "role", None)
    shown = []
    for section in sorted(_overview_sections.values(), key=lambda s: (s.order, s.key)):
        if role in section.roles:
            context = section.context(user)
            if context is not None:
                shown.append((section, context))
    return shown


# --- audit --------------------------------------------------------------------------------

_audit_recorder: Callable[..., object] | None = None


def set_audit_recorder(record: Callable[..., object]) -> None:
    """Called by the audit app at start-up with its ``record`` service."""
    global _audit_recorder
    _audit_recorder = record


def audit_record(**kwargs) -> object:
    """Write an audit event through the audit app (same arguments as ``audit.services.record``)."""
    if _audit_recorder is None:
        raise ImproperlyConfigured("No audit recorder: is gaoxin.audit in INSTALLED_APPS?")
    return _audit_recorder(**kwargs)


# --- the change counter -------------------------------------------------------------------

_change_counter: Callable[[], int] | None = None


def set_change_counter(counter: Callable[[], int]) -> None:
    """Called by the audit app at start-up: a number that grows with every committed change
    (the newest audit event's id; every change writes one, appends are serialised)."""
    global _change_counter
    _change_counter = counter


# Inside a request, the counter read once: a page keys several cached figures on it (the list,
# its count, the filter's years), one query each otherwise. After a write in the request it is
# read afresh each time until the write's transaction commits: a rolled-back event's id may be
# handed out again (SQLite), so a value read before the rollback must not be kept.
_request_counter: ContextVar[dict[str, Any] | None] = ContextVar(
    "gaoxin_request_change_counter", default=None
)


def change_counter() -> int | None:
    """The current value of the change counter; ``None`` when no app provides one. Inside
    :func:`counter_read_once` the value read first, unless a write of the request has not
    committed yet (:func:`changes_written`)."""
    if _change_counter is None:
        return None
    seen = _request_counter.get()
    if seen is None:
        return _change_counter()
    if "value" in seen:
        return seen["value"]
    value = _change_counter()
    if not seen.get("unsettled"):
        seen["value"] = value
    return value


@contextmanager
def counter_read_once() -> Iterator[None]:
    """Around a request: the change counter is queried once, not once per cached figure. A
    change committed by another request meanwhile shows from the next request on. Nested, the
    outer block's memory is used."""
    if _request_counter.get() is not None:
        yield
        return
    token = _request_counter.set({})
    try:
        yield
    finally:
        _request_counter.reset(token)


def changes_written() -> None:
    """Called by the app that writes the counter's rows, in the write's transaction: the
    counter is read afresh until that transaction commits (forgotten if it rolls back)."""
    seen = _request_counter.get()
    if seen is None:
        return
    seen.clear()
    seen["unsettled"] = True
    transaction.on_commit(lambda: seen.pop("unsettled", None))
