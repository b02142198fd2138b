{{ staging_quarantine('base_erp__payments') }}
