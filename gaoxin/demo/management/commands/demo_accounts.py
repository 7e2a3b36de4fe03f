"""`gaoxin demo-accounts --url URL`: print the demo accounts, their password and where to go."""

from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand
from django.utils import translation

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import Organisation, User
from gaoxin.demo import seed
from gaoxin.demo.loader import ENTERPRISE_PREFIX

HEADERS = (
    "角色 / role",
    "用户名 / username",
    "姓名 / name",
    "单位 / organisation",
    "登录后 / lands on",
)


def width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


class Command(BaseCommand):
    help = "Print the demo accounts (one per role), the shared demo password and the URL to open."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="where the demo runs")

    def handle(self, *args, **options):
        url = options["url"].rstrip("/") + "/"
        rows, missing = _rows()
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Gaoxin 演示 / demo:  {url}"))
        out.write("")
        self._table(rows)
        out.write("")
        out.write(
            "所有演示账户的密码 / password of every demo account:  "
            + self.style.SUCCESS(seed.DEMO_PASSWORD)
        )
        out.write(
            "演示账户无需首次登录改密; 正式账户首次登录必须修改密码。"
            " / Demo accounts skip the first-login password change; real accounts must change it."
        )
        out.write("(示例) = 种子文档未提及的人员 / a person the seed document does not name.")
        if missing:
            out.write(
                self.style.WARNING(
                    "Not loaded yet: " + ", ".join(missing) + ". Run `gaoxin load-demo`."
                )
            )
        out.write("")

    def _table(self, rows: list[tuple[str, ...]]) -> None:
        """The headers and rows in columns wide enough for each (CJK counted double)."""
        widths = [max(width(r[i]) for r in (HEADERS, *rows)) for i in range(len(HEADERS))]
        out = self.stdout
        out.write("  ".join(pad(h, w) for h, w in zip(HEADERS, widths, strict=True)).rstrip())
        out.write("  ".join("-" * w for w in widths))
        for row in rows:
            out.write("  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())


def _rows() -> tuple[list[tuple[str, ...]], list[str]]:
    """One row per demo account (from the database when loaded, else from the seed), and the
    usernames not loaded yet."""
    orgs = {spec.key: spec.name for spec in seed.ORGANISATIONS}
    users = {u.username: u for u in User.objects.select_related("organisation")}
    rows, missing = [], []
    for spec in seed.ACCOUNTS:
        with translation.override("en"):
            role_en = str(Role(spec.role).label)
        user = users.get(spec.username)
        if user is None:
            missing.append(spec.username)
            org_name = orgs.get(spec.organisation) or spec.organisation.removeprefix(
                ENTERPRISE_PREFIX
            )
            name = spec.display_name
        else:
            org_name = _org_label(user.organisation)
            name = str(user)
        if spec.is_sample:
            name += " (示例)"
        rows.append(
            (
                f"{spec.role_zh} {role_en}",
                spec.username,
                name,
                org_name,
                f"{spec.lands_on_zh} / {spec.lands_on_en}",
            )
        )
    return rows, missing


def _org_label(org: Organisation | None) -> str:
    if org is None:
        return "-"
    if org.parent_id:
        return f"{org.parent} {org}"
    return str(org)
