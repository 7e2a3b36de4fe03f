"""`gaoxin api-token USERNAME [--days N] [--name NAME]`: a new personal API token, printed once.

For scripts and integrations (e.g. a payment system calling ``POST /api/funds/{id}/
disbursements``). The token is created by ``accounts.services.api_token_create`` for the account
itself, so the same rules hold as on the tokens page (only the roles of ``API_TOKEN_ROLES``, an
active account) and the creation is audited. Only the token's digest is stored.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gaoxin.accounts.models import User
from gaoxin.accounts.services import api_token_create
from gaoxin.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a personal API token for an account and print it (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days", type=int, default=None, help="Expire after N days (default: never)."
        )
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username, days, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account named {username!r}")
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        label = name.strip() or f"command line {timezone.localdate():%Y-%m-%d}"
        try:
            token, key = api_token_create(actor=user, name=label, expires_at=expires_at)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        expiry = (
            f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC" if token.expires_at else "no expiry"
        )
        self.stderr.write(f"token {token.prefix}… for {username} ({expiry}); store it now:")
        self.stdout.write(key)
