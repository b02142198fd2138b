{{ staging_stg('base_crm__case_milestones') }}
