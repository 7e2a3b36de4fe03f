"""The first-set rules, one module per regime.

Each rule is a function whose docstring quotes its clause and then states how the code reads it;
``REGISTRY`` lists them for the rules explorer.
"""

from rulebook.firstset.rules.chains import ChainLink, chain_year, link_chains
from rulebook.firstset.rules.cn_2024 import calculate_cn_2024
from rulebook.firstset.rules.cn_legacy import calculate_cn_legacy
from rulebook.firstset.rules.common import PolicyResult
from rulebook.firstset.rules.provincial import REQUIRED_PARAMETERS, calculate_provincial
from rulebook.firstset.rules.registry import (
    ALL_REGIMES,
    CN_2024,
    CN_LEGACY,
    PROVINCIAL,
    REGISTRY,
)

__all__ = [
    "ALL_REGIMES",
    "CN_2024",
    "CN_LEGACY",
    "PROVINCIAL",
    "REGISTRY",
    "REQUIRED_PARAMETERS",
    "ChainLink",
    "PolicyResult",
    "calculate_cn_2024",
    "calculate_cn_legacy",
    "calculate_provincial",
    "chain_year",
    "link_chains",
]
