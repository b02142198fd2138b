{{ staging_quarantine('base_crm__opportunities') }}
