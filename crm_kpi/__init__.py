"""crm_kpi: the project's importable Python package (the report first; issue 13 adds more)."""
