"""URLs of the services requests pages (services namespace)."""

urlpatterns: list = []
