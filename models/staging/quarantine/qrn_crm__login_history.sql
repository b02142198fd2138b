{{ staging_quarantine('base_crm__login_history') }}
