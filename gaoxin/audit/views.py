from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .models import AuditEvent


@login_required
def event_list(request):
    if not request.user.has_perm("audit.view_events"):
        raise PermissionDenied
    return render(request, "audit/event_list.html", {"events": AuditEvent.objects.all()[:50]})
