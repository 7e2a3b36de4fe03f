"""Helpers shared by the rulebook tests."""

from __future__ import annotations

import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from rulebook.firstset import PARAMETERS_ROOT

VALID_PARAMETER = """\
table_id: P1
label_en: Subsidy ratio of the premium
description_zh: 保费补偿比例
type: ratio
values:
  2015-01-01:
    value: "0.80"
    reference:
      document: Test document
      article: null
      url: https://example.org/source
      source: S-test
    confidence: V
    description_zh: 按保费的80%补偿
    label_en: 80 % of the premium
"""


def copy_parameters(destination: Path) -> Path:
    """A copy of the shipped parameter folders below ``destination``; returns its root."""
    root = destination / "parameters"
    shutil.copytree(PARAMETERS_ROOT, root)
    return root


def add_dated_value(
    root: Path, jurisdiction: str, name: str, effective: datetime.date, value: Any
) -> None:
    """Give parameter ``name`` a new value from ``effective`` on, in the copy below ``root``."""
    path = root / jurisdiction / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    latest = data["values"][max(data["values"])]
    data["values"][effective] = {
        **latest,
        "value": value,
        "confidence": "I",
        "description_zh": "测试用的修改值",
        "label_en": "A test change",
    }
    data["values"][effective].pop("note_en", None)
    data["values"][effective].pop("note_zh", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def to_json_ready(value: Any) -> Any:
    """YAML case input as the JSON a caller would send (dates as ISO strings)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: to_json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json_ready(item) for item in value]
    return value


def dumps(value: Any) -> str:
    return json.dumps(to_json_ready(value), ensure_ascii=False, default=_decimal)


def _decimal(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)
