"""URLs of the innovation institutes pages (innovation namespace)."""

urlpatterns: list = []
