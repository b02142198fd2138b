{{ staging_quarantine('base_erp__service_costs') }}
