"""The error of an invalid criteria definition, a bad facts catalog or a malformed record."""

from __future__ import annotations

from rulebook.engine.errors import RulebookError


class CriteriaError(RulebookError):
    """Invalid criteria, formula, catalog or record value.

    ``path`` points at the clause by its JSON path (``and[1].>=[0]``; ``$`` is the root), the
    messages say what is wrong in Chinese and English, like
    :class:`rulebook.engine.errors.CaseError`.
    ``str(error)`` is ``"<path>: <message_en>"``.
    """

    def __init__(self, path: str, message_zh: str, message_en: str) -> None:
        self.path = path or "$"
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"{self.path}: {message_en}")

    def as_dict(self) -> dict[str, str]:
        """The error as a JSON-ready mapping (for an API error body)."""
        return {"path": self.path, "message_zh": self.message_zh, "message_en": self.message_en}
