"""`gaoxin reset-password USERNAME`: a temporary password set from the command line.

The way to reset the passwords of the auditor and the security administrator, which the system
administrator may not (三员分立). Audited as a system action; the user must change the password
at the next login.
"""

from getpass import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gaoxin.accounts.models import User
from gaoxin.accounts.services import user_reset_password


class Command(BaseCommand):
    help = "Set a temporary password for an account; it must be changed at the next login."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="", help="Recorded in the audit trail.")

    def handle(self, *args, username, reason, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account named {username!r}")
        password = getpass("Temporary password: ")
        if password != getpass("Again: "):
            raise CommandError("the two passwords differ")
        try:
            user_reset_password(actor=None, user=user, new_password=password, reason=reason)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"ok: {username} must change the password at the next login")
