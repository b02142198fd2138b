"""``python -m crm_kpi.report``: write the verdict report."""

from crm_kpi.report.cli import main

raise SystemExit(main())
