"""The demo data: idempotent, valid, audited, every account usable, generated rows marked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import HttpRequest
from stdnum.cn import uscc

from gaoxin.accounts.choices import ROLE_ORGANISATION_KINDS, OrganisationKind, Role
from gaoxin.accounts.models import Organisation, User
from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import verify_chain
from gaoxin.demo import seed
from gaoxin.demo.generate import build_plan
from gaoxin.demo.loader import load_demo
from gaoxin.enterprises.models import Contact, Enterprise, Qualification, YearlyFact
from gaoxin.enterprises.validators import normalise_phone, validate_uscc
from gaoxin.parks.models import Park

MODELS = (Organisation, User, Park, Enterprise, YearlyFact, Qualification, Contact, AuditEvent)
SEED_NAMED_USERS = {"lili", "chenjinge", "zanminghui", "wanfei"}


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it (keeps the module fast)."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = load_demo()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo, db):
    """Each test runs in a savepoint inside the module's transaction."""
    return demo


def test_plan_is_deterministic():
    build_plan.cache_clear()
    first = build_plan()
    build_plan.cache_clear()
    assert build_plan() == first
    # Pinned: string-seeded generators give the same demo on every machine and Python run.
    hengtian = next(e for e in first.enterprises if e.name == "河南恒天久大实业有限公司")
    assert hengtian.uscc == "91410171195395915L"


# Runs before any test that loads the module-wide demo: it needs an empty database.
def test_commands(db, capsys):
    call_command("load_demo")
    assert "Demo data loaded" in capsys.readouterr().out
    call_command("load_demo")
    assert "nothing changed" in capsys.readouterr().out
    call_command("demo_accounts", url="http://127.0.0.1:8000")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in out
    assert seed.DEMO_PASSWORD in out
    for spec in seed.ACCOUNTS:
        assert spec.username in out
    assert "Not loaded yet" not in out


def test_loading_twice_changes_nothing(loaded):
    assert loaded.created == {
        "organisations": 35,
        "parks": 2,
        "enterprises": 25,
        "yearly_facts": 75,
        "qualifications": loaded.created["qualifications"],
        "contacts": loaded.created["contacts"],
        "users": len(seed.ACCOUNTS),
    }
    before = counts()
    assert before["AuditEvent"] == 35 + 2 + 25 + len(seed.ACCOUNTS) + 1  # + one demo.load

    again = load_demo()

    assert not again.changed
    assert counts() == before
    assert again.existing["enterprises"] == 25


def test_medpark_has_the_18_signed_firms(loaded):
    medpark = Park.objects.get(name="郑州高新MedPark·医械产业园")
    assert medpark.operator.name == "郑州高新产业投资集团有限公司"
    platforms = [p.name for p in medpark.platforms.all()]
    assert platforms == ["科研转化平台", "金融服务枢纽", "智慧物流仓储体系"]
    assert not medpark.is_sample
    names = set(medpark.enterprises.values_list("name", flat=True))
    assert len(names) == 18
    assert {
        "北京理工大学郑州研究院",
        "希莱乐检(郑州)生物科技有限公司",
        "河南协同空间技术研究院",
    } <= names
    # A few billion yuan a year, on the way to the 百亿 target.
    totals = {
        year: sum(f.revenue for f in YearlyFact.objects.filter(enterprise__park=medpark, year=year))
        for year in (2022, 2023, 2024)
    }
    assert Decimal("1e9") < totals[2022] < totals[2023] < totals[2024] < Decimal("1e10")


def test_identifiers_and_figures_are_valid(loaded):
    for enterprise in Enterprise.objects.all():
        assert uscc.is_valid(enterprise.uscc), enterprise.name
        validate_uscc(enterprise.uscc)
        assert enterprise.uscc[2:8] == enterprise.region_code
        assert enterprise.zone.name == "郑州高新技术产业开发区管委会"
        assert enterprise.organisation.kind == OrganisationKind.ENTERPRISE
        facts = list(enterprise.yearly_facts.order_by("year"))
        assert [f.year for f in facts] == [2022, 2023, 2024]
        for f in facts:
            assert f.revenue == f.revenue.quantize(Decimal(1))  # whole yuan
            assert Decimal(2) <= f.rnd_ratio <= Decimal(12), (enterprise.name, f.year)
            if f.output_value is not None:
                assert f.output_value >= f.revenue * Decimal("0.9")
            assert f.employees > 0 and f.tax_paid < f.revenue and f.export_value < f.revenue
        assert 1 <= enterprise.contacts.count() <= 2
    for contact in Contact.objects.all():
        assert normalise_phone(contact.phone) == contact.phone
    outside = Enterprise.objects.get(name="新乡化纤股份有限公司")
    assert outside.region_code == "410700"
    little_giant = Qualification.objects.get(kind="little_giant")
    assert little_giant.enterprise.name == "郑州纺织机械股份有限公司"
    assert Qualification.objects.filter(valid_to__lt="2025-01-01").exists()  # some expired


def test_every_account_logs_in_and_fits_its_organisation(loaded, client):
    committee = Organisation.objects.get(name="郑州高新技术产业开发区管委会")
    for spec in seed.ACCOUNTS:
        user = User.objects.get(username=spec.username)
        assert user.role == spec.role
        assert user.organisation.kind in ROLE_ORGANISATION_KINDS[user.role]
        assert not user.must_change_password
        assert client.login(
            request=HttpRequest(), username=spec.username, password=seed.DEMO_PASSWORD
        ), spec.username
        client.logout()
    assert {u.role for u in User.objects.all()} == set(Role.values)
    lili = User.objects.get(username="lili")
    assert lili.organisation.short_name == "经济发展部"
    assert lili.organisation.home_zone == committee
    assert lili.zone == committee
    assert User.objects.get(username="hengtian").organisation.enterprise.name == (
        "河南恒天久大实业有限公司"
    )


def test_every_creation_is_audited_and_the_chain_verifies(loaded):
    result = verify_chain()
    assert result.ok, result.problem
    audited = set(AuditEvent.objects.values_list("object_type", "object_id"))
    for model in (Organisation, User, Park, Enterprise):
        label = model._meta.label_lower
        for pk in model.objects.values_list("pk", flat=True):
            assert (label, str(pk)) in audited, (label, pk)
    assert AuditEvent.objects.filter(action="demo.load").count() == 1
    assert not AuditEvent.objects.exclude(actor=None).exists()  # the command, not a person


def test_generated_records_are_marked_sample(loaded):
    assert not Enterprise.objects.filter(is_sample=False).exists()
    assert set(User.objects.filter(is_sample=False).values_list("username", flat=True)) == (
        SEED_NAMED_USERS
    )
    assert Park.objects.get(name="郑州高新·数算产业园").is_sample
    assert Organisation.objects.get(name="MedPark 产业顾问团").is_sample
    assert Organisation.objects.get(name="河南正谦医疗科技有限公司").is_sample
    assert not Organisation.objects.get(name="河南恒天久大实业有限公司").is_sample
    sample_firms = {name for name, *_ in seed.SAMPLE_MEDPARK_FIRMS}
    assert (
        set(
            Organisation.objects.filter(name__in=sample_firms, is_sample=True).values_list(
                "name", flat=True
            )
        )
        == sample_firms
    )
