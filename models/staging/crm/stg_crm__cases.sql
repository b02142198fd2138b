{{ staging_stg('base_crm__cases') }}
