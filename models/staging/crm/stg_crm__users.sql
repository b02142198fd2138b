{{ staging_stg(
    'base_crm__users',
    derived_columns={
        'region_code': region_code_for('staged.country_code', 'staged.state_code'),
        'has_crm_license': "coalesce(staged.license_type is not null and staged.license_type != 'none', false)",
    }
) }}
