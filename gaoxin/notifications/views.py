"""Pages of the inbox: the list, marking read, and an enterprise's tag subscriptions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import Notification


@login_required
def inbox(request):
    page = Paginator(selectors.notification_list(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/inbox.html", {"page_obj": page})


@login_required
@require_POST
def read(request, pk: int):
    try:
        notification = selectors.notification_get(user=request.user, pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    services.notification_read(user=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request):
    count = services.notification_read_all(user=request.user)
    messages.success(request, _("Marked %(count)s notifications read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def subscriptions(request):
    enterprise = selectors.subscription_enterprise(user=request.user)
    if enterprise is None:
        raise PermissionDenied
    tags = selectors.tags_in_use(zone_id=enterprise.zone_id)
    if request.method == "POST":
        chosen = [t for t in request.POST.getlist("tags") if t in tags]
        services.subscriptions_set(actor=request.user, enterprise=enterprise, tags=chosen)
        messages.success(request, _("Your tag subscriptions are saved."))
        return redirect("notifications:subscriptions")
    subscribed = set(selectors.subscribed_tags(enterprise=enterprise))
    return render(
        request,
        "notifications/subscriptions.html",
        {"enterprise": enterprise, "tags": [(t, t in subscribed) for t in tags]},
    )
