"""``python -m crm_kpi.gate``: validate the raw extracts (the extract gate)."""

from crm_kpi.gate.cli import main

raise SystemExit(main())
