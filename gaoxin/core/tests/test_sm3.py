"""SM3 against the example of GB/T 32905-2016 (appendix A) and PBKDF2-HMAC-SM3's basic laws."""

from gaoxin.core.sm3 import pbkdf2_sm3, sm3_hex


def test_the_standard_abc_vector():
    assert sm3_hex(b"abc") == ("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")


def test_the_standard_64_byte_vector():
    assert sm3_hex(b"abcd" * 16) == (
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


def test_pbkdf2_sm3_depends_on_salt_iterations_and_password():
    base = pbkdf2_sm3(b"pw", b"salt", 2)
    assert len(base) == 32
    assert base == pbkdf2_sm3(b"pw", b"salt", 2)
    assert base != pbkdf2_sm3(b"pw", b"salt", 3)
    assert base != pbkdf2_sm3(b"pw", b"pepper", 2)
    assert base != pbkdf2_sm3(b"pW", b"salt", 2)
