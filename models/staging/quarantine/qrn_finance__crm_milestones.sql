{{ staging_quarantine('base_finance__crm_milestones') }}
