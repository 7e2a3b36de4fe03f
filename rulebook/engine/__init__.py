"""The generic rules-as-code engine: dated parameters, strict loader, traces, money, rules.

No Django here: the engine and the programmes built on it run from the command line, in tests
and behind the web application alike.
"""

from rulebook.engine.errors import (
    CaseError,
    ParameterFileError,
    ParameterNotInForceError,
    RulebookError,
    UnknownParameterError,
)
from rulebook.engine.loader import (
    cached_parameter_sets,
    load_parameter_file,
    load_parameter_set,
    load_parameter_sets,
)
from rulebook.engine.money import FEN, money_str, round_fen
from rulebook.engine.parameters import (
    CONFIDENCE_MARKS,
    Parameter,
    ParameterSet,
    ParameterValue,
    Reference,
)
from rulebook.engine.rules import RuleInfo, RuleRegistry
from rulebook.engine.trace import Trace, TraceStep

__all__ = [
    "CONFIDENCE_MARKS",
    "FEN",
    "CaseError",
    "Parameter",
    "ParameterFileError",
    "ParameterNotInForceError",
    "ParameterSet",
    "ParameterValue",
    "Reference",
    "RuleInfo",
    "RuleRegistry",
    "RulebookError",
    "Trace",
    "TraceStep",
    "UnknownParameterError",
    "cached_parameter_sets",
    "load_parameter_file",
    "load_parameter_set",
    "load_parameter_sets",
    "money_str",
    "round_fen",
]
