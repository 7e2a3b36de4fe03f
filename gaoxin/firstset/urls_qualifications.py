"""URLs of the first-set qualifications pages (firstset namespace)."""

urlpatterns: list = []
