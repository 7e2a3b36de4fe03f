"""API schemas of the accounts app."""

from ninja import Schema


class OrganisationRefOut(Schema):
    id: int
    name: str
    kind: str


class MeOut(Schema):
    """The caller: who the API sees behind the session or the token."""

    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    organisation: OrganisationRefOut | None
