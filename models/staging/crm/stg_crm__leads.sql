{{ staging_stg(
    'base_crm__leads',
    derived_columns={
        'region_code': region_code_for('staged.country_code', 'staged.state_code'),
    }
) }}
