"""Create the standard service domains (gaoxin/services/domains.py)."""

from django.db import migrations

from gaoxin.services.domains import STANDARD_DOMAINS


def create(apps, schema_editor):
    Domain = apps.get_model("services", "ServiceDomain")
    by_code = {}
    for code, name, name_en, parent, order in STANDARD_DOMAINS:
        domain, _ = Domain.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "parent": by_code.get(parent),
                "order": order,
            },
        )
        by_code[code] = domain


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
