"""The targets page's figures: each target of a cluster with its progress by year (the
chart's series and the table), and the table per segment (actual of the latest verified year
against the segment's own target, and what the pipeline adds)."""

from __future__ import annotations

from .cluster_selectors import chain_rows
from .models import Cluster
from .targets import last_actual_year, segment_progress, target_progress


def target_blocks(cluster: Cluster) -> list[dict]:
    """Each target of the cluster (cluster-wide first) with its progress rows."""
    targets = cluster.targets.select_related("segment").prefetch_related("milestones")
    blocks = []
    for target in targets.order_by("segment_id", "target_year", "name"):
        blocks.append(
            {
                "target": target,
                "progress": target_progress(target),
                "last_year": last_actual_year(target),
            }
        )
    return blocks


def _text(value) -> str | None:
    return None if value is None else str(value)


def chart_data(block: dict) -> dict:
    """The chart's data (json_script): years, and milestone / actual / forecast as decimal
    strings (null where there is none)."""
    rows = block["progress"]
    forecast = [_text(r["forecast"]) for r in rows]
    for index, row in enumerate(rows):  # the dashed line starts from the last actual
        if row["year"] == block["last_year"]:
            forecast[index] = _text(row["actual"])
    return {
        "id": f"target-chart-{block['target'].pk}",
        "years": [str(r["year"]) for r in rows],
        "milestone": [_text(r["milestone"]) for r in rows],
        "actual": [_text(r["actual"]) for r in rows],
        "forecast": forecast,
    }


def segment_table(cluster: Cluster, blocks: list[dict]) -> list[dict]:
    """One row per segment: the actual of the cluster target's last actual year (its own
    members), the segment's own target if any, the pipeline's forecast contribution by the
    target year."""
    main = next((b for b in blocks if b["target"].segment_id is None), None)
    metric = main["target"].metric if main else "output_value"
    last_year = main["last_year"] if main else None
    until = main["target"].target_year if main else 2100
    figures = segment_progress(cluster, metric, last_year, until)
    own = {b["target"].segment_id: b["target"] for b in blocks if b["target"].segment_id}
    rows = []
    for row in chain_rows(cluster):
        segment = row["segment"]
        found = figures.get(segment.pk, {})
        rows.append(
            {
                "segment": segment,
                "depth": row["depth"],
                "actual": found.get("actual"),
                "pipeline": found.get("pipeline"),
                "target": own.get(segment.pk),
                "year": last_year,
            }
        )
    return rows
