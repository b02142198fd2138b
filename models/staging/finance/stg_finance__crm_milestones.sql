{{ staging_stg('base_finance__crm_milestones') }}
