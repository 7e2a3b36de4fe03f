"""The department import form: which list, the department, the document number, the file.
The file checks are the registry import's (io/forms.py); what the rows mean is checked by the
importer, the inputs by the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import EnterpriseImportForm
from .kinds import kind_choices
from .services import DEPARTMENT_MAX, REFERENCE_MAX


class DepartmentImportForm(EnterpriseImportForm):
    kind = forms.ChoiceField(label=_("List"), choices=kind_choices)
    department = forms.CharField(
        label=_("Department"),
        max_length=DEPARTMENT_MAX,
        help_text=_("The department that issued the list, e.g. 郑州市科学技术局."),
    )
    reference = forms.CharField(
        label=_("Document number or batch"),
        max_length=REFERENCE_MAX,
        help_text=_("The list's document number or batch, e.g. 豫科〔2025〕12号."),
    )

    field_order = ["kind", "department", "reference", "file"]
