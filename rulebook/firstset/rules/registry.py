"""The registry of the first-set rules (read by the rules explorer) and the regime names."""

from rulebook.engine.rules import RuleRegistry

CN_LEGACY = "cn_legacy"
"""National scheme 2015-2023: insure, apply, subsidy."""
CN_2024 = "cn_2024"
"""National scheme since the 2024 reform: qualify, insure, apply for funds within a cap."""
PROVINCIAL = "provincial"
"""A provincial set (Zhejiang is the model); the output names it by its jurisdiction (``zj``)."""
ALL_REGIMES = (CN_LEGACY, CN_2024, PROVINCIAL)

REGISTRY = RuleRegistry("firstset")
rule = REGISTRY.rule
