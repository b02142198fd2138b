{{ staging_quarantine('base_crm__campaign_members') }}
