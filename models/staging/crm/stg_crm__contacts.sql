{{ staging_stg('base_crm__contacts') }}
