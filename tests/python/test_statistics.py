"""The before/after statistics against scipy.

- The macros `welch_z` and `normal_p_value`, compiled by the real dbt (`dbt compile --inline`)
  and run in DuckDB on hand-made samples, match `scipy.stats.ttest_ind(equal_var=False)` and
  `scipy.stats.norm.sf`.
- In the built demo warehouse, `marts.fct_kpi_before_after_tests` holds p-values that are the
  normal p of the published z, confidence intervals of ±1.96 standard errors, and
  Benjamini-Hochberg q-values equal to `scipy.stats.false_discovery_control` per family.
"""

from __future__ import annotations

import math
from collections import defaultdict

import duckdb
import numpy as np
import pytest
from conftest import Warehouse, dbt_env, invoke_dbt
from scipy import stats

# hand-made samples (before, after); the last pair has a zero-variance "before" window
SAMPLES: list[tuple[list[float], list[float]]] = [
    ([1, 2, 3, 4, 5], [2, 4, 6, 8, 10, 12]),
    ([0, 1, 0, 0, 1, 1, 0, 1, 0, 0], [1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0]),
    ([12.5, 3.25, 8.0, 7.75], [3.5, 2.0, 4.25, 1.0, 2.5]),
    ([-1, 0, 1, -1, 0, 1, -1, 0, 1], [1, 1, 1, 0, 1, 1, 1, 0, 1, 1]),
    ([5, 5, 5], [4, 6, 8]),
]

Z_VALUES = [0.0, 0.01, 0.5, 1.0, 1.6448536, 1.959964, 2.5, 3.0, 4.5, 6.0, 8.0, 12.0, 20.0, -2.0]


@pytest.fixture(scope="module")
def compile_macro(tmp_path_factory: pytest.TempPathFactory):
    """Compile a SQL snippet with the project's macros through the real dbt."""
    env = dbt_env(tmp_path_factory.mktemp("compile"))

    def _compile(sql: str) -> str:
        result = invoke_dbt(["compile", "--inline", sql, "--quiet"], env)
        assert result.success, f"dbt compile failed: {result.exception}"
        return result.result.results[0].node.compiled_code

    return _compile


def test_welch_z_matches_scipy(compile_macro) -> None:
    sql = compile_macro(
        "select id, {{ welch_z('n1', 's1', 'q1', 'n2', 's2', 'q2', 'scale') }} as z from samples"
    )
    rows = []
    for sample_id, (before, after) in enumerate(SAMPLES):
        b, a = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
        rows.append((sample_id, len(b), b.sum(), (b**2).sum(), len(a), a.sum(), (a**2).sum(), 1.0))
    # the same samples in percent scale: z is scale-free
    rows += [(100 + r[0], *r[1:7], 100.0) for r in rows]
    con = duckdb.connect()
    con.execute(
        "create table samples (id integer, n1 double, s1 double, q1 double,"
        " n2 double, s2 double, q2 double, scale double)"
    )
    con.executemany("insert into samples values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    got = dict(con.execute(sql).fetchall())
    for sample_id, (before, after) in enumerate(SAMPLES):
        expected = stats.ttest_ind(after, before, equal_var=False).statistic
        assert got[sample_id] == pytest.approx(expected, rel=1e-9), sample_id
        assert got[100 + sample_id] == pytest.approx(expected, rel=1e-9), sample_id


def test_welch_z_null_below_two_observations_and_without_variance(compile_macro) -> None:
    sql = compile_macro(
        "select {{ welch_z('n1', 's1', 'q1', 'n2', 's2', 'q2', '1') }} as z from samples"
    )
    con = duckdb.connect()
    con.execute(
        "create table samples (n1 double, s1 double, q1 double, n2 double, s2 double, q2 double)"
    )
    # n = 1 before; then both windows constant (no variance at all)
    con.execute("insert into samples values (1, 3, 9, 5, 10, 30), (3, 6, 12, 3, 9, 27)")
    assert con.execute(sql).fetchall() == [(None,), (None,)]


def test_normal_p_value_matches_scipy(compile_macro) -> None:
    sql = compile_macro("select z, {{ normal_p_value('z') }} as p from zs")
    con = duckdb.connect()
    con.execute("create table zs (z double)")
    con.executemany("insert into zs values (?)", [(z,) for z in Z_VALUES] + [(None,)])
    got = con.execute(sql).fetchall()
    assert (None, None) in got
    for z, p in got:
        if z is None:
            continue
        expected = 2 * stats.norm.sf(abs(z))
        # Numerical Recipes' erfc: fractional error < 1.2e-7, also far out in the tail
        assert p == pytest.approx(expected, rel=2e-7, abs=0), z
        assert 0 <= p <= 1
    assert dict(got)[1.959964] == pytest.approx(0.05, rel=1e-6)


def test_before_after_tests_match_scipy(warehouse: Warehouse) -> None:
    rows = warehouse.query(
        """
        select t.grain, t.kpi_code, t.region_code, t.rep_id, c.welch_z, t.absolute_change,
               t.change_se, t.change_ci_low, t.change_ci_high, t.change_p_value,
               t.is_change_in_family, t.change_q_value, t.is_change_significant_bh,
               t.is_change_significant_raw, c.baseline_n, c.current_n, c.is_significant
        from marts.fct_kpi_before_after_tests as t
        inner join marts.fct_kpi_before_after as c
            on t.baseline_label = c.baseline_label and t.kpi_code = c.kpi_code
            and t.grain = c.grain and t.region_code is not distinct from c.region_code
            and t.rep_id is not distinct from c.rep_id
        where t.baseline_label = 'demo_ist'
        """
    )
    assert rows, "no statistics rows for baseline demo_ist"
    families: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        (
            grain,
            kpi,
            region,
            rep,
            z,
            change,
            se,
            low,
            high,
            p,
            in_family,
            q,
            sig_bh,
            sig_raw,
            n_before,
            n_after,
            is_significant,
        ) = row
        key = f"{kpi}/{grain}/{region}/{rep}"
        if z is not None:
            assert p == pytest.approx(2 * stats.norm.sf(abs(z)), rel=2e-7), key
        if z:
            assert se == pytest.approx(abs(change / z), rel=1e-12), key
            assert low == pytest.approx(change - 1.959963984540054 * se, rel=1e-12), key
            assert high == pytest.approx(change + 1.959963984540054 * se, rel=1e-12), key
            assert (low > 0 or high < 0) == (p < 0.05), key
        assert in_family == (z is not None and n_before >= 30 and n_after >= 30), key
        if in_family:
            families[grain].append((key, p, q, sig_bh, sig_raw))
            # the raw flag agrees with the published |z| >= 1.96 rule (up to the 4th decimal)
            if abs(abs(z) - 1.96) > 1e-4:
                assert sig_raw == is_significant, key
        else:
            assert q is None and not sig_bh and not sig_raw, key
    assert set(families) == {"company", "region", "rep"}
    for grain, members in families.items():
        expected_q = stats.false_discovery_control([m[1] for m in members], method="bh")
        for (key, _p, q, sig_bh, _raw), expected in zip(members, expected_q, strict=True):
            assert q == pytest.approx(expected, rel=1e-9), (grain, key)
            assert sig_bh == (expected < 0.05), (grain, key)
        # correction never adds discoveries
        assert sum(m[3] for m in members) <= sum(m[4] for m in members)


def test_did_statistics_match_scipy(warehouse: Warehouse) -> None:
    rows = warehouse.query(
        """
        select kpi_code, region_code, did_estimate, did_se, did_z, did_ci_low, did_ci_high,
               did_p_value, did_q_value, is_did_in_family, is_did_significant_bh, change_se
        from marts.fct_kpi_before_after_tests
        where baseline_label = 'demo_ist' and grain = 'region'
        """
    )
    family = []
    for kpi, region, did, se, z, low, high, p, q, in_family, sig_bh, change_se in rows:
        if did is None:
            assert se is None and p is None and not in_family, (kpi, region)
            continue
        if se:
            assert se >= change_se, (kpi, region)  # the control pool only adds uncertainty
            assert z == pytest.approx(did / se, rel=1e-12)
            assert p == pytest.approx(2 * stats.norm.sf(abs(z)), rel=2e-7)
            assert low == pytest.approx(did - 1.959963984540054 * se, rel=1e-9, abs=1e-9)
            assert high == pytest.approx(did + 1.959963984540054 * se, rel=1e-9, abs=1e-9)
        if in_family:
            family.append((kpi, region, p, q, sig_bh))
    assert len(family) > 20
    expected_q = stats.false_discovery_control([f[2] for f in family], method="bh")
    for (kpi, region, _p, q, sig_bh), expected in zip(family, expected_q, strict=True):
        assert q == pytest.approx(expected, rel=1e-9), (kpi, region)
        assert sig_bh == (expected < 0.05)


def test_did_standard_error_by_hand(warehouse: Warehouse) -> None:
    """Recompute one DiD standard error from the frozen and current sums of region and pool."""
    region, kpi = "de_south", "win_rate"
    change_se, did_se = warehouse.query(
        "select change_se, did_se from marts.fct_kpi_before_after_tests"
        " where baseline_label = 'demo_ist' and grain = 'region'"
        " and kpi_code = ? and region_code = ?",
        [kpi, region],
    )[0]
    # control pool of de_south: regions not live by its evaluation end (de_east, the only one;
    # the unassigned region is never a control)
    start, end = warehouse.query(
        "select evaluation_start_month, evaluation_end_month from marts.fct_kpi_before_after"
        " where baseline_label = 'demo_ist' and grain = 'region'"
        " and kpi_code = ? and region_code = ?",
        [kpi, region],
    )[0]
    pool = warehouse.query(
        "select region_code from marts.dim_region where not is_unassigned"
        " and (go_live_month is null or go_live_month > ?)",
        [end],
    )
    assert pool == [("de_east",)]
    before = warehouse.query(
        "select sum_denominator, sum_numerator, sum_sum_sq from baseline.kpi_baseline"
        " where baseline_label = 'demo_ist' and kpi_code = ? and grain = 'region'"
        " and region_code = 'de_east' and window_scope_code = ? and is_comparison_window",
        [kpi, region],
    )[0]
    after = warehouse.query(
        "select sum(denominator), sum(numerator), sum(sum_sq) from marts.fct_kpi_monthly"
        " where kpi_code = ? and grain = 'region' and region_code = 'de_east'"
        " and period_month between ? and ?",
        [kpi, start, end],
    )[0]

    def variance(n: float, total: float, total_sq: float) -> float:
        return (total_sq - total * total / n) / (n - 1)

    scale = 100.0
    pool_se = math.sqrt(
        variance(*before) * scale**2 / before[0] + variance(*after) * scale**2 / after[0]
    )
    assert did_se == pytest.approx(math.sqrt(change_se**2 + pool_se**2), rel=1e-9)


def test_roi_next_to_did_comparison(warehouse: Warehouse) -> None:
    roi_rows = warehouse.query(
        "select roi, did_roi, did_regions, did_incremental_margin_eur, incremental_margin_eur,"
        " crm_cost_eur from marts.fct_crm_roi where baseline_label = 'demo_ist'"
    )
    roi, did_roi, did_regions, did_margin, margin, cost = roi_rows[0]
    regions = warehouse.query(
        "select absolute_change, baseline_value, control_change, control_baseline_value,"
        " evaluation_months from marts.fct_kpi_before_after where baseline_label = 'demo_ist'"
        " and kpi_code = 'contribution_margin_eur' and grain = 'region'"
        " and did_estimate is not null"
    )
    assert did_regions == len(regions) == 5
    expected = sum(
        (change - base * control_change / abs(control_base)) * months
        for change, base, control_change, control_base, months in regions
    )
    assert did_margin == pytest.approx(expected, rel=1e-9)
    assert did_roi == pytest.approx((did_margin - cost) / cost, rel=1e-9)
    # the control region grew too: crediting the CRM only beyond it gives a smaller return
    assert did_margin < margin and did_roi < roi
