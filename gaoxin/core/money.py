"""Money: Decimal yuan with two places, rounded half-up at exactly one place (`to_yuan`)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)  # 1 万元
MONEY_FIELD_KWARGS = {"max_digits": 18, "decimal_places": 2}


def to_yuan(value: Decimal | int | str) -> Decimal:
    """Round an amount to the fen, half-up. The one place money is rounded."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def to_wan(amount: Decimal) -> Decimal:
    """Yuan in 万元 (10 000 yuan), two places, rounded half-up by :func:`to_yuan`:
    362500.00 → 36.25, 345678.92 → 34.57. The division itself is exact in Decimal."""
    return to_yuan(Decimal(amount) / TEN_THOUSAND)


MINUS = "\u2212"  # − (U+2212), the minus sign of printed amounts
YUAN_SIGN = "¥"


def _signed(amount: Decimal, pattern: str, prefix: str = "") -> str:
    """``amount`` formatted by ``pattern`` without its sign, the minus sign (U+2212) before
    the currency sign: −¥6,271,233.64, never ¥-6,271,233.64. Zero has no sign."""
    text = f"{prefix}{format(abs(amount), pattern)}"
    return f"{MINUS}{text}" if amount < 0 and amount != 0 else text


def format_yuan(value: Decimal | int | str | None, *, sign: bool = False) -> str:
    """Yuan with thousands separators and two places ("-1377154.5" → "−1,377,154.50"; with
    ``sign`` "−¥1,377,154.50"); "—" when unknown. The one place yuan are formatted."""
    if value is None or value == "":
        return "—"
    amount = to_yuan(Decimal(value))
    return _signed(amount, ",.2f", YUAN_SIGN if sign else "")


def format_wan(value: Decimal | int | str | None) -> str:
    """Yuan as people read them in a table headed 万元: two places, thousands separated
    ("12345678.95" → "1,234.57", a negative amount with "−"); "—" when unknown. The one place
    万元 are formatted."""
    if value is None or value == "":
        return "—"
    return _signed(to_wan(Decimal(value)), ",.2f")


def format_whole_wan(value: Decimal | int | str | None) -> str:
    """Yuan as whole 万元 with thousands separators: 12884000000 → "1,288,400"."""
    if value is None or value == "":
        return "—"
    amount = (Decimal(value) / TEN_THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return _signed(amount, ",")


def parse_money(text: str | int | Decimal | None) -> Decimal | None:
    """Parse user-entered money ("1,234.5", "1234", 1234) into Decimal; None when blank.

    Raises ValueError with a message a person can act on.
    """
    if text is None:
        return None
    if isinstance(text, float):
        raise ValueError("money must not be a binary float")
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        cleaned = str(text).strip().replace(",", "").replace("，", "")
        if not cleaned:
            return None
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:
            raise ValueError(f"not an amount: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {text!r}")
    try:
        return to_yuan(value)
    except InvalidOperation as exc:  # too many digits to hold in fen (e.g. 1E+308)
        raise ValueError(f"not an amount: {text!r}") from exc
