{{ staging_quarantine('base_crm__case_milestones') }}
