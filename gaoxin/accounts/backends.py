"""The login backend: Django's model backend, with the user's organisation loaded at once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    """Every request of a logged-in user reads the user's organisation and its zone (what the
    user may see is scoped by them): one query for the three instead of three."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related(
                "organisation", "organisation__zone", "organisation__parent"
            ).get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
