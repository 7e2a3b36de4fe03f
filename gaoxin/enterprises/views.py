from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def enterprise_list(request):
    return HttpResponse("todo")


@login_required
def enterprise_mine(request):
    return HttpResponse("todo")
