"""Pages of the registry: list, profile, forms and confirmations.

Every view needs a login. An enterprise outside the user's scope is "not found" (the selectors
decide), never "forbidden", so its existence does not leak; a role that may see an enterprise
but not do the action gets 403. Writes go through `services`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.accounts.choices import Role
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.money import to_yuan

from . import domain, scoping, selectors, services
from .filtersets import EnterpriseFilterSet
from .forms import (
    ContactForm,
    EnterpriseForm,
    QualificationForm,
    YearlyFactForm,
    add_service_errors,
)
from .history import with_lines
from .models import Enterprise, FactRecord
from .templatetags.enterprise_tags import TEN_THOUSAND
from .validators import mask_phone

PAGE_SIZE = 25
SORT_KEYS = ("name", "uscc", "park", "stage", "founded")


# --- list, mine, profile -------------------------------------------------------------------


@login_required
def enterprise_list(request):
    user = request.user
    if user.role == Role.ENTERPRISE_USER:
        return redirect("enterprises:mine")
    if not scoping.can_list(user):
        raise PermissionDenied
    queryset = selectors.enterprise_list(user=user, filters=request.GET)
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = EnterpriseFilterSet(
        request.GET or None,
        parks=selectors.park_choices(user=user),
        years=selectors.fact_years(user=user),
    )
    sort = request.GET.get("sort") or "name"
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "page_obj": page_obj,
        "filters": filters,
        "sort": sort,
        "columns": _sort_columns(sort),
        "export_query": _without(request.GET, "page"),
        # called by the template only when the page is empty (the table may come from the cache)
        "has_any": lambda: (
            bool(page_obj.object_list) or selectors.enterprise_list(user=user).exists()
        ),
        "can_create": scoping.can_create(user),
        "can_import": scoping.can_import(user),
        "chain_chips": _chain_chips(request),
        "partial": partial,
    }
    template = "enterprises/_table.html" if partial else "enterprises/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _chain_chips(request) -> list[dict]:
    """The segment and cluster filters of a drill-down, each with the list's address without
    it (its chip's clear link)."""
    chips = selectors.chain_filters(user=request.user, filters=request.GET)
    base = reverse("enterprises:list")
    for chip in chips:
        query = _without(request.GET, "page", chip["name"])
        chip["clear_url"] = f"{base}?{query}" if query else base
    return chips


def _sort_columns(sort: str) -> list[dict[str, Any]]:
    labels = {
        "name": _("Name"),
        "uscc": _("Credit code"),
        "park": _("Park"),
        "stage": _("Stage"),
        "founded": _("Founded"),
    }
    return [
        {
            "key": key,
            "label": labels[key],
            "active": sort.lstrip("-") == key,
            "descending": sort == "-" + key,
            "next": "-" + key if sort == key else key,
        }
        for key in SORT_KEYS
    ]


def _without(query, *names: str) -> str:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
def enterprise_mine(request):
    """An enterprise user's own file; officials are sent to the list."""
    user = request.user
    if user.role != Role.ENTERPRISE_USER:
        if scoping.can_list(user):
            return redirect("enterprises:list")
        raise PermissionDenied
    enterprise = selectors.own_enterprise(user=user)
    if enterprise is None:
        return render(request, "enterprises/mine_missing.html")
    return redirect("enterprises:detail", pk=enterprise.pk)


@login_required
def enterprise_detail(request, pk: int):
    enterprise = _enterprise_or_404(request, pk)
    return render(request, "enterprises/detail.html", _detail_context(request, enterprise))


def _detail_context(request, enterprise: Enterprise, revealed: dict | None = None) -> dict:
    profile = selectors.enterprise_profile(user=request.user, enterprise=enterprise)
    for contact in profile.contacts:
        if revealed and contact.pk in revealed:
            contact.shown_phone, contact.phone_masked = revealed[contact.pk], False
    years = list(reversed(profile.facts))
    chart = {
        "years": [fact.year for fact in years],
        "revenue": [_chart_value(fact.revenue) for fact in years],
        "output": [_chart_value(fact.output_value) for fact in years],
        "rnd": [_chart_value(fact.rnd_expense) for fact in years],
    }
    return {
        "enterprise": enterprise,
        "profile": profile,
        **_provenance_context(request.user, enterprise, profile),
        "chart": chart,
        "history": with_lines(
            selectors.enterprise_history(user=request.user, enterprise=enterprise)
        ),
        "can_list": scoping.can_list(request.user),
        "reporting_tasks": _reporting_tasks(request.user, enterprise),
    }


def _reporting_tasks(user, enterprise: Enterprise) -> list:
    """The open reporting campaigns (年报填报) asking the user's own enterprise for figures."""
    from gaoxin.reporting.selectors import tasks_for

    return [task for task in tasks_for(user=user) if task.enterprise.pk == enterprise.pk]


def _provenance_context(user, enterprise: Enterprise, profile) -> dict:
    """Beside each value, where it came from; the declarations awaiting verification and the
    recent rejections, old and new side by side."""
    from . import selectors_verification
    from .provenance_display import changes, source_text
    from .services.declarations import describe

    prov = selectors_verification.provenance(user=user, enterprise=enterprise)
    for fact in profile.facts:
        fact.sources = [source_text(r) for r in prov.year_sources(fact.year)] or [source_text(None)]
        fact.pending = prov.pending_year(fact.year)
    for qualification in profile.qualifications:
        qualification.source = source_text(prov.qualifications.get(qualification.pk))
        qualification.source_record = prov.qualifications.get(qualification.pk)
    known_years = {fact.year for fact in profile.facts}

    def shown(records):
        return [
            {"record": r, "what": describe(r), "changes": changes(r), "source": source_text(r)}
            for r in records
        ]

    return {
        "sources": {name: prov.profile.get(name) for name in services.PROFILE_FACT_FIELDS},
        "source_text": {
            name: source_text(prov.profile.get(name)) for name in services.PROFILE_FACT_FIELDS
        },
        "pending": shown(prov.pending),
        "rejected": shown(prov.rejected),
        "pending_profile": prov.pending_profile(),
        "pending_new_years": prov.pending_years(known_years),
        "can_verify": scoping.can_verify(user, enterprise),
    }


def _chart_value(amount) -> str | None:
    """Yuan as 万元 for the chart."""
    return None if amount is None else str(to_yuan(amount / TEN_THOUSAND))


# --- the enterprise's file -----------------------------------------------------------------


@login_required
def enterprise_create(request):
    user = request.user
    if not scoping.can_create(user):
        raise PermissionDenied
    zone = user.zone
    form = EnterpriseForm(
        request.POST or None,
        parks=selectors.assignable_parks(user=user),
        park_required=domain.park_required(user),
        initial={"region_code": zone.region_code if zone else ""},
    )
    return _save_form(
        request,
        form,
        save=lambda: services.enterprise_create(actor=user, data=form.service_data()),
        done=lambda enterprise: _("%(name)s has been registered.") % {"name": enterprise.name},
        title=_("New enterprise"),
        cancel_url=reverse("enterprises:list"),
    )


@login_required
def enterprise_update(request, pk: int):
    user = request.user
    enterprise = _editable_enterprise(request, pk)
    own = user.role == Role.ENTERPRISE_USER
    form = EnterpriseForm(
        request.POST or None,
        initial=EnterpriseForm.initial_for(enterprise),
        parks=selectors.assignable_parks(user=user),
        park_required=domain.park_required(user),
        locked=services.LOCKED_FOR_ENTERPRISE_USERS if own else (),
        with_reason=True,
    )
    return _save_form(
        request,
        form,
        save=lambda: services.enterprise_update(
            actor=user,
            enterprise=enterprise,
            data=form.service_data(),
            reason=form.cleaned_data.get("reason", ""),
        ),
        done=_profile_saved,
        title=_("Edit %(name)s") % {"name": enterprise.name},
        enterprise=enterprise,
        locked_fields=own,
        declares=not services.verifies_directly(user, enterprise),
    )


def _profile_saved(saved: Enterprise) -> str:
    if getattr(saved, "declaration", None) is not None:
        return _declared_message(_("Your changes to the fields that policies read"))
    return _("The changes have been saved.")


# --- yearly facts --------------------------------------------------------------------------


@login_required
def fact_create(request, pk: int):
    enterprise = _editable_enterprise(request, pk)
    taken = set(enterprise.yearly_facts.values_list("year", flat=True))
    initial = YearlyFactForm.initial_for(None)
    if request.GET.get("year", "").isdigit() and len(request.GET["year"]) == 4:
        initial["year"] = int(request.GET["year"])  # a reporting task's year
    form = YearlyFactForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        taken_years=taken,
    )
    return _save_form(
        request,
        form,
        save=_with_upload(
            request,
            enterprise,
            form,
            lambda attachment: services.yearly_fact_upsert(
                actor=request.user,
                enterprise=enterprise,
                year=form.cleaned_data["year"],
                data=form.service_data(),
                attachment=attachment,
                **form.evidence_data(),
            ),
        ),
        done=lambda saved: _figures_saved(saved.year, saved),
        title=_("Add a year's figures"),
        enterprise=enterprise,
        anchor="facts",
        declares=not services.verifies_directly(request.user, enterprise),
    )


@login_required
def fact_update(request, pk: int, year: int):
    enterprise = _editable_enterprise(request, pk)
    fact = _or_404(selectors.yearly_fact_get, user=request.user, enterprise_pk=pk, year=year)
    form = YearlyFactForm(
        request.POST or None,
        request.FILES or None,
        initial=YearlyFactForm.initial_for(fact),
        with_year=False,
    )
    return _save_form(
        request,
        form,
        save=_with_upload(
            request,
            enterprise,
            form,
            lambda attachment: services.yearly_fact_upsert(
                actor=request.user,
                enterprise=enterprise,
                year=year,
                data=form.service_data(),
                attachment=attachment,
                **form.evidence_data(),
            ),
        ),
        done=lambda saved: _figures_saved(year, saved),
        title=_("Figures for %(year)s") % {"year": year},
        enterprise=enterprise,
        anchor="facts",
        declares=not services.verifies_directly(request.user, enterprise),
    )


@login_required
def fact_delete(request, pk: int, year: int):
    enterprise = _deletable_enterprise(request, pk)
    fact = _or_404(selectors.yearly_fact_get, user=request.user, enterprise_pk=pk, year=year)
    return _confirm_delete(
        request,
        enterprise,
        question=_("Delete the figures for %(year)s?") % {"year": year},
        delete=lambda: services.yearly_fact_delete(actor=request.user, fact=fact),
        done=_("The figures for %(year)s have been deleted.") % {"year": year},
        anchor="facts",
    )


def _figures_saved(year: int, saved=None) -> str:
    if isinstance(saved, FactRecord):
        return _declared_message(_("The figures for %(year)s") % {"year": year})
    return _("The figures for %(year)s have been saved.") % {"year": year}


def _declared_message(what: str) -> str:
    return _(
        "%(what)s have been submitted for verification. The verified values stay in force "
        "until an official of the zone verifies them; you will be told in your inbox."
    ) % {"what": what}


# --- qualifications ------------------------------------------------------------------------


@login_required
def qualification_create(request, pk: int):
    enterprise = _editable_enterprise(request, pk)
    form = QualificationForm(request.POST or None, request.FILES or None)
    return _save_form(
        request,
        form,
        save=_with_upload(
            request,
            enterprise,
            form,
            lambda attachment: services.qualification_add(
                actor=request.user,
                enterprise=enterprise,
                data=form.service_data(),
                attachment=attachment,
                **form.evidence_data(),
            ),
        ),
        done=lambda saved: _qualification_saved(saved, _("The qualification has been added.")),
        title=_("Add a qualification"),
        enterprise=enterprise,
        anchor="qualifications",
        declares=not services.verifies_directly(request.user, enterprise),
    )


def _qualification_saved(saved, message: str) -> str:
    if isinstance(saved, FactRecord):
        return _declared_message(_("The qualification and its certificate"))
    return message


@login_required
def qualification_update(request, pk: int, qualification_pk: int):
    enterprise = _editable_enterprise(request, pk)
    qualification = _or_404(
        selectors.qualification_get, user=request.user, enterprise_pk=pk, pk=qualification_pk
    )
    form = QualificationForm(
        request.POST or None,
        request.FILES or None,
        initial=QualificationForm.initial_for(qualification),
    )
    return _save_form(
        request,
        form,
        save=_with_upload(
            request,
            enterprise,
            form,
            lambda attachment: services.qualification_update(
                actor=request.user,
                qualification=qualification,
                data=form.service_data(),
                attachment=attachment,
                **form.evidence_data(),
            ),
        ),
        done=lambda saved: _qualification_saved(saved, _("The qualification has been saved.")),
        declares=not services.verifies_directly(request.user, enterprise),
        title=_("Edit the qualification"),
        enterprise=enterprise,
        anchor="qualifications",
    )


@login_required
def qualification_delete(request, pk: int, qualification_pk: int):
    enterprise = _deletable_enterprise(request, pk)
    qualification = _or_404(
        selectors.qualification_get, user=request.user, enterprise_pk=pk, pk=qualification_pk
    )
    return _confirm_delete(
        request,
        enterprise,
        question=_("Remove the qualification %(qualification)s?")
        % {"qualification": qualification},
        delete=lambda: services.qualification_remove(
            actor=request.user, qualification=qualification
        ),
        done=_("The qualification has been removed."),
        anchor="qualifications",
    )


# --- contacts ------------------------------------------------------------------------------


@login_required
def contact_create(request, pk: int):
    enterprise = _editable_enterprise(request, pk)
    form = ContactForm(request.POST or None)
    return _save_form(
        request,
        form,
        save=lambda: services.contact_add(
            actor=request.user, enterprise=enterprise, data=form.service_data()
        ),
        done=_("The contact has been added."),
        title=_("Add a contact"),
        enterprise=enterprise,
        anchor="contacts",
    )


@login_required
def contact_update(request, pk: int, contact_pk: int):
    enterprise = _editable_enterprise(request, pk)
    contact = _or_404(selectors.contact_get, user=request.user, enterprise_pk=pk, pk=contact_pk)
    initial = ContactForm.initial_for(contact)
    masked = bool(contact.phone) and not scoping.sees_contacts_unmasked(request.user, enterprise)
    form = ContactForm(request.POST or None, initial=initial)
    if masked:
        # Editing is no way around the masking: an official types a new number, or presses
        # "show" on the profile (audited) to see the current one.
        form.initial["phone"] = ""
        form.fields["phone"].widget.attrs["placeholder"] = mask_phone(contact.phone)
        form.fields["phone"].help_text = _("Leave empty to keep the current number.")

    def save():
        data = form.service_data()
        if masked and not data.get("phone"):
            data.pop("phone")
        return services.contact_update(actor=request.user, contact=contact, data=data)

    return _save_form(
        request,
        form,
        save=save,
        done=_("The contact has been saved."),
        title=_("Edit the contact %(name)s") % {"name": contact.name},
        enterprise=enterprise,
        anchor="contacts",
    )


@login_required
def contact_delete(request, pk: int, contact_pk: int):
    enterprise = _editable_enterprise(request, pk)
    contact = _or_404(selectors.contact_get, user=request.user, enterprise_pk=pk, pk=contact_pk)
    return _confirm_delete(
        request,
        enterprise,
        question=_("Remove the contact %(name)s?") % {"name": contact.name},
        delete=lambda: services.contact_remove(actor=request.user, contact=contact),
        done=_("The contact has been removed."),
        anchor="contacts",
    )


@login_required
@require_POST
def contact_reveal(request, pk: int, contact_pk: int):
    """Show one contact's full phone number to an official (audited). With HTMX the number
    replaces the masked one in place; without, the profile is shown with it."""
    enterprise = _enterprise_or_404(request, pk)
    contact = _or_404(selectors.contact_get, user=request.user, enterprise_pk=pk, pk=contact_pk)
    try:
        phone = services.contact_reveal(actor=request.user, contact=contact)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    if request.htmx:
        contact.shown_phone, contact.phone_masked = phone, False
        return render(
            request,
            "enterprises/_contact_phone.html",
            {"contact": contact, "enterprise": enterprise},
        )
    context = _detail_context(request, enterprise, revealed={contact.pk: phone})
    return render(request, "enterprises/detail.html", context)


# --- shared --------------------------------------------------------------------------------


def _with_upload(request, enterprise: Enterprise, form, call: Callable[[Any], Any]):
    """A save that first stores the form's upload (checked by its content) as evidence, in the
    same transaction as the write that uses it."""

    def save():
        with transaction.atomic():
            upload = form.cleaned_data.get("attachment")
            attachment = (
                services.attachment_store(actor=request.user, enterprise=enterprise, upload=upload)
                if upload
                else None
            )
            return call(attachment)

    return save


def _or_404(selector: Callable[..., Any], **kwargs) -> Any:
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def _enterprise_or_404(request, pk: int) -> Enterprise:
    return _or_404(selectors.enterprise_get, user=request.user, pk=pk)


def _editable_enterprise(request, pk: int) -> Enterprise:
    enterprise = _enterprise_or_404(request, pk)
    if not scoping.can_edit(request.user, enterprise):
        raise PermissionDenied
    return enterprise


def _deletable_enterprise(request, pk: int) -> Enterprise:
    """Verified data is deleted by an official of the zone; the others declare corrections."""
    enterprise = _editable_enterprise(request, pk)
    if not services.verifies_directly(request.user, enterprise):
        raise PermissionDenied
    return enterprise


def _save_form(
    request,
    form,
    *,
    save: Callable[[], Any],
    done: str | Callable[[Any], str],
    title: str,
    enterprise: Enterprise | None = None,
    anchor: str = "",
    **extra,
):
    """Every form page of the registry: on a valid POST, call the service (`save`); when it
    succeeds, say `done` (a message, or a function of what the service returned) and go to the
    enterprise's profile at `anchor` (the new enterprise's when `enterprise` is None).
    Otherwise, or when the service refuses the input (its errors go on the form), show the
    form."""
    if request.method == "POST" and form.is_valid():
        saved = _submit(form, save)
        if saved is not None:
            messages.success(request, done(saved) if callable(done) else done)
            return _to_profile(enterprise if enterprise is not None else saved, anchor)
    return _form_page(request, form, title=title, enterprise=enterprise, **extra)


def _submit(form, call: Callable[[], Any]) -> Any:
    """Run a service; on bad input put its errors on the form and return None."""
    try:
        return call()
    except ValidationError as exc:
        add_service_errors(form, exc)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return None


def _form_page(request, form, *, title: str, enterprise: Enterprise | None = None, **extra):
    cancel_url = extra.pop("cancel_url", None) or reverse(
        "enterprises:detail", kwargs={"pk": enterprise.pk}
    )
    context = {
        "form": form,
        "title": title,
        "enterprise": enterprise,
        "cancel_url": cancel_url,
        "can_list": scoping.can_list(request.user),
    }
    context.update(extra)
    return render(request, "enterprises/form.html", context)


def _confirm_delete(request, enterprise: Enterprise, *, question, delete, done, anchor):
    if request.method == "POST":
        try:
            delete()
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        messages.success(request, done)
        return _to_profile(enterprise, anchor)
    return render(
        request,
        "enterprises/confirm_delete.html",
        {
            "enterprise": enterprise,
            "question": question,
            "cancel_url": reverse("enterprises:detail", kwargs={"pk": enterprise.pk}),
        },
    )


def _to_profile(enterprise: Enterprise, anchor: str = "") -> HttpResponseRedirect:
    url = reverse("enterprises:detail", kwargs={"pk": enterprise.pk})
    return HttpResponseRedirect(url + ("#" + anchor if anchor else ""))
