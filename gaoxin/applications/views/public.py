"""The public notices of proposed awards (公示) and online objections, no login."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.forms import run_on_form
from gaoxin.core.middleware import client_ip

from .. import selectors, services
from ..forms import (
    PublicObjectionForm,
)
from .common import PER_PAGE

# --- public notices (公示) -------------------------------------------------------------------


def notice_list(request):
    today = timezone.localdate()
    rows = selectors.notices_on(today)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "applications/notice_list.html", {"page_obj": page, "form": PublicObjectionForm()}
    )


@require_POST
def notice_object(request, pk: int):
    application = get_object_or_404(selectors.notices_on(timezone.localdate()), pk=pk)
    form = PublicObjectionForm(request.POST)
    if form.is_valid():
        done = run_on_form(
            form,
            lambda: services.objection_lodge_public(
                application=application, ip=client_ip(request), **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, _("Your objection was received; the zone will answer it."))
            return redirect("applications:notice_list")
    rows = selectors.notices_on(timezone.localdate())
    page = Paginator(rows, PER_PAGE).get_page(1)
    return render(
        request,
        "applications/notice_list.html",
        {"page_obj": page, "form": form, "failed": application.pk},
    )
