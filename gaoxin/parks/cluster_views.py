"""Pages of the clusters: the list, the chain map (产业链图谱) with its table and export, a
segment's page with its firms, policies, advisors, leads and signings, and the targets page.

Thin: the selectors read, the services write and check. Readers are zone officials, park
operators (the clusters of their parks) and provincial reviewers (403 for other roles);
another organisation's cluster, segment or target is 404; a reader who may not manage gets 403
on the forms.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError
from gaoxin.core.excel import XLSX
from gaoxin.core.forms import run_on_form as _submit
from gaoxin.enterprises.scoping import visible_enterprises
from gaoxin.experts.models import Expert
from gaoxin.investment.scoping import visible_leads

from . import cluster_excel, clusters, rules
from . import cluster_selectors as selectors
from .choices import ChainPosition
from .cluster_forms import (
    AdvisorsForm,
    ClusterForm,
    MembershipForm,
    MilestoneForm,
    SegmentForm,
    TargetForm,
)
from .models import ChainSegment, ClusterTarget, Park
from .scoping import visible_clusters
from .target_tables import chart_data, segment_table, target_blocks

PER_PAGE = 20


def _readers(view: Callable) -> Callable:
    @login_required
    def wrapped(request, *args, **kwargs):
        if not rules.can_view_clusters(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _managed_cluster(user, pk):
    cluster = selectors.cluster_get(user, pk)
    if not rules.can_manage(user, cluster):
        raise PermissionDenied
    return cluster


def _managed_segment(user, pk) -> ChainSegment:
    segment = selectors.segment_get(user, pk)
    if not rules.can_manage(user, segment.cluster):
        raise PermissionDenied
    return segment


def _xlsx(write: Callable[[io.BytesIO], None], filename: str) -> HttpResponse:
    out = io.BytesIO()
    write(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _form_page(request, form, *, title, submit, back, crumbs=(), **context) -> HttpResponse:
    return render(
        request,
        "clusters/form.html",
        {"form": form, "title": title, "submit": submit, "back": back, "crumbs": crumbs, **context},
    )


# --- clusters ----------------------------------------------------------------------------------


def _list_row(cluster) -> dict:
    summary = selectors.cluster_summary(cluster)
    target = selectors.main_target(cluster)
    progress = None
    if target is not None and summary["output"] is not None and target.metric == "output_value":
        progress = int(summary["output"] * 100 / target.amount)
    return {"cluster": cluster, **summary, "target": target, "progress": progress}


@_readers
def cluster_list(request):
    page = Paginator(selectors.cluster_list(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "rows": [_list_row(c) for c in page.object_list],
        "can_create": rules.can_create_cluster(request.user),
    }
    return render(request, "clusters/list.html", context)


def _zone_parks(user):
    zone = user.organisation.home_zone
    return Park.objects.filter(zone=zone) if zone else Park.objects.none()


@_readers
def cluster_create(request):
    if not rules.can_create_cluster(request.user):
        raise PermissionDenied
    zone = request.user.organisation.home_zone
    if zone is None:
        raise PermissionDenied
    form = ClusterForm(request.POST or None, parks=_zone_parks(request.user))
    if request.method == "POST" and form.is_valid():
        cluster = _submit(
            form,
            lambda: clusters.cluster_create(actor=request.user, zone=zone, **form.cleaned_data),
        )
        if cluster is not None:
            messages.success(request, _("The cluster is created."))
            return redirect("clusters:detail", cluster.pk)
    back = reverse("clusters:list")
    return _form_page(request, form, title=_("New cluster"), submit=_("Create"), back=back)


@_readers
def cluster_update(request, pk: int):
    cluster = selectors.cluster_get(request.user, pk)
    if not rules.can_create_cluster(request.user):
        raise PermissionDenied
    initial = {"name": cluster.name, "description": cluster.description}
    initial["parks"] = list(cluster.parks.all())
    parks = Park.objects.filter(zone=cluster.zone)
    form = ClusterForm(request.POST or None, parks=parks, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: clusters.cluster_update(
                actor=request.user, cluster=cluster, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("The cluster is saved."))
            return redirect("clusters:detail", cluster.pk)
    back = reverse("clusters:detail", args=[cluster.pk])
    return _form_page(
        request, form, title=_("Edit the cluster"), submit=_("Save"), back=back, cluster=cluster
    )


def _tree(cluster, rows) -> dict:
    """The chain map's data for ECharts: cluster → positions → segments → sub-segments."""

    def node(row) -> dict:
        total = row["total"]
        return {
            "name": row["segment"].name,
            "url": reverse("clusters:segment", args=[row["segment"].pk]),
            "enterprises": total["enterprises"],
            "output": None if total["output"] is None else str(total["output"]),
            "signings": total["signings"],
            "gap": row["gap"],
            "children": [node(child) for child in row["children"]],
        }

    positions = []
    for value, label in ChainPosition.choices:
        roots = [node(r) for r in rows if r["depth"] == 0 and r["segment"].position == value]
        positions.append({"name": str(label), "position": value, "children": roots})
    return {"name": cluster.name, "children": positions}


@_readers
def cluster_detail(request, pk: int):
    cluster = selectors.cluster_get(request.user, pk)
    rows = selectors.with_totals(cluster, selectors.chain_rows(cluster))
    context = {
        "cluster": cluster,
        "rows": rows,
        "tree": _tree(cluster, rows),
        "summary": selectors.cluster_summary(cluster),
        "can_manage": rules.can_manage(request.user, cluster),
        "can_edit": rules.can_create_cluster(request.user),
        "gaps": sum(1 for r in rows if r["gap"]),
    }
    return render(request, "clusters/detail.html", context)


@_readers
def cluster_export(request, pk: int):
    cluster = selectors.cluster_get(request.user, pk)
    rows = selectors.chain_rows(cluster)
    clusters.cluster_export_recorded(
        actor=request.user, cluster=cluster, what="chain", rows=len(rows)
    )
    return _xlsx(lambda out: cluster_excel.write_chain(rows, out), f"cluster-{cluster.pk}.xlsx")


# --- segments ----------------------------------------------------------------------------------


def _segment_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["order"] = data.get("order") or 0
    return data


@_readers
def segment_create(request, pk: int):
    cluster = _managed_cluster(request.user, pk)
    segments = cluster.segments.all()
    parent = segments.filter(pk=request.GET.get("parent") or 0).first()
    initial = {"parent": parent, "position": parent.position if parent else "", "order": 0}
    form = SegmentForm(request.POST or None, segments=segments, initial=initial)
    if request.method == "POST" and form.is_valid():
        segment = _submit(
            form,
            lambda: clusters.segment_create(
                actor=request.user, cluster=cluster, data=_segment_data(form)
            ),
        )
        if segment is not None:
            messages.success(request, _("The segment is added."))
            return redirect("clusters:segment", segment.pk)
    back = reverse("clusters:detail", args=[cluster.pk])
    return _form_page(
        request, form, title=_("New chain segment"), submit=_("Add"), back=back, cluster=cluster
    )


@_readers
def segment_detail(request, pk: int):
    segment = selectors.segment_get(request.user, pk)
    members = selectors.segment_members(segment, request.user)
    page = Paginator(members, PER_PAGE).get_page(request.GET.get("page"))
    can_manage = rules.can_manage(request.user, segment.cluster)
    form = None
    if can_manage:
        form = MembershipForm(enterprises=_candidates(segment, request.user))
    context = {
        "segment": segment,
        "cluster": segment.cluster,
        "page_obj": page,
        "policies": selectors.segment_policies(segment),
        "advisors": segment.advisors.all(),
        "children": segment.children.all(),
        # the leads and signings the user may see (an operator: those of its parks)
        "leads": visible_leads(request.user)
        .filter(segment=segment, signing__isnull=True)
        .order_by("-created_at")[:50],
        "signings": segment.signings.filter(lead__in=visible_leads(request.user))
        .select_related("lead")
        .order_by("-signed_on")[:50],
        "can_manage": can_manage,
        "form": form,
    }
    return render(request, "clusters/segment.html", context)


def _candidates(segment: ChainSegment, user):
    """The firms the user may place in the segment: those they see (an operator: its parks'),
    of the cluster's zone, not in it yet."""
    return (
        visible_enterprises(user)
        .filter(zone=segment.cluster.zone_id)
        .exclude(segment_memberships__segment=segment)
    )


@_readers
def segment_update(request, pk: int):
    segment = _managed_segment(request.user, pk)
    segments = segment.cluster.segments.exclude(pk=segment.pk)
    initial = {f: getattr(segment, f) for f in ("name", "parent", "position", "description")}
    initial["order"] = segment.order
    form = SegmentForm(request.POST or None, segments=segments, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: clusters.segment_update(
                actor=request.user, segment=segment, data=_segment_data(form)
            ),
        )
        if done is not None:
            messages.success(request, _("The segment is saved."))
            return redirect("clusters:segment", segment.pk)
    back = reverse("clusters:segment", args=[segment.pk])
    return _form_page(
        request,
        form,
        title=_("Edit the segment"),
        submit=_("Save"),
        back=back,
        cluster=segment.cluster,
        segment=segment,
    )


def _confirm(request, *, question, text, back, cluster, segment=None) -> HttpResponse:
    context = {"question": question, "text": text, "back": back, "cluster": cluster}
    return render(request, "clusters/confirm.html", {**context, "segment": segment})


@_readers
def segment_delete(request, pk: int):
    segment = _managed_segment(request.user, pk)
    cluster = segment.cluster
    back = reverse("clusters:segment", args=[segment.pk])
    if request.method == "POST":
        try:
            clusters.segment_delete(actor=request.user, segment=segment)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(back)
        messages.success(request, _("The segment is deleted."))
        return redirect("clusters:detail", cluster.pk)
    return _confirm(
        request,
        question=_("Delete the segment %(name)s?") % {"name": segment.name},
        text=_("Only an empty segment can be deleted. The deletion is kept in the audit trail."),
        back=back,
        cluster=cluster,
        segment=segment,
    )


@_readers
def membership_add(request, pk: int):
    segment = _managed_segment(request.user, pk)
    form = MembershipForm(request.POST or None, enterprises=_candidates(segment, request.user))
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: clusters.membership_add(
                actor=request.user, segment=segment, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("The enterprise is added to the segment."))
            return redirect("clusters:segment", segment.pk)
    back = reverse("clusters:segment", args=[segment.pk])
    return _form_page(
        request,
        form,
        title=_("Add an enterprise to %(name)s") % {"name": segment.name},
        submit=_("Add"),
        back=back,
        cluster=segment.cluster,
        segment=segment,
    )


@_readers
def membership_remove(request, pk: int, enterprise_pk: int):
    segment = _managed_segment(request.user, pk)
    membership = get_object_or_404(
        segment.memberships.filter(enterprise__in=visible_enterprises(request.user)),
        enterprise_id=enterprise_pk,
    )
    enterprise = membership.enterprise
    back = reverse("clusters:segment", args=[segment.pk])
    if request.method == "POST":
        clusters.membership_remove(actor=request.user, segment=segment, enterprise=enterprise)
        messages.success(request, _("The enterprise is removed from the segment."))
        return redirect(back)
    return _confirm(
        request,
        question=_("Remove %(enterprise)s from %(segment)s?")
        % {"enterprise": enterprise.name, "segment": segment.name},
        text=_("The enterprise's own file is not changed; only its place in the chain."),
        back=back,
        cluster=segment.cluster,
        segment=segment,
    )


@_readers
def segment_advisors(request, pk: int):
    segment = _managed_segment(request.user, pk)
    experts = Expert.objects.filter(zone=segment.cluster.zone_id).order_by("name")
    initial = {"advisors": list(segment.advisors.all())}
    form = AdvisorsForm(request.POST or None, experts=experts, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: clusters.segment_set_advisors(
                actor=request.user, segment=segment, experts=form.cleaned_data["advisors"]
            ),
        )
        if done is not None:
            messages.success(request, _("The advisors are saved."))
            return redirect("clusters:segment", segment.pk)
    back = reverse("clusters:segment", args=[segment.pk])
    return _form_page(
        request,
        form,
        title=_("Advisors of %(name)s") % {"name": segment.name},
        submit=_("Save"),
        back=back,
        cluster=segment.cluster,
        segment=segment,
    )


# --- targets -----------------------------------------------------------------------------------


@_readers
def target_list(request, pk: int):
    cluster = selectors.cluster_get(request.user, pk)
    blocks = target_blocks(cluster)
    context = {
        "cluster": cluster,
        "blocks": blocks,
        "charts": [chart_data(block) for block in blocks],
        "segments": segment_table(cluster, blocks),
        "can_manage": rules.can_manage(request.user, cluster),
    }
    return render(request, "clusters/targets.html", context)


@_readers
def target_export(request, pk: int):
    cluster = selectors.cluster_get(request.user, pk)
    blocks = target_blocks(cluster)
    segments = segment_table(cluster, blocks)
    rows = sum(len(b["progress"]) for b in blocks) + len(segments)
    clusters.cluster_export_recorded(actor=request.user, cluster=cluster, what="targets", rows=rows)
    return _xlsx(
        lambda out: cluster_excel.write_targets(blocks, segments, out),
        f"cluster-{cluster.pk}-targets.xlsx",
    )


def _target_data(form) -> dict:
    return dict(form.cleaned_data)


@_readers
def target_create(request, pk: int):
    cluster = _managed_cluster(request.user, pk)
    form = TargetForm(request.POST or None, segments=cluster.segments.all())
    if request.method == "POST" and form.is_valid():
        target = _submit(
            form,
            lambda: clusters.target_create(
                actor=request.user, cluster=cluster, data=_target_data(form)
            ),
        )
        if target is not None:
            messages.success(request, _("The target is set; now give its milestones."))
            return redirect("clusters:milestone_set", target.pk)
    back = reverse("clusters:targets", args=[cluster.pk])
    return _form_page(
        request, form, title=_("New target"), submit=_("Create"), back=back, cluster=cluster
    )


def _managed_target(user, pk) -> ClusterTarget:
    target = (
        ClusterTarget.objects.select_related("cluster")
        .filter(pk=pk, cluster__in=visible_clusters(user))
        .first()
    )
    if target is None:
        raise Http404
    if not rules.can_manage(user, target.cluster):
        raise PermissionDenied
    return target


@_readers
def target_update(request, pk: int):
    target = _managed_target(request.user, pk)
    fields = ("name", "segment", "metric", "base_year", "target_year", "amount", "source")
    initial = {f: getattr(target, f) for f in fields}
    form = TargetForm(request.POST or None, segments=target.cluster.segments.all(), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: clusters.target_update(
                actor=request.user, target=target, data=_target_data(form)
            ),
        )
        if done is not None:
            messages.success(request, _("The target is saved."))
            return redirect("clusters:targets", target.cluster_id)
    back = reverse("clusters:targets", args=[target.cluster_id])
    return _form_page(
        request,
        form,
        title=_("Edit the target"),
        submit=_("Save"),
        back=back,
        cluster=target.cluster,
    )


@_readers
def milestone_set(request, pk: int):
    target = _managed_target(request.user, pk)
    form = MilestoneForm(request.POST or None, initial={"year": target.base_year + 1})
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: (
                clusters.milestone_set(actor=request.user, target=target, **form.cleaned_data)
                or True
            ),
        )
        if done is not None:
            messages.success(request, _("The milestone is saved."))
            return redirect(reverse("clusters:milestone_set", args=[target.pk]))
    back = reverse("clusters:targets", args=[target.cluster_id])
    return _form_page(
        request,
        form,
        title=_("Milestones of %(name)s") % {"name": target.name},
        submit=_("Save the milestone"),
        back=back,
        cluster=target.cluster,
        milestones=target.milestones.all(),
        target=target,
    )
