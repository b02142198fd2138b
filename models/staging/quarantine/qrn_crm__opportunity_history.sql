{{ staging_quarantine('base_crm__opportunity_history') }}
