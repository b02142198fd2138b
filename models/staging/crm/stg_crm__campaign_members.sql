{{ staging_stg('base_crm__campaign_members') }}
