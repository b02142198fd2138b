{{ staging_stg(
    'base_hr__pulse_responses',
    derived_columns={
        'region_code': region_code_for('staged.country_code', 'staged.state_code'),
    }
) }}
