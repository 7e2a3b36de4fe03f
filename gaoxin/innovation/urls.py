"""URLs of the research institutes and their projects pages, mounted at /institutes/ (each
part in its urls_<part>.py)."""

from . import urls_institutes, urls_projects

app_name = "innovation"

urlpatterns = [
    *urls_institutes.urlpatterns,
    *urls_projects.urlpatterns,
]
