"""The rules explorer (public): every parameter of the first-set programme with its values
over time, references and confidence, and every rule with the clause it quotes — in the manner
of OpenFisca's legislation explorer. It renders :func:`rulebook.explorer.program_explorer`."""

from __future__ import annotations

import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from rulebook.explorer import program_explorer
from rulebook.firstset import NATIONAL
from rulebook.firstset.rules import PROVINCIAL

from ..display import (
    CONFIDENCE_HELP,
    jurisdiction_label,
    localized,
    parameter_anchor,
    parameter_type_label,
    parameter_value,
    regime_label,
)


def rules_explorer(request):
    data = program_explorer("firstset")
    today = timezone.localdate()
    jurisdictions = [_jurisdiction(item, today) for item in data["jurisdictions"]]
    context = {
        "title": localized(data["title_zh"], data["title_en"]),
        "jurisdictions": jurisdictions,
        "rules": [_rule(rule, jurisdictions) for rule in data["rules"]],
        "confidence_help": [(mark, CONFIDENCE_HELP[mark]) for mark in ("V", "S", "I")],
        "today": today,
    }
    return render(request, "firstset/rules.html", context)


def _jurisdiction(item: dict, today: datetime.date) -> dict:
    code = item["code"]
    return {
        "code": code,
        "label": jurisdiction_label(code),
        "version": item["version"],
        "parameters": [_parameter(code, param, today) for param in item["parameters"]],
    }


def _parameter(code: str, param: dict, today: datetime.date) -> dict:
    """The parameter in the reader's language; its code name and file are technical details."""
    in_force = None
    for value in param["values"]:
        if datetime.date.fromisoformat(value["effective"]) <= today:
            in_force = value["effective"]
    values = [
        {
            **value,
            "display": parameter_value(value["value"], param["type"]),
            "label": localized(value.get("description_zh"), value.get("label_en")),
            "note": localized(value.get("note_zh"), value.get("note_en")),
            "in_force": value["effective"] == in_force,
        }
        for value in param["values"]
    ]
    return {
        **param,
        "anchor": parameter_anchor(code, param["name"]),
        "label": localized(param.get("description_zh"), param.get("label_en")),
        "type_label": parameter_type_label(param["type"]),
        "unit": localized(param.get("unit_zh"), param.get("unit_en")),
        "values": values,
    }


def _rule(rule: dict, jurisdictions: list[dict]) -> dict:
    """The rule with links to the parameters it reads, in the jurisdictions it applies to."""
    national = any(regime != PROVINCIAL for regime in rule["regimes"])
    provincial = PROVINCIAL in rule["regimes"]
    codes = [
        item
        for item in jurisdictions
        if (item["code"] == NATIONAL and national) or (item["code"] != NATIONAL and provincial)
    ]
    reads = []
    for name in rule["reads"]:
        found = [
            (item["code"], param)
            for item in codes
            for param in item["parameters"]
            if param["name"] == name
        ]
        links = [{"code": code, "anchor": parameter_anchor(code, name)} for code, _param in found]
        label = found[0][1]["label"] if found else name
        reads.append({"name": name, "label": label, "links": links})
    return {
        **rule,
        "anchor": f"rule-{rule['name']}",
        "title": localized(rule.get("title_zh"), rule.get("title_en")),
        "regime_labels": [
            regime_label(regime) if regime != PROVINCIAL else _("Provincial schemes")
            for regime in rule["regimes"]
        ],
        "reads_links": reads,
    }
