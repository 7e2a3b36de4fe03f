"""首台(套)重大技术装备保险补偿 (first-set major technical equipment insurance compensation).

Three regimes, one calculation contract (:func:`rulebook.firstset.calc.calculate`):

- ``cn_legacy``: the national scheme 2015-2023 (insure, apply, subsidy);
- ``cn_2024``: the national scheme since the 2024 reform (qualify, insure, apply within a cap);
- a provincial regime per jurisdiction folder (``zj`` for Zhejiang, the model provincial set).

Parameters: ``rulebook/firstset/parameters/<JURISDICTION>/*.yaml``; cases:
``rulebook/firstset/cases/*.yaml``. See ``docs/rulebook.md``.
"""

from pathlib import Path

PROGRAM = "firstset"
TITLE_ZH = "首台(套)重大技术装备保险补偿"
TITLE_EN = "First-set major technical equipment insurance compensation"
PARAMETERS_ROOT = Path(__file__).resolve().parent / "parameters"
"""The shipped parameter folders (one sub-folder per jurisdiction)."""
NATIONAL = "CN"
"""The national jurisdiction; every other folder is a provincial set."""
