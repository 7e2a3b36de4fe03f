"""PBKDF2-HMAC-SM3: round trip, and an old hash upgraded at login by Django's mechanism."""

import base64
import hmac

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.urls import reverse

from gaoxin.accounts.hashers import PBKDF2SM3PasswordHasher

SM3_FIRST = [
    "gaoxin.accounts.hashers.PBKDF2SM3PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]


class FastSM3(PBKDF2SM3PasswordHasher):
    iterations = 10


def test_round_trip_and_format():
    hasher = FastSM3()
    encoded = hasher.encode("Secret-pass-1", hasher.salt())
    algorithm, iterations, salt, digest = encoded.split("$")
    assert (algorithm, iterations) == ("pbkdf2_sm3", "10")
    assert len(salt) >= 22 and digest
    assert hasher.verify("Secret-pass-1", encoded)
    assert not hasher.verify("Secret-pass-2", encoded)


def test_agrees_with_hmac_sm3_computed_another_way():
    # PBKDF2 with one iteration is HMAC(password, salt || INT(1)): the standard library's hmac
    # over OpenSSL's SM3 gives the expected value independently of the hasher's code path.
    expected = hmac.new(b"password", b"salt\x00\x00\x00\x01", "sm3").digest()
    assert FastSM3().encode("password", "salt", 1) == (
        "pbkdf2_sm3$1$salt$" + base64.b64encode(expected).decode()
    )
    assert expected.hex().startswith("4612f922a1fdcefaf4")


def test_fewer_iterations_must_update():
    hasher = PBKDF2SM3PasswordHasher()
    assert hasher.must_update(FastSM3().encode("x", hasher.salt()))


def test_the_setting_puts_sm3_first(settings):
    settings.PASSWORD_HASHERS = SM3_FIRST
    encoded = make_password("Secret-pass-1")
    assert identify_hasher(encoded).algorithm == "pbkdf2_sm3"
    assert check_password("Secret-pass-1", encoded)


@pytest.mark.django_db
def test_an_md5_hash_is_upgraded_to_sm3_at_login(client, settings, world):
    from gaoxin.accounts.choices import Role

    user = world.a.users[Role.ZONE_OFFICIAL]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user.set_password("Secret-pass-1")
    user.save()
    assert user.password.startswith("md5$")
    settings.PASSWORD_HASHERS = SM3_FIRST
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "Secret-pass-1"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sm3$300000$")
