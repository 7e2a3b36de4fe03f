"""Pages of the parks: the list, a park's page (platforms, enterprises, buildings and spaces,
events), the forms that edit them, the spaces export, and the park's public page.

Thin: the selectors scope, the services check and write; a refusal goes back onto the form.
A role without parks gets 403; a park the user does not see 404; a reader who does not manage
the park gets 403 on the forms.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gaoxin.core.excel import XLSX
from gaoxin.core.forms import run_on_form as _submit

from . import excel, rules, selectors, services
from .forms import (
    BuildingForm,
    DeleteForm,
    OccupancyForm,
    ParkForm,
    PlatformForm,
    SpaceCreateForm,
    SpaceForm,
)
from .models import Park

PER_PAGE = 20
ENTERPRISES_SHOWN = 10


def _readers(view: Callable) -> Callable:
    @login_required
    def wrapped(request, *args, **kwargs):
        if not rules.can_view_parks(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _managed(user, pk: int) -> Park:
    park = selectors.park_get(user, pk)
    if not rules.can_manage_park(user, park):
        raise PermissionDenied
    return park


def _to_park(park: Park, anchor: str = "") -> HttpResponse:
    return redirect(reverse("parks:detail", args=[park.pk]) + anchor)


@_readers
def park_list(request):
    page = Paginator(selectors.park_list(request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "can_create": rules.can_create_park(request.user)}
    return render(request, "parks/park_list.html", context)


def _event_rows(park: Park) -> list[dict]:
    """The park's latest events, each with its page."""
    return [
        {"event": event, "url": reverse("events:detail", args=[event.pk])}
        for event in park.events.order_by("-starts_on")[:20]
    ]


@_readers
def park_detail(request, pk: int):
    park = selectors.park_get(request.user, pk)
    free_only = request.GET.get("free") == "1"
    enterprises = selectors.park_enterprises(park)
    context = {
        "park": park,
        "can_manage": rules.can_manage_park(request.user, park),
        "platforms": selectors.park_platforms(park),
        "enterprises": enterprises[:ENTERPRISES_SHOWN],
        "enterprise_count": enterprises.count(),
        "buildings": selectors.buildings_with_spaces(park, free_only=free_only),
        "totals": selectors.space_totals(selectors.park_spaces(park)),
        "free_only": free_only,
        "events": _event_rows(park),
    }
    return render(request, "parks/park_detail.html", context)


@_readers
def spaces_export(request, pk: int):
    park = selectors.park_get(request.user, pk)
    spaces = list(selectors.park_spaces(park, free_only=request.GET.get("free") == "1"))
    services.export_recorded(actor=request.user, park=park, rows=len(spaces))
    out = io.BytesIO()
    excel.write_spaces(spaces, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"park-{park.pk}-spaces.xlsx"
    )
    return response


def _form_page(request, form, *, park=None, cancel_url: str, **context) -> HttpResponse:
    return render(
        request,
        "parks/form.html",
        {"form": form, "park": park, "cancel_url": cancel_url, **context},
    )


@_readers
def park_create(request):
    """A new park of the zone, run by one of the zone's park operators (zone officials)."""
    if not rules.can_create_park(request.user):
        raise PermissionDenied
    operators = selectors.operators_for(request.user.zone)
    form = ParkForm(request.POST or None, operators=operators)
    if request.method == "POST" and form.is_valid():
        park = _submit(form, lambda: services.park_create(actor=request.user, **form.cleaned_data))
        if park is not None:
            messages.success(request, _("The park is created."))
            return _to_park(park)
    return _form_page(
        request,
        form,
        cancel_url=reverse("parks:list"),
        title=_("New park"),
        submit=_("Create the park"),
        no_operators=not operators.exists(),
    )


@_readers
def park_update(request, pk: int):
    park = _managed(request.user, pk)
    may_change = rules.can_create_park(request.user)
    form = ParkForm(
        request.POST or None,
        instance=park,
        operators=selectors.operators_for(park.zone),
        may_change_operator=may_change,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not may_change:
            data.pop("operator")
        done = _submit(form, lambda: services.park_update(actor=request.user, park=park, **data))
        if done is not None:
            messages.success(request, _("The park is saved."))
            return _to_park(park)
    return _form_page(
        request,
        form,
        park=park,
        cancel_url=reverse("parks:detail", args=[park.pk]),
        title=_("Edit the park"),
        submit=_("Save"),
    )


def public_park(request, pk: int):
    """The park's public page (no login): what it offers, its platforms and its free units."""
    park = selectors.public_park(pk)
    spaces = selectors.park_spaces(park, free_only=True)
    context = {
        "park": park,
        "platforms": selectors.park_platforms(park),
        "spaces": spaces,
        "totals": selectors.space_totals(spaces),
    }
    return render(request, "parks/public.html", context)


# --- platforms ------------------------------------------------------------------------------


def _platform(user, pk: int, platform_pk: int):
    park = _managed(user, pk)
    return park, get_object_or_404(park.platforms, pk=platform_pk)


def _save_page(request, park, form, *, save, anchor: str, saved: str, title: str):
    """A park's add or edit form: ``save(data)`` calls the service; on success back to the
    park's section ``anchor`` with the message ``saved``."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _submit(form, lambda: save(data)) is not None:
            messages.success(request, saved)
            return _to_park(park, anchor)
    return _form_page(
        request,
        form,
        park=park,
        cancel_url=reverse("parks:detail", args=[park.pk]) + anchor,
        title=title,
        submit=_("Save"),
    )


def _platform_page(request, park, form, platform=None) -> HttpResponse:
    if platform is None:
        save = lambda data: services.platform_create(actor=request.user, park=park, **data)  # noqa: E731
    else:
        save = lambda data: services.platform_update(  # noqa: E731
            actor=request.user, platform=platform, **data
        )
    title = _("Add a supporting platform") if platform is None else _("Edit the platform")
    saved = _("The platform is saved.")
    return _save_page(request, park, form, save=save, anchor="#platforms", saved=saved, title=title)


@_readers
def platform_create(request, pk: int):
    park = _managed(request.user, pk)
    return _platform_page(request, park, PlatformForm(request.POST or None))


@_readers
def platform_update(request, pk: int, platform_pk: int):
    park, platform = _platform(request.user, pk, platform_pk)
    form = PlatformForm(request.POST or None, instance=platform)
    return _platform_page(request, park, form, platform)


@_readers
def platform_delete(request, pk: int, platform_pk: int):
    park, platform = _platform(request.user, pk, platform_pk)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        call = lambda: services.platform_delete(  # noqa: E731
            actor=request.user, platform=platform, reason=reason
        )
        _submit(form, call)
        if not form.errors:
            messages.success(request, _("The platform is deleted."))
            return _to_park(park, "#platforms")
    return _form_page(
        request,
        form,
        park=park,
        cancel_url=reverse("parks:detail", args=[park.pk]) + "#platforms",
        title=_("Delete the platform %(name)s?") % {"name": platform.name},
        intro=_("The platform disappears from the park's pages; the audit trail keeps it."),
        submit=_("Yes, delete"),
        danger=True,
    )


# --- buildings and spaces -------------------------------------------------------------------


def _building_page(request, park, form, building=None) -> HttpResponse:
    if building is None:
        save = lambda data: services.building_create(actor=request.user, park=park, **data)  # noqa: E731
    else:
        save = lambda data: services.building_update(  # noqa: E731
            actor=request.user, building=building, **data
        )
    title = _("Add a building") if building is None else _("Edit the building")
    saved = _("The building is saved.")
    return _save_page(request, park, form, save=save, anchor="#spaces", saved=saved, title=title)


@_readers
def building_create(request, pk: int):
    park = _managed(request.user, pk)
    return _building_page(request, park, BuildingForm(request.POST or None))


@_readers
def building_update(request, pk: int, building_pk: int):
    park = _managed(request.user, pk)
    building = get_object_or_404(park.buildings, pk=building_pk)
    form = BuildingForm(request.POST or None, instance=building)
    return _building_page(request, park, form, building)


def _space(user, pk: int, space_pk: int):
    park = _managed(user, pk)
    space = get_object_or_404(selectors.park_spaces(park), pk=space_pk)
    return park, space


def _to_spaces(park: Park) -> HttpResponse:
    return _to_park(park, "#spaces")


@_readers
def space_create(request, pk: int):
    park = _managed(request.user, pk)
    buildings = park.buildings.order_by("name")
    initial = {"building": request.GET.get("building")} if request.GET.get("building") else None
    form = SpaceCreateForm(request.POST or None, buildings=buildings, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        building = data.pop("building")
        call = lambda: services.space_create(actor=request.user, building=building, **data)  # noqa: E731
        if _submit(form, call) is not None:
            messages.success(request, _("The unit is added."))
            return _to_spaces(park)
    return _form_page(
        request,
        form,
        park=park,
        cancel_url=reverse("parks:detail", args=[park.pk]) + "#spaces",
        title=_("Add a unit"),
        submit=_("Save"),
        no_buildings=not buildings.exists(),
    )


@_readers
def space_update(request, pk: int, space_pk: int):
    park, space = _space(request.user, pk, space_pk)
    form = SpaceForm(request.POST or None, instance=space)
    save = lambda data: services.space_update(actor=request.user, space=space, **data)  # noqa: E731
    title = _("Edit the unit %(space)s") % {"space": space}
    saved = _("The unit is saved.")
    return _save_page(request, park, form, save=save, anchor="#spaces", saved=saved, title=title)


@_readers
def space_occupancy(request, pk: int, space_pk: int):
    """Reserve a unit for an enterprise, let it, or free it again (with a reason)."""
    park, space = _space(request.user, pk, space_pk)
    initial = {"occupancy": space.occupancy, "occupant": space.occupant_id}
    form = OccupancyForm(
        request.POST or None,
        initial=initial,
        enterprises=selectors.occupant_choices(park, request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: services.space_set_occupancy(actor=request.user, space=space, **data)  # noqa: E731
        if _submit(form, call) is not None:
            messages.success(request, _("The occupancy of the unit is changed."))
            return _to_spaces(park)
    return _form_page(
        request,
        form,
        park=park,
        space=space,
        cancel_url=reverse("parks:detail", args=[park.pk]) + "#spaces",
        title=_("Change the occupancy of %(space)s") % {"space": space},
        intro=_(
            "A reserved or occupied unit names its enterprise (one of the zone's); a freed unit "
            "names none. The change and its reason are kept in the audit trail."
        ),
        submit=_("Change the occupancy"),
    )
