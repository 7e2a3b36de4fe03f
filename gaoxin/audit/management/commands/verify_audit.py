from django.core.management.base import BaseCommand, CommandError

from gaoxin.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; report the first tampered row (exit 1) or ok."

    def handle(self, *args, **options):
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"ok: {result.count} events verified")
            return
        where = f"row id {result.first_bad_id}" if result.first_bad_id else "end of chain"
        raise CommandError(
            f"tampered: {where}: {result.problem} ({result.count} rows verified before it)",
            returncode=1,
        )
