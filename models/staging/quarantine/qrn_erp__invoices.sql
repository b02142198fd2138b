{{ staging_quarantine('base_erp__invoices') }}
