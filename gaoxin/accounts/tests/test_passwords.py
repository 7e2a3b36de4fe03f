"""Passwords: ≥ 10 characters from ≥ 3 classes, and the message says what is missing."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from gaoxin.accounts.models import LoginPolicy
from gaoxin.accounts.passwords import character_classes, missing_classes


def messages(password: str) -> list[str]:
    with translation.override("en"):
        try:
            validate_password(password)
        except ValidationError as exc:
            return exc.messages
    return []


@pytest.mark.django_db
class TestValidators:
    def test_good_password(self):
        assert messages("Gaoxin-2025x") == []

    def test_too_short_says_how_long(self):
        found = messages("Ab1-xyz")
        assert any("at least 10 characters; it has 7" in m for m in found)

    def test_nine_characters_are_too_few(self):
        assert any("at least 10" in m for m in messages("Ab1-xyzwv"))

    def test_two_classes_say_which_are_missing(self):
        found = messages("gaoxinkaifaqu2025")
        assert any(
            "It uses 2; add 1 more from: upper-case letters, symbols." in m for m in found
        ), found

    def test_one_class_needs_two_more(self):
        found = messages("zhengzhougaoxinqu")
        assert any("add 2 more from: upper-case letters, digits, symbols" in m for m in found)

    def test_chinese_characters_count_as_symbols(self):
        assert character_classes("高新区abc123") == 3
        assert messages("高新区abcdef123") == []

    def test_policy_raises_the_bar(self):
        LoginPolicy.objects.create(password_min_length=14, password_min_classes=4)
        assert any("at least 14" in m for m in messages("Gaoxin-2025x"))
        found = messages("GaoxinKaifaqu2025")
        assert any("at least 4 of" in m and "add 1 more from: symbols" in m for m in found)


def test_missing_classes():
    assert missing_classes("abc") == ["upper", "digit", "symbol"]
    assert missing_classes("aB3!") == []
