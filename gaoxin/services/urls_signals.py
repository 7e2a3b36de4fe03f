"""URLs of the services signals pages (services namespace): resource matching, advisor tasks
and signal rules."""

from django.urls import path

from . import views_signals as views

urlpatterns = [
    path("matches/", views.match_list, name="match_list"),
    path("matches/export.xlsx", views.match_list_export, name="match_list_export"),
    path("matches/new/", views.match_create, name="match_create"),
    path("matches/<int:pk>/", views.match_detail, name="match_detail"),
    path("matches/<int:pk>/edit/", views.match_update, name="match_update"),
    path("matches/<int:pk>/follow-up/", views.match_follow_up, name="match_follow_up"),
    path("matches/<int:pk>/step/<slug:name>/", views.match_step, name="match_step"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/step/<slug:name>/", views.task_step, name="task_step"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("signals/", views.signal_rules, name="signal_rules"),
    path("signals/scan/", views.signal_scan, name="signal_scan"),
    path("signals/<slug:kind>/", views.signal_rule_edit, name="signal_rule_edit"),
]
