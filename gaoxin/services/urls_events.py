"""URLs of the services events pages (services namespace)."""

urlpatterns: list = []
