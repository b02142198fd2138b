{{ staging_stg('base_crm__events') }}
