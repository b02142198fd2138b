"""Generate deterministic, realistically dirty demo extracts for the CRM KPI warehouse.

The generator simulates a mid-sized DACH B2B software vendor over 36 complete months before
the extract month plus the partial extract month. It writes one file per raw table of the
extract contract (``models/staging/*/_*__sources.yml``, read by ``crm_kpi.contract``: the
columns, their order and types come from there) to ``<out>/<system>/<table>.<fmt>``, the
reference seeds to ``seeds/reference/`` and the test oracle ``<out>/planted_effects.json``.

Known effects are planted after each region's CRM go-live (win rate, response speed, CRM
usage, NPS, SLA compliance, sales cycle); the region without a go-live (de_east) is the
control group and stays flat. The extracts are dirty the way real ones are: duplicate
versions of a record, soft deletes, picklists with stray case and whitespace, repeated ERP
rows and a handful of rows that break a row-level rule (listed as ``planted_defects``).

Same ``--seed`` and flags give byte-identical files.

Usage (from the project root)::

    python -m crm_kpi.demo_data                       # checked-in demo seeds
    python -m crm_kpi.demo_data --scale 10 --format parquet --out /tmp/extracts10

Modules, one per domain: ``company`` (master data and planted effects), ``helpers``
(calendar, ids, draws, the shared state ``Ctx``), ``crm_users_accounts`` (users, accounts,
contacts, logins), ``marketing`` (campaigns, leads, members), ``sales`` (opportunities,
history, activities), ``service`` (cases, milestones), ``billing`` (contracts, invoices,
payments, service cost), ``surveys_hr`` (NPS, pulse), ``finance`` (CRM programme cost),
``reference`` (reference seeds), ``dirt`` (versions, deletes, duplicates, defects),
``generator`` (orchestration and oracle), ``writer`` (CSV/Parquet output) and ``cli``.
"""
