"""``python -m crm_kpi.demo_data``: write the demo extracts."""

from crm_kpi.demo_data.generator import main

raise SystemExit(main())
