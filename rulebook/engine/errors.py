"""The rulebook's exceptions.

Two families: errors in the rulebook's own data (a parameter file that does not validate, a
parameter asked for on a date where it has no value), which are bugs to fix in the repository;
and :class:`CaseError`, a malformed input case, which is the caller's to fix and carries a message
in Chinese and English naming the offending field.
"""

from __future__ import annotations

import datetime
from pathlib import Path


class RulebookError(Exception):
    """Base class of every error raised by the rulebook."""


def display_path(path: Path | str) -> str:
    """Show ``path`` relative to the working directory when it lies below it, else absolute."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(resolved)


class ParameterFileError(RulebookError):
    """A parameter file or folder does not validate.

    The message names the file and the key, e.g.
    ``rulebook/firstset/parameters/CN/subsidy_ratio.yaml: values[2015-01-01].confidence:
    must be one of V, S, I``.
    """

    def __init__(self, path: Path | str, key: str | None, message: str) -> None:
        self.path = Path(path)
        self.key = key
        self.message = message
        location = display_path(path)
        text = f"{location}: {key}: {message}" if key else f"{location}: {message}"
        super().__init__(text)


class ParameterNotInForceError(RulebookError):
    """A parameter was asked for on a date before its first dated value."""

    def __init__(
        self, name: str, on: datetime.date, first: datetime.date, path: Path | str
    ) -> None:
        self.name = name
        self.on = on
        self.first = first
        super().__init__(
            f"parameter {name!r} has no value in force on {on.isoformat()}: its first value "
            f"takes effect on {first.isoformat()} ({display_path(path)})"
        )


class UnknownParameterError(RulebookError):
    """A rule asked a parameter set for a parameter that has no file."""


class CaseError(RulebookError):
    """A malformed input case.

    ``field`` is the path of the offending field in the input (``policies[1].end``,
    ``qualification.cap``, ``tier``); the messages say what is wrong in Chinese and English.
    ``str(error)`` is ``"<field>: <message_en>"``.
    """

    def __init__(self, field: str, message_zh: str, message_en: str) -> None:
        self.field = field
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"{field}: {message_en}")

    def as_dict(self) -> dict[str, str]:
        """The error as a JSON-ready mapping (for the API's error body)."""
        return {"field": self.field, "message_zh": self.message_zh, "message_en": self.message_en}
