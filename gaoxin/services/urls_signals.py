"""URLs of the services signals pages (services namespace)."""

urlpatterns: list = []
