{{ staging_stg(
    'base_crm__accounts',
    derived_columns={
        'region_code': region_code_for('staged.billing_country_code', 'staged.billing_state_code'),
    }
) }}
