"""Forms of the policy staff pages. They parse input; the services validate, check permissions
and write (their ValidationErrors are put back on the form with ``add_service_errors``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoxin.enterprises.forms import add_service_errors  # noqa: F401  (re-exported for views)
from gaoxin.firstset.display import localized
from rulebook.criteria import CriteriaError, compile_formula

from .builder import check_criteria, error_text
from .matching.catalog import CATALOG
from .models import DecimalJSONDecoder, Policy

POLICY_FIELDS = (
    "title",
    "issuing_body",
    "doc_number",
    "published_on",
    "summary",
    "tags",
    "target_industries",
    "chain_segments",
    "delivery_mode",
    "link",
)


class PolicyForm(forms.ModelForm):
    """A policy's descriptive fields (its criteria change only through versions)."""

    class Meta:
        model = Policy
        fields = POLICY_FIELDS
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in POLICY_FIELDS}


def parse_articles(post) -> tuple[list[tuple[str, str]], list[str]]:
    """The (number, text) rows of the articles editor, in order, and the errors found."""
    numbers = post.getlist("number")
    texts = post.getlist("text")
    rows: list[tuple[str, str]] = []
    errors: list[str] = []
    seen: set[str] = set()
    for position, (number, text) in enumerate(zip(numbers, texts, strict=False), start=1):
        number, text = number.strip(), text.strip()
        if not number and not text:
            continue
        values = {"row": position, "number": number}
        if not number:
            errors.append(_("Row %(row)s: the article number is required.") % values)
        elif not text:
            errors.append(_("Row %(row)s: the article text is required.") % values)
        elif number in seen:
            errors.append(_("Row %(row)s: the number %(number)s is used twice.") % values)
        elif len(number) > 20:
            errors.append(_("Row %(row)s: an article number has at most 20 characters.") % values)
        seen.add(number)
        rows.append((number, text))
    return rows, errors


def criteria_error_message(error: CriteriaError, source: Any = None) -> str:
    """The engine's error in the user's language; for criteria (``source``) in the words of
    the builder's form: the row and the fact's label, and what to fix."""
    if source is not None:
        return error_text(source, error)
    message = localized(error.message_zh, error.message_en)
    return str(_("%(path)s: %(message)s") % {"path": error.path, "message": message})


def parse_json(text: str, *, allow_empty: bool = False) -> Any:
    """JSON text with fractions read as Decimal (never float); a ValidationError otherwise."""
    text = (text or "").strip()
    if not text:
        if allow_empty:
            return None
        raise ValidationError(_("Add at least one clause."))
    try:
        return json.loads(text, cls=DecimalJSONDecoder)
    except ValueError as error:
        raise ValidationError(_("Not valid JSON: %(error)s") % {"error": str(error)}) from error


def validate_criteria(criteria: Any, choices: Mapping[str, Any] | None = None) -> None:
    """Compile with the engine and check the values against ``choices`` (the builder's
    options); a ValidationError naming the row and the fact."""
    try:
        check_criteria(criteria, choices)
    except CriteriaError as error:
        raise ValidationError(criteria_error_message(error, criteria)) from error


def validate_formula(formula: Any) -> None:
    if formula is None:
        return
    try:
        compile_formula(formula, CATALOG)
    except CriteriaError as error:
        raise ValidationError(criteria_error_message(error)) from error


class DraftForm(forms.Form):
    """The builder's form: criteria and formula as JSON text (written by the builder script
    or typed in the advanced textareas), and the date the version takes effect."""

    criteria = forms.CharField(
        label=_("Criteria (JSON Logic)"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        required=False,
    )
    formula = forms.CharField(
        label=_("Benefit formula (JSON Logic)"),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        required=False,
    )
    effective_from = forms.DateField(
        label=_("Effective from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)

    def __init__(self, *args, choices: Mapping[str, Any] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices  # the values the builder offers (builder.fact_choices)

    def clean_criteria(self):
        value = parse_json(self.cleaned_data.get("criteria", ""))
        validate_criteria(value, self.choices)
        return value

    def clean_formula(self):
        value = parse_json(self.cleaned_data.get("formula", ""), allow_empty=True)
        validate_formula(value)
        return value


class ReasonForm(forms.Form):
    """A confirmation with its required reason (publish, discard)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit trail."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason: it is kept in the audit trail."))
        return reason


def default_effective_from(latest_published) -> Any:
    """Today, or the day after the latest published version starts when that is later."""
    import datetime

    today = timezone.localdate()
    if latest_published is not None and latest_published.effective_from >= today:
        return latest_published.effective_from + datetime.timedelta(days=1)
    return today
