"""Dated parameters, their references, and parameter sets (one per jurisdiction).

A :class:`Parameter` is one number (or switch, or text) of a policy, with a value for each date
from which it took effect. Each :class:`ParameterValue` carries the legal reference it comes from
and a confidence mark: ``V`` confirmed by a public source, ``S`` stated in the seed document,
``I`` our reading where the sources are silent. Rules ask ``parameter.at(date)`` for the value in
force on the date that matters to the record (a policy's start date), never "today".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rulebook.engine.errors import ParameterNotInForceError, UnknownParameterError, display_path

CONFIDENCE_MARKS = ("V", "S", "I")
"""V: confirmed by a public source; S: stated in the seed; I: our interpretation."""

INTERPRETIVE = "I"


@dataclass(frozen=True)
class Reference:
    """Where a value comes from: the document, the article in it, a public address."""

    document: str
    article: str | None
    url: str | None
    """Public address; ``None`` only for a value stated in the seed or read by us (S, I)."""
    source: str | None = None
    """Short key of the source in the programme's reference list (``S2015b``)."""

    def as_dict(self) -> dict[str, str | None]:
        return {
            "document": self.document,
            "article": self.article,
            "url": self.url,
            "source": self.source,
        }


@dataclass(frozen=True)
class ParameterValue:
    """The value of one parameter from one effective date on, with its metadata."""

    name: str
    effective: datetime.date
    value: Any
    reference: Reference
    confidence: str
    description_zh: str
    label_en: str
    note_en: str | None = None
    note_zh: str | None = None
    table_id: str | None = None

    @property
    def interpretive(self) -> bool:
        """True when the value is our reading (confidence ``I``) and must be flagged."""
        return self.confidence == INTERPRETIVE

    def as_dict(self) -> dict[str, Any]:
        """The value and its metadata as a JSON-ready mapping (decimals as strings)."""
        return {
            "name": self.name,
            "table_id": self.table_id,
            "value": to_jsonable(self.value),
            "effective": self.effective.isoformat(),
            "reference": self.reference.as_dict(),
            "confidence": self.confidence,
            "description_zh": self.description_zh,
            "label_en": self.label_en,
            "note_en": self.note_en,
            "note_zh": self.note_zh,
        }


@dataclass(frozen=True)
class Parameter:
    """One parameter file: its definition and its dated values, oldest first."""

    name: str
    path: Path
    label_en: str
    description_zh: str
    type: str
    values: tuple[ParameterValue, ...]
    unit_en: str | None = None
    unit_zh: str | None = None
    table_id: str | None = None
    allowed: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    nullable: bool = False

    def at(self, on: datetime.date) -> ParameterValue:
        """The value in force on ``on``: the latest value whose effective date is ``<= on``.

        Raises :class:`ParameterNotInForceError` when ``on`` precedes the first value.
        """
        found = self.at_or_none(on)
        if found is None:
            raise ParameterNotInForceError(self.name, on, self.values[0].effective, self.path)
        return found

    def at_or_none(self, on: datetime.date) -> ParameterValue | None:
        """Like :meth:`at`, but ``None`` when ``on`` precedes the first value."""
        in_force = None
        for dated in self.values:
            if dated.effective > on:
                break
            in_force = dated
        return in_force

    @property
    def first_effective(self) -> datetime.date:
        return self.values[0].effective


@dataclass(frozen=True)
class ParameterSet:
    """The parameters of one jurisdiction (one folder of YAML files)."""

    jurisdiction: str
    folder: Path
    parameters: Mapping[str, Parameter]
    version: str
    """SHA-256 of the folder's files: stored with a result so the decision can be replayed."""

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise UnknownParameterError(
                f"jurisdiction {self.jurisdiction} has no parameter {name!r} "
                f"(expected the file {display_path(self.folder / (name + '.yaml'))})"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self.parameters

    def at(self, name: str, on: datetime.date) -> ParameterValue:
        """Shortcut for ``self[name].at(on)``."""
        return self[name].at(on)

    def missing(self, names: Iterable[str]) -> list[str]:
        """The names among ``names`` that have no parameter file in this set."""
        return [name for name in names if name not in self.parameters]


def to_jsonable(value: Any) -> Any:
    """Decimals become strings, dates ISO strings, mappings and sequences recursively."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    return value
