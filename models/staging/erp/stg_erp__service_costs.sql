{{ staging_stg('base_erp__service_costs') }}
