"""``python -m crm_kpi.demo_data``: write the demo extracts."""

from crm_kpi.demo_data.cli import main

raise SystemExit(main())
