"""Accounts API: who am I. Mounted in config/api.py (`api.add_router("", ...)` gives /api/me)."""

from ninja import Router

from .schemas import MeOut

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, url_name="me", summary="The calling account")
def me(request):
    """The account behind the session or the personal API token, its role and organisation."""
    user = request.auth
    organisation = user.organisation
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": str(user),
        "role": user.role,
        "role_label": str(user.get_role_display()) if user.role else "",
        "organisation": (
            {"id": organisation.pk, "name": organisation.name, "kind": organisation.kind}
            if organisation
            else None
        ),
    }
