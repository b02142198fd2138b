"""Freeze the IST baseline: the KPI components of the baseline windows, before the roll-out.

The numbers are computed by the build (``intermediate.int_kpi_window_sums``, the same
summing and window formula the before/after marts use); this package only exports the
baseline rows of a built warehouse and writes one frozen, reviewable baseline per label::

    <baseline-dir>/<label>/kpi_baseline.csv   one row per (kpi_code, grain, region_code,
                                              rep_id, window_scope_code): the sums of the
                                              baseline window's months and the value
    <baseline-dir>/<label>/manifest.json      label, taken_at, as_of, the data's identity,
                                              roll-out plan, windows, dbt vars, row counts,
                                              SHA-256 of the CSV, fingerprint of the raw
                                              extracts, git commit, force history, own
                                              checksum

What the build was run with (window vars, default label, extract source, data identity)
comes from ``intermediate.int_build_metadata`` of the same warehouse, never from
dbt_project.yml or the environment. Run it as ``python -m crm_kpi.baseline`` from the
project root (docs/before_after.md).
"""

from crm_kpi.baseline.cli import main

__all__ = ["main"]
