"""Vendor work-based-learning compliance (metrics.md section 1).

For each school year Y (1 July Y to 30 June Y+1) in the snapshot: a vendor is obligated when it
holds an active contract that overlaps the year and commits WBL placements or hours; its
commitments are summed over those contracts. Delivered placements are its placements (placed,
active or completed) that started in the year; delivered hours are the hours employers confirmed
on placements of the year. A vendor complies when it delivered at least every commitment it made
(`vendor_rule="all"`, the default) or at least one of them (`"any"`).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from openpathways.analytics.metrics.common import Params, Tables, as_int, count, in_years, rate

DELIVERED_STATUSES = ("placed", "active", "completed")


def _years(tables: Tables, params: Params) -> ir.Table:
    """School years with students or placements (a snapshot of the application database knows
    the grade levels of the current year only; placements of earlier years still count)."""
    sy = in_years(tables["student_years"], params)
    p = in_years(tables["wbl_placements"], params)
    p = p.filter(p.academic_year.notnull())
    return ibis.union(
        sy.select(year=sy.academic_year.cast("int32")),
        p.select(year=p.academic_year.cast("int32")),
        distinct=True,
    )


def _vendor_year(tables: Tables, params: Params, by_district: bool) -> ir.Table:
    c = tables["vendor_contracts"]
    years = _years(tables, params)
    cy = c.cross_join(years)
    start = ibis.date(cy.year.cast("int64"), 7, 1)
    end = ibis.date(cy.year.cast("int64") + 1, 6, 30)
    obligated = cy.filter(
        (cy.status == "active")
        & (cy.start_date <= end)
        & (cy.end_date >= start)
        & ((cy.wbl_placements_committed > 0) | (cy.wbl_hours_committed > 0))
    )
    p = tables["wbl_placements"]
    delivered = p.group_by(d_contract=p.contract_id, d_year=p.academic_year).aggregate(
        placements=count(p.status.isin(list(DELIVERED_STATUSES))),
        hours=p.hours_confirmed.sum(),
    )
    j = obligated.left_join(
        delivered,
        (obligated.contract_id == delivered.d_contract) & (obligated.year == delivered.d_year),
    )
    keys = ["year", "vendor_id", "vendor_name"] + (["district_id"] if by_district else [])
    agg = j.group_by(keys).aggregate(
        contracts=j.contract_id.count().cast("int64"),
        placements_committed=j.wbl_placements_committed.sum().cast("int64"),
        placements_delivered=j.placements.fill_null(0).sum().cast("int64"),
        hours_committed=j.wbl_hours_committed.sum().cast("int64"),
        hours_delivered=j.hours.fill_null(0.0).sum().cast("float64"),
    )
    placements_ok = agg.placements_delivered >= agg.placements_committed
    hours_ok = agg.hours_delivered >= agg.hours_committed
    if params.vendor_rule == "any":
        compliant = ((agg.placements_committed > 0) & placements_ok) | (
            (agg.hours_committed > 0) & hours_ok
        )
    else:
        compliant = placements_ok & hours_ok
    agg = agg.mutate(compliant=as_int(compliant), academic_year=agg.year.cast("int32"))
    if not by_district:
        agg = agg.mutate(district_id=ibis.null().cast("int64"))
    return agg


VENDOR_DETAIL_COLUMNS = (
    "academic_year",
    "district_id",
    "vendor_id",
    "vendor_name",
    "contracts",
    "placements_committed",
    "placements_delivered",
    "hours_committed",
    "hours_delivered",
    "compliant",
)


def vendor_wbl_detail(tables: Tables, params: Params) -> ir.Table:
    """Per school year, district and obligated vendor: commitments, delivery, compliance."""
    return _vendor_year(tables, params, by_district=True).select(*VENDOR_DETAIL_COLUMNS)


def vendor_compliance(tables: Tables, params: Params) -> ir.Table:
    """Per school year and district (and over all districts, where a vendor's contracts with
    every district add up): obligated vendors, compliant vendors, rate."""
    parts = []
    for by_district in (True, False):
        v = _vendor_year(tables, params, by_district)
        parts.append(
            v.group_by("academic_year", "district_id").aggregate(
                vendors=v.count().cast("int64"), compliant=v.compliant.sum().cast("int64")
            )
        )
    t = ibis.union(*parts)
    return t.mutate(rate=rate(t.compliant, t.vendors))
