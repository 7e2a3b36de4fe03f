"""Pages of the policy staff (zone officials of the policy's zone): the list of the zone's
policies, create / edit, the articles editor, the staff detail with every version, the criteria
builder with its live count, and the publish / discard confirmations.

Thin views: reads through ``selectors`` (the zone's policies; the enterprises through
``visible_enterprises``), writes through ``services`` (transaction, permission, audit). A user
who is not a zone official gets 403; a policy of another zone is 404.
"""

from __future__ import annotations

import json
import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.excel import XLSX
from gaoxin.enterprises.scoping import visible_enterprises
from gaoxin.firstset.display import is_chinese
from rulebook.criteria import CriteriaError

from .. import rules, selectors, services
from ..builder import (
    Unsupported,
    check_criteria,
    criteria_to_tree,
    describe_criteria,
    describe_formula,
    fact_choices,
    formula_to_tree,
)
from ..choices import PolicyStatus
from ..forms import (
    DraftForm,
    PolicyForm,
    ReasonForm,
    add_service_errors,
    criteria_error_message,
    default_effective_from,
    parse_articles,
    parse_json,
)
from ..matching.catalog import CATALOG, FACTS
from ..matching.export import export_filename, match_set_export
from ..matching.match import match_policy
from ..models import DecimalJSONEncoder, Policy, PolicyMatchSet, PolicyVersion

PAGE_SIZE = 20
COUNT_NAMES = 10


def _require_official(request) -> None:
    if not rules.can_manage(request.user):
        raise PermissionDenied


def _policy_or_404(request, pk: int) -> Policy:
    _require_official(request)
    try:
        return selectors.zone_policy_get(request.user, pk)
    except Policy.DoesNotExist as exc:
        raise Http404 from exc


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, cls=DecimalJSONEncoder, ensure_ascii=False, indent=2)


# -- list, create, edit, articles --------------------------------------------------------------


@login_required
def manage_list(request):
    _require_official(request)
    policies = selectors.zone_policies(request.user, request.GET)
    page = Paginator(policies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/manage/list.html",
        {
            "page_obj": page,
            "q": request.GET.get("q", ""),
            "status": request.GET.get("status", ""),
            "statuses": PolicyStatus.choices,
            "has_any": bool(page.object_list) or selectors.zone_policies(request.user).exists(),
        },
    )


@login_required
def manage_create(request):
    _require_official(request)
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(
                actor=request.user,
                zone=request.user.organisation.home_zone,
                data=form.data_for_service(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The policy is created. Now add its articles."))
            return redirect("policies:manage_articles", pk=policy.pk)
    return render(
        request,
        "policies/manage/form.html",
        {"form": form, "title": _("New policy"), "policy": None},
    )


@login_required
def manage_edit(request, pk: int):
    policy = _policy_or_404(request, pk)
    form = PolicyForm(request.POST or None, instance=Policy.objects.get(pk=policy.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(actor=request.user, policy=policy, data=form.data_for_service())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The policy is saved."))
            return redirect("policies:manage_detail", pk=policy.pk)
    return render(
        request,
        "policies/manage/form.html",
        {"form": form, "title": _("Edit the policy"), "policy": policy},
    )


@login_required
def manage_articles(request, pk: int):
    policy = _policy_or_404(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        rows, errors = parse_articles(request.POST)
        if not errors:
            try:
                services.article_set(actor=request.user, policy=policy, articles=rows)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("The articles are saved."))
                return redirect("policies:manage_detail", pk=policy.pk)
    else:
        rows = [(a.number, a.text) for a in policy.articles.all()]
    if not rows:
        rows = [("", "")]
    return render(
        request,
        "policies/manage/articles.html",
        {"policy": policy, "rows": rows, "errors": errors},
    )


# -- detail ---------------------------------------------------------------------------------------


def _version_view(version: PolicyVersion) -> dict[str, Any]:
    return {
        "version": version,
        "last_match": version.match_sets.defer("packed_ids").order_by("-matched_at").first(),
        "criteria": describe_criteria(version.criteria),
        "criteria_json": _json_text(version.criteria),
        "formula": describe_formula(version.formula),
    }


@login_required
def manage_detail(request, pk: int):
    policy = _policy_or_404(request, pk)
    today = timezone.localdate()
    versions = list(policy.versions.order_by("-number"))
    in_force = selectors.version_in_force(policy, today)
    draft = next((v for v in versions if v.is_draft), None)
    return render(
        request,
        "policies/manage/detail.html",
        {
            "policy": policy,
            "articles": list(policy.articles.all()),
            "versions": [_version_view(v) for v in versions if not v.is_draft],
            "draft": _version_view(draft) if draft else None,
            "in_force": in_force,
            "today": today,
        },
    )


@login_required
def manage_matches_export(request, pk: int):
    """The enterprises of a stored match set (``?set=<id>``, default the policy's latest) as
    Excel; audited."""
    policy = _policy_or_404(request, pk)
    sets = PolicyMatchSet.objects.select_related("version__policy").filter(version__policy=policy)
    wanted = request.GET.get("set", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404(_("No such match result."))
        sets = sets.filter(pk=int(wanted))
    match_set = sets.order_by("-matched_at", "-pk").first()
    if match_set is None:
        raise Http404(_("The policy has no stored match result yet."))
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    match_set_export(user=request.user, policy=policy, match_set=match_set, out=out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=export_filename(match_set), content_type=XLSX
    )


# -- the criteria builder -----------------------------------------------------------------------


def _zone_choices(user) -> dict[str, list[list[str]]]:
    return fact_choices(user.organisation.home_zone if user.organisation_id else None)


def _facts_for_builder(choices: dict[str, list[list[str]]]) -> list[dict[str, Any]]:
    """The facts catalog for the builder script: label and unit in the user's language, and
    the known values of the code and set facts (stages, the zone's parks, qualifications)."""
    chinese = is_chinese()
    out = []
    for item in FACTS:
        fact = CATALOG[item["key"]]
        if fact.type == "percent":
            unit = _("percentage points")
        else:
            unit = (fact.unit if chinese else fact.unit_en.strip()) or ""
        out.append(
            {
                "key": fact.key,
                "label": fact.label_zh if chinese else fact.label_en,
                "type": fact.type,
                "unit": unit,
                "choices": choices.get(fact.key, []),
            }
        )
    return out


def _builder_texts() -> dict[str, str]:
    """The builder script's words, translated on the server."""
    return {**_criteria_texts(), **_formula_texts()}


def _criteria_texts() -> dict[str, str]:
    return {
        "all": _("All of (AND)"),
        "any": _("Any of (OR)"),
        "not": _("NOT (none of these holds)"),
        "add_clause": _("Add a clause"),
        "add_group": _("Add a group"),
        "remove": _("Remove"),
        "remove_group": _("Remove the group"),
        "fact": _("Fact"),
        "operator": _("Operator"),
        "value": _("Value"),
        "article": _("Article"),
        "label": _("Label"),
        "no_article": _("(no article)"),
        "is_true": _("is true"),
        "is_false": _("is false"),
        "contains": _("contains"),
        "contains_text": _("contains the text"),
        "in_list": _("is one of"),
        "list_hint": _("Separate values with commas."),
        "not_number": _("Enter a number, e.g. 3 or 0.5 (no thousands separators)."),
        "empty_group": _("This group has no clause yet."),
        "wan": _("= %(n)s × 10k yuan"),
        "label_placeholder": _("e.g. R&D intensity ≥ 3%"),
        "clause_error": _("This condition was refused: see the message above."),
        "row": _("Row %(n)s"),
        "group_n": _("Group %(n)s"),
        "pick": _("Choose…"),
        "clause": _("Clause"),
        "group": _("Group"),
    }


def _formula_texts() -> dict[str, str]:
    return {
        "f_none": _("None"),
        "f_fixed": _("Fixed amount"),
        "f_rate": _("Rate × a figure"),
        "f_advanced": _("Advanced (JSON)"),
        "f_amount": _("Amount"),
        "f_rate_pct": _("Rate"),
        "f_per_unit": _("Yuan per unit"),
        "f_of": _("of"),
        "f_cap": _("At most (optional)"),
        "f_no_cap": _("no cap"),
        "yuan": _("yuan"),
    }


def _initial_builder(policy: Policy) -> tuple[PolicyVersion | None, PolicyVersion | None]:
    """The draft, and the version it starts from when there is no draft (the version in
    force today, else the latest published one)."""
    draft = selectors.draft_version(policy)
    if draft is not None:
        return draft, None
    base = selectors.version_in_force(
        policy, timezone.localdate()
    ) or selectors.latest_published_version(policy)
    return None, base


def _trees(criteria: Any, formula: Any) -> tuple[Any, Any]:
    try:
        tree = criteria_to_tree(criteria)
    except (Unsupported, KeyError):
        tree = None
    try:
        formula_tree = formula_to_tree(formula)
    except (Unsupported, KeyError):
        formula_tree = None
    return tree, formula_tree


CLAUSE_OPS = {">=", ">", "<=", "<", "==", "!=", "true", "false", "contains", "in"}


def _tree_ok(node: Any, depth: int = 0) -> bool:
    """Whether a tree posted back by the builder script has the shape the script renders
    (known facts and operators), so that a refused save can show the user's rows again."""
    if not isinstance(node, dict) or depth > 5:
        return False
    if node.get("kind") == "clause":
        return (
            node.get("fact") in CATALOG
            and node.get("op") in CLAUSE_OPS
            and isinstance(node.get("value", ""), (str, list))
        )
    return (
        node.get("kind") == "group"
        and node.get("op") in ("and", "or")
        and isinstance(node.get("children"), list)
        and all(_tree_ok(child, depth + 1) for child in node["children"])
    )


def _posted_tree(text: str) -> Any:
    try:
        value = json.loads(text or "null")
    except ValueError:
        return None
    return value if _tree_ok(value) else None


def _posted_formula_tree(text: str) -> Any:
    try:
        value = json.loads(text or "null")
    except ValueError:
        return None
    if not isinstance(value, dict) or value.get("mode") not in ("none", "fixed", "rate"):
        return None
    if value["mode"] == "rate" and value.get("fact") not in CATALOG:
        return None
    return {key: str(value.get(key) or "") for key in ("amount", "fact", "factor", "cap")} | {
        "mode": value["mode"]
    }


@login_required
def manage_builder(request, pk: int):
    policy = _policy_or_404(request, pk)
    draft, base = _initial_builder(policy)
    latest = selectors.latest_published_version(policy)
    choices = _zone_choices(request.user)
    if request.method == "POST":
        form = DraftForm(request.POST, choices=choices)
        saving = request.POST.get("action") != "reload"
        if saving and form.is_valid() and _save_draft(request, policy, form):
            messages.success(request, _("The draft is saved. It is not in force until published."))
            return redirect("policies:manage_detail", pk=policy.pk)
        state = _posted_state(request.POST, form)
    else:
        state = _initial_state(draft or base, draft, latest)
    form = state["form"]
    return render(
        request,
        "policies/manage/builder.html",
        {
            **state,
            "policy": policy,
            "draft": draft,
            "base": base,
            "facts": _facts_for_builder(choices),
            "articles": [{"number": a.number, "text": a.text} for a in policy.articles.all()],
            "texts": _builder_texts(),
            "error_path": _error_path(form, state["criteria_text"], choices),
            "error_message": (form.errors.get("criteria") or [None])[0] if form.is_bound else None,
            "expired": policy.status == PolicyStatus.EXPIRED,
            "has_published": latest is not None,
        },
    )


def _save_draft(request, policy: Policy, form: DraftForm) -> bool:
    """Save the form's draft; False with the refusal put on the form."""
    try:
        services.draft_save(
            actor=request.user,
            policy=policy,
            criteria=form.cleaned_data["criteria"],
            formula=form.cleaned_data["formula"],
            effective_from=form.cleaned_data["effective_from"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
    except ValueError as exc:  # a number the JSON encoder cannot keep exactly
        form.add_error("criteria", str(exc))
    except DomainError as exc:
        if isinstance(exc, PermissionDeniedError):
            raise PermissionDenied from exc
        form.add_error(None, exc.message)
    else:
        return True
    return False


def _modes(tree: Any, formula_tree: Any, wanted: tuple[str, str] = ("builder", "builder")):
    """The criteria and formula editors' modes: the ``wanted`` one, advanced without a tree."""
    return {
        "mode": "advanced" if tree is None or wanted[0] == "advanced" else "builder",
        "formula_mode": "advanced"
        if formula_tree is None or wanted[1] == "advanced"
        else "builder",
    }


def _read_tree(reader, text: str, *, allow_empty: bool = False) -> Any:
    try:
        return reader(parse_json(text, allow_empty=allow_empty))
    except (ValidationError, Unsupported, KeyError):
        return None


def _initial_state(source: PolicyVersion | None, draft, latest) -> dict[str, Any]:
    """The builder opened: the draft's (or base version's) criteria as rows and as JSON."""
    criteria = source.criteria if source else None
    formula = source.formula if source else None
    tree, formula_tree = _trees(criteria, formula)
    criteria_text, formula_text = _json_text(criteria), _json_text(formula)
    effective_from = draft.effective_from if draft else default_effective_from(latest)
    initial = {"criteria": criteria_text, "formula": formula_text, "effective_from": effective_from}
    return {
        "form": DraftForm(initial=initial),
        "criteria_text": criteria_text,
        "formula_text": formula_text,
        "tree": tree,
        "formula_tree": formula_tree,
        **_modes(tree, formula_tree),
    }


def _posted_state(post, form: DraftForm) -> dict[str, Any]:
    """A refused save shows the user's own rows again (the tree the script posted, or the JSON
    re-read when it was edited as JSON); "Back to the builder" re-reads the JSON, no errors."""
    reload = post.get("action") == "reload"
    criteria_text, formula_text = post.get("criteria", ""), post.get("formula", "")
    tree = _posted_tree(post.get("tree", ""))
    formula_tree = _posted_formula_tree(post.get("formula_tree", ""))
    if reload or post.get("mode") == "advanced":
        tree = _read_tree(criteria_to_tree, criteria_text)
    if reload or post.get("formula_mode") == "advanced":
        formula_tree = _read_tree(formula_to_tree, formula_text, allow_empty=True)
    if reload:
        initial = {"effective_from": post.get("effective_from"), "reason": post.get("reason", "")}
        form, modes = DraftForm(initial=initial), _modes(tree, formula_tree)
    else:
        modes = _modes(tree, formula_tree, (post.get("mode"), post.get("formula_mode")))
    return {
        "form": form,
        "criteria_text": criteria_text,
        "formula_text": formula_text,
        "tree": tree,
        "formula_tree": formula_tree,
        **modes,
    }


def _error_path(form: DraftForm, criteria_text: str, choices) -> str | None:
    """The JSON path of the clause that made the criteria refused (the builder outlines its
    row), or None."""
    if not form.is_bound or not form.errors.get("criteria"):
        return None
    try:
        check_criteria(parse_json(criteria_text), choices)
    except CriteriaError as error:
        return error.path
    except (ValidationError, ValueError):
        return None
    return None


@login_required
@require_POST
def manage_count(request, pk: int):
    """The live count: how many of the user's enterprises meet the posted criteria today
    (counting by the set-based matcher, not a loop), with up to ten names; or the validation
    error naming the clause."""
    policy = _policy_or_404(request, pk)
    context: dict[str, Any] = {
        "policy": policy,
        "has_published": selectors.latest_published_version(policy) is not None,
    }
    try:
        criteria = parse_json(request.POST.get("criteria", ""))
        scope = visible_enterprises(request.user).zone_members()
        ids = match_policy(
            PolicyVersion(policy=policy, criteria=criteria),
            as_of=timezone.localdate(),
            queryset=scope,
        )
    except ValidationError as exc:
        context["error"] = " ".join(exc.messages)
    except CriteriaError as exc:
        context["error"] = criteria_error_message(exc, criteria)
    else:
        context.update(
            count=len(ids),
            total=scope.count(),
            names=list(
                scope.filter(pk__in=ids[:COUNT_NAMES]).order_by("pk").values_list("name", flat=True)
            ),
            more=max(0, len(ids) - COUNT_NAMES),
        )
    return render(request, "policies/manage/_count.html", context)


# -- publish / discard --------------------------------------------------------------------------


def _draft_or_redirect(request, policy: Policy):
    draft = selectors.draft_version(policy)
    if draft is None:
        messages.info(request, _("The policy has no draft version."))
    return draft


@login_required
def manage_publish(request, pk: int):
    policy = _policy_or_404(request, pk)
    draft = _draft_or_redirect(request, policy)
    if draft is None:
        return redirect("policies:manage_detail", pk=policy.pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = _publish(request, policy, form)
        if version is not None:
            messages.success(
                request,
                _("Version %(number)s is published. The enterprises it fits are being notified.")
                % {"number": version.number},
            )
            return redirect("policies:manage_detail", pk=policy.pk)
    return render(
        request,
        "policies/manage/confirm.html",
        {
            "policy": policy,
            "draft": _version_view(draft),
            "form": form,
            "action": "publish",
            "matched": _draft_matches(request.user, draft),
            "total": visible_enterprises(request.user).count(),
            "previous": selectors.latest_published_version(policy),
        },
    )


def _publish(request, policy: Policy, form: ReasonForm) -> PolicyVersion | None:
    """Publish the draft; None with the refusal put on the form."""
    try:
        return services.draft_publish(
            actor=request.user, policy=policy, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
    except DomainError as exc:
        if isinstance(exc, PermissionDeniedError):
            raise PermissionDenied from exc
        form.add_error(None, exc.message)
    return None


def _draft_matches(user, draft: PolicyVersion) -> int | None:
    """How many of the user's zone enterprises the draft fits today (None: it cannot run)."""
    scope = visible_enterprises(user).zone_members()
    try:
        return len(match_policy(draft, as_of=timezone.localdate(), queryset=scope))
    except CriteriaError:
        return None


@login_required
def manage_discard(request, pk: int):
    policy = _policy_or_404(request, pk)
    draft = _draft_or_redirect(request, policy)
    if draft is None:
        return redirect("policies:manage_detail", pk=policy.pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_discard(
                actor=request.user, policy=policy, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            if isinstance(exc, PermissionDeniedError):
                raise PermissionDenied from exc
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The draft is discarded."))
            return redirect("policies:manage_detail", pk=policy.pk)
    return render(
        request,
        "policies/manage/confirm.html",
        {"policy": policy, "draft": _version_view(draft), "form": form, "action": "discard"},
    )
