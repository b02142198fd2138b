"""``python -m crm_kpi.build``: build aside and publish atomically (`make build`)."""

from crm_kpi.build.cli import main

raise SystemExit(main())
