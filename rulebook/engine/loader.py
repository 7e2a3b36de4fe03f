"""Load and strictly validate parameter files and jurisdiction folders.

Layout: ``<root>/<JURISDICTION>/<parameter_name>.yaml``, one parameter per file. Every error
names the file and the key, e.g. ``rulebook/firstset/parameters/CN/subsidy_ratio.yaml:
values[2015-01-01].confidence: must be one of V, S, I``. The file format is described in
``docs/rulebook.md``; in short::

    table_id: P1                      # optional: the row of the programme's reference table
    label_en: Subsidy ratio of the premium
    description_zh: 中央财政按实际投保年度保费的一定比例给予保险补偿
    type: ratio                       # ratio | money | integer | boolean | text | enum
    unit_en: share of the premium     # optional; unit_en and unit_zh go together
    unit_zh: 占保费的比例
    values:
      2015-01-01:
        value: "0.80"                 # ratios and money are QUOTED decimal strings
        reference: {document: ..., article: ..., url: https://..., source: S2015b}
        confidence: V                 # V | S | I
        description_zh: ...
        label_en: ...
        note_en: ...                  # optional; note_en and note_zh go together
        note_zh: ...
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import re
import threading
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import yaml

from rulebook.engine.errors import ParameterFileError
from rulebook.engine.parameters import (
    CONFIDENCE_MARKS,
    Parameter,
    ParameterSet,
    ParameterValue,
    Reference,
)
from rulebook.engine.yaml_io import load_yaml_file

PARAMETER_TYPES = ("ratio", "money", "integer", "boolean", "text", "enum")
JURISDICTION_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*$")
PARAMETER_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

_REQUIRED_TOP = ("label_en", "description_zh", "type", "values")
_OPTIONAL_TOP = ("table_id", "unit_en", "unit_zh", "allowed", "keys", "nullable")
_REQUIRED_VALUE = ("value", "reference", "confidence", "description_zh", "label_en")
_OPTIONAL_VALUE = ("note_en", "note_zh")
_REQUIRED_REFERENCE = ("document", "article", "url")
_OPTIONAL_REFERENCE = ("source",)


class _FileReader:
    """Validates the parsed content of one parameter file; every failure names file and key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.stem

    def fail(self, key: str | None, message: str) -> NoReturn:
        raise ParameterFileError(self.path, key, message)

    def read(self, raw: Any) -> Parameter:
        if not isinstance(raw, Mapping):
            self.fail(None, "must be a mapping with the keys " + ", ".join(_REQUIRED_TOP))
        self.check_keys(raw, None, _REQUIRED_TOP, _OPTIONAL_TOP)
        kind = self.kind(raw)
        definition = {
            "type": kind,
            "allowed": self.allowed(raw, kind),
            "keys": self.string_list(raw, "keys"),
            "nullable": self.flag(raw, "nullable"),
        }
        table_id = self.optional_text(raw, "table_id")
        values = self.dated_values(raw["values"], definition, table_id)
        return Parameter(
            name=self.name,
            path=self.path,
            label_en=self.text(raw, "label_en", None),
            description_zh=self.text(raw, "description_zh", None),
            type=kind,
            values=values,
            unit_en=self.optional_pair(raw, "unit_en", "unit_zh", None),
            unit_zh=self.optional_pair(raw, "unit_zh", "unit_en", None),
            table_id=table_id,
            allowed=definition["allowed"],
            keys=definition["keys"],
            nullable=definition["nullable"],
        )

    # -- the definition -------------------------------------------------------------------

    def check_keys(
        self,
        mapping: Mapping[Any, Any],
        prefix: str | None,
        required: tuple[str, ...],
        optional: tuple[str, ...],
    ) -> None:
        for key in mapping:
            if key not in required and key not in optional:
                allowed = ", ".join(required + optional)
                self.fail(_join(prefix, str(key)), f"unknown key; allowed keys are {allowed}")
        for key in required:
            if key not in mapping:
                self.fail(_join(prefix, key), "missing required key")

    def kind(self, raw: Mapping[str, Any]) -> str:
        kind = raw["type"]
        if kind not in PARAMETER_TYPES:
            self.fail("type", "must be one of " + ", ".join(PARAMETER_TYPES))
        return kind

    def allowed(self, raw: Mapping[str, Any], kind: str) -> tuple[str, ...]:
        allowed = self.string_list(raw, "allowed")
        if kind == "enum" and not allowed:
            self.fail("allowed", "an enum parameter must list its allowed values")
        if kind != "enum" and allowed:
            self.fail("allowed", "only an enum parameter lists allowed values")
        return allowed

    def string_list(self, raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
        items = raw.get(key, [])
        if not isinstance(items, list) or not all(
            isinstance(item, str) and item.strip() for item in items
        ):
            self.fail(key, "must be a list of non-empty strings")
        if len(set(items)) != len(items):
            self.fail(key, "lists the same entry twice")
        return tuple(items)

    def flag(self, raw: Mapping[str, Any], key: str) -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return value

    def text(self, mapping: Mapping[str, Any], key: str, prefix: str | None) -> str:
        value = mapping[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(_join(prefix, key), "must be a non-empty string")
        return value.strip()

    def optional_text(self, mapping: Mapping[str, Any], key: str) -> str | None:
        if mapping.get(key) is None:
            return None
        return self.text(mapping, key, None)

    def optional_pair(
        self, mapping: Mapping[str, Any], key: str, partner: str, prefix: str | None
    ) -> str | None:
        """An optional text that comes in two languages: both keys or neither."""
        if mapping.get(key) is None:
            if mapping.get(partner) is not None:
                self.fail(_join(prefix, key), f"missing: {partner} needs its translation {key}")
            return None
        return self.text(mapping, key, prefix)

    # -- the dated values -----------------------------------------------------------------

    def dated_values(
        self, raw: Any, definition: Mapping[str, Any], table_id: str | None
    ) -> tuple[ParameterValue, ...]:
        if not isinstance(raw, Mapping) or not raw:
            self.fail("values", "must be a non-empty mapping of effective dates to values")
        dated = [
            self.dated_value(self.effective_date(key), entry, definition, table_id)
            for key, entry in raw.items()
        ]
        dated.sort(key=lambda item: item.effective)
        for earlier, later in itertools.pairwise(dated):
            if earlier.effective == later.effective:
                self.fail(f"values[{later.effective.isoformat()}]", "date given twice")
        return tuple(dated)

    def effective_date(self, key: Any) -> datetime.date:
        if isinstance(key, datetime.datetime):
            self.fail(f"values[{key}]", "an effective date has no time of day")
        if isinstance(key, datetime.date):
            return key
        if isinstance(key, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", key):
            try:
                return datetime.date.fromisoformat(key)
            except ValueError:
                pass
        raise ParameterFileError(
            self.path, f"values[{key}]", "an effective date must be a real date written YYYY-MM-DD"
        )

    def dated_value(
        self,
        effective: datetime.date,
        entry: Any,
        definition: Mapping[str, Any],
        table_id: str | None,
    ) -> ParameterValue:
        prefix = f"values[{effective.isoformat()}]"
        if not isinstance(entry, Mapping):
            self.fail(prefix, "must be a mapping with the keys " + ", ".join(_REQUIRED_VALUE))
        self.check_keys(entry, prefix, _REQUIRED_VALUE, _OPTIONAL_VALUE)
        confidence = entry["confidence"]
        if confidence not in CONFIDENCE_MARKS:
            self.fail(f"{prefix}.confidence", "must be one of " + ", ".join(CONFIDENCE_MARKS))
        reference = self.reference(entry["reference"], f"{prefix}.reference")
        if confidence == "V" and reference.url is None:
            self.fail(f"{prefix}.reference.url", "a value marked V needs its public source's url")
        return ParameterValue(
            name=self.name,
            effective=effective,
            value=self.typed_value(entry["value"], definition, f"{prefix}.value"),
            reference=reference,
            confidence=confidence,
            description_zh=self.text(entry, "description_zh", prefix),
            label_en=self.text(entry, "label_en", prefix),
            note_en=self.optional_pair(entry, "note_en", "note_zh", prefix),
            note_zh=self.optional_pair(entry, "note_zh", "note_en", prefix),
            table_id=table_id,
        )

    def reference(self, raw: Any, prefix: str) -> Reference:
        if not isinstance(raw, Mapping):
            self.fail(prefix, "must be a mapping with document, article, url")
        self.check_keys(raw, prefix, _REQUIRED_REFERENCE, _OPTIONAL_REFERENCE)
        url = raw["url"]
        if url is not None:
            url = self.text(raw, "url", prefix)
            if not url.startswith(("http://", "https://")):
                self.fail(f"{prefix}.url", "must be an http:// or https:// address")
        article = raw["article"]
        if article is not None:
            article = self.text(raw, "article", prefix)
        source = raw.get("source")
        if source is not None:
            source = self.text(raw, "source", prefix)
        document = self.text(raw, "document", prefix)
        return Reference(document=document, article=article, url=url, source=source)

    # -- typed values ---------------------------------------------------------------------

    def typed_value(self, raw: Any, definition: Mapping[str, Any], key: str) -> Any:
        if raw is None:
            if definition["nullable"]:
                return None
            self.fail(key, "must not be null (add `nullable: true` to allow 'none')")
        if not definition["keys"]:
            return self.scalar(raw, definition, key)
        if not isinstance(raw, Mapping):
            self.fail(key, "must be a mapping with the keys " + ", ".join(definition["keys"]))
        for item in raw:
            if item not in definition["keys"]:
                self.fail(f"{key}.{item}", "unknown key; allowed: " + ", ".join(definition["keys"]))
        for item in definition["keys"]:
            if item not in raw:
                self.fail(f"{key}.{item}", "missing required key")
        return MappingProxyType(
            {
                item: self.scalar(raw[item], definition, f"{key}.{item}")
                for item in definition["keys"]
            }
        )

    def scalar(self, raw: Any, definition: Mapping[str, Any], key: str) -> Any:
        kind = definition["type"]
        if kind in ("ratio", "money"):
            return self.decimal(raw, kind, key)
        if kind == "integer":
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                self.fail(key, "must be a whole number >= 0")
            return raw
        if kind == "boolean":
            if not isinstance(raw, bool):
                self.fail(key, "must be true or false")
            return raw
        if not isinstance(raw, str) or not raw.strip():
            self.fail(key, "must be a non-empty string")
        if kind == "enum" and raw not in definition["allowed"]:
            self.fail(key, "must be one of " + ", ".join(definition["allowed"]))
        return raw.strip()

    def decimal(self, raw: Any, kind: str, key: str) -> Decimal:
        example = '"0.80"' if kind == "ratio" else '"200000.00"'
        if isinstance(raw, float):
            self.fail(key, f"must be a quoted decimal string such as {example}, not a YAML float")
        if not isinstance(raw, str):
            self.fail(key, f"must be a quoted decimal string such as {example}")
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            self.fail(key, f"{raw!r} is not a decimal number")
        if not value.is_finite():
            self.fail(key, f"{raw!r} is not a finite decimal number")
        if kind == "ratio" and not Decimal(0) <= value <= Decimal(1):
            self.fail(key, 'a ratio must lie between 0 and 1 (80 % is written "0.80")')
        if kind == "money" and (value < 0 or value.as_tuple().exponent < -2):
            self.fail(key, "money must be >= 0 with at most two decimal places (fen)")
        return value


def _join(prefix: str | None, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def load_parameter_file(path: Path | str) -> Parameter:
    """Load and validate one parameter file. Raises :class:`ParameterFileError`."""
    path = Path(path)
    if not PARAMETER_NAME_PATTERN.fullmatch(path.stem):
        raise ParameterFileError(
            path, None, "a parameter file is named in snake_case (a-z, 0-9, _)"
        )
    try:
        raw = load_yaml_file(path)
    except yaml.YAMLError as exc:
        raise ParameterFileError(path, None, f"not valid YAML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterFileError(path, None, f"cannot be read as UTF-8 text: {exc}") from exc
    return _FileReader(path).read(raw)


def load_parameter_set(folder: Path | str) -> ParameterSet:
    """Load every ``*.yaml`` file of one jurisdiction folder (the folder name is the code)."""
    folder = Path(folder)
    parameters: dict[str, Parameter] = {}
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "_")):
            continue
        if path.is_dir():
            raise ParameterFileError(path, None, "a jurisdiction folder holds files only")
        if path.suffix == ".yml":
            raise ParameterFileError(path, None, "parameter files use the .yaml extension")
        if path.suffix != ".yaml":
            continue
        parameters[path.stem] = load_parameter_file(path)
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    if not parameters:
        raise ParameterFileError(folder, None, "no parameter files (*.yaml) in this folder")
    return ParameterSet(
        jurisdiction=folder.name,
        folder=folder,
        parameters=MappingProxyType(parameters),
        version=digest.hexdigest(),
    )


def load_parameter_sets(root: Path | str) -> Mapping[str, ParameterSet]:
    """Load every jurisdiction folder below ``root`` (``CN``, ``ZJ``...): a new province is a
    new folder, no code."""
    root = Path(root)
    if not root.is_dir():
        raise ParameterFileError(root, None, "the parameters root is not a folder")
    sets: dict[str, ParameterSet] = {}
    for folder in sorted(root.iterdir()):
        if folder.name.startswith((".", "_")) or not folder.is_dir():
            if folder.suffix in (".yaml", ".yml"):
                raise ParameterFileError(folder, None, "belongs in a jurisdiction folder")
            continue
        if not JURISDICTION_PATTERN.fullmatch(folder.name):
            raise ParameterFileError(
                folder, None, "a jurisdiction folder is named in capitals (CN, ZJ, HN)"
            )
        sets[folder.name] = load_parameter_set(folder)
    if not sets:
        raise ParameterFileError(root, None, "no jurisdiction folders below the parameters root")
    return MappingProxyType(sets)


_cache: dict[Path, tuple[tuple[Any, ...], Mapping[str, ParameterSet]]] = {}
_cache_lock = threading.Lock()


def _fingerprint(root: Path) -> tuple[Any, ...]:
    entries = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            stat = path.stat()
            entries.append((str(path.relative_to(root)), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


def cached_parameter_sets(root: Path | str) -> Mapping[str, ParameterSet]:
    """:func:`load_parameter_sets`, reloaded only when a file below ``root`` changed
    (path, modification time or size)."""
    root = Path(root).resolve()
    fingerprint = _fingerprint(root) if root.is_dir() else ()
    with _cache_lock:
        cached = _cache.get(root)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
    sets = load_parameter_sets(root)
    with _cache_lock:
        _cache[root] = (fingerprint, sets)
    return sets
