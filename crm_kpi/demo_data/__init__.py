"""The demo extract generator: ``python -m crm_kpi.demo_data`` (see ``generator``)."""
