"""Generating valid identifiers for sample data, tests and benchmarks (never for real records)."""

from __future__ import annotations

import random

from stdnum.cn import uscc


def generate_uscc(rng: random.Random, region_code: str = "410100") -> str:
    """A syntactically valid credit code: 9 (SAMR) 1 (company), region, organisation code, check."""
    organisation_code = "".join(rng.choice("0123456789") for _ in range(9))
    body = "91" + region_code + organisation_code
    return body + uscc.calc_check_digit(body)
