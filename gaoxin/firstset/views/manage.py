"""The provincial reviewer's pages: entries (add, change, delete), editions, Excel import and
export. Anyone else gets 403 (a visitor who is not logged in is asked to log in first)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.excel import XLSX

from .. import rules, selectors, services
from ..excel.catalog_export import (
    TEMPLATE_FILENAME,
    build_catalog_template,
    catalog_filename,
    write_catalog,
)
from ..forms import (
    CatalogEditionForm,
    CatalogEntryForm,
    CatalogImportForm,
    IndicatorForm,
    IndicatorFormSet,
    indicator_rows,
)
from ..models import CatalogEntry
from ._access import allowed_to

INDICATOR_PREFIX = "indicators"


# Login first; then only the provincial reviewer.
_manager = allowed_to(rules.can_manage_catalog)


# --- entries -------------------------------------------------------------------------------


@_manager
def entry_create(request):
    edition = selectors.chosen_edition(request.GET)
    form = CatalogEntryForm(request.POST or None, initial={"edition": edition})
    formset = IndicatorFormSet(request.POST or None, prefix=INDICATOR_PREFIX)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        entry = _submit(
            form,
            formset,
            lambda: services.catalog_entry_create(
                actor=request.user,
                edition=form.cleaned_data["edition"],
                field_name=form.cleaned_data["field_name"],
                data=form.service_data(),
                indicators=indicator_rows(formset),
            ),
        )
        if entry is not None:
            messages.success(request, _("%(entry)s has been added.") % {"entry": entry})
            return redirect("firstset:entry_detail", pk=entry.pk)
    return _entry_form_page(request, form, formset, title=_("New catalog entry"), edition=edition)


@_manager
def entry_update(request, pk: int):
    entry = _entry_or_404(pk)
    form = CatalogEntryForm(
        request.POST or None, entry=entry, initial=CatalogEntryForm.initial_for(entry)
    )
    formset = IndicatorFormSet(
        request.POST or None,
        prefix=INDICATOR_PREFIX,
        initial=[IndicatorForm.initial_for(item) for item in entry.indicators.all()],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        changed = _submit(
            form,
            formset,
            lambda: services.catalog_entry_update(
                actor=request.user,
                entry=entry,
                field_name=form.cleaned_data["field_name"],
                data=form.service_data(),
                indicators=indicator_rows(formset),
                reason=form.cleaned_data.get("reason", ""),
            ),
        )
        if changed is not None:
            if changed:
                messages.success(request, _("The changes have been saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("firstset:entry_detail", pk=entry.pk)
    return _entry_form_page(
        request,
        form,
        formset,
        title=_("Edit %(entry)s") % {"entry": entry},
        edition=entry.edition,
        entry=entry,
    )


@_manager
def entry_delete(request, pk: int):
    entry = _entry_or_404(pk)
    if request.method == "POST":
        label = str(entry)
        try:
            services.catalog_entry_delete(
                actor=request.user, entry=entry, reason=request.POST.get("reason", "")[:500]
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        messages.success(request, _("%(entry)s has been deleted.") % {"entry": label})
        return redirect(reverse("firstset:catalog") + f"?edition={entry.edition_id}")
    return render(request, "firstset/entry_confirm_delete.html", {"entry": entry})


def _entry_form_page(request, form, formset, *, title: str, edition, entry=None):
    fields = selectors.field_list(edition)
    cancel_url = (
        reverse("firstset:entry_detail", kwargs={"pk": entry.pk})
        if entry is not None
        else reverse("firstset:catalog")
    )
    context = {
        "form": form,
        "formset": formset,
        "title": title,
        "entry": entry,
        "field_names": [item.name for item in fields],
        "cancel_url": cancel_url,
    }
    return render(request, "firstset/entry_form.html", context)


def _submit(form, formset, call: Callable[[], Any]) -> Any:
    """Run a service; on bad input put its errors on the form and return None."""
    try:
        return call()
    except ValidationError as exc:
        _add_errors(form, formset, exc)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return None


def _add_errors(form, formset, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = {"field": "field_name"}.get(name, name)
        if target == "indicators":
            formset.service_errors = [m for error in errors for m in error.messages]
        elif target in form.fields:
            form.add_error(target, errors)
        else:
            form.add_error(None, errors)


def _entry_or_404(pk: int) -> CatalogEntry:
    try:
        return selectors.catalog_entry_get(pk)
    except CatalogEntry.DoesNotExist as exc:
        raise Http404 from exc


# --- editions ------------------------------------------------------------------------------


@_manager
def edition_create(request):
    form = CatalogEditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.catalog_edition_create(
                actor=request.user, data=dict(form.cleaned_data)
            )
        except ValidationError as exc:
            _add_edition_errors(form, exc)
        else:
            messages.success(
                request, _("The edition %(name)s has been created.") % {"name": edition}
            )
            return redirect(reverse("firstset:catalog") + f"?edition={edition.pk}")
    return render(request, "firstset/edition_form.html", {"form": form})


def _add_edition_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# --- import and export ---------------------------------------------------------------------


@_manager
def catalog_import(request):
    edition = selectors.chosen_edition(request.GET)
    form = CatalogImportForm(
        request.POST or None, request.FILES or None, initial={"edition": edition}
    )
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        edition = form.cleaned_data["edition"]
        result = services.catalog_import(
            actor=request.user, edition=edition, source=upload.file, filename=upload.name
        )
        if result.ok:
            messages.success(
                request,
                _(
                    "Imported into %(edition)s: %(created)d added, %(updated)d changed, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "edition": edition.name,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect(reverse("firstset:catalog") + f"?edition={edition.pk}")
    return render(
        request,
        "firstset/catalog_import.html",
        {"form": form, "result": result, "edition": edition},
    )


@_manager
def catalog_import_template(request):
    response = HttpResponse(build_catalog_template(), content_type=XLSX)
    response["Content-Disposition"] = _attachment(TEMPLATE_FILENAME)
    return response


@_manager
def catalog_export(request):
    edition = selectors.chosen_edition(request.GET)
    if edition is None:
        raise Http404
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    write_catalog(edition, out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=catalog_filename(edition), content_type=XLSX
    )


def _attachment(filename: str) -> str:
    return content_disposition_header(True, filename)
