"""employee_satisfaction family: recompute eNPS from staging; groups below 5 stay hidden."""

from __future__ import annotations

import kpi_family_checks as kpi
import pytest
from conftest import Warehouse

PULSE_BY_REGION = """
select
    region_code,
    sum(case when enps_score >= 9 then 1 when enps_score >= 7 then 0 else -1 end) as points,
    count(*) as n_responses
from staging.stg_hr__pulse_responses
where date_trunc('month', survey_date) = ?
group by region_code
"""


def test_employee_nps_matches_staging_per_region_and_company(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    groups = warehouse.query(PULSE_BY_REGION, [month])
    assert groups
    complements = []
    for region_code, points, n_responses in groups:
        numerator, denominator, value = kpi.fact_row(
            warehouse, "employee_nps", month, "region", region_code
        )
        assert denominator == n_responses, region_code
        if n_responses < 5:
            assert (numerator, value) == (None, None), region_code
        elif numerator is None:
            # hidden as the complement of the month's one small group (docs/anonymity.md)
            assert value is None, region_code
            complements.append(region_code)
        else:
            assert numerator == points, region_code
            assert value == pytest.approx(100.0 * points / n_responses), region_code
    n_small = sum(1 for row in groups if row[2] < 5)
    assert len(complements) == (1 if n_small == 1 else 0), complements
    if complements:
        # the complement is the smallest of the published-size groups
        smallest = min((row[2], row[0]) for row in groups if row[2] >= 5)[1]
        assert complements == [smallest]
    total_points = sum(row[1] for row in groups)
    total_responses = sum(row[2] for row in groups)
    _, denominator, value = kpi.fact_row(warehouse, "employee_nps", month, "company")
    assert denominator == total_responses
    assert value == pytest.approx(100.0 * total_points / total_responses)


def test_small_pulse_groups_are_published_without_score(warehouse: Warehouse) -> None:
    exposed = warehouse.query(
        "select period_month, grain, region_code from marts.fct_kpi_monthly"
        " where kpi_code = 'employee_nps' and denominator < 5"
        " and (numerator is not null or value is not null)"
    )
    assert exposed == []


def test_employee_nps_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "employee_satisfaction") == []
