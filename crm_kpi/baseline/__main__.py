"""``python -m crm_kpi.baseline``: take, verify or list frozen baselines."""

from crm_kpi.baseline.cli import main

raise SystemExit(main())
